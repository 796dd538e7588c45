import { hash32 } from '../cube/attribution.js';

/**
 * Soft-404 evidence for `soft-not-found`, with fixed memory whatever the traffic.
 *
 * A soft 404 is an error page served with 200: many distinct, otherwise unseen paths get
 * the same small body. Two bounded structures answer "is this 200 such a page?":
 *
 * - `SeenPaths`: has this path been answered before? A set-associative table of 32-bit
 *   path hashes (2^18 entries, 1 MiB) with CLOCK eviction: a path seen again is marked
 *   and survives the next sweep, so popular pages stay "seen" while a million one-off
 *   scanner paths cycle through the table instead of growing it.
 * - `SharedSizes`: which body sizes keep recurring on first-seen paths? A Misra–Gries
 *   summary of 64 counters: any size that is more than 1/65 of the first-seen answers is
 *   kept (its count is a lower bound). Each entry also keeps the shortest and longest
 *   path it was served for: a page that echoes its path (a directory listing, "page
 *   /foo not found") changes size with the path length, so equal sizes on equal-length
 *   paths prove nothing, while one size on paths of different lengths is one fixed body.
 *
 * Hot path: called only for GET 200s with a known body size on page-like paths; no
 * allocation (typed arrays, a numeric hash, a char-code extension check).
 */

/** static assets: many distinct images or scripts with one size are not error pages */
export const ASSET_EXTENSIONS: readonly string[] = [
  'css', 'js', 'mjs', 'map', 'png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'svg', 'ico', 'bmp', 'tif', 'tiff',
  'woff', 'woff2', 'ttf', 'otf', 'eot', 'mp4', 'webm', 'ogg', 'ogv', 'mp3', 'wav', 'flac', 'm4a', 'mov', 'avi',
  'zip', 'gz', 'tgz', 'bz2', 'xz', '7z', 'rar', 'tar', 'deb', 'rpm', 'dmg', 'exe', 'msi', 'iso', 'apk', 'jar', 'wasm',
];

/** a lower-case extension of up to 5 [a-z0-9] characters packed into a number (0 = none) */
function extCode(s: string, from: number, to: number): number {
  if (to - from < 1 || to - from > 5) return 0;
  let code = 0;
  for (let i = from; i < to; i++) {
    let c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    const d = c >= 97 && c <= 122 ? c - 96 : c >= 48 && c <= 57 ? c - 48 + 27 : -1;
    if (d < 0) return 0;
    code = code * 37 + d;
  }
  return code;
}

const ASSET_CODES = new Set(ASSET_EXTENSIONS.map((e) => extCode(e, 0, e.length)));

/**
 * true when the last segment of `path` ends in a static-asset extension (no allocation).
 * Walks back from the end, at most six characters past the last dot: an extension is at
 * most five. Two lastIndexOf calls cost 190 ns per path (each a call into the runtime),
 * a quarter of the soft-404 tracker's time.
 */
export function isAssetPath(path: string): boolean {
  const end = path.length;
  const stop = Math.max(0, end - 7);
  for (let i = end - 1; i >= stop; i--) {
    const c = path.charCodeAt(i);
    if (c === 46 /* . */) {
      if (i === 0 || path.charCodeAt(i - 1) === 47 /* / */) return false; // a dot file, no extension
      return ASSET_CODES.has(extCode(path, i + 1, end));
    }
    if (c === 47 /* / */) return false;
  }
  return false;
}

export const SEEN_PATH_SLOTS = 1 << 18;
const WAYS = 4;

/**
 * Tables given back by finished trackers (see SeenPaths.release), for the next one on this
 * thread. Reading many small files builds a tracker per file: a fresh megabyte each, which
 * V8 counts as external memory and answers with full collections.
 */
const spareTables: Uint32Array[] = [];
const MAX_SPARE_TABLES = 1;

export class SeenPaths {
  /** fingerprint with bit 1 set (so 0 means empty); bit 0 is the CLOCK "seen again" mark */
  private slots: Uint32Array;
  private readonly bucketMask: number;
  private hand = 0;

  constructor(slots = SEEN_PATH_SLOTS) {
    const spare = spareTables.findIndex((t) => t.length === slots);
    this.slots = spare === -1 ? new Uint32Array(slots) : spareTables.splice(spare, 1)[0]!.fill(0);
    this.bucketMask = slots / WAYS - 1;
  }

  /** gives the table to the next SeenPaths of this thread; this one must not be used afterwards */
  release(): void {
    if (spareTables.length < MAX_SPARE_TABLES && this.slots.length > 0) spareTables.push(this.slots);
    this.slots = new Uint32Array(0);
  }

  /** true the first time a path is observed (or again after it was evicted); `h` is hash32(path) */
  firstSeen(path: string, h = hash32(path)): boolean {
    const fp = (h | 2) & ~1;
    const base = (h & this.bucketMask) * WAYS;
    const s = this.slots;
    for (let i = 0; i < WAYS; i++) {
      const v = s[base + i]!;
      if ((v & ~1) === fp) {
        s[base + i] = v | 1;
        return false;
      }
      if (v === 0) {
        s[base + i] = fp;
        return true;
      }
    }
    // bucket full: CLOCK over its ways, clearing marks until an unmarked entry is found
    for (;;) {
      const i = base + this.hand;
      this.hand = (this.hand + 1) % WAYS;
      const v = s[i]!;
      if ((v & 1) === 0) {
        s[i] = fp;
        return true;
      }
      s[i] = v & ~1;
    }
  }
}

export const SHARED_SIZE_COUNTERS = 64;
/** a size is "shared" once at least this many first-seen paths (lower bound) got it */
export const SHARED_SIZE_MIN_PATHS = 3;

export class SharedSizes {
  private readonly size = new Float64Array(SHARED_SIZE_COUNTERS);
  private readonly count = new Int32Array(SHARED_SIZE_COUNTERS);
  private readonly minLen = new Int32Array(SHARED_SIZE_COUNTERS);
  private readonly maxLen = new Int32Array(SHARED_SIZE_COUNTERS);

  /**
   * Counts a first-seen answer of `bytes` on a path of length `pathLength`; true when that
   * size is now shared by several first-seen paths of different lengths (one fixed body).
   */
  observe(bytes: number, pathLength: number): boolean {
    const n = SHARED_SIZE_COUNTERS;
    let free = -1;
    for (let i = 0; i < n; i++) {
      if (this.count[i]! > 0 && this.size[i] === bytes) {
        const c = ++this.count[i]!;
        if (pathLength < this.minLen[i]!) this.minLen[i] = pathLength;
        if (pathLength > this.maxLen[i]!) this.maxLen[i] = pathLength;
        return c >= SHARED_SIZE_MIN_PATHS && this.maxLen[i]! > this.minLen[i]!;
      }
      if (free === -1 && this.count[i] === 0) free = i;
    }
    if (free !== -1) {
      this.size[free] = bytes;
      this.count[free] = 1;
      this.minLen[free] = pathLength;
      this.maxLen[free] = pathLength;
      return false;
    }
    // Misra–Gries: no room, so every counter (and this item) loses one
    for (let i = 0; i < n; i++) if (this.count[i]! > 0) this.count[i]!--;
    return false;
  }
}

/** what enrichment records for one answer: not a candidate, or a path seen before */
export const NOVELTY_NONE = 0;
/** a 200 to a path not seen before */
export const NOVELTY_FIRST_SEEN = 1;
/** …whose body size is shared by other first-seen paths of other lengths */
export const NOVELTY_SHARED_SIZE = 2;

export class SoftNotFoundTracker {
  private readonly seen: SeenPaths;
  private readonly sizes = new SharedSizes();

  constructor(slots = SEEN_PATH_SLOTS) {
    this.seen = new SeenPaths(slots);
  }

  /** see SeenPaths.release: this tracker must not be used afterwards */
  release(): void {
    this.seen.release();
  }

  /** call for GET 200 answers whose body size is known and > 0; `pathHash` is hash32(path) */
  observe(path: string, bytes: number, pathHash = hash32(path)): number {
    if (isAssetPath(path)) return NOVELTY_NONE;
    if (!this.seen.firstSeen(path, pathHash)) return NOVELTY_NONE;
    return this.sizes.observe(bytes, path.length) ? NOVELTY_SHARED_SIZE : NOVELTY_FIRST_SEEN;
  }
}
