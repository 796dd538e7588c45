import { detach } from '../util/detach.js';

/**
 * Per-client knowledge that rules need but cannot compute from counts: retry streaks on
 * 401/403, "was this client authenticated a moment ago", and "did this client's
 * credentials work right after it was refused". Bounded: each of the four maps (streaks
 * per client × route, last refresh, last authenticated success, pending refusals per
 * client) holds at most `budget` keys in two generations; the older generation is dropped
 * when the young one fills, so a client idle for a whole generation is forgotten (a streak,
 * a recent login or a pending refusal older than that no longer counts: measures err
 * towards "not seen", never towards a finding). A pending entry holds at most
 * MAX_PENDING refusals. Memory stays flat under a million clients.
 */

/** default number of client (and client × route) keys kept per map */
export const DEFAULT_SESSION_BUDGET = 200_000;
/** a 401/403 more than this long after the previous one starts a new streak */
export const STREAK_GAP_MS = 5 * 60_000;
/** the k-th consecutive failure is the first that counts as a retry without a fix */
export const DEFAULT_STREAK_K = 3;
/** a client served 2xx on an auth-protected route counts as authenticated this long */
export const AUTH_MEMORY_MS = 15 * 60_000;
/** refusals per client remembered while waiting to learn whether its credentials worked */
export const MAX_PENDING = 8;
/** a success elsewhere confirms a refusal only if no refresh follows within this time */
export const REFUSAL_GRACE_MS = 30_000;

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

/** a 401/403 waiting for the client's next success to tell whether its credentials worked */
export interface PendingRefusal {
  time: number;
  methodId: number;
  routeId: number;
  status: number;
  /** the client was served on another protected route since, with no refresh yet */
  okElsewhere: boolean;
}

export interface SessionVerdict {
  authenticated: boolean;
  /** this 401/403 is at least the k-th consecutive failure of the client on the route */
  retryStreak: boolean;
  /** this 401/403 is exactly the k-th: a streak becomes a storm here */
  stormStart: boolean;
  /**
   * earlier refusals of this client that this success shows were answered to working
   * credentials (2xx on another protected route, no refresh between); null when none
   */
  confirmed: PendingRefusal[] | null;
  /** earlier refusals of this client that this refresh/login, or this success on their own route, explains */
  explained: PendingRefusal[] | null;
}

export class SessionTracker {
  private readonly streaks: BoundedMap<Streak>;
  private readonly lastRefresh: BoundedMap<number>;
  /**
   * the client's last 2xx: when, on which route, and whether it counted as authenticated
   * then (credential path, identity, or a route known to require auth). A route learned
   * to be protected later (its first 401 comes after) still counts: at the onset of a
   * rotation, the routes that start refusing are the ones the clients were just served on.
   */
  private readonly lastAuthSuccess: BoundedMap<{ time: number; routeId: number; known: boolean }>;
  private readonly pending: BoundedMap<PendingRefusal[]>;
  /** route ids that answered 401/403 at least once: their 2xx answers imply credentials */
  private readonly protectedRoutes = new Set<number>();

  constructor(budget = DEFAULT_SESSION_BUDGET, private readonly k = DEFAULT_STREAK_K) {
    this.streaks = new BoundedMap(budget);
    this.lastRefresh = new BoundedMap(budget);
    this.lastAuthSuccess = new BoundedMap(budget);
    this.pending = new BoundedMap(budget);
  }

  observe(clientKey: string, methodId: number, routeId: number, path: string | null, status: number, time: number, hasUser: boolean): SessionVerdict {
    const authFailure = status === 401 || status === 403;
    const success = status >= 200 && status < 300;
    const authFailure0 = status === 401 || status === 403;
    if (authFailure0) this.protectedRoutes.add(routeId);
    let authenticated = hasUser;
    if (!authenticated) {
      const t = this.lastAuthSuccess.get(clientKey);
      authenticated = t !== undefined && time - t.time >= 0 && time - t.time <= AUTH_MEMORY_MS && (t.known || this.protectedRoutes.has(t.routeId));
    }
    let retryStreak = false;
    let stormStart = false;
    let confirmed: PendingRefusal[] | null = null;
    let explained: PendingRefusal[] | null = null;
    const resolved = this.resolvePending(clientKey, routeId, path, success, success && (hasUser || this.protectedRoutes.has(routeId)), time);
    if (resolved !== null) {
      confirmed = resolved.confirmed;
      explained = resolved.explained;
    }
    if (authFailure) {
      const entry: PendingRefusal = { time, methodId, routeId, status, okElsewhere: false };
      const p = this.pending.get(clientKey);
      if (p === undefined) this.pending.set(clientKey, [entry]);
      else if (p.length < MAX_PENDING) p.push(entry);
      const key = clientKey + '\u0000' + routeId;
      const s = this.streaks.get(key);
      const refreshed = this.lastRefresh.get(clientKey);
      if (s !== undefined && time - s.last <= STREAK_GAP_MS && time >= s.last && !(refreshed !== undefined && refreshed >= s.last)) {
        s.count++;
        s.last = time;
        retryStreak = s.count >= this.k;
        stormStart = s.count === this.k;
      } else {
        this.streaks.set(key, { count: 1, last: time });
      }
    } else if (success) {
      const credentialPath = isCredentialPath(path);
      if (credentialPath) this.lastRefresh.set(clientKey, time);
      this.lastAuthSuccess.set(clientKey, { time, routeId, known: credentialPath || hasUser || this.protectedRoutes.has(routeId) });
      const key = clientKey + '\u0000' + routeId;
      if (this.streaks.get(key) !== undefined) this.streaks.delete(key);
    }
    return { authenticated, retryStreak, stormStart, confirmed, explained };
  }

  /**
   * What this request of the client says about its earlier refusals: a refresh or login
   * explains them all (expired token, wrong password); a success on a refused route
   * explains that refusal (the retry worked); a success on another protected route marks
   * a refusal "ok elsewhere", which becomes a confirmation once REFUSAL_GRACE_MS has passed
   * without a refresh (so a parallel request that was already in flight with the old token,
   * or a refresh a moment later, does not count as working credentials).
   */
  private resolvePending(clientKey: string, routeId: number, path: string | null, success: boolean, protectedSuccess: boolean, time: number): { confirmed: PendingRefusal[] | null; explained: PendingRefusal[] | null } | null {
    const p = this.pending.get(clientKey);
    if (p === undefined) return null;
    let confirmed: PendingRefusal[] | null = null;
    let explained: PendingRefusal[] | null = null;
    if (success && isCredentialPath(path)) {
      explained = p.filter((r) => time >= r.time && time - r.time <= AUTH_MEMORY_MS);
      this.pending.delete(clientKey);
      return { confirmed, explained: explained.length > 0 ? explained : null };
    }
    const rest: PendingRefusal[] = [];
    for (const r of p) {
      const age = time - r.time;
      if (age < 0 || age > AUTH_MEMORY_MS) continue; // out of order or too old: unresolved, forgotten
      if (success && r.routeId === routeId) (explained ??= []).push(r);
      else if (age > REFUSAL_GRACE_MS && (r.okElsewhere || (protectedSuccess && r.routeId !== routeId))) (confirmed ??= []).push(r);
      else {
        if (protectedSuccess && r.routeId !== routeId) r.okElsewhere = true;
        rest.push(r);
      }
    }
    if (rest.length === 0) this.pending.delete(clientKey);
    else if (rest.length !== p.length) this.pending.set(clientKey, rest);
    return { confirmed, explained };
  }
}
