import { detach } from '../util/detach.js';

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
  readonly counts = new Map<string, number>();
  other = 0;

  add(key: string, n = 1): void {
    const c = this.counts.get(key);
    if (c !== undefined) this.counts.set(key, c + n);
    else if (this.counts.size < TOP_K) this.counts.set(detach(key), n); // kept for the whole run
    else this.other += n;
  }

  mergeFrom(b: TopCounts): void {
    for (const [k, n] of b.counts) this.counts.set(k, (this.counts.get(k) ?? 0) + n);
    this.other += b.other;
    if (this.counts.size > TOP_K) {
      const keep = this.sorted();
      this.counts.clear();
      keep.forEach(([k, n], i) => {
        if (i < TOP_K) this.counts.set(k, n);
        else this.other += n;
      });
    }
  }

  /** entries by count descending, then key, so output is deterministic */
  sorted(): [string, number][] {
    return [...this.counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  }

  toJSON(): { top: [string, number][]; other: number } {
    return { top: this.sorted(), other: this.other };
  }

  static fromJSON(j: { top: [string, number][]; other: number }): TopCounts {
    const t = new TopCounts();
    for (const [k, n] of j.top) t.counts.set(k, n);
    t.other = j.other;
    return t;
  }
}

/** 32-bit FNV-1a, then a murmur3 finaliser so the low bits are well mixed for HLL */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Attribution {
  readonly clients = new TopCounts();
  readonly agents = new TopCounts();
  readonly hll = new Uint8Array(HLL_REGISTERS);

  add(client: string | null, agentFamily: string | null, clientHash: number): void {
    if (client !== null) {
      this.clients.add(client);
      const reg = clientHash & (HLL_REGISTERS - 1);
      const rest = clientHash >>> HLL_BITS;
      // rank = position of the first set bit in the remaining 26 bits (1-based)
      const rank = rest === 0 ? 32 - HLL_BITS + 1 : Math.clz32(rest) - HLL_BITS + 1;
      if (rank > this.hll[reg]!) this.hll[reg] = rank;
    }
    if (agentFamily !== null) this.agents.add(agentFamily);
  }

  mergeFrom(b: Attribution): void {
    this.clients.mergeFrom(b.clients);
    this.agents.mergeFrom(b.agents);
    for (let i = 0; i < HLL_REGISTERS; i++) if (b.hll[i]! > this.hll[i]!) this.hll[i] = b.hll[i]!;
  }

  /** distinct clients: exact while the top list holds them all, else the HLL estimate */
  distinctClients(): number {
    if (this.clients.other === 0 && this.clients.counts.size > 0) return this.clients.counts.size;
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
    return Math.max(this.clients.counts.size, Math.round(est));
  }

  toJSON(): object {
    return { clients: this.clients.toJSON(), agents: this.agents.toJSON(), hll: Buffer.from(this.hll).toString('base64') };
  }

  static fromJSON(j: { clients: { top: [string, number][]; other: number }; agents: { top: [string, number][]; other: number }; hll: string }): Attribution {
    const a = new Attribution();
    const c = TopCounts.fromJSON(j.clients);
    const g = TopCounts.fromJSON(j.agents);
    for (const [k, n] of c.counts) a.clients.counts.set(k, n);
    a.clients.other = c.other;
    for (const [k, n] of g.counts) a.agents.counts.set(k, n);
    a.agents.other = g.other;
    a.hll.set(Buffer.from(j.hll, 'base64').subarray(0, HLL_REGISTERS));
    return a;
  }
}
