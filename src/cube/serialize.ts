import { gunzipSync, gzipSync } from 'node:zlib';
import { Attribution } from './attribution.js';
import { Cube, MAX_SAMPLE_LINE, MEASURES, MEASURE_INDEX, METHOD_SPACE, STATUS_SPACE, type FileSummary, type Measure, type SkipExample } from './cube.js';
import type { DataSource } from './sources.js';

/**
 * Cube files: the map/reduce path. `statuslint aggregate` writes the cube of some logs,
 * `statuslint --cube a --cube b` merges them and runs the rules, exactly as if the logs
 * had been read together (the cube is additive).
 *
 * Format (JSON, optionally gzip-compressed; see CUBE_FORMAT_VERSION for the rules):
 *
 *   format        "statuslint-cube"
 *   version       integer format version (this build writes and reads 1)
 *   tool          { name, version } of the writer, for humans
 *   windowMs      window size; cubes merge only with the same window
 *   measures      measure names, in the order of every cell's measure array
 *   available     measures the source could provide (a Prometheus cube has only count)
 *   formats       log format ids that produced the cube
 *   sources       what the cube was built from (see sources.ts)
 *   time          { min, max } epoch ms of the first and last request, null when none
 *   methods, routes   interned strings; cells refer to them by index
 *   windows       window starts (epoch ms); cells refer to them by index
 *   files         per-file summaries; samples refer to them by index
 *   skipped, skipExamples, pathsFolded, requestsFolded   ingest counters
 *   cells         [window, method, route, status, [measure values…], [[file, line]…]]
 *   byWindowStatus  [window, status, attribution]     who, per window × status
 *   byRouteStatus   [method, route, status, attribution]  who, per method × route × status
 *
 * Measures are stored by name: a file written before a measure existed still loads (that
 * measure is then not available, so rules that need it say "not applicable"), and a
 * measure this build does not know is ignored.
 */
export const CUBE_FORMAT = 'statuslint-cube';
/**
 * Bumped only for changes an older reader would misread (a field's meaning or layout
 * changes). Adding a measure or a new optional field does not bump it. A reader accepts
 * every version up to its own and refuses newer ones with a message to upgrade.
 */
export const CUBE_FORMAT_VERSION = 1;

export class CubeFormatError extends Error {
  override readonly name = 'CubeFormatError';
}

type Cells = [number, number, number, number, number[], [number, number][]];

export interface CubeFileJson {
  format: typeof CUBE_FORMAT;
  version: number;
  tool: { name: string; version: string };
  windowMs: number;
  measures: string[];
  available: string[];
  formats: string[];
  sources: DataSource[];
  time: { min: number | null; max: number | null };
  methods: string[];
  routes: string[];
  windows: number[];
  files: FileSummary[];
  skipped: Record<string, number>;
  skipExamples: SkipExample[];
  pathsFolded: number;
  requestsFolded: number;
  cells: Cells[];
  byWindowStatus: [number, number, unknown][];
  byRouteStatus: [number, number, number, unknown][];
}

/** what a cube file holds beside the cube */
export interface CubeFileMeta {
  version: number;
  formats: string[];
  sources: DataSource[];
}

export function cubeToJson(cube: Cube, meta: { formats: readonly string[]; sources: readonly DataSource[]; toolVersion: string }): CubeFileJson {
  const cells: Cells[] = [];
  for (let s = 0; s < cube.size; s++) {
    const values = cube.measuresOf(s);
    if (values.every((v) => v === 0)) continue;
    const [w, m, r, status] = cube.slotKey(s);
    cells.push([w, m, r, status, values, cube.rawSamples(s)]);
  }
  const byWindowStatus: [number, number, unknown][] = [...cube.byWindowStatus]
    .map(([k, a]): [number, number, unknown] => [Math.floor(k / STATUS_SPACE), k % STATUS_SPACE, a.toJSON()])
    .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const byRouteStatus: [number, number, number, unknown][] = [...cube.byRouteStatus]
    .map(([k, a]): [number, number, number, unknown] => {
      const rm = Math.floor(k / STATUS_SPACE);
      return [rm % METHOD_SPACE, Math.floor(rm / METHOD_SPACE), k % STATUS_SPACE, a.toJSON()];
    })
    .sort((x, y) => x[1] - y[1] || x[0] - y[0] || x[2] - y[2]);
  return {
    format: CUBE_FORMAT,
    version: CUBE_FORMAT_VERSION,
    tool: { name: 'statuslint', version: meta.toolVersion },
    windowMs: cube.windowMs,
    measures: [...MEASURES],
    available: MEASURES.filter((m) => cube.available.has(m)),
    formats: [...meta.formats],
    sources: [...meta.sources],
    time: { min: Number.isFinite(cube.minTime) ? cube.minTime : null, max: Number.isFinite(cube.maxTime) ? cube.maxTime : null },
    methods: [...cube.methods],
    routes: [...cube.routes],
    windows: cube.windows.map((w) => w * cube.windowMs),
    files: cube.files.map((f) => ({ ...f })),
    skipped: { ...cube.skipped },
    skipExamples: cube.skipExamples.map((e) => ({ ...e })),
    pathsFolded: cube.pathsFolded,
    requestsFolded: cube.requestsFolded,
    cells,
    byWindowStatus,
    byRouteStatus,
  };
}

/** the bytes of a cube file: JSON, gzip-compressed when `gzip` */
export function encodeCube(json: CubeFileJson, gzip = false): Buffer {
  const text = Buffer.from(JSON.stringify(json) + '\n');
  return gzip ? gzipSync(text) : text;
}

/** parses the bytes of a cube file (plain or gzip, told apart by magic bytes) */
export function decodeCube(bytes: Buffer): { cube: Cube; meta: CubeFileMeta } {
  let text: string;
  try {
    text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch {
    throw new CubeFormatError('corrupt gzip data');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CubeFormatError(`not JSON (${(e as Error).message})`);
  }
  return cubeFromJson(json);
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => Number.isInteger(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

function need(ok: boolean, what: string): asserts ok {
  if (!ok) throw new CubeFormatError(`corrupt cube file: ${what}`);
}

function strings(v: unknown, what: string): string[] {
  need(Array.isArray(v) && v.every(isStr), `${what} must be a list of strings`);
  return v as string[];
}

/** checks a parsed cube file and rebuilds the cube; throws CubeFormatError saying what is wrong */
export function cubeFromJson(j: unknown): { cube: Cube; meta: CubeFileMeta } {
  if (!isObj(j) || j.format !== CUBE_FORMAT) throw new CubeFormatError(`not a statuslint cube file (no "format": "${CUBE_FORMAT}"); write one with \`statuslint aggregate\``);
  const version = j.version;
  need(isInt(version) && version >= 1, '"version" must be a positive integer');
  if (version > CUBE_FORMAT_VERSION) {
    throw new CubeFormatError(`cube format version ${version} was written by a newer statuslint; this one reads versions up to ${CUBE_FORMAT_VERSION}: upgrade statuslint, or re-aggregate with this version`);
  }
  need(isInt(j.windowMs) && j.windowMs > 0, '"windowMs" must be a positive integer');
  const windowMs = j.windowMs;
  const measureNames = strings(j.measures, '"measures"');
  const available = new Set(strings(j.available, '"available"'));
  const methods = strings(j.methods, '"methods"');
  const routes = strings(j.routes, '"routes"');
  need(Array.isArray(j.windows) && j.windows.every((w) => isInt(w) && w % windowMs === 0), '"windows" must be window starts (multiples of windowMs)');
  need(Array.isArray(j.files), '"files" must be a list');
  need(Array.isArray(j.cells), '"cells" must be a list');
  need(measureNames.includes('count'), '"measures" must include count');

  const cube = new Cube(windowMs);
  // file measure index → this build's measure index (-1: a measure this build does not know)
  const mIndex = measureNames.map((n) => (Object.hasOwn(MEASURE_INDEX, n) ? MEASURE_INDEX[n as Measure] : -1));
  for (const m of MEASURES) if (!measureNames.includes(m) || !available.has(m)) cube.available.delete(m);

  (j.files as unknown[]).forEach((f, i) => {
    need(isObj(f) && isStr(f.path) && isStr(f.format) && isInt(f.lines) && isInt(f.requests) && isInt(f.skipped), `files[${i}]`);
    const s: FileSummary = { path: f.path, format: f.format, lines: f.lines, requests: f.requests, skipped: f.skipped };
    if (isStr(f.error)) s.error = f.error;
    if (isStr(f.note)) s.note = f.note;
    cube.files.push(s);
  });
  const methodIds = methods.map((m) => cube.methodId(m));
  const routeIds = routes.map((r) => cube.routeId(r));
  const windowIds = (j.windows as number[]).map((w) => cube.windowId(w / windowMs));

  (j.cells as unknown[]).forEach((c, i) => {
    need(Array.isArray(c) && c.length >= 5, `cells[${i}] must be [window, method, route, status, measures, samples]`);
    const [w, m, r, status, values, samples] = c as unknown[];
    need(isInt(w) && w >= 0 && w < windowIds.length, `cells[${i}] window index`);
    need(isInt(m) && m >= 0 && m < methodIds.length, `cells[${i}] method index`);
    need(isInt(r) && r >= 0 && r < routeIds.length, `cells[${i}] route index`);
    need(isInt(status) && status >= 0 && status < STATUS_SPACE, `cells[${i}] status`);
    need(Array.isArray(values) && values.length === measureNames.length && values.every((v) => isNum(v) && v >= 0), `cells[${i}] measures (one non-negative number per name in "measures")`);
    const slot = cube.slot(windowIds[w]!, methodIds[m]!, routeIds[r]!, status);
    (values as number[]).forEach((v, k) => {
      const mi = mIndex[k]!;
      if (mi !== -1 && v !== 0) cube.add(slot, mi, v);
    });
    if (samples !== undefined) {
      need(Array.isArray(samples), `cells[${i}] samples`);
      for (const s of samples as unknown[]) {
        need(Array.isArray(s) && isInt(s[0]) && s[0] >= 0 && s[0] < cube.files.length && isInt(s[1]) && s[1] >= 1 && s[1] <= MAX_SAMPLE_LINE, `cells[${i}] sample`);
        cube.addSample(slot, s[0] as number, s[1] as number);
      }
    }
  });

  const attribution = (a: unknown, what: string): Attribution => {
    const ok = (t: unknown): boolean => isObj(t) && Array.isArray(t.top) && t.top.every((e) => Array.isArray(e) && isStr(e[0]) && isNum(e[1])) && isNum(t.other);
    need(isObj(a) && ok(a.clients) && ok(a.agents) && isStr(a.hll), what);
    return Attribution.fromJSON(a as Parameters<typeof Attribution.fromJSON>[0]);
  };
  need(Array.isArray(j.byWindowStatus) && Array.isArray(j.byRouteStatus), '"byWindowStatus" and "byRouteStatus" must be lists');
  (j.byWindowStatus as unknown[]).forEach((e, i) => {
    need(Array.isArray(e) && isInt(e[0]) && e[0] >= 0 && e[0] < windowIds.length && isInt(e[1]) && e[1] >= 0 && e[1] < STATUS_SPACE, `byWindowStatus[${i}]`);
    const a = attribution(e[2], `byWindowStatus[${i}] attribution`);
    cube.attributionFor(cube.byWindowStatus, Cube.windowStatusKey(windowIds[e[0] as number]!, e[1] as number)).mergeFrom(a);
  });
  (j.byRouteStatus as unknown[]).forEach((e, i) => {
    need(Array.isArray(e) && isInt(e[0]) && e[0] >= 0 && e[0] < methodIds.length && isInt(e[1]) && e[1] >= 0 && e[1] < routeIds.length && isInt(e[2]) && e[2] >= 0 && e[2] < STATUS_SPACE, `byRouteStatus[${i}]`);
    const a = attribution(e[3], `byRouteStatus[${i}] attribution`);
    cube.attributionFor(cube.byRouteStatus, Cube.routeStatusKey(methodIds[e[0] as number]!, routeIds[e[1] as number]!, e[2] as number)).mergeFrom(a);
  });

  if (isObj(j.skipped)) for (const [k, v] of Object.entries(j.skipped)) if (isNum(v)) cube.skip(k, v);
  if (Array.isArray(j.skipExamples)) {
    for (const e of j.skipExamples as unknown[]) if (isObj(e) && isStr(e.file) && isInt(e.line) && isStr(e.reason)) cube.noteSkipExample({ file: e.file, line: e.line, reason: e.reason });
  }
  cube.pathsFolded = isInt(j.pathsFolded) ? j.pathsFolded : 0;
  cube.requestsFolded = isNum(j.requestsFolded) ? j.requestsFolded : 0;
  const time = isObj(j.time) ? j.time : {};
  if (isNum(time.min) && isNum(time.max)) {
    cube.noteTime(time.min);
    cube.noteTime(time.max);
  }
  const formats = Array.isArray(j.formats) ? j.formats.filter(isStr) : [];
  const sources = Array.isArray(j.sources) ? (j.sources.filter(isObj) as unknown as DataSource[]) : [];
  return { cube, meta: { version, formats, sources } };
}
