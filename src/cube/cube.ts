import { Attribution, TopCounts } from './attribution.js';
import { MEASURES, MEASURE_INDEX, type Measure } from './measures.js';

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
export const SAMPLES_PER_CELL = 3;

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

/** a folded attribution as it crosses a thread boundary (structured clone keeps Maps and typed arrays) */
interface AttributionTransfer {
  clients: ReadonlyMap<string, number>;
  clientsOther: number;
  agents: ReadonlyMap<string, number>;
  agentsOther: number;
  hll: Uint8Array;
}

/**
 * A cube as plain data for postMessage: typed arrays trimmed to the cells in use, maps
 * as entries. Worker threads build one per input and the main thread merges them.
 */
export interface CubeTransfer {
  windowMs: number;
  methods: string[];
  routes: string[];
  windows: number[];
  files: FileSummary[];
  size: number;
  slotWindow: Int32Array;
  slotMethod: Uint8Array;
  slotRoute: Uint16Array;
  slotStatus: Uint16Array;
  measures: Float64Array;
  measureCount: number;
  sampleFile: Int32Array;
  sampleLine: Int32Array;
  byWindowStatus: [number, AttributionTransfer][];
  byRouteStatus: [number, AttributionTransfer][];
  skipped: Record<string, number>;
  skipExamples: SkipExample[];
  pathsFolded: number;
  foldedRoutes: string[];
  requestsFolded: number;
  minTime: number;
  maxTime: number;
  available: Measure[];
}

function attributionOut(a: Attribution): AttributionTransfer {
  return { clients: a.clients.counts, clientsOther: a.clients.other, agents: a.agents.counts, agentsOther: a.agents.other, hll: a.hll };
}

function attributionIn(t: AttributionTransfer): Attribution {
  return new Attribution(TopCounts.of(t.clients, t.clientsOther), TopCounts.of(t.agents, t.agentsOther), Uint8Array.from(t.hll));
}

export class Cube {
  windowMs: number;
  readonly methods: string[] = [];
  readonly routes: string[] = [];
  /** interned window indexes (window start = index × windowMs) */
  readonly windows: number[] = [];
  readonly files: FileSummary[] = [];

  private readonly methodIds = new Map<string, number>();
  private readonly routeIds = new Map<string, number>();
  private readonly windowIds = new Map<number, number>();
  /** per window id: cell key → slot */
  private readonly slotsByWindow: Map<number, number>[] = [];

  private capacity = 0;
  size = 0;
  private slotWindow = new Int32Array(0);
  private slotMethod = new Uint8Array(0);
  private slotRoute = new Uint16Array(0);
  private slotStatus = new Uint16Array(0);
  private measures = new Float64Array(0);
  /** file index (into `files`) of each sample, -1 when empty */
  private sampleFile = new Int32Array(0);
  private sampleLine = new Int32Array(0);

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
    this.grow(1024);
  }

  private grow(min: number): void {
    const cap = Math.max(min, this.capacity * 2);
    const copy = <T extends Int32Array | Uint8Array | Uint16Array | Float64Array>(a: T, n: number, fill?: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      if (fill !== undefined) b.fill(fill);
      b.set(a);
      return b;
    };
    this.slotWindow = copy(this.slotWindow, cap);
    this.slotMethod = copy(this.slotMethod, cap);
    this.slotRoute = copy(this.slotRoute, cap);
    this.slotStatus = copy(this.slotStatus, cap);
    this.measures = copy(this.measures, cap * MEASURE_COUNT);
    this.sampleFile = copy(this.sampleFile, cap * SAMPLES_PER_CELL, -1);
    this.sampleLine = copy(this.sampleLine, cap * SAMPLES_PER_CELL);
    this.capacity = cap;
  }

  methodId(method: string): number {
    let id = this.methodIds.get(method);
    if (id !== undefined) return id;
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
    this.cellCache = null;
    const key = (routeId * METHOD_SPACE + methodId) * STATUS_SPACE + status;
    let slots = this.slotsByWindow[windowId];
    if (slots === undefined) {
      slots = new Map();
      this.slotsByWindow[windowId] = slots;
    }
    let s = slots.get(key);
    if (s !== undefined) return s;
    if (this.size === this.capacity) this.grow(this.size + 1);
    s = this.size++;
    slots.set(key, s);
    this.slotWindow[s] = windowId;
    this.slotMethod[s] = methodId;
    this.slotRoute[s] = routeId;
    this.slotStatus[s] = status;
    return s;
  }

  add(slot: number, measure: number, n: number): void {
    this.cellCache = null;
    this.measures[slot * MEASURE_COUNT + measure]! += n;
  }

  /** the measures array, for the hot path: index slot × MEASURE_STRIDE + MEASURE_INDEX[m] */
  get measureArray(): Float64Array {
    return this.measures;
  }

  /** keeps the SAMPLES_PER_CELL earliest (file, line) references of a cell */
  addSample(slot: number, fileIndex: number, line: number): void {
    this.cellCache = null;
    const base = slot * SAMPLES_PER_CELL;
    for (let i = 0; i < SAMPLES_PER_CELL; i++) {
      const f = this.sampleFile[base + i]!;
      if (f === -1) {
        this.sampleFile[base + i] = fileIndex;
        this.sampleLine[base + i] = line;
        return;
      }
      if (f === fileIndex && this.sampleLine[base + i] === line) return;
    }
    // full: replace the latest if this one is earlier (files are indexed in sorted path order)
    let latest = 0;
    for (let i = 1; i < SAMPLES_PER_CELL; i++) {
      if (this.sampleLater(base + i, base + latest)) latest = i;
    }
    const li = base + latest;
    if (fileIndex < this.sampleFile[li]! || (fileIndex === this.sampleFile[li] && line < this.sampleLine[li]!)) {
      this.sampleFile[li] = fileIndex;
      this.sampleLine[li] = line;
    }
  }

  private sampleLater(a: number, b: number): boolean {
    const fa = this.sampleFile[a]!;
    const fb = this.sampleFile[b]!;
    return fa > fb || (fa === fb && this.sampleLine[a]! > this.sampleLine[b]!);
  }

  attributionFor(map: Map<number, Attribution>, key: number): Attribution {
    let a = map.get(key);
    if (a === undefined) {
      a = new Attribution();
      map.set(key, a);
    }
    return a;
  }

  static windowStatusKey(windowId: number, status: number): number {
    return windowId * STATUS_SPACE + status;
  }

  static routeStatusKey(methodId: number, routeId: number, status: number): number {
    return (routeId * METHOD_SPACE + methodId) * STATUS_SPACE + status;
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
    return this.measures[slot * MEASURE_COUNT + MEASURE_INDEX[m]]!;
  }

  samplesOf(slot: number): SampleRef[] {
    const out: SampleRef[] = [];
    const base = slot * SAMPLES_PER_CELL;
    for (let i = 0; i < SAMPLES_PER_CELL; i++) {
      const f = this.sampleFile[base + i]!;
      if (f !== -1) out.push({ file: this.files[f]?.path ?? '?', line: this.sampleLine[base + i]! });
    }
    return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  }

  cellAt(slot: number): Cell {
    const m = {} as Record<Measure, number>;
    const base = slot * MEASURE_COUNT;
    for (let i = 0; i < MEASURE_COUNT; i++) m[MEASURES[i]!] = this.measures[base + i]!;
    return {
      window: this.windows[this.slotWindow[slot]!]! * this.windowMs,
      method: this.methods[this.slotMethod[slot]!]!,
      route: this.routes[this.slotRoute[slot]!]!,
      status: this.slotStatus[slot]!,
      count: m.count,
      m,
      samples: this.samplesOf(slot),
    };
  }

  /**
   * Every non-empty cell, in a deterministic order (window, route, method, status).
   * Pass `where` to materialise only the statuses a rule reads: a large cube holds
   * millions of cells, and building an object for each is the expensive part.
   */
  cells(where?: (status: number) => boolean): Cell[] {
    // Every cell is materialised (and sorted) once per cube state, then shared: six rules
    // asked for all cells, and building ~80k cell objects six times was a third of a
    // 300k-line run (1,427 MB peak RSS and 58 s CPU on 3M lines). Callers get their own
    // array (they may sort or filter it); the cells in it are shared and must not be mutated.
    const all = this.cellCache;
    if (all !== null) return where === undefined ? all.slice() : all.filter((c) => where(c.status));
    const out: Cell[] = [];
    for (let s = 0; s < this.size; s++) {
      if (this.measures[s * MEASURE_COUNT]! > 0 && (where === undefined || where(this.slotStatus[s]!))) out.push(this.cellAt(s));
    }
    out.sort(compareCells);
    if (where !== undefined) return out;
    this.cellCache = out;
    return out.slice();
  }

  /** the materialised cells, dropped by every change (see cells) */
  private cellCache: Cell[] | null = null;

  /** calls `fn` for every non-empty cell without building objects (for totals over a big cube) */
  forEachCount(fn: (status: number, method: string, route: string, windowStart: number, count: number) => void): void {
    for (let s = 0; s < this.size; s++) {
      const c = this.measures[s * MEASURE_COUNT]!;
      if (c > 0) fn(this.slotStatus[s]!, this.methods[this.slotMethod[s]!]!, this.routes[this.slotRoute[s]!]!, this.windows[this.slotWindow[s]!]! * this.windowMs, c);
    }
  }

  /** window starts (epoch ms) that hold traffic, ascending */
  windowStarts(): number[] {
    return [...new Set(this.windows)].sort((a, b) => a - b).map((w) => w * this.windowMs);
  }

  totalRequests(): number {
    let n = 0;
    for (let s = 0; s < this.size; s++) n += this.measures[s * MEASURE_COUNT]!;
    return n;
  }

  statusCounts(): Map<number, number> {
    const out = new Map<number, number>();
    for (let s = 0; s < this.size; s++) {
      const c = this.measures[s * MEASURE_COUNT]!;
      if (c > 0) out.set(this.slotStatus[s]!, (out.get(this.slotStatus[s]!) ?? 0) + c);
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
    return [this.slotWindow[slot]!, this.slotMethod[slot]!, this.slotRoute[slot]!, this.slotStatus[slot]!];
  }

  /** a slot's samples as [file index, line] pairs, in storage order */
  rawSamples(slot: number): [number, number][] {
    const out: [number, number][] = [];
    const base = slot * SAMPLES_PER_CELL;
    for (let i = 0; i < SAMPLES_PER_CELL; i++) {
      const f = this.sampleFile[base + i]!;
      if (f !== -1) out.push([f, this.sampleLine[base + i]!]);
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
    for (let s = 0; s < b.size; s++) {
      const t = this.slot(windowMap[b.slotWindow[s]!]!, methodMap[b.slotMethod[s]!]!, routeMap[b.slotRoute[s]!]!, b.slotStatus[s]!);
      const sb = s * MEASURE_COUNT;
      const tb = t * MEASURE_COUNT;
      if (foldedHere[b.slotRoute[s]!] === 1) this.requestsFolded += b.measures[sb]!;
      for (let i = 0; i < MEASURE_COUNT; i++) this.measures[tb + i]! += b.measures[sb + i]!;
      for (let i = 0; i < SAMPLES_PER_CELL; i++) {
        const f = b.sampleFile[s * SAMPLES_PER_CELL + i]!;
        if (f !== -1) this.addSample(t, fileMap[f]!, b.sampleLine[s * SAMPLES_PER_CELL + i]!);
      }
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
  toTransfer(): CubeTransfer {
    const n = this.size;
    return {
      windowMs: this.windowMs,
      methods: this.methods,
      routes: this.routes,
      windows: this.windows,
      files: this.files,
      size: n,
      slotWindow: this.slotWindow.slice(0, n),
      slotMethod: this.slotMethod.slice(0, n),
      slotRoute: this.slotRoute.slice(0, n),
      slotStatus: this.slotStatus.slice(0, n),
      measures: this.measures.slice(0, n * MEASURE_COUNT),
      measureCount: MEASURE_COUNT,
      sampleFile: this.sampleFile.slice(0, n * SAMPLES_PER_CELL),
      sampleLine: this.sampleLine.slice(0, n * SAMPLES_PER_CELL),
      byWindowStatus: [...this.byWindowStatus].map(([k, a]) => [k, attributionOut(a)]),
      byRouteStatus: [...this.byRouteStatus].map(([k, a]) => [k, attributionOut(a)]),
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

  /** the inverse of toTransfer */
  static fromTransfer(t: CubeTransfer): Cube {
    if (t.measureCount !== MEASURE_COUNT) throw new Error(`cube transfer has ${t.measureCount} measures, this build ${MEASURE_COUNT}`);
    const c = new Cube(t.windowMs);
    t.methods.forEach((m) => c.methodId(m));
    t.routes.forEach((r) => c.routeId(r));
    t.windows.forEach((w) => c.windowId(w));
    c.files.push(...t.files);
    c.grow(t.size);
    for (let s = 0; s < t.size; s++) {
      const slot = c.slot(t.slotWindow[s]!, t.slotMethod[s]!, t.slotRoute[s]!, t.slotStatus[s]!);
      if (slot !== s) throw new Error('cube transfer holds a duplicate cell');
    }
    c.measures.set(t.measures);
    c.sampleFile.set(t.sampleFile);
    c.sampleLine.set(t.sampleLine);
    for (const [k, a] of t.byWindowStatus) c.byWindowStatus.set(k, attributionIn(a));
    for (const [k, a] of t.byRouteStatus) c.byRouteStatus.set(k, attributionIn(a));
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

  /** a copy with windows `factor` times wider (factor must be an integer ≥ 1) */
  coarsened(factor: number): Cube {
    const out = new Cube(this.windowMs * factor);
    const view = this.withWindowIndexes(this.windows.map((w) => Math.floor(w / factor)), this.windowMs * factor);
    out.mergeFrom(view);
    // keep the very summary objects: a reader still counting lines into them must update the new cube
    if (out.files.length === this.files.length) for (let i = 0; i < this.files.length; i++) out.files[i] = this.files[i]!;
    return out;
  }

  /** a shallow view of this cube with remapped window indexes (used by coarsening) */
  private withWindowIndexes(windows: number[], windowMs: number): Cube {
    const v = Object.create(Cube.prototype) as Cube;
    Object.assign(v, this);
    (v as { windows: number[] }).windows = windows;
    v.windowMs = windowMs;
    return v;
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
export const MEASURE_STRIDE = MEASURE_COUNT;
