// Seeded PRNG for the traffic generator. sfc32 (Chris Doty-Humphrey's small fast
// counter): 128-bit state, passes PractRand to 2^40+, and needs only 32-bit integer
// ops, which V8 keeps unboxed. Same seed → same sequence on every platform and Node
// version, which is what makes generated logs byte-identical across runs.

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** @param {number} x a u32 @returns {string} 8 lower-case hex digits */
function hex8(x) {
  return HEX_BYTE[x >>> 24] + HEX_BYTE[(x >>> 16) & 255] + HEX_BYTE[(x >>> 8) & 255] + HEX_BYTE[x & 255];
}

/**
 * Turns any string or number into four 32-bit words (cyrb128), so seeds 1 and 2 start
 * far apart in the state space instead of differing in one bit.
 * @param {string|number} seed
 * @returns {[number, number, number, number]}
 */
export function seedWords(seed) {
  const str = String(seed);
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4; h2 ^= h1; h3 ^= h1; h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * A seeded random source. All helpers draw from the one sfc32 stream, so the order of
 * calls is part of the output: code that wants independent streams (e.g. one per
 * injection, so adding an injection does not reshuffle the base traffic) forks.
 */
export class Rng {
  /** @param {string|number} seed */
  constructor(seed) {
    const [a, b, c, d] = seedWords(seed);
    this.a = a | 0; this.b = b | 0; this.c = c | 0; this.d = d | 0;
    // sfc32 recommends discarding the first outputs so weak seeds mix in.
    for (let i = 0; i < 15; i++) this.u32();
  }

  /** @returns {number} uniform 32-bit unsigned integer */
  u32() {
    let a = this.a, b = this.b, c = this.c, d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    this.a = a; this.b = b; this.c = c; this.d = d;
    return t >>> 0;
  }

  /** @returns {number} uniform in [0, 1) */
  next() { return this.u32() / 4294967296; }

  /** @param {number} n @returns {number} integer in [0, n) */
  int(n) { return Math.floor(this.next() * n); }

  /** @param {number} lo @param {number} hi @returns {number} integer in [lo, hi] */
  range(lo, hi) { return lo + Math.floor(this.next() * (hi - lo + 1)); }

  /** @param {number} p @returns {boolean} true with probability p */
  chance(p) { return this.next() < p; }

  /** @template T @param {readonly T[]} arr @returns {T} */
  pick(arr) { return arr[Math.floor(this.next() * arr.length)]; }

  /**
   * Index into `arr` skewed towards the front (a few heavy users, a long tail).
   * @template T @param {readonly T[]} arr @param {number} [skew] exponent > 1 skews more
   * @returns {T}
   */
  pickSkewed(arr, skew = 2) {
    const u = this.next();
    return arr[Math.floor((skew === 2 ? u * u : Math.pow(u, skew)) * arr.length)];
  }

  /** @param {number} mean @returns {number} exponential variate */
  exp(mean) { return -Math.log(1 - this.next()) * mean; }

  /**
   * Log-normal-ish positive value around `median` (spread 0.5 ≈ ×/÷1.6).
   * @param {number} median @param {number} spread
   */
  around(median, spread) {
    // sum of three uniforms ≈ normal, cheaper than Box-Muller and bounded (no absurd tails)
    const z = (this.next() + this.next() + this.next() - 1.5) * 2;
    return median * Math.exp(z * spread);
  }

  /** @param {number} n @returns {string} n lower-case hex digits */
  hex(n) {
    let s = '';
    while (s.length < n) s += hex8(this.u32());
    return s.length === n ? s : s.slice(0, n);
  }

  /** @returns {string} an RFC 4122 v4-shaped UUID */
  uuid() {
    const a = hex8(this.u32()), b = hex8(this.u32()), c = hex8(this.u32()), d = hex8(this.u32());
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${'89ab'[c.charCodeAt(0) & 3]}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  }

  /**
   * A new generator whose stream depends on this one's current state and `label` only.
   * @param {string} label
   */
  fork(label) { return new Rng(`${this.a}:${this.b}:${this.c}:${this.d}:${label}`); }
}

/**
 * Weighted choice table built once, sampled in O(log n).
 * @template T
 */
export class Weighted {
  /** @param {ReadonlyArray<readonly [T, number]>} entries */
  constructor(entries) {
    /** @type {T[]} */ this.items = [];
    /** @type {number[]} */ this.cum = [];
    let s = 0;
    for (const [item, w] of entries) {
      if (!(w > 0)) continue;
      s += w;
      this.items.push(item);
      this.cum.push(s);
    }
    this.total = s;
  }

  /** @param {Rng} rng @returns {T} */
  sample(rng) {
    const x = rng.next() * this.total;
    const cum = this.cum;
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid; else lo = mid + 1;
    }
    return this.items[lo];
  }
}
