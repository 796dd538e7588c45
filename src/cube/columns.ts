/**
 * The measure columns of one page of cube cells.
 *
 * Most measures are zero on most cells: on the 3M-line combined bench log, retry streaks,
 * storm starts, redirect follow-ups, shared-size 200s and their byte sums are non-zero on
 * 0.0–0.2% of the cells, refusals explained on 0.9%, crawlers on 3.2%. Dense, those columns
 * were half of every page (44 of 88 bytes a cell at 3M lines) and grew with the
 * number of cells. So a column starts sparse (offset → value in a small hash table) and
 * becomes a dense typed array once it holds more than DENSE_AT values, where the table
 * would stop being smaller. The column named dense from the start (the request count,
 * which every cell has) never goes through the table. The pages of that log went from 33.1
 * to 17.5 MB (88 to 47 bytes a cell), and peak RSS of the whole run from 187–189 to
 * 172–175 MB, with parse + build time unchanged (2475–2508 against 2369–2513 ns a line).
 */

/** a page's offsets are below this (cube.ts CELL_PAGE): offset + 1 fits a Uint16 key */
const MAX_PAGE_CELLS = 1 << 16;

/**
 * Values a sparse column holds before it turns dense. At most half full, the table then
 * has 2^11 entries of 10 bytes (20 KiB), against 32 KiB for a dense count column and
 * 64 KiB for a dense sum column of 8192 cells.
 */
export const DENSE_AT = 1024;

const INITIAL_CAPACITY = 16;

/** SparseColumn.forEachInOrder's scratch (offset → value, and which offsets are set), grown to the largest page walked */
let inOrderValues = new Float64Array(0);
let inOrderPresent = new Uint8Array(0);

/** a SparseColumn as plain data (what structured cloning leaves of one) */
export interface SparseColumnArrays {
  /** offset + 1 per entry, 0 where empty */
  keys: Uint16Array;
  values: Float64Array;
  size: number;
}

/** offset → value, open addressing with linear probing, at most half full */
export class SparseColumn implements SparseColumnArrays {
  keys: Uint16Array;
  values: Float64Array;
  size: number;
  private shift: number;

  constructor(from?: SparseColumnArrays) {
    this.keys = from?.keys ?? new Uint16Array(INITIAL_CAPACITY);
    this.values = from?.values ?? new Float64Array(INITIAL_CAPACITY);
    this.size = from?.size ?? 0;
    const capacity = this.keys.length;
    if (from !== undefined) {
      let used = 0;
      for (const k of this.keys) if (k !== 0) used++;
      const ok = capacity >= INITIAL_CAPACITY && (capacity & (capacity - 1)) === 0 && this.values.length === capacity && used === this.size && used * 2 <= capacity;
      if (!ok) throw new Error('cube transfer holds a sparse column that does not fit its size');
    }
    this.shift = 32 - Math.log2(capacity);
  }

  /** the value at `offset` (0 when absent) */
  get(offset: number): number {
    const at = this.find(offset);
    return at === -1 ? 0 : this.values[at]!;
  }

  /** whether `offset` has an entry */
  has(offset: number): boolean {
    return this.find(offset) !== -1;
  }

  /** the entry of `offset`, or -1 */
  private find(offset: number): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    const key = offset + 1;
    for (let at = Math.imul(offset, 0x9e3779b1) >>> this.shift; ; at = (at + 1) & mask) {
      const k = keys[at]!;
      if (k === key) return at;
      if (k === 0) return -1;
    }
  }

  /** adds `n` at `offset` and returns the new value */
  add(offset: number, n: number): number {
    const at = this.entryFor(offset);
    return (this.values[at]! += n);
  }

  /** sets the value at `offset` (a 0 is stored only where an entry exists) */
  set(offset: number, value: number): void {
    if (value === 0 && this.get(offset) === 0) return;
    // the entry first: inserting may replace this.values
    const at = this.entryFor(offset);
    this.values[at] = value;
  }

  /** calls `fn` for every entry, in table order */
  forEach(fn: (offset: number, value: number) => void): void {
    const keys = this.keys;
    for (let at = 0; at < keys.length; at++) if (keys[at] !== 0) fn(keys[at]! - 1, this.values[at]!);
  }

  /**
   * calls `fn` for every entry below offset `end`, in offset order: the entries are spread
   * by offset over a scratch array and walked from 0 to `end`, which for a page of a small
   * file's cube cost a tenth of sorting them (merging 300 such cubes)
   */
  forEachInOrder(end: number, fn: (offset: number, value: number) => void): void {
    if (inOrderValues.length < end) {
      inOrderValues = new Float64Array(end);
      inOrderPresent = new Uint8Array(end);
    }
    const values = inOrderValues;
    const present = inOrderPresent;
    const keys = this.keys;
    for (let at = 0; at < keys.length; at++) {
      const o = keys[at]! - 1;
      if (o >= 0 && o < end) {
        present[o] = 1;
        values[o] = this.values[at]!;
      }
    }
    let o = 0;
    try {
      for (; o < end; o++) {
        if (present[o] === 0) continue;
        present[o] = 0;
        fn(o, values[o]!);
      }
    } finally {
      // a throwing `fn` (a count past its range) must not leave marks for the next walk
      present.fill(0, o, end);
    }
  }

  /** the entry of `offset`, inserted (value 0) if absent */
  private entryFor(offset: number): number {
    if (offset < 0 || offset >= MAX_PAGE_CELLS) throw new RangeError(`page offset ${offset} out of range`);
    const key = offset + 1;
    for (;;) {
      const keys = this.keys;
      const mask = keys.length - 1;
      let at = Math.imul(offset, 0x9e3779b1) >>> this.shift;
      for (; keys[at] !== 0; at = (at + 1) & mask) if (keys[at] === key) return at;
      if ((this.size + 1) * 2 <= keys.length) {
        keys[at] = key;
        this.size++;
        return at;
      }
      this.rehash(keys.length * 2, MAX_PAGE_CELLS);
    }
  }

  /** rebuilds the table at `capacity`, keeping only the offsets below `end` */
  rehash(capacity: number, end: number): void {
    const { keys, values } = this;
    this.keys = new Uint16Array(capacity);
    this.values = new Float64Array(capacity);
    this.shift = 32 - Math.log2(capacity);
    this.size = 0;
    for (let at = 0; at < keys.length; at++) {
      const k = keys[at]!;
      if (k !== 0 && k - 1 < end) {
        const into = this.entryFor(k - 1);
        this.values[into] = values[at]!;
      }
    }
  }
}

/** a ColumnSet as plain data (what structured cloning leaves of one: it holds no functions) */
export interface ColumnSetArrays<T extends Uint32Array | Float64Array> {
  /** cells per column */
  length: number;
  /** Float64 columns (sums) rather than Uint32 ones (counts) */
  sums: boolean;
  /** the column that is dense from the start, -1 for none */
  denseFromStart: number;
  dense: (T | null)[];
  sparse: (SparseColumnArrays | null)[];
}

/**
 * The columns of one kind (counts or sums) of a page: each column is absent (every value
 * 0), sparse, or dense, never two of these at once.
 */
export class ColumnSet<T extends Uint32Array | Float64Array> implements ColumnSetArrays<T> {
  readonly length: number;
  readonly sums: boolean;
  readonly denseFromStart: number;
  readonly dense: (T | null)[];
  readonly sparse: (SparseColumn | null)[];

  /** `stride` columns of `length` cells, or the columns of `from` adopted as they are */
  constructor(stride: number, length: number, sums: boolean, denseFromStart: number, from?: ColumnSetArrays<T>) {
    this.length = length;
    this.sums = sums;
    this.denseFromStart = denseFromStart;
    if (from === undefined) {
      this.dense = new Array<T | null>(stride).fill(null);
      this.sparse = new Array<SparseColumn | null>(stride).fill(null);
      return;
    }
    const ok =
      from.length === length &&
      from.sums === sums &&
      from.denseFromStart === denseFromStart &&
      from.dense.length === stride &&
      from.sparse.length === stride &&
      from.dense.every((c) => c === null || (c.length === length && c instanceof (sums ? Float64Array : Uint32Array))) &&
      from.dense.every((c, i) => c === null || from.sparse[i] === null);
    if (!ok) throw new Error('cube transfer holds a page of the wrong size');
    this.dense = from.dense;
    this.sparse = from.sparse.map((s) => (s === null ? null : new SparseColumn(s)));
  }

  get(c: number, offset: number): number {
    const dense = this.dense[c]!;
    if (dense !== null) return dense[offset]!;
    const sparse = this.sparse[c]!;
    return sparse === null ? 0 : sparse.get(offset);
  }

  /** adds `n` at `offset` of column `c` and returns the new value */
  add(c: number, offset: number, n: number): number {
    const dense = this.dense[c]!;
    if (dense !== null) return (dense[offset]! += n);
    const sparse = this.sparseFor(c, offset);
    return sparse === null ? (this.densify(c)[offset]! += n) : sparse.add(offset, n);
  }

  /** sets the value at `offset` of column `c` */
  set(c: number, offset: number, value: number): void {
    const dense = this.dense[c]!;
    if (dense !== null) dense[offset] = value;
    else if (value === 0) this.sparse[c]?.set(offset, 0);
    else {
      const sparse = this.sparseFor(c, offset);
      if (sparse === null) this.densify(c)[offset] = value;
      else sparse.set(offset, value);
    }
  }

  /** the sparse column a write at `offset` of column `c` goes to (created if need be), or null when it must go dense */
  private sparseFor(c: number, offset: number): SparseColumn | null {
    const sparse = this.sparse[c]!;
    if (sparse === null) return c === this.denseFromStart ? null : (this.sparse[c] = new SparseColumn());
    return sparse.size < DENSE_AT || sparse.has(offset) ? sparse : null;
  }

  /** the column as a dense array, converting it (or allocating it) if it is not */
  densify(c: number): T {
    const existing = this.dense[c]!;
    if (existing !== null) return existing;
    const dense = (this.sums ? new Float64Array(this.length) : new Uint32Array(this.length)) as T;
    this.sparse[c]?.forEach((o, v) => (dense[o] = v));
    this.sparse[c] = null;
    return (this.dense[c] = dense);
  }

  /** calls `fn` for each non-zero value of column `c` below offset `end`, in offset order */
  forEachValue(c: number, end: number, fn: (offset: number, value: number) => void): void {
    const dense = this.dense[c]!;
    if (dense !== null) {
      for (let o = 0; o < end; o++) {
        const v = dense[o]!;
        if (v !== 0) fn(o, v);
      }
      return;
    }
    this.sparse[c]?.forEachInOrder(end, (o, v) => {
      if (v !== 0) fn(o, v);
    });
  }

  /** the columns that hold any value, by index */
  present(): number[] {
    const out: number[] = [];
    for (let c = 0; c < this.dense.length; c++) if (this.dense[c] !== null || this.sparse[c] !== null) out.push(c);
    return out;
  }

  /** column `c` summed over the offsets below `end` where `counts` is non-zero */
  sumWhereCounted(c: number, counts: ArrayLike<number>, end: number): number {
    let n = 0;
    const dense = this.dense[c]!;
    if (dense !== null) {
      for (let o = 0; o < end; o++) if (counts[o] !== 0) n += dense[o]!;
      return n;
    }
    this.sparse[c]?.forEach((o, v) => {
      if (o < end && counts[o] !== 0) n += v;
    });
    return n;
  }

  /** zeroes every column from `offset` on */
  clearFrom(offset: number): void {
    for (const column of this.dense) column?.fill(0, offset);
    for (const column of this.sparse) column?.rehash(column.keys.length, offset);
  }
}

/** the buffers of every column of a set, for a transfer list */
export function columnSetBuffers(set: ColumnSetArrays<Uint32Array | Float64Array>): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const d of set.dense) if (d !== null) out.push(d.buffer as ArrayBuffer);
  for (const s of set.sparse) if (s !== null) out.push(s.keys.buffer as ArrayBuffer, s.values.buffer as ArrayBuffer);
  return out;
}
