import { detach } from '../util/detach.js';

/**
 * Per-client knowledge that rules need but cannot compute from counts: retry streaks on
 * 401/403 and "was this client authenticated a moment ago". Bounded: each map holds at
 * most `budget` keys in two generations; the older generation is dropped when the young
 * one fills, so a client idle for a whole generation is forgotten (a streak or a recent
 * login older than that no longer counts). Memory stays flat under a million clients.
 */

/** default number of client (and client × route) keys kept per map */
export const DEFAULT_SESSION_BUDGET = 200_000;
/** a 401/403 more than this long after the previous one starts a new streak */
export const STREAK_GAP_MS = 5 * 60_000;
/** the k-th consecutive failure is the first that counts as a retry without a fix */
export const DEFAULT_STREAK_K = 3;
/** a client served 2xx on an auth-protected route counts as authenticated this long */
export const AUTH_MEMORY_MS = 15 * 60_000;

export class BoundedMap<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  constructor(private readonly budget: number) {}

  get(k: string): V | undefined {
    const v = this.young.get(k);
    if (v !== undefined) return v;
    const o = this.old.get(k);
    if (o !== undefined) {
      this.old.delete(k);
      this.set(k, o);
    }
    return o;
  }

  set(k: string, v: V): void {
    // most sets update a key the young generation holds: one lookup (set) instead of two
    // (has + set); only a new key pays for the generation check and the re-insert
    const n = this.young.size;
    this.young.set(k, v);
    if (this.young.size === n) return;
    this.young.delete(k);
    if (n >= this.budget / 2) {
      this.old = this.young;
      this.young = new Map();
    }
    // a new key is kept for a generation: detach it from the log chunk it was cut from
    this.young.set(detach(k), v);
  }

  delete(k: string): void {
    this.young.delete(k);
    this.old.delete(k);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}

interface Streak {
  count: number;
  last: number;
}

/** paths that obtain or refresh credentials: a 2xx here is a refresh */
export function isCredentialPath(path: string | null): boolean {
  if (path === null) return false;
  // runs on every 2xx line: one pass over the char codes, comparing (ASCII case-insensitive)
  // only after a "/", instead of a toLowerCase copy and eight includes() (≈3% of CPU)
  for (let i = 0; i < path.length - 4; i++) {
    if (path.charCodeAt(i) !== 47 /* / */) continue;
    const c = path.charCodeAt(i + 1) | 0x20;
    const at = i + 1;
    if (c === 116 /* t */ ? wordAt(path, at, 'token')
      : c === 111 /* o */ ? wordAt(path, at, 'oauth')
      : c === 108 /* l */ ? wordAt(path, at, 'login')
      : c === 115 /* s */ ? wordAt(path, at, 'signin') || wordAt(path, at, 'sign-in') || wordAt(path, at, 'session')
      : c === 114 /* r */ ? wordAt(path, at, 'refresh')
      : c === 97 /* a */ ? wordAt(path, at, 'auth')
      : false) return true;
  }
  return false;
}

/** `word` (lower-case ASCII) at `at` in `s`, ignoring ASCII case */
function wordAt(s: string, at: number, word: string): boolean {
  if (at + word.length > s.length) return false;
  for (let j = 0; j < word.length; j++) {
    const c = s.charCodeAt(at + j);
    const w = word.charCodeAt(j);
    if (c !== w && !(c >= 65 && c <= 90 && (c | 0x20) === w)) return false;
  }
  return true;
}

export interface SessionVerdict {
  authenticated: boolean;
  /** this 401/403 is at least the k-th consecutive failure of the client on the route */
  retryStreak: boolean;
}

export class SessionTracker {
  private readonly streaks: BoundedMap<Streak>;
  private readonly lastRefresh: BoundedMap<number>;
  private readonly lastAuthSuccess: BoundedMap<number>;
  /** route ids that answered 401/403 at least once: their 2xx answers imply credentials */
  private readonly protectedRoutes = new Set<number>();

  constructor(budget = DEFAULT_SESSION_BUDGET, private readonly k = DEFAULT_STREAK_K) {
    this.streaks = new BoundedMap(budget);
    this.lastRefresh = new BoundedMap(budget);
    this.lastAuthSuccess = new BoundedMap(budget);
  }

  observe(clientKey: string, routeId: number, path: string | null, status: number, time: number, hasUser: boolean): SessionVerdict {
    const authFailure = status === 401 || status === 403;
    const success = status >= 200 && status < 300;
    let authenticated = hasUser;
    if (!authenticated) {
      const t = this.lastAuthSuccess.get(clientKey);
      authenticated = t !== undefined && time - t >= 0 && time - t <= AUTH_MEMORY_MS;
    }
    let retryStreak = false;
    if (authFailure) {
      this.protectedRoutes.add(routeId);
      const key = clientKey + '\u0000' + routeId;
      const s = this.streaks.get(key);
      const refreshed = this.lastRefresh.get(clientKey);
      if (s !== undefined && time - s.last <= STREAK_GAP_MS && time >= s.last && !(refreshed !== undefined && refreshed >= s.last)) {
        s.count++;
        s.last = time;
        retryStreak = s.count >= this.k;
      } else {
        this.streaks.set(key, { count: 1, last: time });
      }
    } else if (success) {
      if (isCredentialPath(path)) {
        this.lastRefresh.set(clientKey, time);
        this.lastAuthSuccess.set(clientKey, time);
      } else if (hasUser || this.protectedRoutes.has(routeId)) {
        this.lastAuthSuccess.set(clientKey, time);
      }
      const key = clientKey + '\u0000' + routeId;
      if (this.streaks.get(key) !== undefined) this.streaks.delete(key);
    }
    return { authenticated, retryStreak };
  }
}
