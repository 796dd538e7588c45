import { detach } from '../util/detach.js';
import { FNV_OFFSET, fnv1a } from '../util/fnv.js';

/**
 * Bounded "who" for a slice of traffic: the heaviest clients and user-agent families,
 * and a distinct-client estimate. Memory per instance is fixed (TOP_K entries per map,
 * HLL_REGISTERS bytes), whatever the traffic.
 *
 * The distinct estimate (HyperLogLog) merges exactly: merge(a, b) equals the sketch of
 * a ++ b. The top lists are exact while a slice has at most TOP_K distinct keys; past
 * that, keys seen after the list filled are counted in `other` (and a merge keeps the
 * TOP_K largest), so attribution of very diverse traffic is approximate by design.
 */
export const TOP_K = 16;
const HLL_BITS = 6;
export const HLL_REGISTERS = 1 << HLL_BITS;

/**
 * Storage for attributions, many to a page. The hot path adds to two attributions per log
 * line, and some 13k attributions (3M lines) do not stay in cache: an attribution built
 * from objects (two lists of three arrays each, and a separately allocated HLL buffer)
 * cost a dozen cache misses per add, one per object. Here an attribution's numbers are
 * one contiguous run of int32s (both lists' filters, sizes and tags, then the HLL
 * registers) and one of float64s (the counts), and its kept keys a run of one array.
 */
const PAGE_SLOTS = 256;
/** a list's int32s: filter bits (two words), size, a spare, then TOP_K tags */
const FILTER_LOW = 0;
const FILTER_HIGH = 1;
const SIZE = 2;
const TAGS = 4;
const LIST_I32 = TAGS + TOP_K;
/** int32 offset of the HLL registers (bytes, four to an int32) after the two lists */
const HLL_I32 = 2 * LIST_I32;
/** int32s per attribution: 56 used, padded to four 64-byte cache lines */
const I32_STRIDE = 64;
/** a list's float64s: other, then the TOP_K counts (counts can pass 2^31) */
const OTHER = 0;
const TALLY = 1;
const LIST_F64 = TALLY + TOP_K;
const F64_STRIDE = 2 * LIST_F64;
const KEY_STRIDE = 2 * TOP_K;

/** the arrays of a storage page */
interface StoragePageArrays {
  i32: Int32Array;
  f64: Float64Array;
  keys: (string | undefined)[];
}

/**
 * A pool's pages as they cross a thread boundary: the numbers transferred as they are, and
 * each page's kept keys as indices (+ 1, 0 for none) into one list of the distinct keys.
 * Sent as arrays of strings, a 3M-line cube's 51 pages were 420k array entries (most of
 * them empty) and 208k strings for 42k distinct keys, cloned one by one on both threads.
 */
export interface AttributionTransfer {
  pages: { i32: Int32Array; f64: Float64Array; keyRefs: Int32Array }[];
  keys: string[];
}

class StoragePage implements StoragePageArrays {
  readonly i32: Int32Array;
  readonly u8: Uint8Array;
  readonly f64: Float64Array;
  readonly keys: (string | undefined)[];
  used = 0;

  /** a new empty page, or a full one that adopts the arrays of a page sent by a worker */
  constructor(from?: StoragePageArrays) {
    this.i32 = from?.i32 ?? new Int32Array(PAGE_SLOTS * I32_STRIDE);
    this.u8 = new Uint8Array(this.i32.buffer, this.i32.byteOffset, this.i32.byteLength);
    this.f64 = from?.f64 ?? new Float64Array(PAGE_SLOTS * F64_STRIDE);
    this.keys = from?.keys ?? new Array<string | undefined>(PAGE_SLOTS * KEY_STRIDE).fill(undefined);
    if (from !== undefined) {
      if (this.i32.length !== PAGE_SLOTS * I32_STRIDE || this.f64.length !== PAGE_SLOTS * F64_STRIDE || this.keys.length !== PAGE_SLOTS * KEY_STRIDE) {
        throw new Error('attribution transfer holds a page of the wrong size');
      }
      this.used = PAGE_SLOTS; // adopted pages take no new attributions
    }
  }
}

/** where new attributions get their storage */
interface SlotSource {
  allocate(): { page: StoragePage; slot: number };
}

/**
 * The page loose attributions (rules' unions, tests) go to. A page lives while any of its
 * attributions does; pages are per thread, so an attribution never shares memory with
 * another thread's.
 */
let openPage: StoragePage | null = null;
const LOOSE: SlotSource = {
  allocate() {
    if (openPage === null || openPage.used === PAGE_SLOTS) openPage = new StoragePage();
    return { page: openPage, slot: openPage.used++ };
  },
};

/**
 * The storage of one cube's attributions, its own pages only: a worker sends them to the
 * main thread as they are (transferred), where rebuilding every attribution from its
 * entries cost 120-200 ms per 3M-line cube on the thread that merges.
 */
export class AttributionPool implements SlotSource {
  private readonly pages: StoragePage[] = [];
  private readonly pageIndex = new Map<StoragePage, number>();
  private open: StoragePage | null = null;

  /** storage given back by release(), handed out again before a page is opened */
  private readonly free: { page: StoragePage; slot: number }[] = [];

  allocate(): { page: StoragePage; slot: number } {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.open === null || this.open.used === PAGE_SLOTS) this.adoptPage((this.open = new StoragePage()));
    return { page: this.open, slot: this.open.used++ };
  }

  /**
   * Takes back the storage of an attribution of this pool that is no longer used (its
   * numbers zeroed, its kept keys let go): coarsening merges the attributions of windows
   * that become one, and would otherwise leave their storage dead in the pages.
   */
  release(a: Attribution): void {
    if (!this.pageIndex.has(a.page)) throw new Error('attribution is not in this pool');
    const { page, slot } = a;
    page.i32.fill(0, slot * I32_STRIDE, (slot + 1) * I32_STRIDE);
    page.f64.fill(0, slot * F64_STRIDE, (slot + 1) * F64_STRIDE);
    page.keys.fill(undefined, slot * KEY_STRIDE, (slot + 1) * KEY_STRIDE);
    this.free.push({ page, slot });
  }

  private adoptPage(page: StoragePage): void {
    this.pageIndex.set(page, this.pages.length);
    this.pages.push(page);
  }

  /** the pages, to be transferred with their buffers (the pool must not be used afterwards) */
  toTransfer(): AttributionTransfer {
    const keys: string[] = [];
    const refOf = new Map<string, number>();
    const pages = this.pages.map((p) => {
      const keyRefs = new Int32Array(p.keys.length);
      for (let j = 0; j < p.keys.length; j++) {
        const key = p.keys[j];
        if (key === undefined) continue;
        let ref = refOf.get(key);
        if (ref === undefined) refOf.set(key, (ref = keys.push(key)));
        keyRefs[j] = ref;
      }
      return { i32: p.i32, f64: p.f64, keyRefs };
    });
    return { pages, keys };
  }

  static transferBuffers(t: AttributionTransfer): ArrayBuffer[] {
    return t.pages.flatMap((p) => [p.i32.buffer as ArrayBuffer, p.f64.buffer as ArrayBuffer, p.keyRefs.buffer as ArrayBuffer]);
  }

  /** the inverse of toTransfer; new attributions go to new pages */
  static fromTransfer(t: AttributionTransfer): AttributionPool {
    const pool = new AttributionPool();
    for (const p of t.pages) {
      const keys = new Array<string | undefined>(p.keyRefs.length).fill(undefined);
      for (let j = 0; j < p.keyRefs.length; j++) {
        const ref = p.keyRefs[j]!;
        if (ref === 0) continue;
        if (ref > t.keys.length || ref < 0) throw new Error('attribution transfer points outside its keys');
        keys[j] = t.keys[ref - 1];
      }
      pool.adoptPage(new StoragePage({ i32: p.i32, f64: p.f64, keys }));
    }
    return pool;
  }

  /** where an attribution of this pool lives: [page index, slot] */
  locate(a: Attribution): [number, number] {
    const page = this.pageIndex.get(a.page);
    if (page === undefined) throw new Error('attribution is not in this pool');
    return [page, a.slot];
  }

  /** the attribution at a location toTransfer's receiver got from locate() */
  at(page: number, slot: number): Attribution {
    const p = this.pages[page];
    if (p === undefined || !Number.isInteger(slot) || slot < 0 || slot >= PAGE_SLOTS) throw new Error('attribution transfer points outside its pages');
    return new Attribution({ allocate: () => ({ page: p, slot }) });
  }
}

/**
 * The kept copy of a key, shared by every list that keeps it: a busy client is in the top
 * list of most windows and of its routes, and a copy per list was 208k strings for 42k
 * distinct keys at 3M lines (8 MB of a 31 MB heap). Direct-mapped by tag (a per-thread
 * table of KEPT_SLOTS strings), so a collision only costs another copy.
 */
const KEPT_SLOTS = 1 << 14;
const keptByTag: (string | undefined)[] = new Array<string | undefined>(KEPT_SLOTS).fill(undefined);

function keptCopy(key: string, tag: number): string {
  const at = tag & (KEPT_SLOTS - 1);
  const known = keptByTag[at];
  if (known === key) return known;
  // detached: kept for the whole run, so it must not hold its piece of the log alive
  const copy = detach(key);
  keptByTag[at] = copy;
  return copy;
}

/** where `key` (tag `t`) is among the `size` kept keys of the list at int32 offset `i`, key offset `k`; -1 if not kept */
function keyIndex(page: StoragePage, i: number, k: number, size: number, key: string, t: number): number {
  const i32 = page.i32;
  const keys = page.keys;
  for (let j = 0; j < size; j++) if (i32[i + TAGS + j] === t && keys[k + j] === key) return j;
  return -1;
}

/** the int32 offset, in the list at `i`, of the filter word that holds `tag`'s bit (bit tag & 31) */
function filterWordAt(i: number, tag: number): number {
  return i + ((tag & 32) === 0 ? FILTER_LOW : FILTER_HIGH);
}

/** keyIndex over the whole list, after its filter bit for `tag` has ruled most absent keys out without a scan */
function keptIndex(page: StoragePage, i: number, k: number, key: string, tag: number): number {
  if ((page.i32[filterWordAt(i, tag)]! & (1 << (tag & 31))) === 0) return -1;
  return keyIndex(page, i, k, page.i32[i + SIZE]!, key, tag | 0);
}

/** adds `n` under `key` to the list at int32 offset `i`, float64 offset `f`, key offset `k` */
function listAdd(page: StoragePage, i: number, f: number, k: number, key: string, n: number, tag: number, keyIsKept = false): void {
  const j = keptIndex(page, i, k, key, tag);
  if (j !== -1) {
    page.f64[f + TALLY + j]! += n;
    return;
  }
  const i32 = page.i32;
  const size = i32[i + SIZE]!;
  if (size < TOP_K) {
    const t = tag | 0;
    const filterAt = filterWordAt(i, tag);
    i32[i + TAGS + size] = t;
    i32[filterAt] = i32[filterAt]! | (1 << (tag & 31));
    i32[i + SIZE] = size + 1;
    page.f64[f + TALLY + size] = n;
    page.keys[k + size] = keyIsKept ? key : keptCopy(key, t);
  } else page.f64[f + OTHER]! += n;
}

export class TopCounts {
  /**
   * Up to TOP_K keys with their counts, and a hash (tag) of each key: the hot path adds
   * two or four times per log line, and comparing a 32-bit tag over at most 16 slots costs
   * less than a Map lookup, which must hash the freshly cut key string first. One bit per
   * kept key's tag (low 6 bits, in two 32-bit words) rejects most keys the list does not
   * hold without scanning the tags (≈78% of misses at 16 keys): once full, most adds are
   * such keys (tens of thousands of clients per slice).
   */
  private readonly page: StoragePage;
  private readonly i: number;
  private readonly f: number;
  private readonly k: number;

  /** a list of its own, or (from Attribution) list `list` of an attribution's slot */
  constructor(at?: { page: StoragePage; slot: number; list: 0 | 1 }) {
    const { page, slot } = at ?? LOOSE.allocate();
    const list = at?.list ?? 0;
    this.page = page;
    this.i = slot * I32_STRIDE + list * LIST_I32;
    this.f = slot * F64_STRIDE + list * LIST_F64;
    this.k = slot * KEY_STRIDE + list * TOP_K;
  }

  /** `tag` must be hash32(key) (merges re-add keys with it), passed when the caller has it */
  add(key: string, n = 1, tag = hash32(key)): void {
    listAdd(this.page, this.i, this.f, this.k, key, n, tag);
  }

  get size(): number {
    return this.page.i32[this.i + SIZE]!;
  }

  get other(): number {
    return this.page.f64[this.f + OTHER]!;
  }

  set other(n: number) {
    this.page.f64[this.f + OTHER] = n;
  }

  /** the count of a kept key (undefined: not kept, or never seen) */
  get(key: string): number | undefined {
    for (let j = 0; j < this.size; j++) if (this.page.keys[this.k + j] === key) return this.page.f64[this.f + TALLY + j];
    return undefined;
  }

  /** every count, kept keys and other */
  total(): number {
    let n = this.other;
    for (let j = 0; j < this.size; j++) n += this.page.f64[this.f + TALLY + j]!;
    return n;
  }

  private entries(): [string, number][] {
    const out: [string, number][] = [];
    for (let j = 0; j < this.size; j++) out.push([this.page.keys[this.k + j]!, this.page.f64[this.f + TALLY + j]!]);
    return out;
  }

  /** a snapshot of the kept keys and their counts */
  get counts(): ReadonlyMap<string, number> {
    return new Map(this.entries());
  }

  mergeFrom(b: TopCounts): void {
    this.other += b.other;
    const tags = b.page.i32;
    const keys = b.page.keys;
    const tallies = b.page.f64;
    let fresh = 0;
    for (let j = 0; j < b.size; j++) {
      // where each of b's keys is in this list (-1: not kept), read again below
      mergeAt[j] = keptIndex(this.page, this.i, this.k, keys[b.k + j]!, tags[b.i + TAGS + j]!);
      if (mergeAt[j] === -1) fresh++;
    }
    if (this.size + fresh <= TOP_K) {
      // the union fits: counts summed in place and new keys appended, which is what the
      // general way below gives, without a Map and a sort (most of 26k lists at 3M lines).
      // Read in place with their kept tags (every tag is hash32 of its key): entry arrays
      // and a hash per key made the attributions half of a worker cube's merge.
      for (let j = 0; j < b.size; j++) listAdd(this.page, this.i, this.f, this.k, keys[b.k + j]!, tallies[b.f + TALLY + j]!, tags[b.i + TAGS + j]!);
      return;
    }
    // Past TOP_K keys, the largest are kept (by count, then key) and the rest move to
    // `other`. Worked on the two lists' slots with their tags: a Map of both lists, a sort
    // of entry pairs and a hash and a kept copy per re-added key were 60% of merging the
    // cubes of 300 small files (every route × status list of every file merges).
    const size = this.size;
    const page = this.page;
    let n = 0;
    for (let j = 0; j < size; j++) {
      mergeKeys[n] = page.keys[this.k + j]!;
      mergeTags[n] = page.i32[this.i + TAGS + j]!;
      mergeCounts[n] = page.f64[this.f + TALLY + j]!;
      n++;
    }
    for (let j = 0; j < b.size; j++) {
      const at = mergeAt[j]!;
      if (at !== -1) mergeCounts[at] += tallies[b.f + TALLY + j]!;
      else {
        // kept keys of another list: detached already, kept as they are
        mergeKeys[n] = keys[b.k + j]!;
        mergeTags[n] = tags[b.i + TAGS + j]!;
        mergeCounts[n] = tallies[b.f + TALLY + j]!;
        n++;
      }
    }
    // The TOP_K first by (count, key), in order, by insertion into a list of at most TOP_K:
    // sorting all of the union with a comparator was half of this merge (most clients of a
    // small file tie at a count of 1 or 2, and every tie compares keys).
    let kept = 0;
    for (let x = 0; x < n; x++) {
      let p = kept;
      if (kept === TOP_K) {
        const last = mergeKept[TOP_K - 1]!;
        if (!ranksBefore(x, last)) {
          this.other += mergeCounts[x]!;
          continue;
        }
        this.other += mergeCounts[last]!;
        p = TOP_K - 1;
      } else kept++;
      for (; p > 0 && ranksBefore(x, mergeKept[p - 1]!); p--) mergeKept[p] = mergeKept[p - 1]!;
      mergeKept[p] = x;
    }
    const i32 = page.i32;
    i32[this.i + FILTER_LOW] = 0;
    i32[this.i + FILTER_HIGH] = 0;
    i32[this.i + SIZE] = 0;
    page.keys.fill(undefined, this.k, this.k + TOP_K);
    for (let r = 0; r < kept; r++) {
      const at = mergeKept[r]!;
      listAdd(page, this.i, this.f, this.k, mergeKeys[at]!, mergeCounts[at]!, mergeTags[at]!, true);
    }
    mergeKeys.fill(undefined, 0, n);
  }

  /** entries by count descending, then key, so output is deterministic */
  sorted(): [string, number][] {
    return sortEntries(this.entries());
  }

  toJSON(): { top: [string, number][]; other: number } {
    return { top: this.sorted(), other: this.other };
  }

  static fromJSON(j: { top: [string, number][]; other: number }): TopCounts {
    return TopCounts.of(j.top, j.other);
  }

  /** a list from entries (past TOP_K of them, the rest count as other) */
  static of(entries: Iterable<readonly [string, number]>, other: number): TopCounts {
    const t = new TopCounts();
    t.fill(entries, other);
    return t;
  }

  /** adds entries to an empty list (past TOP_K of them, the rest count as other) */
  fill(entries: Iterable<readonly [string, number]>, other: number): void {
    this.other += other;
    for (const [k, n] of entries) this.add(k, n);
  }
}

function sortEntries(e: [string, number][]): [string, number][] {
  return e.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
}

/** TopCounts.mergeFrom's scratch: the union of two lists (at most 2 × TOP_K keys) */
const mergeKeys = new Array<string | undefined>(2 * TOP_K).fill(undefined);
const mergeTags = new Int32Array(2 * TOP_K);
const mergeCounts = new Float64Array(2 * TOP_K);
/** indices into the scratch above of the union's first TOP_K, in order */
const mergeKept = new Int32Array(TOP_K);
/** per key of the merged-in list, its index in the receiving one (-1: not there) */
const mergeAt = new Int32Array(TOP_K);

/** whether union entry `x` comes before entry `y`: larger count, then smaller key (keys are distinct) */
function ranksBefore(x: number, y: number): boolean {
  const cx = mergeCounts[x]!;
  const cy = mergeCounts[y]!;
  return cx > cy || (cx === cy && mergeKeys[x]! < mergeKeys[y]!);
}

/** 32-bit FNV-1a, then a murmur3 finaliser so the low bits are well mixed for HLL */
export function hash32(s: string): number {
  return finishHash32(fnv1a(FNV_OFFSET, s, 0, s.length));
}

/** hash32's finaliser, over an FNV-1a state */
export function finishHash32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Attribution {
  /** @internal its storage (for AttributionPool) */
  readonly page: StoragePage;
  /** @internal */
  readonly slot: number;
  /** offsets of this attribution's runs in its page (see StoragePage) */
  private readonly i: number;
  private readonly f: number;
  private readonly k: number;

  /** a new attribution in `pool` (a cube's), or among the loose ones */
  constructor(pool: SlotSource = LOOSE) {
    const { page, slot } = pool.allocate();
    this.page = page;
    this.slot = slot;
    this.i = slot * I32_STRIDE;
    this.f = slot * F64_STRIDE;
    this.k = slot * KEY_STRIDE;
  }

  /**
   * The top clients and agent families: views of the slot's lists, made when asked for. The
   * lines add through the slot's offsets and never ask; two views kept per attribution were
   * 26k objects (1.6 MiB of heap) at 3M lines for the few hundred the rules read.
   */
  get clients(): TopCounts {
    return new TopCounts({ page: this.page, slot: this.slot, list: 0 });
  }

  get agents(): TopCounts {
    return new TopCounts({ page: this.page, slot: this.slot, list: 1 });
  }

  /** a copy of the HLL registers */
  get hll(): Uint8Array {
    const at = (this.i + HLL_I32) * 4;
    return this.page.u8.slice(at, at + HLL_REGISTERS);
  }

  /** raises each register to at least `registers[from + r]` */
  private maxRegisters(registers: ArrayLike<number>, from = 0): void {
    const u8 = this.page.u8;
    const at = (this.i + HLL_I32) * 4;
    for (let r = 0; r < HLL_REGISTERS; r++) if (registers[from + r]! > u8[at + r]!) u8[at + r] = registers[from + r]!;
  }

  /**
   * `clientHash` is hash32(client), `familyTag` hash32(agentFamily), as merges tag keys (both
   * computed once per line, not per attribution). `agentFamily` is kept as it is: it must be
   * a string that holds no piece of the log (AgentCache's shared family names are detached).
   */
  add(client: string | null, clientHash: number, agentFamily: string | null, familyTag: number): void {
    const page = this.page;
    if (client !== null) {
      listAdd(page, this.i, this.f, this.k, client, 1, clientHash);
      const reg = (this.i + HLL_I32) * 4 + (clientHash & (HLL_REGISTERS - 1));
      const rest = clientHash >>> HLL_BITS;
      // rank = position of the first set bit in the remaining 26 bits (1-based)
      const rank = rest === 0 ? 32 - HLL_BITS + 1 : Math.clz32(rest) - HLL_BITS + 1;
      if (rank > page.u8[reg]!) page.u8[reg] = rank;
    }
    if (agentFamily !== null) listAdd(page, this.i + LIST_I32, this.f + LIST_F64, this.k + TOP_K, agentFamily, 1, familyTag, true);
  }

  mergeFrom(b: Attribution): void {
    this.clients.mergeFrom(b.clients);
    this.agents.mergeFrom(b.agents);
    this.maxRegisters(b.page.u8, (b.i + HLL_I32) * 4);
  }

  /** distinct clients: exact while the top list holds them all, else the HLL estimate */
  distinctClients(): number {
    const clients = this.clients;
    if (clients.other === 0 && clients.size > 0) return clients.size;
    const hll = this.hll;
    const m = HLL_REGISTERS;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < m; i++) {
      sum += 2 ** -hll[i]!;
      if (hll[i] === 0) zeros++;
    }
    const alpha = 0.709; // bias constant for m = 64
    let est = (alpha * m * m) / sum;
    if (est <= 2.5 * m && zeros > 0) est = m * Math.log(m / zeros); // small-range correction
    return Math.max(clients.size, Math.round(est));
  }

  toJSON(): object {
    return { clients: this.clients.toJSON(), agents: this.agents.toJSON(), hll: Buffer.from(this.hll).toString('base64') };
  }

  /** an attribution from its lists' entries and registers (as toJSON or a transfer gives them) */
  static of(clients: Iterable<readonly [string, number]>, clientsOther: number, agents: Iterable<readonly [string, number]>, agentsOther: number, registers: ArrayLike<number>): Attribution {
    const a = new Attribution();
    a.clients.fill(clients, clientsOther);
    a.agents.fill(agents, agentsOther);
    a.maxRegisters(registers);
    return a;
  }

  static fromJSON(j: { clients: { top: [string, number][]; other: number }; agents: { top: [string, number][]; other: number }; hll: string }): Attribution {
    const hll = new Uint8Array(HLL_REGISTERS);
    hll.set(Buffer.from(j.hll, 'base64').subarray(0, HLL_REGISTERS));
    return Attribution.of(j.clients.top, j.clients.other, j.agents.top, j.agents.other, hll);
  }
}
