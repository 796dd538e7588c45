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

export class TopCounts {
  /**
   * Up to TOP_K keys with their counts, in parallel arrays, and a hash of each key: the hot
   * path adds two or four times per log line, and comparing a 32-bit tag over at most 16
   * slots costs less than a Map lookup, which must hash the freshly cut key string first.
   * Plain arrays that grow with the list, not typed arrays: a cube holds two lists for each
   * of some 13k attributions (3M lines), most with a few keys, and two small typed arrays
   * each (an ArrayBuffer and a separately allocated store apiece) took 13 MB more.
   */
  private readonly keys: string[] = [];
  /** tags as int32 (`tag | 0`), so that they stay small integers */
  private readonly tags: number[] = [];
  private readonly tally: number[] = [];
  /**
   * One bit per kept key's tag (low 6 bits, in two 32-bit words): once the list is full
   * most adds are keys it does not hold (tens of thousands of clients per slice), and a
   * clear bit rejects them without scanning the 16 tags (≈78% of misses at 16 keys).
   */
  private filterLow = 0;
  private filterHigh = 0;
  other = 0;

  /** `tag` is hash32(key) when the caller has it (any function of the key is correct) */
  add(key: string, n = 1, tag = hash32(key)): void {
    const keys = this.keys;
    const size = keys.length;
    const bit = 1 << (tag & 31);
    const maybeKept = ((tag & 32) === 0 ? this.filterLow : this.filterHigh) & bit;
    if (maybeKept !== 0) {
      for (let i = 0; i < size; i++) {
        if (this.tags[i] === (tag | 0) && keys[i] === key) {
          this.tally[i]! += n;
          return;
        }
      }
    }
    if (size < TOP_K) {
      this.tags.push(tag | 0);
      this.tally.push(n);
      if ((tag & 32) === 0) this.filterLow |= bit;
      else this.filterHigh |= bit;
      keys.push(detach(key)); // kept for the whole run
    } else this.other += n;
  }

  get size(): number {
    return this.keys.length;
  }

  /** the count of a kept key (undefined: not kept, or never seen) */
  get(key: string): number | undefined {
    const i = this.keys.indexOf(key);
    return i === -1 ? undefined : this.tally[i];
  }

  /** every count, kept keys and other */
  total(): number {
    let n = this.other;
    for (let i = 0; i < this.keys.length; i++) n += this.tally[i]!;
    return n;
  }

  /** a snapshot of the kept keys and their counts */
  get counts(): ReadonlyMap<string, number> {
    return new Map(this.keys.map((k, i) => [k, this.tally[i]!]));
  }

  mergeFrom(b: TopCounts): void {
    const merged = this.counts as Map<string, number>;
    for (let i = 0; i < b.keys.length; i++) merged.set(b.keys[i]!, (merged.get(b.keys[i]!) ?? 0) + b.tally[i]!);
    this.other += b.other;
    this.keys.length = 0;
    this.tags.length = 0;
    this.tally.length = 0;
    this.filterLow = 0;
    this.filterHigh = 0;
    // past TOP_K keys, the largest are kept and the rest move to `other`
    const keep = merged.size > TOP_K ? sortEntries([...merged]) : [...merged];
    keep.forEach(([k, n], i) => {
      if (i < TOP_K) this.add(k, n);
      else this.other += n;
    });
  }

  /** entries by count descending, then key, so output is deterministic */
  sorted(): [string, number][] {
    return sortEntries(this.keys.map((k, i) => [k, this.tally[i]!]));
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
    t.other = other;
    for (const [k, n] of entries) t.add(k, n);
    return t;
  }
}

function sortEntries(e: [string, number][]): [string, number][] {
  return e.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
}

/** 32-bit FNV-1a, then a murmur3 finaliser so the low bits are well mixed for HLL */
export function hash32(s: string): number {
  let h = fnv1a(FNV_OFFSET, s, 0, s.length);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Attribution {
  constructor(
    readonly clients = new TopCounts(),
    readonly agents = new TopCounts(),
    readonly hll = new Uint8Array(HLL_REGISTERS),
  ) {}

  /** `clientHash` is hash32(client); `familyTag` any hash of the agent family (both computed once per line, not per attribution) */
  add(client: string | null, clientHash: number, agentFamily: string | null, familyTag: number): void {
    if (client !== null) {
      this.clients.add(client, 1, clientHash);
      const reg = clientHash & (HLL_REGISTERS - 1);
      const rest = clientHash >>> HLL_BITS;
      // rank = position of the first set bit in the remaining 26 bits (1-based)
      const rank = rest === 0 ? 32 - HLL_BITS + 1 : Math.clz32(rest) - HLL_BITS + 1;
      if (rank > this.hll[reg]!) this.hll[reg] = rank;
    }
    if (agentFamily !== null) this.agents.add(agentFamily, 1, familyTag);
  }

  mergeFrom(b: Attribution): void {
    this.clients.mergeFrom(b.clients);
    this.agents.mergeFrom(b.agents);
    for (let i = 0; i < HLL_REGISTERS; i++) if (b.hll[i]! > this.hll[i]!) this.hll[i] = b.hll[i]!;
  }

  /** distinct clients: exact while the top list holds them all, else the HLL estimate */
  distinctClients(): number {
    if (this.clients.other === 0 && this.clients.size > 0) return this.clients.size;
    const m = HLL_REGISTERS;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < m; i++) {
      sum += 2 ** -this.hll[i]!;
      if (this.hll[i] === 0) zeros++;
    }
    const alpha = 0.709; // bias constant for m = 64
    let est = (alpha * m * m) / sum;
    if (est <= 2.5 * m && zeros > 0) est = m * Math.log(m / zeros); // small-range correction
    return Math.max(this.clients.size, Math.round(est));
  }

  toJSON(): object {
    return { clients: this.clients.toJSON(), agents: this.agents.toJSON(), hll: Buffer.from(this.hll).toString('base64') };
  }

  static fromJSON(j: { clients: { top: [string, number][]; other: number }; agents: { top: [string, number][]; other: number }; hll: string }): Attribution {
    const hll = new Uint8Array(HLL_REGISTERS);
    hll.set(Buffer.from(j.hll, 'base64').subarray(0, HLL_REGISTERS));
    return new Attribution(TopCounts.fromJSON(j.clients), TopCounts.fromJSON(j.agents), hll);
  }
}
