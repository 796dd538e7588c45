import { finishHash32, hash32 } from '../cube/attribution.js';
import { FNV_OFFSET, FNV_PRIME } from '../util/fnv.js';

/**
 * Per-client knowledge that rules need but cannot compute from counts: retry streaks on
 * 401/403, "was this client authenticated a moment ago", and "did this client's
 * credentials work right after it was refused". Bounded: each of the four tables (streaks
 * per client × route, last refresh, last authenticated success, pending refusals per
 * client) holds at most `budget` keys in two generations; the older generation is dropped
 * when the young one fills, so a client idle for a whole generation is forgotten (a streak,
 * a recent login or a pending refusal older than that no longer counts). Forgetting mostly
 * errs towards "not seen", but the tables forget independently: a client whose refresh was
 * dropped while its streak was kept continues the streak (it takes more than 100,000 new
 * clients within STREAK_GAP_MS). A pending entry holds at most MAX_PENDING refusals.
 * Memory stays flat under a million clients.
 *
 * The state lives in typed arrays, not Maps of strings (which cost ≈2 µs of the ≈5.8 µs
 * per line of a 3M-line run: two-generation Map lookups, a `client + route` string per
 * 401/403/2xx, a verdict object per line, detached key copies). A client is a pair of
 * 32-bit hashes (see clientKey1/clientKey2); the tables are open-addressing GenTables that
 * keep the two generations of the Map-based tracker exactly (test/enrich/session.test.ts
 * replays it as a reference). Sizes, for the default budget of 200,000 keys
 * (100,000 per generation, 262,144 slots per generation at most, load ≤ 0.38):
 *   streaks        24 B a slot: 6 MiB a generation
 *   last refresh   16 B a slot: 4 MiB
 *   last success   24 B a slot: 6 MiB
 *   pending        16 B a slot: 4 MiB
 * that is at most 40 MiB for both generations of all four, plus the refusal pool: 24 B a
 * refusal, doubling as needed; at most MAX_PENDING refusals per pending key, so at most
 * 2^21 records (48 MiB) in the worst case of 200,000 clients holding eight refusals each,
 * a few hundred KiB in practice. A young generation starts at 1,024 slots and doubles as
 * it fills, so a small log pays for what it holds, not for the cap.
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

/**
 * A second 32-bit string hash, independent of hash32 (other multiplier, a rotation, another
 * finaliser): with hash32 it makes the 64-bit keys of the session tables.
 */
export function hash32b(s: string): number {
  let h = HASH32B_SEED;
  for (let i = 0; i < s.length; i++) h = stepHash32b(h, s.charCodeAt(i));
  return finishHash32b(h);
}

const HASH32B_SEED = 0x9747b28c;

function stepHash32b(h: number, c: number): number {
  h = Math.imul(h + c, 0x85ebca77);
  return (h << 13) | (h >>> 19);
}

function finishHash32b(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * hash32(s), with hash32b(s) left in `second[0]`: both in one pass over the characters.
 * Every log line hashes its client both ways (attribution and session key), and two passes
 * cost 98-107 ns a client against 50-64 ns for one (the bench log's clients).
 */
export function hash32Pair(s: string, second: Int32Array): number {
  let h = FNV_OFFSET;
  let g = HASH32B_SEED;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h = Math.imul(h ^ c, FNV_PRIME);
    g = stepHash32b(g, c);
  }
  second[0] = finishHash32b(g);
  return finishHash32(h);
}

/** odd multiplier (a bijection on 32 bits) that spreads small ids over the hash bits */
const MIX = 0x9e3779b1 | 0;

/**
 * A client's session key is the pair (clientKey1, clientKey2); it stands for the string key
 * `client + ' ' + agentFamily` (`client` without a family, `-` without a client) that the
 * Map-based tracker used. They take the client's hash32 and hash32b, which the builder
 * computes once per line (hash32Pair) for them and for attribution; the family enters
 * through its cached hash32 tag (0 for no family). Two clients collide only if both
 * independent hashes do: ≈2^-63 per pair (the second is forced odd, as 0 marks an empty
 * slot), i.e. about 10^-7 for a million clients at once; one client's requests under two
 * agent families collide only if the two family names share a hash32 (≈2^-32 per pair of
 * families). Accepted: a false match merges two clients' sessions, it does not break
 * anything.
 */
export function clientKey1(client: string | null, clientHash: number, familyTag: number): number {
  return client === null ? NULL_CLIENT_KEY1 : (clientHash ^ familyTag) | 0;
}

/** `clientHashB` is hash32b(client) (see hash32Pair) */
export function clientKey2(client: string | null, clientHashB: number, familyTag: number): number {
  return client === null ? NULL_CLIENT_KEY2 : (clientHashB ^ Math.imul(familyTag, MIX)) | 1;
}

/** the first key word of a client × route streak (the route mixed in: one client's routes never collide) */
function streakKey(k1: number, routeId: number): number {
  return k1 ^ Math.imul(routeId, MIX);
}

/** requests without a client share the key of client `-` (as the string keys did) */
const NULL_CLIENT_KEY1 = hash32('-') | 0;
const NULL_CLIENT_KEY2 = hash32b('-') | 1;

/** the smallest power of two ≥ n */
function pow2AtLeast(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** slots a young generation starts with (it doubles while it fills, up to its cap) */
const INITIAL_SLOTS = 1 << 10;

/**
 * Open-addressing table of 64-bit keys (k1, k2) with `stride` 32-bit words a slot (key in
 * words 0–1, values after; `f64` views the same bytes, so a slot's words 2–3 are f64 index
 * slot * stride / 2 + 1 when stride is even). Linear probing from k1's low bits; k2 = 0
 * marks an empty slot (keys have odd k2); deletion shifts later entries back, so there
 * are no tombstones.
 *
 * Two generations, exactly as the Map-based table before it: a new key goes to the
 * young generation; when the young one already holds budget/2 keys, it becomes the old
 * one and the previous old one is dropped (`onDrop` sees each of its slots first). A key
 * found in the old generation moves to the young one (which may rotate first). So a key
 * untouched for a whole generation of new keys is forgotten, and at most `budget` keys
 * (ceil(budget/2) per generation) are held, in at most 2 × pow2AtLeast(2 × ceil(budget/2))
 * slots.
 *
 * Slot offsets returned by find/insert are valid until the next insert or remove.
 */
export class GenTable {
  /** the young generation's words; `f64` views the same buffer */
  i32: Int32Array;
  f64: Float64Array;
  private mask: number;
  private youngKeys = 0;
  private old: Int32Array = new Int32Array(0);
  private oldMask = 0;
  private oldKeys = 0;
  private readonly half: number;
  /** a slot on its way from the old generation to the young one */
  private readonly moving: Int32Array;

  constructor(
    budget: number,
    private readonly stride: number,
    private readonly onDrop: ((words: Int32Array, at: number) => void) | null = null,
  ) {
    this.half = budget / 2;
    const slots = Math.min(INITIAL_SLOTS, pow2AtLeast(2 * Math.max(1, Math.ceil(this.half))));
    this.i32 = new Int32Array(slots * stride);
    this.f64 = new Float64Array(this.i32.buffer, 0, (slots * stride) >> 1);
    this.mask = slots - 1;
    this.moving = new Int32Array(stride);
  }

  /** keys held in both generations */
  get size(): number {
    return this.youngKeys + this.oldKeys;
  }

  /** slot bytes allocated (both generations) */
  get byteLength(): number {
    return this.i32.byteLength + this.old.byteLength;
  }

  /** the word offset of the key's young slot (moving it out of the old generation), or -1 */
  find(k1: number, k2: number): number {
    const a = this.i32;
    const s = this.stride;
    const m = this.mask;
    for (let i = k1 & m; ; i = (i + 1) & m) {
      const at = i * s;
      const w = a[at + 1]!;
      if (w === k2 && a[at] === k1) return at;
      if (w === 0) break;
    }
    if (this.oldKeys === 0) return -1;
    const o = this.old;
    const om = this.oldMask;
    for (let i = k1 & om; ; i = (i + 1) & om) {
      const at = i * s;
      const w = o[at + 1]!;
      if (w === 0) return -1;
      if (w === k2 && o[at] === k1) return this.promote(at);
    }
  }

  /** a zeroed young slot for a key that find() just did not find; returns its word offset */
  insert(k1: number, k2: number): number {
    if (this.youngKeys >= this.half) this.rotate();
    // load ≤ 1/2; a young generation never holds more than ceil(budget/2) keys, so this stops at the cap
    else if (2 * (this.youngKeys + 1) > this.mask + 1) this.grow();
    const a = this.i32;
    const s = this.stride;
    const m = this.mask;
    let i = k1 & m;
    while (a[i * s + 1] !== 0) i = (i + 1) & m;
    const at = i * s;
    a[at] = k1;
    a[at + 1] = k2;
    for (let j = 2; j < s; j++) a[at + j] = 0;
    this.youngKeys++;
    return at;
  }

  /** deletes the young slot at `at` (an offset find or insert returned) */
  remove(at: number): void {
    deleteAt(this.i32, this.mask, this.stride, at);
    this.youngKeys--;
  }

  private promote(at: number): number {
    const s = this.stride;
    const mv = this.moving;
    for (let j = 0; j < s; j++) mv[j] = this.old[at + j]!;
    deleteAt(this.old, this.oldMask, s, at);
    this.oldKeys--;
    const y = this.insert(mv[0]!, mv[1]!);
    for (let j = 2; j < s; j++) this.i32[y + j] = mv[j]!;
    return y;
  }

  private rotate(): void {
    const s = this.stride;
    const dropped = this.old;
    if (this.onDrop !== null && this.oldKeys > 0) {
      for (let at = 0; at < dropped.length; at += s) if (dropped[at + 1] !== 0) this.onDrop(dropped, at);
    }
    this.old = this.i32;
    this.oldMask = this.mask;
    this.oldKeys = this.youngKeys;
    // the dropped generation's buffer becomes the young one when it has the same size
    const young = dropped.length === this.i32.length ? dropped.fill(0) : new Int32Array(this.i32.length);
    this.i32 = young;
    this.f64 = new Float64Array(young.buffer, 0, young.length >> 1);
    this.youngKeys = 0;
  }

  private grow(): void {
    const a = this.i32;
    const s = this.stride;
    const slots = 2 * (this.mask + 1);
    const b = new Int32Array(slots * s);
    const m = slots - 1;
    for (let at = 0; at < a.length; at += s) {
      if (a[at + 1] === 0) continue;
      let i = a[at]! & m;
      while (b[i * s + 1] !== 0) i = (i + 1) & m;
      for (let j = 0; j < s; j++) b[i * s + j] = a[at + j]!;
    }
    this.i32 = b;
    this.f64 = new Float64Array(b.buffer, 0, b.length >> 1);
    this.mask = m;
  }
}

/** linear-probing deletion: moves later entries of the probe run back into the hole */
function deleteAt(a: Int32Array, m: number, s: number, at: number): void {
  let hole = at / s;
  for (let j = (hole + 1) & m; ; j = (j + 1) & m) {
    const bj = j * s;
    if (a[bj + 1] === 0) break;
    const home = a[bj]! & m;
    // an entry whose home lies cyclically in (hole, j] cannot move before it
    if (hole <= j ? home > hole && home <= j : home > hole || home <= j) continue;
    a.copyWithin(hole * s, bj, bj + s);
    hole = j;
  }
  a[hole * s + 1] = 0;
}

/** the first letters of isCredentialPath's words (lower case) */
export const CREDENTIAL_WORD_STARTS = 'tolsra';

/** paths that obtain or refresh credentials: a 2xx here is a refresh */
export function isCredentialPath(path: string | null): boolean {
  if (path === null) return false;
  // runs on every 2xx line: jumps from "/" to "/" with indexOf (a builtin, cheaper than a
  // loop over every char code here) and compares (ASCII case-insensitive) only after one,
  // instead of a toLowerCase copy and eight includes() (≈3% of CPU)
  const last = path.length - 5;
  for (let i = path.indexOf('/'); i !== -1 && i <= last; i = path.indexOf('/', i + 1)) {
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

/** word layout of the tables' slots (after the key in words 0–1); F_ offsets index `f64` from at >> 1 */
const F_TIME = 1; // words 2–3 of streak, refresh, success slots: the time (streak: of the last failure)
const W_STREAK_COUNT = 4;
const STREAK_STRIDE = 6;
const REFRESH_STRIDE = 4;
const W_SUCCESS_ROUTE = 4; // route id, with KNOWN set when the success counted as authenticated then
const KNOWN = 1 << 31;
const SUCCESS_STRIDE = 6;
const W_PENDING_HEAD = 2; // first refusal in the pool
const W_PENDING_COUNT = 3;
const PENDING_STRIDE = 4;

/** bits of SessionTracker's filter of refused clients (64 KiB) */
const REFUSED_FILTER_BITS = 1 << 19;

/** the filter word that holds client key k1's bit (bit k1 & 31 of it) */
function refusedWord(k1: number): number {
  return (k1 & (REFUSED_FILTER_BITS - 1)) >>> 5;
}

/** refusal records of the pool: time (f64 words 0–1), method, route, status | OK_ELSEWHERE, next record (-1: none) */
const R_STRIDE = 6;
const R_METHOD = 2;
const R_ROUTE = 3;
const R_STATUS = 4;
const R_NEXT = 5;
/** the client was served on another protected route since, with no refresh yet */
const OK_ELSEWHERE = 1 << 16;

/**
 * Pending refusals, in linked lists of fixed records (a free list, no objects): a pending
 * key holds the head of its list and its length. Grows by doubling; it never holds more
 * than MAX_PENDING records for each key of the pending table.
 */
class RefusalPool {
  i32 = new Int32Array(256 * R_STRIDE);
  f64 = new Float64Array(this.i32.buffer);
  private free = -1;
  private used = 0;

  alloc(time: number, methodId: number, routeId: number, status: number): number {
    let r = this.free;
    if (r !== -1) this.free = this.i32[r * R_STRIDE + R_NEXT]!;
    else {
      if (this.used * R_STRIDE === this.i32.length) {
        const bigger = new Int32Array(this.i32.length * 2);
        bigger.set(this.i32);
        this.i32 = bigger;
        this.f64 = new Float64Array(bigger.buffer);
      }
      r = this.used++;
    }
    const at = r * R_STRIDE;
    this.f64[at >> 1] = time;
    this.i32[at + R_METHOD] = methodId;
    this.i32[at + R_ROUTE] = routeId;
    this.i32[at + R_STATUS] = status;
    this.i32[at + R_NEXT] = -1;
    return r;
  }

  release(r: number): void {
    this.i32[r * R_STRIDE + R_NEXT] = this.free;
    this.free = r;
  }

  /** releases a whole list */
  releaseList(head: number): void {
    for (let r = head; r !== -1; ) {
      const next = this.i32[r * R_STRIDE + R_NEXT]!;
      this.release(r);
      r = next;
    }
  }
}

/**
 * What one request tells the rules. `observe` returns the same object every time (no
 * allocation per line): read it before the next call, never keep it.
 */
export class SessionVerdict {
  authenticated = false;
  /** this 401/403 is at least the k-th consecutive failure of the client on the route */
  retryStreak = false;
  /** this 401/403 is exactly the k-th: a streak becomes a storm here */
  stormStart = false;
  /**
   * Earlier refusals of this client that this request resolved, in the first `refusals`
   * entries of the arrays below: `confirmed[i]` 1 when this success shows the refusal was
   * answered to working credentials (2xx on another protected route, no refresh between),
   * 0 when this refresh/login, or this success on the refusal's own route, explains it.
   */
  refusals = 0;
  readonly time = new Float64Array(MAX_PENDING);
  readonly methodId = new Int32Array(MAX_PENDING);
  readonly routeId = new Int32Array(MAX_PENDING);
  readonly status = new Int32Array(MAX_PENDING);
  readonly confirmed = new Uint8Array(MAX_PENDING);
}

export class SessionTracker {
  /** keyed by client × route (route mixed into k1: one client's routes never collide) */
  private readonly streaks: GenTable;
  private readonly lastRefresh: GenTable;
  /**
   * the client's last 2xx: when, on which route, and whether it counted as authenticated
   * then (credential path, identity, or a route known to require auth). A route learned
   * to be protected later (its first 401 comes after) still counts: at the onset of a
   * rotation, the routes that start refusing are the ones the clients were just served on.
   */
  private readonly lastSuccess: GenTable;
  private readonly pending: GenTable;
  private readonly pool = new RefusalPool();
  /** route ids that answered 401/403 at least once (a byte per id: ids are dense and capped): their 2xx answers imply credentials */
  private protectedRoutes = new Uint8Array(256);
  private readonly verdict = new SessionVerdict();
  /**
   * A bit per client key (k1's low bits) that was ever refused: pending refusals and
   * streaks are only created by a 401/403, so a client whose bit is clear has neither, and
   * its lines skip both probes (a miss in a table of megabytes). Most lines are such clients.
   * Never cleared: with more refused clients than bits it lets everything through, and the
   * tables answer as before.
   */
  private readonly refused = new Int32Array(REFUSED_FILTER_BITS >>> 5);

  constructor(budget = DEFAULT_SESSION_BUDGET, private readonly k = DEFAULT_STREAK_K) {
    this.streaks = new GenTable(budget, STREAK_STRIDE);
    this.lastRefresh = new GenTable(budget, REFRESH_STRIDE);
    this.lastSuccess = new GenTable(budget, SUCCESS_STRIDE);
    // a dropped generation's pending refusals go back to the pool
    this.pending = new GenTable(budget, PENDING_STRIDE, (words, at) => this.pool.releaseList(words[at + W_PENDING_HEAD]!));
  }

  /** bytes of all tables and the refusal pool */
  get byteLength(): number {
    return this.streaks.byteLength + this.lastRefresh.byteLength + this.lastSuccess.byteLength + this.pending.byteLength + this.pool.i32.byteLength;
  }

  private isProtected(routeId: number): boolean {
    return routeId < this.protectedRoutes.length && this.protectedRoutes[routeId] === 1;
  }

  /**
   * `k1`, `k2`: the client's key (clientKey1, clientKey2); `credentialPath`: the request's
   * path obtains or refreshes credentials (isCredentialPath). Returns the reused verdict
   * (see SessionVerdict).
   */
  observe(k1: number, k2: number, methodId: number, routeId: number, credentialPath: boolean, status: number, time: number, hasUser: boolean): SessionVerdict {
    const authFailure = status === 401 || status === 403;
    const success = status >= 200 && status < 300;
    if (authFailure && !this.isProtected(routeId)) {
      if (routeId >= this.protectedRoutes.length) {
        const bigger = new Uint8Array(pow2AtLeast(routeId + 1));
        bigger.set(this.protectedRoutes);
        this.protectedRoutes = bigger;
      }
      this.protectedRoutes[routeId] = 1;
    }
    let authenticated = hasUser;
    // the success slot found here is still valid when this line's success is recorded (nothing else touches the table between)
    let sb = -1;
    if (!authenticated) {
      sb = this.lastSuccess.find(k1, k2);
      if (sb !== -1) {
        const at = this.lastSuccess.f64[(sb >> 1) + F_TIME]!;
        const route = this.lastSuccess.i32[sb + W_SUCCESS_ROUTE]!;
        authenticated = time - at >= 0 && time - at <= AUTH_MEMORY_MS && (route < 0 || this.isProtected(route & ~KNOWN));
      }
    }
    const v = this.verdict;
    v.authenticated = authenticated;
    v.retryStreak = false;
    v.stormStart = false;
    v.refusals = 0;
    // a 2xx on a credential path is a refresh or login
    const refresh = success && credentialPath;
    const everRefused = this.wasRefused(k1);
    const pb = everRefused ? this.resolvePending(k1, k2, routeId, refresh, success, success && (hasUser || this.isProtected(routeId)), time) : -1;
    if (authFailure) {
      this.markRefused(k1);
      const pool = this.pool;
      const p = this.pending;
      if (pb === -1) {
        const r = pool.alloc(time, methodId, routeId, status);
        const at = p.insert(k1, k2);
        p.i32[at + W_PENDING_HEAD] = r;
        p.i32[at + W_PENDING_COUNT] = 1;
      } else if (p.i32[pb + W_PENDING_COUNT]! < MAX_PENDING) {
        let tail = p.i32[pb + W_PENDING_HEAD]!;
        for (let next = pool.i32[tail * R_STRIDE + R_NEXT]!; next !== -1; next = pool.i32[tail * R_STRIDE + R_NEXT]!) tail = next;
        const r = pool.alloc(time, methodId, routeId, status);
        pool.i32[tail * R_STRIDE + R_NEXT] = r;
        p.i32[pb + W_PENDING_COUNT]!++;
      }
      const st = this.streaks;
      const sk = streakKey(k1, routeId);
      let at = st.find(sk, k2);
      const rb = this.lastRefresh.find(k1, k2);
      if (at !== -1) {
        const last = st.f64[(at >> 1) + F_TIME]!;
        if (time - last <= STREAK_GAP_MS && time >= last && !(rb !== -1 && this.lastRefresh.f64[(rb >> 1) + F_TIME]! >= last)) {
          const count = ++st.i32[at + W_STREAK_COUNT]!;
          st.f64[(at >> 1) + F_TIME] = time;
          v.retryStreak = count >= this.k;
          v.stormStart = count === this.k;
          return v;
        }
      } else at = st.insert(sk, k2);
      st.i32[at + W_STREAK_COUNT] = 1;
      st.f64[(at >> 1) + F_TIME] = time;
    } else if (success) {
      if (refresh) {
        const r = this.lastRefresh;
        let rb = r.find(k1, k2);
        if (rb === -1) rb = r.insert(k1, k2);
        r.f64[(rb >> 1) + F_TIME] = time;
      }
      const s = this.lastSuccess;
      if (sb === -1) sb = hasUser ? s.find(k1, k2) : -1;
      if (sb === -1) sb = s.insert(k1, k2);
      s.f64[(sb >> 1) + F_TIME] = time;
      s.i32[sb + W_SUCCESS_ROUTE] = refresh || hasUser || this.isProtected(routeId) ? routeId | KNOWN : routeId;
      if (everRefused) {
        const st = this.streaks;
        const at = st.find(streakKey(k1, routeId), k2);
        if (at !== -1) st.remove(at);
      }
    }
    return v;
  }

  private wasRefused(k1: number): boolean {
    return (this.refused[refusedWord(k1)]! & (1 << (k1 & 31))) !== 0;
  }

  private markRefused(k1: number): void {
    this.refused[refusedWord(k1)]! |= 1 << (k1 & 31);
  }

  /**
   * What this request of the client says about its earlier refusals: a refresh or login
   * explains them all (expired token, wrong password); a success on a refused route
   * explains that refusal (the retry worked); a success on another protected route marks
   * a refusal "ok elsewhere", which becomes a confirmation once REFUSAL_GRACE_MS has passed
   * without a refresh (so a parallel request that was already in flight with the old token,
   * or a refresh a moment later, does not count as working credentials). Resolved refusals
   * go to the verdict. Returns the client's pending slot if it still has refusals, else -1.
   */
  private resolvePending(k1: number, k2: number, routeId: number, credentialPath: boolean, success: boolean, protectedSuccess: boolean, time: number): number {
    const p = this.pending;
    const pb = p.find(k1, k2);
    if (pb === -1) return -1;
    const pool = this.pool;
    const ri = pool.i32;
    const rf = pool.f64;
    const v = this.verdict;
    let head = -1;
    let tail = -1;
    let kept = 0;
    for (let r = p.i32[pb + W_PENDING_HEAD]!; r !== -1; ) {
      const at = r * R_STRIDE;
      const next = ri[at + R_NEXT]!;
      const age = time - rf[at >> 1]!;
      const route = ri[at + R_ROUTE]!;
      let resolved = -1; // 1 confirmed, 0 explained, -1 not resolved by this request
      let keep = false;
      if (credentialPath) {
        if (age >= 0 && age <= AUTH_MEMORY_MS) resolved = 0;
      } else if (age < 0 || age > AUTH_MEMORY_MS) {
        // out of order or too old: unresolved, forgotten
      } else if (success && route === routeId) resolved = 0;
      else if (age > REFUSAL_GRACE_MS && ((ri[at + R_STATUS]! & OK_ELSEWHERE) !== 0 || (protectedSuccess && route !== routeId))) resolved = 1;
      else {
        if (protectedSuccess && route !== routeId) ri[at + R_STATUS]! |= OK_ELSEWHERE;
        keep = true;
      }
      if (resolved !== -1) {
        const n = v.refusals++;
        v.time[n] = rf[at >> 1]!;
        v.methodId[n] = ri[at + R_METHOD]!;
        v.routeId[n] = route;
        v.status[n] = ri[at + R_STATUS]! & (OK_ELSEWHERE - 1);
        v.confirmed[n] = resolved;
      }
      if (keep) {
        if (tail === -1) head = r;
        else ri[tail * R_STRIDE + R_NEXT] = r;
        tail = r;
        kept++;
      } else pool.release(r);
      r = next;
    }
    if (kept === 0) {
      p.remove(pb);
      return -1;
    }
    ri[tail * R_STRIDE + R_NEXT] = -1;
    p.i32[pb + W_PENDING_HEAD] = head;
    p.i32[pb + W_PENDING_COUNT] = kept;
    return pb;
  }
}
