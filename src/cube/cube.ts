import { Attribution, AttributionPool, type AttributionTransfer } from './attribution.js';
import { ColumnSet, columnSetBuffers, type ColumnSetArrays } from './columns.js';
import { COUNT_MEASURES, COUNT_STRIDE, MAX_CELL_COUNT, MEASURES, MEASURE_COLUMN, MEASURE_INDEX, SUM_MEASURES, SUM_STRIDE, type Measure } from './measures.js';

/**
 * The additive window × method × route × status structure every rule reads.
 *
 * Cells live in flat typed arrays indexed by a slot; a numeric key built from interned
 * ids finds the slot. Numbers, not strings, key the hot map because building a string
 * key per line costs more than the rest of the insert.
 */

export const STATUS_SPACE = 1000;
export const METHOD_SPACE = 64;
/**
 * Route ids stay below this so that a cell key within one window,
 * (route × METHOD_SPACE + method) × STATUS_SPACE + status, is below 2^30: a small
 * integer for V8, which hashes and stores it without allocating (a larger key is a
 * heap number, and the lookup on every line then allocates).
 */
export const ROUTE_SPACE = 16_384;
const MEASURE_COUNT = MEASURES.length;
const IS_SUM: readonly boolean[] = MEASURES.map((m) => SUM_MEASURES.has(m));
export const SAMPLES_PER_CELL = 3;
/** sample lines are stored as Int32 (0: no sample); a line past this keeps no sample */
export const MAX_SAMPLE_LINE = 0x7fffffff;

/** the route every path folds into once the route cap is reached */
export const OTHER_ROUTE = '(other)';
/** the method bucket for non-standard method tokens once the method table is full */
export const OTHER_METHOD = 'OTHER';

export interface SampleRef {
  file: string;
  line: number;
}

/** a cell as rules see it */
export interface Cell {
  /** window start, epoch ms */
  window: number;
  method: string;
  route: string;
  status: number;
  count: number;
  m: Readonly<Record<Measure, number>>;
  samples: SampleRef[];
}

export interface FileSummary {
  path: string;
  format: string;
  lines: number;
  requests: number;
  skipped: number;
  /** set when the input could not be read completely (missing, I/O error, corrupt gzip): the report is partial */
  error?: string;
  /** set when a file found in a directory is not an access log we recognise: skipped, not an error */
  note?: string;
}

export interface SkipExample {
  file: string;
  line: number;
  reason: string;
}

export const MAX_SKIP_EXAMPLES = 5;
/** folded route names a cube remembers (memory bound; past it, folds are counted, not named) */
export const MAX_FOLDED_KEPT = 1_000_000;

/** the arrays of a CellPage (what structured cloning leaves of one) */
export interface CellPageArrays {
  window: Int32Array;
  method: Uint8Array;
  route: Uint16Array;
  status: Uint16Array;
  counts: ColumnSetArrays<Uint32Array>;
  sums: ColumnSetArrays<Float64Array>;
  sampleLine: Int32Array;
  sampleFile: Int32Array | null;
}

/**
 * A cube as plain data for postMessage: its cell pages, slot table and attribution pages
 * as they are (their buffers transferred), names and maps as arrays. Worker threads build
 * one per input and the main thread merges them.
 */
export interface CubeTransfer {
  windowMs: number;
  methods: string[];
  routes: string[];
  windows: number[];
  files: FileSummary[];
  size: number;
  /** the cube's pages and slot table as they are: transferred, never copied or rebuilt */
  pages: CellPageArrays[];
  slotTable: Int32Array;
  keyTable: Float64Array;
  measureCount: number;
  /** the attributions' storage pages, transferred like the cell pages */
  attributionPages: AttributionTransfer;
  /** key → [page, slot] of its attribution in attributionPages */
  byWindowStatus: [number, number, number][];
  byRouteStatus: [number, number, number][];
  skipped: Record<string, number>;
  skipExamples: SkipExample[];
  pathsFolded: number;
  foldedRoutes: string[];
  requestsFolded: number;
  minTime: number;
  maxTime: number;
  available: Measure[];
}

/** cells per page (a power of two): a slot is page × CELL_PAGE + offset */
export const CELL_PAGE_BITS = 13;
export const CELL_PAGE = 1 << CELL_PAGE_BITS;
const CELL_OFFSET_MASK = CELL_PAGE - 1;
const INITIAL_TABLE_SLOTS = 1 << 12;
/** cell keys within a window stay below this (see ROUTE_SPACE) */
const CELL_KEY_SPACE = ROUTE_SPACE * METHOD_SPACE * STATUS_SPACE;

/**
 * The storage of CELL_PAGE cells. Pages are allocated as cells appear and never copied:
 * a cube that grew by doubling one set of arrays held up to twice the memory its cells
 * needed, and twice that again while copying (and the copies cost 2% of the CPU).
 *
 * Measures are stored a column per measure, and a column exists only once a cell of the
 * page gets a non-zero value there: a log format fills only some measures (a combined log
 * has no durations, headers or upstream statuses), and a row per cell held every measure
 * anyway. With sample files stored only when a run has several files, the pages of the
 * 3M-line combined bench log went from 129 to 88 bytes a cell (46.4 to 31.6 MB). Count
 * measures are 32-bit (see SUM_MEASURES): 21 doubles a cell took 168 bytes. A column
 * holds its values sparsely until it has enough of them to be worth a dense array
 * (columns.ts): 88 to 47 bytes a cell there (33.1 to 17.5 MB).
 */
export class CellPage implements CellPageArrays {
  readonly window: Int32Array;
  readonly method: Uint8Array;
  readonly route: Uint16Array;
  readonly status: Uint16Array;
  /** the count columns (MEASURE_COLUMN); the request count is always dense */
  readonly counts: ColumnSet<Uint32Array>;
  /** the sum columns */
  readonly sums: ColumnSet<Float64Array>;
  /** line of each sample (offset × SAMPLES_PER_CELL + i), 0 when empty: lines count from 1 */
  readonly sampleLine: Int32Array;
  /**
   * File index of each sample; null while every sample is from file 0, which is all of
   * them in a single-file run (and saves 12 bytes a cell there).
   */
  sampleFile: Int32Array | null;

  /** a new empty page, or one that adopts the arrays of a page sent by a worker */
  constructor(from?: CellPageArrays) {
    this.window = from?.window ?? new Int32Array(CELL_PAGE);
    this.method = from?.method ?? new Uint8Array(CELL_PAGE);
    this.route = from?.route ?? new Uint16Array(CELL_PAGE);
    this.status = from?.status ?? new Uint16Array(CELL_PAGE);
    this.counts = new ColumnSet(COUNT_STRIDE, CELL_PAGE, false, COUNT_COLUMN_OF_COUNT, from?.counts);
    this.sums = new ColumnSet(SUM_STRIDE, CELL_PAGE, true, -1, from?.sums);
    this.sampleLine = from?.sampleLine ?? new Int32Array(CELL_PAGE * SAMPLES_PER_CELL);
    this.sampleFile = from?.sampleFile ?? null;
    if (from !== undefined) {
      const ok =
        [this.window, this.method, this.route, this.status].every((a) => a.length === CELL_PAGE) &&
        [this.sampleLine, this.sampleFile].every((a) => a === null || a.length === CELL_PAGE * SAMPLES_PER_CELL);
      if (!ok) throw new Error('cube transfer holds a page of the wrong size');
    }
  }

  /** the sample file indexes, allocated (all file 0) on first use */
  sampleFiles(): Int32Array {
    return this.sampleFile ?? (this.sampleFile = new Int32Array(CELL_PAGE * SAMPLES_PER_CELL));
  }
}

/** a page's buffers, for a transfer list (its unallocated columns have none) */
function pageBuffers(p: CellPageArrays): ArrayBuffer[] {
  const arrays = [p.window, p.method, p.route, p.status, p.sampleLine, p.sampleFile];
  return [...arrays.filter((a) => a !== null).map((a) => a.buffer as ArrayBuffer), ...columnSetBuffers(p.counts), ...columnSetBuffers(p.sums)];
}

export class Cube {
  windowMs: number;
  readonly methods: string[] = [];
  readonly routes: string[] = [];
  /** interned window indexes (window start = index × windowMs) */
  readonly windows: number[] = [];
  readonly files: FileSummary[] = [];

  private readonly methodIds = new Map<string, number>();
  private lastMethod: string | undefined;
  private lastMethodId = -1;
  private readonly routeIds = new Map<string, number>();
  private readonly windowIds = new Map<number, number>();
  private readonly pages: CellPage[] = [];
  size = 0;
  /**
   * (window id, cell key) → slot + 1 (0: empty), open addressing with linear probing, at
   * most three quarters full (see overFull): one table for all windows, 16–32 bytes per
   * cell, where a Map per window cost about 40 and a lookup hashed through two maps.
   */
  private slotTable: Int32Array = new Int32Array(INITIAL_TABLE_SLOTS);
  private keyTable: Float64Array = new Float64Array(INITIAL_TABLE_SLOTS);

  /** the storage of this cube's attributions (transferred with it, see toTransfer) */
  private attributionPool = new AttributionPool();
  /** who, by window × status (all routes) and by method × route × status (all windows) */
  readonly byWindowStatus = new Map<number, Attribution>();
  readonly byRouteStatus = new Map<number, Attribution>();

  skipped: Record<string, number> = {};
  skipExamples: SkipExample[] = [];
  /** distinct paths that folded into (other) because the route cap was reached */
  pathsFolded = 0;
  /**
   * The route templates counted in `pathsFolded` (at most MAX_FOLDED_KEPT), so that merging
   * the cubes of several files counts a template folded in both once. A cube read back from
   * elsewhere may have the count without the names; merging then adds the counts.
   */
  readonly foldedRoutes = new Set<string>();
  /** requests whose route folded into (other) */
  requestsFolded = 0;
  /**
   * The id of the route named (other), -1 while there is none: the hot path asks on every
   * line whether a route is (other), and comparing ids saved reading the route's string.
   */
  otherRouteId = -1;
  minTime = Infinity;
  maxTime = -Infinity;
  /**
   * Measures this cube's source can provide. A cube built from logs has them all (a cell's
   * own `headersKnown`/`bodyKnown` say whether a format logged headers or body sizes); a
   * cube from Prometheus has only `count`, and rules that need more report "not applicable".
   */
  readonly available = new Set<Measure>(MEASURES);

  constructor(windowMs: number) {
    if (!(windowMs > 0)) throw new Error(`window must be positive, got ${windowMs}`);
    this.windowMs = windowMs;
  }

  methodId(method: string): number {
    // most lines repeat the method of the line before (the parsers return constants for
    // the common ones, so this is mostly one pointer compare instead of a map lookup)
    if (method === this.lastMethod) return this.lastMethodId;
    let id = this.methodIds.get(method);
    if (id !== undefined) {
      this.lastMethod = method;
      this.lastMethodId = id;
      return id;
    }
    if (this.methods.length >= METHOD_SPACE - 1 && method !== OTHER_METHOD) return this.methodId(OTHER_METHOD);
    id = this.methods.length;
    this.methods.push(method);
    this.methodIds.set(method, id);
    return id;
  }

  /** returns the id of an existing route, or undefined (callers decide about the cap) */
  findRoute(route: string): number | undefined {
    return this.routeIds.get(route);
  }

  routeId(route: string): number {
    let id = this.routeIds.get(route);
    if (id !== undefined) return id;
    if (this.routes.length >= ROUTE_SPACE - 1) return this.routeId(OTHER_ROUTE);
    id = this.routes.length;
    this.routes.push(route);
    this.routeIds.set(route, id);
    if (route === OTHER_ROUTE) this.otherRouteId = id;
    return id;
  }

  get routeCount(): number {
    return this.routes.length;
  }

  windowId(windowIndex: number): number {
    let id = this.windowIds.get(windowIndex);
    if (id !== undefined) return id;
    id = this.windows.length;
    this.windows.push(windowIndex);
    this.windowIds.set(windowIndex, id);
    return id;
  }

  /** the slot of a cell, created if absent; ids come from methodId/routeId/windowId */
  slot(windowId: number, methodId: number, routeId: number, status: number): number {
    // every write to a cell goes through slot() first (the builder, merges, decoding)
    this.dropCellCaches();
    this.ensureIndex();
    const at = this.probe(windowId, methodId, routeId, status);
    const e = this.slotTable[at]!;
    if (e !== 0) return e - 1;
    const s = this.size;
    if ((s & CELL_OFFSET_MASK) === 0) this.pages.push(new CellPage());
    this.place(at, s, windowId, methodId, routeId, status);
    if (overFull(this.size, this.slotTable.length)) this.resizeTable(this.slotTable.length * 2);
    return s;
  }

  /** where a cell's key is in the slot table, or the empty entry where it would go */
  private probe(windowId: number, methodId: number, routeId: number, status: number): number {
    const cellKey = cellKeyOf(methodId, routeId, status);
    const key = windowId * CELL_KEY_SPACE + cellKey;
    const mask = this.slotTable.length - 1;
    let at = cellHash(windowId, cellKey) & mask;
    for (;;) {
      const e = this.slotTable[at]!;
      if (e === 0 || this.keyTable[at] === key) return at;
      at = (at + 1) & mask;
    }
  }

  /** makes slot `s` (this.size, in an existing page) the cell of that key, at empty table entry `at` */
  private place(at: number, s: number, windowId: number, methodId: number, routeId: number, status: number): void {
    const page = this.pages[s >>> CELL_PAGE_BITS]!;
    const o = s & CELL_OFFSET_MASK;
    page.window[o] = windowId;
    page.method[o] = methodId;
    page.route[o] = routeId;
    page.status[o] = status;
    this.slotTable[at] = s + 1;
    this.keyTable[at] = windowId * CELL_KEY_SPACE + cellKeyOf(methodId, routeId, status);
    this.size = s + 1;
  }

  /**
   * Frees the key → slot index (the slot and key tables: 12 bytes per table entry, 6 MiB
   * for the 375k cells of the 3M-line bench log). Reading a cube goes by slot, so the rules
   * never need it; analyze frees it before they run, which is when a run peaks: the 3M-line
   * log's peak RSS fell from 149–150.5 to 141.5–143.5 MB in three alternating runs (the
   * 300k-line log's stayed at 108.5–111.7). The next write (slot, coarsen) or transfer
   * rebuilds it from the pages.
   */
  releaseIndex(): void {
    this.slotTable = new Int32Array(0);
    this.keyTable = new Float64Array(0);
  }

  /** bytes of the key → slot index (0 once released) */
  get indexByteLength(): number {
    return this.slotTable.byteLength + this.keyTable.byteLength;
  }

  /** rebuilds the index from the pages if releaseIndex freed it */
  private ensureIndex(): void {
    if (this.slotTable.length !== 0) return;
    let n = INITIAL_TABLE_SLOTS;
    while (overFull(this.size, n)) n *= 2;
    this.resizeTable(n);
  }

  private resizeTable(n: number): void {
    const slots = new Int32Array(n);
    const keys = new Float64Array(n);
    const mask = n - 1;
    for (let s = 0; s < this.size; s++) {
      const page = this.pages[s >>> CELL_PAGE_BITS]!;
      const o = s & CELL_OFFSET_MASK;
      const w = page.window[o]!;
      const cellKey = cellKeyOf(page.method[o]!, page.route[o]!, page.status[o]!);
      let at = cellHash(w, cellKey) & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = s + 1;
      keys[at] = w * CELL_KEY_SPACE + cellKey;
    }
    this.slotTable = slots;
    this.keyTable = keys;
  }

  /** adds `n` to measure index `measure` of a slot (a count must stay a whole number below 2^32) */
  add(slot: number, measure: number, n: number): void {
    this.dropCellCaches();
    const page = this.pages[slot >>> CELL_PAGE_BITS]!;
    const o = slot & CELL_OFFSET_MASK;
    const c = MEASURE_COLUMN[measure]!;
    if (IS_SUM[measure]) {
      if (n !== 0) page.sums.add(c, o, n);
      return;
    }
    const v = page.counts.get(c, o) + n;
    if (!Number.isInteger(v) || v < 0 || v > MAX_CELL_COUNT) throw countRangeError(MEASURES[measure]!, v);
    page.counts.set(c, o, v);
  }

  /**
   * For the hot path: the page holding a slot. A measure of the slot is at offset
   * (slot & (CELL_PAGE - 1)) of column MEASURE_COLUMN[measure] of its `counts` (or `sums`);
   * writes through it must follow a slot() call (which drops caches).
   */
  pageOf(slot: number): CellPage {
    return this.pages[slot >>> CELL_PAGE_BITS]!;
  }

  /** keeps the SAMPLES_PER_CELL earliest (file, line) references of a cell */
  addSample(slot: number, fileIndex: number, line: number): void {
    this.dropCellCaches();
    if (line > MAX_SAMPLE_LINE) return;
    const page = this.pages[slot >>> CELL_PAGE_BITS]!;
    // null while every sample of the page is from file 0 (and then so is this one)
    const files = fileIndex === 0 ? page.sampleFile : page.sampleFiles();
    const lines = page.sampleLine;
    const base = (slot & CELL_OFFSET_MASK) * SAMPLES_PER_CELL;
    let latest = base;
    let latestFile = -1;
    for (let i = base; i < base + SAMPLES_PER_CELL; i++) {
      if (lines[i] === 0) {
        if (files !== null) files[i] = fileIndex;
        lines[i] = line;
        return;
      }
      const f = files === null ? 0 : files[i]!;
      if (f === fileIndex && lines[i] === line) return;
      if (f > latestFile || (f === latestFile && lines[i]! > lines[latest]!)) {
        latest = i;
        latestFile = f;
      }
    }
    // full: replace the latest if this one is earlier (files are indexed in sorted path order)
    if (fileIndex < latestFile || (fileIndex === latestFile && line < lines[latest]!)) {
      if (files !== null) files[latest] = fileIndex;
      lines[latest] = line;
    }
  }

  attributionFor(map: Map<number, Attribution>, key: number): Attribution {
    let a = map.get(key);
    if (a === undefined) {
      a = new Attribution(this.attributionPool);
      map.set(key, a);
    }
    return a;
  }

  static windowStatusKey(windowId: number, status: number): number {
    return windowId * STATUS_SPACE + status;
  }

  static routeStatusKey(methodId: number, routeId: number, status: number): number {
    return cellKeyOf(methodId, routeId, status);
  }

  noteTime(t: number): void {
    if (t < this.minTime) this.minTime = t;
    if (t > this.maxTime) this.maxTime = t;
  }

  skip(reason: string, n = 1): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + n;
  }

  noteSkipExample(ex: SkipExample): void {
    if (this.skipExamples.length < MAX_SKIP_EXAMPLES) this.skipExamples.push(ex);
  }

  // ---- reading, for rules and reports ----

  /** null when every measure is available, else a reason for the report's "not applicable" */
  lacks(...measures: Measure[]): string | null {
    const missing = measures.filter((m) => !this.available.has(m));
    return missing.length === 0 ? null : `this source has no per-request data (${missing.join(', ')})`;
  }

  measure(slot: number, m: Measure): number {
    return this.measureAt(slot, MEASURE_INDEX[m]);
  }

  /** a measure by index */
  measureAt(slot: number, measure: number): number {
    return columnsOf(this.pages[slot >>> CELL_PAGE_BITS]!, measure).get(MEASURE_COLUMN[measure]!, slot & CELL_OFFSET_MASK);
  }

  /** every measure of a slot, in MEASURES order */
  measuresOf(slot: number): number[] {
    const out = new Array<number>(MEASURE_COUNT);
    for (let i = 0; i < MEASURE_COUNT; i++) out[i] = this.measureAt(slot, i);
    return out;
  }

  /** requests of a slot */
  countAt(slot: number): number {
    return countsOf(this.pages[slot >>> CELL_PAGE_BITS]!)[slot & CELL_OFFSET_MASK]!;
  }

  statusAt(slot: number): number {
    return this.pages[slot >>> CELL_PAGE_BITS]!.status[slot & CELL_OFFSET_MASK]!;
  }

  /** window start (epoch ms) of a slot */
  windowAt(slot: number): number {
    return this.windows[this.pages[slot >>> CELL_PAGE_BITS]!.window[slot & CELL_OFFSET_MASK]!]! * this.windowMs;
  }

  methodAt(slot: number): string {
    return this.methods[this.methodIdAt(slot)]!;
  }

  routeAt(slot: number): string {
    return this.routes[this.routeIdAt(slot)]!;
  }

  /** the method's index in `methods`: a rule that groups many cells keys them by ids, not by a string per cell */
  methodIdAt(slot: number): number {
    return this.pages[slot >>> CELL_PAGE_BITS]!.method[slot & CELL_OFFSET_MASK]!;
  }

  /** the route's index in `routes` */
  routeIdAt(slot: number): number {
    return this.pages[slot >>> CELL_PAGE_BITS]!.route[slot & CELL_OFFSET_MASK]!;
  }

  samplesOf(slot: number): SampleRef[] {
    const out: SampleRef[] = [];
    for (const [f, line] of this.rawSamples(slot)) out.push({ file: this.files[f]?.path ?? '?', line });
    return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  }

  /** a cell as rules see it: a view that reads the slot, allocated once per call */
  cellAt(slot: number): Cell {
    return new CellView(this, slot) as unknown as Cell;
  }

  /**
   * Every non-empty cell, in a deterministic order (window, route, method, status).
   * Pass `where` to get only the cells whose key it keeps: it sees each cell's status,
   * method and route before any object is built for the cell.
   */
  cells(where?: (status: number, method: string, route: string) => boolean): readonly Cell[] {
    // Cells are views over the slot storage (a slot and the cube: no copy of the measures).
    // All of them are built once per cube state and shared (readonly: a caller that sorts
    // must copy). With `where`, only the kept ones are built, per call: at 3M lines the
    // views of all 375k cells are 18 MB of heap, and most rules read a few statuses.
    if (where === undefined) return this.cellCache ?? (this.cellCache = Array.from(this.sortedSlots(), (s) => this.cellAt(s)));
    return this.slotsWhere(where).map((s) => this.cellAt(s));
  }

  /** the slots of the non-empty cells whose key `where` keeps, in cells() order: for a rule that reads them by slot, without views */
  slotsWhere(where: (status: number, method: string, route: string) => boolean): number[] {
    const out: number[] = [];
    const slots = this.sortedSlots();
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i]!;
      const page = this.pages[s >>> CELL_PAGE_BITS]!;
      const o = s & CELL_OFFSET_MASK;
      if (where(page.status[o]!, this.methods[page.method[o]!]!, this.routes[page.route[o]!]!)) out.push(s);
    }
    return out;
  }

  /**
   * The non-empty slots in cells() order, for a rule that reads every cell: a pass over
   * them with statusAt, measure and the like builds no object per cell. Walk them by index:
   * `for…of` allocated an iterator result per slot in these loops, which run once a run
   * (14 MB per pass at 3M lines, 160 MB over the rules; 285 → 264 scavenges in a run).
   */
  sortedSlots(): Int32Array {
    return this.slotOrder ?? (this.slotOrder = this.sortSlots());
  }

  private sortSlots(): Int32Array {
    // sort slots by a numeric key (window rank, route rank, method rank, status) rather
    // than comparing strings per pair: ranks are computed once per distinct name
    const windowRank = rankOf(this.windows, (a, b) => a - b);
    const routeRank = rankOf(this.routes, cmp);
    const methodRank = rankOf(this.methods, cmp);
    const routes = this.routes.length;
    const methods = this.methods.length;
    const keyOf = (s: number): number => {
      const page = this.pages[s >>> CELL_PAGE_BITS]!;
      const o = s & CELL_OFFSET_MASK;
      return ((windowRank[page.window[o]!]! * routes + routeRank[page.route[o]!]!) * methods + methodRank[page.method[o]!]!) * STATUS_SPACE + page.status[o]!;
    };
    // When the sort key and the slot fit in a double's 53 bits together (a 3M-line log:
    // 51), the packed numbers sort natively in a Float64Array, several times faster than
    // a comparator sort; keys are distinct, so the order is the same.
    const slotSpan = 2 ** Math.ceil(Math.log2(this.size + 1));
    const keySpan = this.windows.length * routes * methods * STATUS_SPACE;
    if (keySpan * slotSpan <= Number.MAX_SAFE_INTEGER + 1) {
      const packed = new Float64Array(this.size);
      let n = 0;
      for (let s = 0; s < this.size; s++) if (this.countAt(s) !== 0) packed[n++] = keyOf(s) * slotSpan + s;
      const sorted = packed.subarray(0, n).sort();
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = sorted[i]! % slotSpan;
      return out;
    }
    const slots: number[] = [];
    const keys = new Float64Array(this.size);
    for (let s = 0; s < this.size; s++) {
      if (this.countAt(s) === 0) continue;
      keys[s] = keyOf(s);
      slots.push(s);
    }
    slots.sort((a, b) => keys[a]! - keys[b]!);
    return Int32Array.from(slots);
  }

  /** the slot order, the views of every cell and the totals, dropped by every change (see cells) */
  private slotOrder: Int32Array | null = null;
  private cellCache: Cell[] | null = null;
  private statusCountCache: Map<number, number> | null = null;
  private measureTotals: Float64Array | null = null;

  private dropCellCaches(): void {
    this.slotOrder = null;
    this.cellCache = null;
    this.statusCountCache = null;
    this.measureTotals = null;
  }

  /** calls `fn` for every non-empty cell without building objects (for totals over a big cube) */
  forEachCount(fn: (status: number, method: string, route: string, windowStart: number, count: number) => void): void {
    for (let s = 0; s < this.size; s++) {
      const c = this.countAt(s);
      if (c === 0) continue;
      const page = this.pages[s >>> CELL_PAGE_BITS]!;
      const o = s & CELL_OFFSET_MASK;
      fn(page.status[o]!, this.methods[page.method[o]!]!, this.routes[page.route[o]!]!, this.windows[page.window[o]!]! * this.windowMs, c);
    }
  }

  /** window starts (epoch ms) that hold traffic, ascending */
  windowStarts(): number[] {
    return [...new Set(this.windows)].sort((a, b) => a - b).map((w) => w * this.windowMs);
  }

  /**
   * A measure summed over the non-empty cells, read straight from the pages (no cell
   * objects). Kept until the cube changes: the rules and the report ask for the same
   * totals several times (headersKnown four times, the request count twice).
   */
  measureTotal(m: Measure): number {
    const measure = MEASURE_INDEX[m];
    const totals = this.measureTotals ?? (this.measureTotals = new Float64Array(MEASURE_COUNT).fill(NaN));
    if (Number.isNaN(totals[measure])) totals[measure] = this.sumOverCells(measure);
    return totals[measure]!;
  }

  /** a measure summed over the non-empty cells, page by page in slot order */
  private sumOverCells(measure: number): number {
    let n = 0;
    for (let p = 0; p < this.pages.length; p++) {
      const page = this.pages[p]!;
      const end = Math.min(CELL_PAGE, this.size - p * CELL_PAGE);
      n += columnsOf(page, measure).sumWhereCounted(MEASURE_COLUMN[measure]!, countsOf(page), end);
    }
    return n;
  }

  /** the methods of the non-empty cells whose status `where` keeps */
  methodsWith(where: (status: number) => boolean): Set<string> {
    return namesFlagged(this.idsWith(where, this.methods.length, (s) => this.methodIdAt(s)), this.methods);
  }

  /** the routes of the non-empty cells whose status `where` keeps */
  routesWith(where: (status: number) => boolean): Set<string> {
    return namesFlagged(this.routeIdsWith(where), this.routes);
  }

  /** 1 at the id of each route with a non-empty cell whose status `where` keeps: for a rule that reads cells by route id */
  routeIdsWith(where: (status: number) => boolean): Uint8Array {
    return this.idsWith(where, this.routes.length, (s) => this.routeIdAt(s));
  }

  /** 1 at `idAt(slot)` of each non-empty cell whose status `where` keeps, without cell objects */
  private idsWith(where: (status: number) => boolean, ids: number, idAt: (slot: number) => number): Uint8Array {
    const out = new Uint8Array(ids);
    // `where` asked once per status (1 kept, -1 not, 0 not asked yet), not at every cell
    const kept = new Int8Array(STATUS_SPACE);
    for (let s = 0; s < this.size; s++) {
      if (this.countAt(s) === 0) continue;
      const status = this.statusAt(s);
      let k = kept[status]!;
      if (k === 0) kept[status] = k = where(status) ? 1 : -1;
      if (k === 1) out[idAt(s)] = 1;
    }
    return out;
  }

  totalRequests(): number {
    return this.measureTotal('count');
  }

  /** requests by status, in order of first appearance in the slots (a copy: the counts are kept until the cube changes) */
  statusCounts(): Map<number, number> {
    return new Map(this.statusCountCache ?? (this.statusCountCache = this.countStatuses()));
  }

  private countStatuses(): Map<number, number> {
    const out = new Map<number, number>();
    for (let s = 0; s < this.size; s++) {
      const c = this.countAt(s);
      if (c > 0) out.set(this.statusAt(s), (out.get(this.statusAt(s)) ?? 0) + c);
    }
    return out;
  }

  /** attribution of a status in one window (all routes) */
  whoInWindow(windowStart: number, status: number): Attribution | undefined {
    const wid = this.windowIds.get(Math.floor(windowStart / this.windowMs));
    if (wid === undefined) return undefined;
    return this.byWindowStatus.get(Cube.windowStatusKey(wid, status));
  }

  /** attribution of a status on one method + route (all windows) */
  whoOnRoute(method: string, route: string, status: number): Attribution | undefined {
    const m = this.methodIds.get(method);
    const r = this.routeIds.get(route);
    if (m === undefined || r === undefined) return undefined;
    return this.byRouteStatus.get(Cube.routeStatusKey(m, r, status));
  }

  // ---- serialisation (src/cube/serialize.ts) ----

  /** the interned key of a slot: [window id, method id, route id, status] */
  slotKey(slot: number): [number, number, number, number] {
    const page = this.pages[slot >>> CELL_PAGE_BITS]!;
    const o = slot & CELL_OFFSET_MASK;
    return [page.window[o]!, page.method[o]!, page.route[o]!, page.status[o]!];
  }

  /** a slot's samples as [file index, line] pairs, in storage order */
  rawSamples(slot: number): [number, number][] {
    const out: [number, number][] = [];
    const page = this.pages[slot >>> CELL_PAGE_BITS]!;
    const base = (slot & CELL_OFFSET_MASK) * SAMPLES_PER_CELL;
    for (let i = base; i < base + SAMPLES_PER_CELL; i++) {
      const line = page.sampleLine[i]!;
      if (line !== 0) out.push([page.sampleFile === null ? 0 : page.sampleFile[i]!, line]);
    }
    return out;
  }

  // ---- merging ----

  /**
   * Adds every cell, attribution, sample and counter of `b` into this cube. With a
   * `routeCap`, routes of `b` that are new here once this cube holds that many fold into
   * (other), exactly as the builder folds them: merging the per-file cubes of several
   * inputs in input order gives the routes a single pass over all of them would.
   */
  mergeFrom(b: Cube, routeCap = Infinity): void {
    if (b.windowMs !== this.windowMs) {
      throw new Error(`cannot merge cubes with different windows (${this.windowMs} ms and ${b.windowMs} ms)`);
    }
    const foldedComplete = this.foldedRoutes.size === this.pathsFolded && b.foldedRoutes.size === b.pathsFolded;
    let newlyFolded = 0;
    const foldedHere = new Uint8Array(b.routes.length);
    const fileMap = b.files.map((f) => this.fileIndexFor(f));
    const methodMap = b.methods.map((m) => this.methodId(m));
    const routeMap = b.routes.map((r, i) => {
      const id = this.routeIds.get(r);
      if (id !== undefined) return id;
      if (r !== OTHER_ROUTE && this.routes.length >= routeCap) {
        foldedHere[i] = 1;
        if (!this.foldedRoutes.has(r)) {
          newlyFolded++;
          if (this.foldedRoutes.size < MAX_FOLDED_KEPT) this.foldedRoutes.add(r);
        }
        return this.routeId(OTHER_ROUTE);
      }
      return this.routeId(r);
    });
    const windowMap = b.windows.map((w) => this.windowId(w));
    // straight from page to page, with no array per cell (slotKey, rawSamples): merging
    // workers' cubes passes every cell through here
    const targets = new Int32Array(CELL_PAGE);
    for (let p = 0; p * CELL_PAGE < b.size; p++) {
      const from = b.pages[p]!;
      const end = Math.min(CELL_PAGE, b.size - p * CELL_PAGE);
      for (let o = 0; o < end; o++) {
        const r = from.route[o]!;
        targets[o] = this.slot(windowMap[from.window[o]!]!, methodMap[from.method[o]!]!, routeMap[r]!, from.status[o]!);
        if (foldedHere[r] === 1) this.requestsFolded += countsOf(from)[o]!;
      }
      this.addPageInto(from, end, targets, fileMap);
    }
    for (const [k, a] of b.byWindowStatus) {
      const wid = Math.floor(k / STATUS_SPACE);
      this.attributionFor(this.byWindowStatus, Cube.windowStatusKey(windowMap[wid]!, k % STATUS_SPACE)).mergeFrom(a);
    }
    for (const [k, a] of b.byRouteStatus) {
      const status = k % STATUS_SPACE;
      const rm = Math.floor(k / STATUS_SPACE);
      const key = Cube.routeStatusKey(methodMap[rm % METHOD_SPACE]!, routeMap[Math.floor(rm / METHOD_SPACE)]!, status);
      this.attributionFor(this.byRouteStatus, key).mergeFrom(a);
    }
    for (const [r, n] of Object.entries(b.skipped)) this.skip(r, n);
    this.skipExamples = [...this.skipExamples, ...b.skipExamples].sort(compareSkipExamples).slice(0, MAX_SKIP_EXAMPLES);
    for (const m of [...this.available]) if (!b.available.has(m)) this.available.delete(m);
    for (const r of b.foldedRoutes) if (this.foldedRoutes.size < MAX_FOLDED_KEPT) this.foldedRoutes.add(r);
    this.pathsFolded = foldedComplete ? this.foldedRoutes.size : this.pathsFolded + b.pathsFolded + newlyFolded;
    this.requestsFolded += b.requestsFolded;
    if (b.minTime < this.minTime) this.minTime = b.minTime;
    if (b.maxTime > this.maxTime) this.maxTime = b.maxTime;
  }

  private fileIndexFor(f: FileSummary): number {
    const i = this.files.findIndex((x) => x.path === f.path);
    if (i !== -1) {
      const x = this.files[i]!;
      x.lines += f.lines;
      x.requests += f.requests;
      x.skipped += f.skipped;
      if (f.error && !x.error) x.error = f.error;
      if (f.note && !x.note) x.note = f.note;
      return i;
    }
    this.files.push({ ...f });
    return this.files.length - 1;
  }

  /** this cube as plain data for postMessage (see CubeTransfer) */
  /**
   * The cube as plain data for another thread. The pages and the slot table go as they
   * are, to be transferred (see transferBuffers): a flat copy of every cell and a slot table
   * rebuilt cell by cell on the receiving side cost ~0.5 s per 3M-line cube on the thread
   * that merges, while the workers were done. This cube must not be used afterwards.
   */
  toTransfer(): CubeTransfer {
    this.ensureIndex();
    return {
      windowMs: this.windowMs,
      methods: this.methods,
      routes: this.routes,
      windows: this.windows,
      files: this.files,
      size: this.size,
      pages: this.pages,
      slotTable: this.slotTable,
      keyTable: this.keyTable,
      measureCount: MEASURE_COUNT,
      attributionPages: this.attributionPool.toTransfer(),
      byWindowStatus: [...this.byWindowStatus].map(([k, a]) => [k, ...this.attributionPool.locate(a)]),
      byRouteStatus: [...this.byRouteStatus].map(([k, a]) => [k, ...this.attributionPool.locate(a)]),
      skipped: this.skipped,
      skipExamples: this.skipExamples,
      pathsFolded: this.pathsFolded,
      foldedRoutes: [...this.foldedRoutes],
      requestsFolded: this.requestsFolded,
      minTime: this.minTime,
      maxTime: this.maxTime,
      available: [...this.available],
    };
  }

  /** the buffers of a transfer, for postMessage's transfer list */
  static transferBuffers(t: CubeTransfer): ArrayBuffer[] {
    return [...t.pages.flatMap(pageBuffers), ...[t.slotTable, t.keyTable].map((a) => a.buffer as ArrayBuffer), ...AttributionPool.transferBuffers(t.attributionPages)];
  }

  /** the inverse of toTransfer: adopts the pages and the slot table */
  static fromTransfer(t: CubeTransfer): Cube {
    if (t.measureCount !== MEASURE_COUNT) throw new Error(`cube transfer has ${t.measureCount} measures, this build ${MEASURE_COUNT}`);
    const tableSize = t.slotTable.length;
    if (t.pages.length !== Math.ceil(t.size / CELL_PAGE) || t.keyTable.length !== tableSize || (tableSize & (tableSize - 1)) !== 0 || overFull(t.size, tableSize)) {
      throw new Error('cube transfer holds pages or a slot table that do not fit its size');
    }
    const c = new Cube(t.windowMs);
    t.methods.forEach((m) => c.methodId(m));
    t.routes.forEach((r) => c.routeId(r));
    t.windows.forEach((w) => c.windowId(w));
    c.files.push(...t.files);
    for (const p of t.pages) c.pages.push(new CellPage(p));
    c.size = t.size;
    c.slotTable = t.slotTable;
    c.keyTable = t.keyTable;
    const pool = AttributionPool.fromTransfer(t.attributionPages);
    c.attributionPool = pool;
    for (const [k, page, slot] of t.byWindowStatus) c.byWindowStatus.set(k, pool.at(page, slot));
    for (const [k, page, slot] of t.byRouteStatus) c.byRouteStatus.set(k, pool.at(page, slot));
    c.skipped = { ...t.skipped };
    c.skipExamples = [...t.skipExamples];
    c.pathsFolded = t.pathsFolded;
    for (const r of t.foldedRoutes) c.foldedRoutes.add(r);
    c.requestsFolded = t.requestsFolded;
    c.minTime = t.minTime;
    c.maxTime = t.maxTime;
    for (const m of MEASURES) if (!t.available.includes(m)) c.available.delete(m);
    return c;
  }

  /**
   * Makes every window `factor` times wider (an integer ≥ 1), in place: the cube ends as
   * merging it into an empty cube of the wider windows would make it, slot order included.
   * In place because the cube is at its largest when it coarsens: a coarsened copy held
   * both cubes at once (a 12M-line stream that coarsened to 15-minute windows peaked at
   * 381 MB that way, 275 MB in place).
   */
  coarsen(factor: number): void {
    this.dropCellCaches();
    this.ensureIndex();
    // new window ids in the order of the old ones, as merging into an empty cube numbers them
    const oldWindows = this.windows.splice(0);
    this.windowIds.clear();
    const windowMap = oldWindows.map((w) => this.windowId(Math.floor(w / factor)));
    this.windowMs *= factor;

    // Cells, compacted in slot order: a cell whose coarse key is new moves down to the next
    // free slot (never above its own, so no unread cell is overwritten), one whose key
    // is taken adds into that earlier cell. The slot table is refilled as cells settle.
    const oldSize = this.size;
    this.slotTable.fill(0);
    this.size = 0;
    let columns: PresentColumns | null = null;
    for (let s = 0; s < oldSize; s++) {
      const from = this.pages[s >>> CELL_PAGE_BITS]!;
      const o = s & CELL_OFFSET_MASK;
      // a page's columns are read at its first cell: cells only move down, into pages already read
      if (o === 0 || columns === null) columns = presentColumns(from);
      const w = windowMap[from.window[o]!]!;
      const at = this.probe(w, from.method[o]!, from.route[o]!, from.status[o]!);
      const e = this.slotTable[at]!;
      if (e === 0) {
        const d = this.size;
        this.place(at, d, w, from.method[o]!, from.route[o]!, from.status[o]!);
        if (d !== s) this.moveCell(s, d);
      } else this.addCellInto(from, columns, o, e - 1);
    }
    this.clearCellsFrom(this.size);
    let tableSize = this.slotTable.length;
    while (tableSize > INITIAL_TABLE_SLOTS && !overFull(this.size, tableSize / 2)) tableSize /= 2;
    if (tableSize !== this.slotTable.length) this.resizeTable(tableSize);

    // window × status attributions of windows that became one are merged; their storage is reused
    const byWindow = [...this.byWindowStatus];
    this.byWindowStatus.clear();
    for (const [k, a] of byWindow) {
      const key = Cube.windowStatusKey(windowMap[Math.floor(k / STATUS_SPACE)]!, k % STATUS_SPACE);
      const into = this.byWindowStatus.get(key);
      if (into === undefined) this.byWindowStatus.set(key, a);
      else {
        into.mergeFrom(a);
        this.attributionPool.release(a);
      }
    }
  }

  /** copies cell `s` (key already placed) into slot `d` below it */
  private moveCell(s: number, d: number): void {
    const from = this.pages[s >>> CELL_PAGE_BITS]!;
    const to = this.pages[d >>> CELL_PAGE_BITS]!;
    const o = s & CELL_OFFSET_MASK;
    const od = d & CELL_OFFSET_MASK;
    // slot d held a cell already moved or merged: every column it has is overwritten
    for (let c = 0; c < COUNT_STRIDE; c++) to.counts.set(c, od, from.counts.get(c, o));
    for (let c = 0; c < SUM_STRIDE; c++) to.sums.set(c, od, from.sums.get(c, o));
    to.sampleLine.set(from.sampleLine.subarray(o * SAMPLES_PER_CELL, (o + 1) * SAMPLES_PER_CELL), od * SAMPLES_PER_CELL);
    if (from.sampleFile !== null) to.sampleFiles().set(from.sampleFile.subarray(o * SAMPLES_PER_CELL, (o + 1) * SAMPLES_PER_CELL), od * SAMPLES_PER_CELL);
    else to.sampleFile?.fill(0, od * SAMPLES_PER_CELL, (od + 1) * SAMPLES_PER_CELL);
  }

  /** adds `v` to count column `c` of slot `t`, refusing a sum past a cell count's range */
  private addCountInto(c: number, t: number, v: number): void {
    const to = this.pages[t >>> CELL_PAGE_BITS]!;
    const ot = t & CELL_OFFSET_MASK;
    const sum = to.counts.get(c, ot) + v;
    if (sum > MAX_CELL_COUNT) throw countRangeError(COUNT_MEASURES[c]!, sum);
    to.counts.set(c, ot, sum);
  }

  /** adds the measures and samples of the cell at offset `o` of page `from` (of this cube) into slot `t` */
  private addCellInto(from: CellPage, columns: PresentColumns, o: number, t: number): void {
    for (const c of columns.counts) {
      const v = from.counts.get(c, o);
      if (v !== 0) this.addCountInto(c, t, v);
    }
    const to = this.pages[t >>> CELL_PAGE_BITS]!;
    for (const c of columns.sums) {
      const v = from.sums.get(c, o);
      if (v !== 0) to.sums.add(c, t & CELL_OFFSET_MASK, v);
    }
    for (let i = o * SAMPLES_PER_CELL; i < (o + 1) * SAMPLES_PER_CELL; i++) {
      const line = from.sampleLine[i]!;
      if (line === 0) continue;
      this.addSample(t, from.sampleFile === null ? 0 : from.sampleFile[i]!, line);
    }
  }

  /**
   * Adds the measures and samples of the first `end` cells of page `from` (another cube's)
   * into slots `targets[o]` of this one, a column at a time. Cell by cell (addCellInto),
   * every sparse column was probed at every cell, where most hold nothing: that was half
   * of merging a worker's 3M-line cube. Each column's values still go in offset order, as
   * cell by cell, so a cell that several fold into (other) sums them in the same order.
   */
  private addPageInto(from: CellPage, end: number, targets: Int32Array, fileMap: readonly number[]): void {
    for (const c of from.counts.present()) from.counts.forEachValue(c, end, (o, v) => this.addCountInto(c, targets[o]!, v));
    for (const c of from.sums.present()) {
      from.sums.forEachValue(c, end, (o, v) => {
        const t = targets[o]!;
        this.pages[t >>> CELL_PAGE_BITS]!.sums.add(c, t & CELL_OFFSET_MASK, v);
      });
    }
    for (let i = 0; i < end * SAMPLES_PER_CELL; i++) {
      const line = from.sampleLine[i]!;
      if (line !== 0) this.addSample(targets[(i / SAMPLES_PER_CELL) | 0]!, fileMap[from.sampleFile === null ? 0 : from.sampleFile[i]!]!, line);
    }
  }

  /** empties the slots from `size` on, as new cells expect them, and drops the pages past them */
  private clearCellsFrom(size: number): void {
    const keep = Math.ceil(size / CELL_PAGE);
    this.pages.length = Math.min(this.pages.length, keep);
    const o = size & CELL_OFFSET_MASK;
    if (o === 0) return;
    const last = this.pages[keep - 1]!;
    last.counts.clearFrom(o);
    last.sums.clearFrom(o);
    last.sampleLine.fill(0, o * SAMPLES_PER_CELL);
    last.sampleFile?.fill(0, o * SAMPLES_PER_CELL);
  }
}

export function compareCells(a: Cell, b: Cell): number {
  return a.window - b.window || cmp(a.route, b.route) || cmp(a.method, b.method) || a.status - b.status;
}

function compareSkipExamples(a: SkipExample, b: SkipExample): number {
  return cmp(a.file, b.file) || a.line - b.line;
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export { MEASURES, MEASURE_INDEX, type Measure };
/** per measure index, the column in a page's counts (or sums, for SUM_MEASURES) */
export { MEASURE_COLUMN, COUNT_STRIDE, SUM_STRIDE };
const COUNT_COLUMN_OF_COUNT = MEASURE_COLUMN[MEASURE_INDEX.count]!;

/** the allocated measure columns of a page, by index */
interface PresentColumns {
  counts: number[];
  sums: number[];
}

/**
 * Which columns of a page are allocated: merging and coarsening add cell by cell, and
 * testing all 21 columns of every cell (a combined log fills half of them) was a third of
 * the merge of two 3M-line cubes' cells.
 */
function presentColumns(page: CellPage): PresentColumns {
  return { counts: page.counts.present(), sums: page.sums.present() };
}

/** the column set (counts or sums) that holds measure index `measure` in a page */
function columnsOf(page: CellPage, measure: number): ColumnSet<Uint32Array | Float64Array> {
  return IS_SUM[measure] ? page.sums : page.counts;
}

/** a page's requests per cell: the count column, which every page that holds a cell has */
function countsOf(page: CellPage): Uint32Array {
  return page.counts.dense[COUNT_COLUMN_OF_COUNT] ?? EMPTY_COUNTS;
}
const EMPTY_COUNTS = new Uint32Array(CELL_PAGE);

function countRangeError(measure: string, v: number): RangeError {
  return new RangeError(`cell ${measure} would be ${v}: counts are whole numbers up to ${MAX_CELL_COUNT}`);
}

/**
 * Whether `size` cells are too many for a slot table of `slots` entries: past three
 * quarters full. At most half full, the table of a 3M-line cube (375k cells) took 12.6 MB,
 * the largest array after the cells themselves; three quarters halves it there, and a
 * lookup, which the hot path makes on every line, still probes about two entries on average.
 */
function overFull(size: number, slots: number): boolean {
  return size * 4 > slots * 3;
}

/** method × route × status packed in one number: a cell's key within its window, and the key of its route × status attribution */
function cellKeyOf(methodId: number, routeId: number, status: number): number {
  return (routeId * METHOD_SPACE + methodId) * STATUS_SPACE + status;
}

function cellHash(windowId: number, cellKey: number): number {
  let h = Math.imul(cellKey ^ Math.imul(windowId, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  return h;
}

/** rank of each element in sorted order (equal elements share nothing: names are distinct) */
function rankOf<T>(xs: readonly T[], compare: (a: T, b: T) => number): Int32Array {
  const order = xs.map((_, i) => i).sort((a, b) => compare(xs[a]!, xs[b]!));
  const rank = new Int32Array(xs.length);
  order.forEach((i, r) => (rank[i] = r));
  return rank;
}

/** the names whose ids `flags` marks, in id order */
function namesFlagged(flags: Uint8Array, names: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let id = 0; id < flags.length; id++) if (flags[id] === 1) out.add(names[id]!);
  return out;
}

/**
 * A cell as rules read it: a slot of a cube, with the measures as getters on the
 * prototype (`m` is the view itself), so a cell costs two fields, not a copy of 21
 * measures. Enumerating `m` finds nothing: iterate MEASURES.
 */
class CellView {
  constructor(private readonly cube: Cube, readonly slot: number) {}
  get window(): number {
    return this.cube.windowAt(this.slot);
  }
  get method(): string {
    return this.cube.methodAt(this.slot);
  }
  get route(): string {
    return this.cube.routeAt(this.slot);
  }
  get status(): number {
    return this.cube.statusAt(this.slot);
  }
  get m(): this {
    return this;
  }
  get samples(): SampleRef[] {
    return this.cube.samplesOf(this.slot);
  }
}
for (let i = 0; i < MEASURE_COUNT; i++) {
  Object.defineProperty(CellView.prototype, MEASURES[i]!, {
    get(this: { cube: Cube; slot: number }): number {
      return this.cube.measureAt(this.slot, i);
    },
  });
}
