import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TemplateScan } from '../../src/enrich/routes.js';
import { hash32 } from '../../src/cube/attribution.js';
import {
  AUTH_MEMORY_MS,
  clientKey1,
  clientKey2,
  DEFAULT_STREAK_K,
  GenTable,
  hash32b,
  hash32Pair,
  isCredentialPath,
  MAX_PENDING,
  REFUSAL_GRACE_MS,
  SessionTracker,
  STREAK_GAP_MS,
} from '../../src/enrich/session.js';

/** a small deterministic PRNG (mulberry32) so failures replay */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The Map-based tracker the typed tables replaced, kept as the reference model: the typed
 * one must give the same verdict for every request, eviction included.
 */
class ReferenceMap<V> {
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
    if (this.young.has(k)) {
      this.young.set(k, v);
      return;
    }
    if (this.young.size >= this.budget / 2) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(k, v);
  }
  delete(k: string): void {
    this.young.delete(k);
    this.old.delete(k);
  }
}

interface Refusal { time: number; methodId: number; routeId: number; status: number; okElsewhere: boolean }

class ReferenceTracker {
  private readonly streaks: ReferenceMap<{ count: number; last: number }>;
  private readonly lastRefresh: ReferenceMap<number>;
  private readonly lastAuthSuccess: ReferenceMap<{ time: number; routeId: number; known: boolean }>;
  private readonly pending: ReferenceMap<Refusal[]>;
  private readonly protectedRoutes = new Set<number>();
  constructor(budget: number, private readonly k = DEFAULT_STREAK_K) {
    this.streaks = new ReferenceMap(budget);
    this.lastRefresh = new ReferenceMap(budget);
    this.lastAuthSuccess = new ReferenceMap(budget);
    this.pending = new ReferenceMap(budget);
  }
  observe(clientKey: string, methodId: number, routeId: number, path: string | null, status: number, time: number, hasUser: boolean) {
    const authFailure = status === 401 || status === 403;
    const success = status >= 200 && status < 300;
    if (authFailure) this.protectedRoutes.add(routeId);
    let authenticated = hasUser;
    if (!authenticated) {
      const t = this.lastAuthSuccess.get(clientKey);
      authenticated = t !== undefined && time - t.time >= 0 && time - t.time <= AUTH_MEMORY_MS && (t.known || this.protectedRoutes.has(t.routeId));
    }
    let retryStreak = false;
    let stormStart = false;
    const { confirmed, explained } = this.resolvePending(clientKey, routeId, path, success, success && (hasUser || this.protectedRoutes.has(routeId)), time);
    if (authFailure) {
      const entry: Refusal = { time, methodId, routeId, status, okElsewhere: false };
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
  private resolvePending(clientKey: string, routeId: number, path: string | null, success: boolean, protectedSuccess: boolean, time: number) {
    const confirmed: Refusal[] = [];
    const explained: Refusal[] = [];
    const p = this.pending.get(clientKey);
    if (p === undefined) return { confirmed, explained };
    if (success && isCredentialPath(path)) {
      explained.push(...p.filter((r) => time >= r.time && time - r.time <= AUTH_MEMORY_MS));
      this.pending.delete(clientKey);
      return { confirmed, explained };
    }
    const rest: Refusal[] = [];
    for (const r of p) {
      const age = time - r.time;
      if (age < 0 || age > AUTH_MEMORY_MS) continue;
      if (success && r.routeId === routeId) explained.push(r);
      else if (age > REFUSAL_GRACE_MS && (r.okElsewhere || (protectedSuccess && r.routeId !== routeId))) confirmed.push(r);
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

const key = (c: string): [number, number] => [clientKey1(c, hash32(c), 0), clientKey2(c, hash32b(c), 0)];
const T0 = Date.UTC(2026, 10, 16);
const PATHS = ['/api/orders', '/api/users/7', '/login', '/oauth/token', '/admin', '/', null];

describe('SessionTracker on typed tables', () => {
  for (const [budget, clients, seed] of [[8, 30, 1], [40, 30, 2], [200_000, 40, 3], [3, 5, 4], [25, 200, 5]] as const) {
    it(`gives the Map-based tracker's verdict on every request (budget ${budget}, ${clients} clients)`, () => {
      const random = rng(seed);
      const ref = new ReferenceTracker(budget);
      const typed = new SessionTracker(budget);
      let time = T0;
      let resolved = 0;
      let streaks = 0;
      let mismatch: unknown = null;
      let client = '';
      let routeId = 0;
      for (let i = 0; i < 60_000 && mismatch === null; i++) {
        const x = random();
        // mostly forward in steps of up to 20 s; sometimes a long gap, sometimes back in time
        time += x < 0.02 ? 20 * 60_000 : x < 0.04 ? -Math.floor(random() * 600_000) : Math.floor(random() * 20_000);
        // half the requests repeat the previous client and route, so streaks and retries happen
        if (random() < 0.5) {
          client = `10.0.0.${Math.floor(random() * clients)}`;
          routeId = Math.floor(random() * PATHS.length);
        }
        const s = random();
        const status = s < 0.35 ? 200 : s < 0.55 ? 401 : s < 0.65 ? 403 : s < 0.7 ? 204 : s < 0.85 ? 404 : 500;
        const methodId = Math.floor(random() * 3);
        const hasUser = random() < 0.1;
        const want = ref.observe(client, methodId, routeId, PATHS[routeId]!, status, time, hasUser);
        const [k1, k2] = key(client);
        const got = typed.observe(k1, k2, methodId, routeId, isCredentialPath(PATHS[routeId]!), status, time, hasUser);
        const refusals = (kind: number) => {
          const out: string[] = [];
          for (let j = 0; j < got.refusals; j++) if (got.confirmed[j] === kind) out.push(`${got.time[j]} ${got.methodId[j]} ${got.routeId[j]} ${got.status[j]}`);
          return out;
        };
        const show = (rs: Refusal[]) => rs.map((r) => `${r.time} ${r.methodId} ${r.routeId} ${r.status}`);
        const line = { i, authenticated: got.authenticated, retryStreak: got.retryStreak, stormStart: got.stormStart, confirmed: refusals(1), explained: refusals(0) };
        const wanted = { i, authenticated: want.authenticated, retryStreak: want.retryStreak, stormStart: want.stormStart, confirmed: show(want.confirmed), explained: show(want.explained) };
        if (JSON.stringify(line) !== JSON.stringify(wanted)) mismatch = { got: line, wanted };
        resolved += got.refusals;
        if (got.retryStreak) streaks++;
      }
      expect(mismatch).toBe(null);
      // the stream exercised what it compares
      expect(resolved).toBeGreaterThan(100);
      expect(streaks).toBeGreaterThan(100);
    });
  }

  it('returns one reused verdict object', () => {
    const t = new SessionTracker();
    const [k1, k2] = key('10.0.0.1');
    expect(t.observe(k1, k2, 0, 0, false, 401, T0, false)).toBe(t.observe(k1, k2, 0, 0, false, 200, T0 + 1, false));
  });
});

describe('GenTable', () => {
  it('keeps, moves and forgets keys exactly as two Map generations do', () => {
    const random = rng(7);
    const mismatches: string[] = [];
    for (const budget of [1, 2, 5, 64, 1000]) {
      const ref = new ReferenceMap<number>(budget);
      const t = new GenTable(budget, 4);
      for (let i = 0; i < 50_000; i++) {
        const k = Math.floor(random() * budget * 3);
        const [k1, k2] = key(`k${k}`);
        const op = random();
        let at = t.find(k1, k2);
        const want = ref.get(`k${k}`);
        const got = at === -1 ? undefined : t.f64[(at >> 1) + 1];
        if (got !== want) mismatches.push(`budget ${budget}, op ${i}: ${got} instead of ${want}`);
        if (op < 0.6) {
          if (at === -1) at = t.insert(k1, k2);
          t.f64[(at >> 1) + 1] = i;
          ref.set(`k${k}`, i);
        } else if (op < 0.8 && at !== -1) {
          t.remove(at);
          ref.delete(`k${k}`);
        }
        if (t.size > Math.max(1, Math.ceil(budget / 2)) * 2) mismatches.push(`budget ${budget}, op ${i}: ${t.size} keys`);
      }
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
  });

  it('tells its dropped generation slot by slot', () => {
    const dropped: number[] = [];
    const t = new GenTable(4, 4, (w, at) => dropped.push(w[at + 2]!));
    for (let i = 0; i < 7; i++) {
      const [k1, k2] = key(`c${i}`);
      const at = t.insert(k1, k2);
      t.i32[at + 2] = i;
    }
    // generations of two keys: {0, 1} is dropped when 4 arrives, {2, 3} when 6 does
    expect(dropped.sort()).toEqual([0, 1, 2, 3]);
  });
});

describe('client keys', () => {
  it('a million IPv4 clients get a million distinct key pairs', () => {
    const keys = new BigInt64Array(1_000_000);
    let sameFirst = 0;
    const firsts = new Int32Array(1_000_000);
    for (let i = 0; i < keys.length; i++) {
      const ip = `${10 + (i >>> 16)}.${(i >>> 8) & 255}.${i & 255}.${(i * 7) & 255}`;
      const [k1, k2] = key(ip);
      firsts[i] = k1;
      keys[i] = (BigInt(k1) << 32n) | BigInt(k2 >>> 0);
    }
    keys.sort();
    let same = 0;
    for (let i = 1; i < keys.length; i++) if (keys[i] === keys[i - 1]) same++;
    expect(same).toBe(0);
    firsts.sort();
    for (let i = 1; i < firsts.length; i++) if (firsts[i] === firsts[i - 1]) sameFirst++;
    // one 32-bit hash alone collides (≈ n²/2³³ ≈ 116 pairs); the pair does not
    expect(sameFirst).toBeGreaterThan(20);
  });

  it('stand for the old string keys: no client is client "-", a family makes another key', () => {
    expect([clientKey1(null, 0, 12345), clientKey2(null, 0, 12345)]).toEqual([clientKey1('-', hash32('-'), 0), clientKey2('-', hash32b('-'), 0)]);
    const ip = '192.0.2.1';
    const plain = [clientKey1(ip, hash32(ip), 0), clientKey2(ip, hash32b(ip), 0)];
    const chrome = [clientKey1(ip, hash32(ip), hash32('Chrome 131')), clientKey2(ip, hash32b(ip), hash32('Chrome 131'))];
    expect(chrome).not.toEqual(plain);
    expect(plain[1]! & 1).toBe(1);
    expect(hash32b(ip)).not.toBe(hash32(ip) | 0);
  });
});

describe('isCredentialPath', () => {
  it.each([
    ['/auth', true],
    ['/oauth/token', true],
    ['/api/v1/OAuth2/authorize', true],
    ['/Login', true],
    ['/users/sign-in', true],
    ['/x/session/new', true],
    ['/tokens', true],
    ['/v2/refresh_token', true],
    ['token', false],
    ['/aut', false],
    ['/x/aut', false],
    ['/x/mytoken', false],
    ['/a/b/', false],
    ['', false],
    [null, false],
  ])('%j → %s: a credential word at the start of a segment, ignoring ASCII case', (path, expected) => {
    expect(isCredentialPath(path)).toBe(expected);
  });

  it('answers for a heuristic template as for each of its paths whose :id segments start with no word letter (the builder judges routes once)', () => {
    const piece = fc.oneof(
      fc.constantFrom('/', '/', '-', '.', '_', 'x', 'Users', 'auth', 'AUTH', 'oauth', 'token', 'Login', 'signin', 'sign-in', 'session', 'REFRESH', 'aut', 'ref', '/42', '/2024'),
      fc.stringMatching(/^[0-9a-fA-F]{10,14}$/),
      fc.stringMatching(/^[0-9a-f]{6}[a-f]$/),
      fc.stringMatching(/^\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      fc.stringMatching(/^\/[A-Za-z0-9]{20,24}$/),
    );
    const scan = new TemplateScan();
    let judged = 0;
    let withId = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        const path = '/' + pieces.join('');
        scan.scan(path);
        if (scan.idMayHideCredentialWord) return;
        const template = scan.text();
        judged++;
        if (template.includes(':id')) withId++;
        expect(isCredentialPath(template)).toBe(isCredentialPath(path));
      }),
      { numRuns: 4000 },
    );
    // the property was checked on many paths, with and without :id
    expect(judged).toBeGreaterThan(1000);
    expect(withId).toBeGreaterThan(300);
  });
});

describe('hash32Pair', () => {
  it('gives hash32 and hash32b of a string in one pass, exactly', () => {
    const second = new Int32Array(1);
    const strings = ['', '-', '203.0.113.7', '2001:db8::1', 'ü', 'x'.repeat(300), 'Mozilla/5.0 (X11; Linux x86_64)', '\u{1F600}'];
    for (let i = 0; i < 5000; i++) strings.push(`10.${i % 256}.${(i * 7) % 256}.${(i * 13) % 256}`);
    for (const s of strings) {
      expect(hash32Pair(s, second)).toBe(hash32(s));
      expect(second[0]).toBe(hash32b(s));
    }
  });
});
