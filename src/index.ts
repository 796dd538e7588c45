import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import { RULES } from '../rules/index.js';
import { Cube } from './cube/cube.js';
export type { FileSummary } from './cube/cube.js';
import { CubeFormatError, cubeToJson, decodeCube, type CubeFileJson } from './cube/serialize.js';
import type { DataSource } from './cube/sources.js';
import { CubeBuilder, DEFAULT_ROUTE_CAP, DEFAULT_WINDOW_MS, mergeCubeInto } from './enrich/builder.js';
import { checkRuleConfig, runRules } from './engine/run.js';
import type { Rule, RuleSeverity, UserEvent } from './engine/types.js';
import { InputError, resolveInputs, type Input } from './ingest/inputs.js';
import { DEFAULT_MAX_LINE } from './ingest/lines.js';
import { readBuffers } from './ingest/read-file.js';
import { cubeOfInput, InputReader, parserOptions, resolveFormat, withoutPath, type InputJob, type ReadHooks } from './ingest/read-input.js';
import { fetchPrometheusCube, type PrometheusOptions } from './ingest/prometheus.js';
import { recordFilter } from './config/filter.js';
import { buildReport, TOOL_VERSION, type ReportMeta } from './report/build.js';
import type { Report } from './report/types.js';

export { cubeOfInput, resolveFormat, type InputJob, type InputOpener, type OpenedInput } from './ingest/read-input.js';

export interface AnalyzeOptions extends ReadHooks {
  /** files, directories, quoted globs, or `-` for stdin */
  inputs: readonly string[];
  /** a format id (see `statuslint formats`); detected per input when absent */
  logFormat?: string;
  /** the zone of log times that carry none: an IANA name or `±HH:MM` (default UTC) */
  timeZone?: string;
  windowMs?: number;
  /** user route templates, e.g. `/api/users/:id`; they win over the heuristics */
  routes?: readonly string[];
  routeCap?: number;
  maxLineLength?: number;
  /** per-rule severity overrides, `off` disables */
  rules?: Readonly<Record<string, RuleSeverity>>;
  events?: readonly UserEvent[];
  /** the rules to run (default: all built-in rules) */
  ruleSet?: readonly Rule[];
  /** cube files written by `statuslint aggregate`, merged with whatever else is read */
  cubes?: readonly string[];
  /** read request counts from a Prometheus-compatible server instead of (or beside) logs */
  prometheus?: PrometheusOptions;
  /** per-rule options (config file `rules.<id>.options`) */
  ruleOptions?: Readonly<Record<string, Record<string, unknown>>>;
  /** keep only requests logged at or after `since` and before `until` (epoch ms) */
  since?: number;
  until?: number;
  /** requests on these paths (`*` wildcards) or from these clients (IPs, IPv4 CIDRs) are skipped as `ignored` */
  ignorePaths?: readonly string[];
  ignoreClients?: readonly string[];
  /**
   * Called once every source has been read into the cube, before the rules run (the
   * executable collects garbage there: the readers' state has just become unreachable).
   */
  beforeRules?: () => void;
  /**
   * Called before inputs are read on worker threads; returns what to call once they are all
   * read (the executable switches V8's parallel scavenging off for that time: see
   * util/serial-scavenges.ts).
   */
  whileWorkersRead?: () => () => void;
  /**
   * Worker threads for several log files (1 reads every input on the main thread).
   * Default: the available cores, when the inputs are big enough (workersRepay). The report
   * is the same either way. `open` and `onInput` are functions, which cannot cross to a
   * worker: with either, inputs are read on the main thread.
   */
  threads?: number;
}

/**
 * Below this many input bytes in all, or this many on average per input, worker threads
 * cost more than they save, so by default the inputs are read on the main thread. Each
 * input's cube is sent to the main thread and merged there, one after another, so many
 * small inputs keep the main thread busy while the workers wait. Combined logs on the
 * 2-core bench box, wall time on one thread against workers (a gzip file counts 8 times
 * its size: access logs compress about tenfold):
 *   2 × 61 MB        2.13 against 2.03–2.09 s (and 70 MB more RSS)
 *   10 × 6 MB        1.52–1.62 against 1.87–1.90 s
 *   100 × 2 MB       3.97–4.25 against 4.04–4.24 s
 *   1,000 × 0.2 MB   5.58–5.60 against 6.13–6.19 s (and 90 MB more RSS)
 *   30 × 21 MB       9.86 against 7.17 s
 *   2 × 209 MB       5.27–5.61 against 3.74–4.11 s
 */
export const PARALLEL_MIN_BYTES = 128 * 1024 * 1024;
export const PARALLEL_MIN_AVERAGE_BYTES = 8 * 1024 * 1024;
const GZIP_SIZE_WEIGHT = 8;

export { InputError } from './ingest/inputs.js';
export type { DataSource } from './cube/sources.js';
export type { CubeFileJson } from './cube/serialize.js';
export type { PrometheusOptions } from './ingest/prometheus.js';
export type { Report, Finding, Severity } from './report/types.js';

export async function analyze(opts: AnalyzeOptions): Promise<Report> {
  // a mistyped rule id or option fails before minutes of reading, not after
  checkRuleConfig(opts.ruleSet ?? RULES, opts.rules, opts.ruleOptions);
  const { cube, formats, sources } = await collectCube(opts);
  // the rules read cells by slot: the write index is dead weight while they run (see releaseIndex)
  cube.releaseIndex();
  opts.beforeRules?.();
  const result = runRules(cube, opts.ruleSet ?? RULES, { severities: opts.rules, options: opts.ruleOptions, events: opts.events, formats });
  return buildReport(cube, result, reportMeta(opts, opts.routeCap ?? DEFAULT_ROUTE_CAP, sources));
}

/** the cube file (`statuslint aggregate`) of every source: the map step of a fleet run */
export async function aggregate(opts: AnalyzeOptions): Promise<CubeFileJson> {
  const { cube, formats, sources } = await collectCube(opts);
  return cubeToJson(cube, { formats, sources, toolVersion: TOOL_VERSION });
}

export interface CollectedCube {
  cube: Cube;
  /** log formats that produced the cube */
  formats: string[];
  sources: DataSource[];
}

/**
 * One cube from every source: log inputs, cube files and a Prometheus query, merged
 * (the cube is additive). Logs are read only when inputs are given or nothing else is.
 * Every part must have the same window: cube files fix it unless `windowMs` asks for a
 * multiple of theirs.
 */
export async function collectCube(opts: AnalyzeOptions): Promise<CollectedCube> {
  const routeCap = opts.routeCap ?? DEFAULT_ROUTE_CAP;
  const parts: (CollectedCube & { label: string | null })[] = [];
  const seen = new Set<string>();
  for (const path of opts.cubes ?? []) {
    if (seen.has(resolvePath(path))) throw new InputError(`--cube ${path} is given twice: its requests would count twice`);
    seen.add(resolvePath(path));
    parts.push({ ...(await loadCubeFile(path)), label: path });
  }
  const windowMs = commonWindow(parts, opts.windowMs);
  const other = parts.length > 0 || opts.prometheus !== undefined;
  if (opts.inputs.length > 0 || !other) parts.unshift({ ...(await readLogs(opts, windowMs ?? DEFAULT_WINDOW_MS, routeCap)), label: null });
  if (opts.prometheus !== undefined) {
    const p = await fetchPrometheusCube(opts.prometheus, windowMs ?? DEFAULT_WINDOW_MS, routeCap);
    parts.push({ cube: p.cube, formats: [], sources: [p.source], label: null });
  }
  if (parts.length === 1) return parts[0]!;
  return mergeParts(parts);
}

/**
 * The common window of the cube files. Different windows are an error unless `requested`
 * (an explicit --window) is a multiple of every one of them: then each is coarsened to it.
 */
function commonWindow(parts: (CollectedCube & { label: string | null })[], requested: number | undefined): number | undefined {
  if (parts.length === 0) return requested;
  if (requested !== undefined) {
    const bad = parts.find((p) => requested % p.cube.windowMs !== 0);
    if (bad !== undefined) {
      throw new InputError(`--window ${seconds(requested)} is not a multiple of the ${seconds(bad.cube.windowMs)} windows of ${bad.label}; omit --window or use a multiple of ${seconds(bad.cube.windowMs)}`);
    }
    for (const p of parts) if (p.cube.windowMs !== requested) p.cube.coarsen(requested / p.cube.windowMs);
    return requested;
  }
  const first = parts[0]!;
  for (const p of parts) {
    if (p.cube.windowMs !== first.cube.windowMs) {
      const lcm = parts.reduce((m, q) => (m * q.cube.windowMs) / gcd(m, q.cube.windowMs), first.cube.windowMs);
      throw new InputError(
        `cannot merge cube files with different windows: ${first.label} has ${seconds(first.cube.windowMs)}, ${p.label} has ${seconds(p.cube.windowMs)}; ` +
          `aggregate every shard with the same --window, or pass --window ${seconds(lcm)} to coarsen them all`,
      );
    }
  }
  return first.cube.windowMs;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const seconds = (ms: number): string => `${ms / 1000}s`;

async function loadCubeFile(path: string): Promise<CollectedCube> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: ${code === 'ENOENT' ? 'no such cube file' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`);
  }
  try {
    const { cube, meta } = decodeCube(bytes);
    const source: DataSource = { kind: 'cube', path, version: meta.version, windowSeconds: cube.windowMs / 1000, requests: cube.totalRequests(), builtFrom: meta.sources };
    return { cube, formats: meta.formats, sources: [source] };
  } catch (e) {
    if (e instanceof CubeFormatError) throw new InputError(`${path}: ${e.message}`);
    throw e;
  }
}

/**
 * Merges parts into a fresh cube. Files are registered first, in path order, so samples
 * (the earliest few file:line references of a cell) are the same as if every log had been
 * read in one run. A path that appears in more than one part (every node has
 * /var/log/nginx/access.log) is qualified with its cube file: `web-1.cube.json:/var/log/…`.
 */
function mergeParts(parts: (CollectedCube & { label: string | null })[]): CollectedCube {
  const seenIn = new Map<string, number>();
  for (const p of parts) for (const f of new Set(p.cube.files.map((x) => x.path))) seenIn.set(f, (seenIn.get(f) ?? 0) + 1);
  for (const p of parts) {
    if (p.label === null) continue;
    const rename = (path: string): string => ((seenIn.get(path) ?? 0) > 1 ? `${p.label}:${path}` : path);
    for (const f of p.cube.files) f.path = rename(f.path);
    for (const e of p.cube.skipExamples) e.file = rename(e.file);
  }
  const out = new Cube(parts[0]!.cube.windowMs);
  const files = parts.flatMap((p) => p.cube.files).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const f of files) if (!out.files.some((x) => x.path === f.path)) out.files.push({ path: f.path, format: f.format, lines: 0, requests: 0, skipped: 0 });
  for (const p of parts) {
    if (p.cube.windowMs !== out.windowMs) {
      throw new InputError(`cannot merge a ${seconds(p.cube.windowMs)} cube with ${seconds(out.windowMs)} cubes${p.label === null ? ' (the logs span so long that their windows were coarsened)' : ` (${p.label})`}; pass a --window both can use`);
    }
    out.mergeFrom(p.cube);
  }
  return {
    cube: out,
    formats: [...new Set(parts.flatMap((p) => p.formats))].sort(),
    sources: parts.flatMap((p) => p.sources),
  };
}

/** reads the log inputs into one cube */
async function readLogs(opts: AnalyzeOptions, windowMs: number, routeCap: number): Promise<CollectedCube> {
  if (opts.logFormat !== undefined) resolveFormat(opts.logFormat); // a bad --log-format fails before any reading
  parserOptions(opts.timeZone); // and so does an unknown --timezone
  recordFilter(opts); // and a bad client pattern
  const { inputs, problems } = await resolveInputs(opts.inputs.length === 0 ? ['-'] : opts.inputs);
  let cube = new Cube(windowMs);
  for (const p of problems) cube.files.push({ path: p.path, format: '(none)', lines: 0, requests: 0, skipped: 0, error: withoutPath(p.message, p.path) });
  const formatsUsed = new Set<string>();
  const jobs: InputJob[] = inputs.map((input) => ({
    input, logFormat: opts.logFormat, timeZone: opts.timeZone, windowMs, routeCap, routes: opts.routes ?? [], maxLineLength: opts.maxLineLength ?? DEFAULT_MAX_LINE,
    since: opts.since, until: opts.until, ignorePaths: opts.ignorePaths, ignoreClients: opts.ignoreClients,
  }));
  const take = (r: { cube: Cube; format: string | null }): void => {
    if (r.format !== null) formatsUsed.add(r.format);
    // the first input's cube is the result as it stands (no copy) when nothing precedes it
    if (cube.files.length === 0 && cube.size === 0) cube = r.cube;
    else mergeCubeInto(cube, r.cube, { routeCap });
  };
  // workers when asked for explicitly, or by default when the inputs are big enough to repay starting them
  const threads = Math.min(opts.threads ?? availableParallelism(), jobs.length);
  let done = false;
  if (threads > 1 && opts.open === undefined && opts.onInput === undefined && !inputs.some((i) => i.path === '-') && (opts.threads !== undefined || (await workersRepay(inputs)))) {
    const { cubesInParallel } = await import('./parallel/pool.js');
    const restore = opts.whileWorkersRead?.();
    try {
      done = await cubesInParallel(jobs, threads, take);
    } finally {
      restore?.();
    }
  }
  if (!done) for (const job of jobs) take(await cubeOfInput(job, opts));
  readBuffers.releaseIdle();
  return { cube, formats: [...formatsUsed].sort(), sources: [{ kind: 'logs', files: cube.files.map((f) => f.path) }] };
}

function reportMeta(opts: Omit<AnalyzeOptions, 'inputs'>, routeCap: number, sources: DataSource[]): ReportMeta {
  const iso = (t: number | undefined): string | null => (t === undefined ? null : new Date(t).toISOString());
  return {
    routeCap,
    sources,
    events: opts.events,
    timeFilter: opts.since === undefined && opts.until === undefined ? undefined : { since: iso(opts.since), until: iso(opts.until) },
  };
}

/** whether reading `inputs` on worker threads is likely to be faster (see PARALLEL_MIN_BYTES) */
export async function workersRepay(inputs: readonly Input[]): Promise<boolean> {
  let n = 0;
  for (const i of inputs) n += await stat(i.path).then((s) => (i.path.endsWith('.gz') ? GZIP_SIZE_WEIGHT : 1) * s.size, () => 0);
  return n >= PARALLEL_MIN_BYTES && n / inputs.length >= PARALLEL_MIN_AVERAGE_BYTES;
}

export interface AnalyzeLinesOptions extends Omit<AnalyzeOptions, 'inputs'> {
  /** the name samples and summaries use for these lines */
  name?: string;
}

/**
 * The same analysis on lines already in memory (tests, embedding): one input, one
 * report, synchronously.
 */
export function analyzeLines(lines: readonly string[], opts: AnalyzeLinesOptions = {}): Report {
  const forced = opts.logFormat === undefined ? undefined : resolveFormat(opts.logFormat);
  const routeCap = opts.routeCap ?? DEFAULT_ROUTE_CAP;
  const builder = new CubeBuilder({ windowMs: opts.windowMs, routeCap, routes: opts.routes });
  const reader = new InputReader(builder, opts.name ?? 'input.log', forced, opts.maxLineLength ?? DEFAULT_MAX_LINE, recordFilter(opts), parserOptions(opts.timeZone));
  lines.forEach((l, i) => reader.push(l, i + 1));
  reader.finish();
  const formats = reader.formatId === null ? [] : [reader.formatId];
  const result = runRules(builder.cube, opts.ruleSet ?? RULES, { severities: opts.rules, options: opts.ruleOptions, events: opts.events, formats });
  return buildReport(builder.cube, result, reportMeta(opts, routeCap, [{ kind: 'logs', files: builder.cube.files.map((f) => f.path) }]));
}
