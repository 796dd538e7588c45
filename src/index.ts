import { RULES } from '../rules/index.js';
import { availableParallelism } from 'node:os';
import { stat } from 'node:fs/promises';
import { Cube, type FileSummary } from './cube/cube.js';
import { CubeBuilder, DEFAULT_ROUTE_CAP, DEFAULT_WINDOW_MS, mergeCubeInto } from './enrich/builder.js';
import { runRules } from './engine/run.js';
import type { Rule, RuleSeverity, UserEvent } from './engine/types.js';
import { DETECT_SAMPLE_LINES, MIN_PARSE_RATE, detectFormat, isDetection } from './formats/detect.js';
import { findFormat, FORMATS } from './formats/index.js';
import { emptyRecord, type LineParser, type LogFormat } from './formats/types.js';
import { InputError, resolveInputs, type Input } from './ingest/inputs.js';
import { DEFAULT_MAX_LINE, forEachLine, linesOf, openBytes } from './ingest/lines.js';
import { buildReport } from './report/build.js';
import type { Report } from './report/types.js';

export interface AnalyzeOptions {
  /** files, directories, quoted globs, or `-` for stdin */
  inputs: readonly string[];
  /** a format id (see `statuslint formats`); detected per input when absent */
  logFormat?: string;
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
  /**
   * Worker threads for several input files (1 reads every input on the main thread).
   * Default: the available cores, once the inputs add up to PARALLEL_MIN_BYTES. The report
   * is the same either way.
   */
  threads?: number;
}

/** below this many input bytes in all, starting worker threads costs more than it saves */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

/** what one input needs to become a cube, on any thread (plain data: it crosses postMessage) */
export interface InputJob {
  input: Input;
  logFormat?: string;
  windowMs: number;
  routeCap: number;
  routes: readonly string[];
  maxLineLength: number;
}

/**
 * The cube of one input, built with its own enrichment state (sessions, caches): a
 * streak or a login does not carry from one file into the next, so every input's cube is
 * independent of the others and `analyze` over many inputs is exactly the merge of their
 * cubes, whichever thread built each one. Throws InputError as analyze does.
 */
export async function cubeOfInput(job: InputJob): Promise<{ cube: Cube; format: string | null }> {
  const forced = job.logFormat === undefined ? undefined : resolveFormat(job.logFormat);
  const builder = new CubeBuilder({ windowMs: job.windowMs, routeCap: job.routeCap, routes: job.routes });
  const format = await readInput(job.input, builder, forced, job.maxLineLength);
  return { cube: builder.cube, format };
}

export { InputError } from './ingest/inputs.js';
export type { Report, Finding, Severity } from './report/types.js';

export function resolveFormat(name: string): LogFormat {
  const f = findFormat(name);
  if (f === undefined) {
    throw new InputError(`unknown log format "${name}"; known formats: ${FORMATS.map((x) => x.id).join(', ')}`);
  }
  return f;
}

/** reads every input into one cube, runs the rules, and returns the report */
export async function analyze(opts: AnalyzeOptions): Promise<Report> {
  if (opts.logFormat !== undefined) resolveFormat(opts.logFormat);
  const { inputs, problems } = await resolveInputs(opts.inputs.length === 0 ? ['-'] : opts.inputs);
  const routeCap = opts.routeCap ?? DEFAULT_ROUTE_CAP;
  const windowMs = opts.windowMs ?? DEFAULT_WINDOW_MS;
  let cube = new Cube(windowMs);
  for (const p of problems) cube.files.push({ path: p.path, format: '(none)', lines: 0, requests: 0, skipped: 0, error: p.message.startsWith(`${p.path}: `) ? p.message.slice(p.path.length + 2) : p.message });
  const formatsUsed = new Set<string>();
  const jobs: InputJob[] = inputs.map((input) => ({ input, logFormat: opts.logFormat, windowMs, routeCap, routes: opts.routes ?? [], maxLineLength: opts.maxLineLength ?? DEFAULT_MAX_LINE }));
  const take = (r: { cube: Cube; format: string | null }): void => {
    if (r.format !== null) formatsUsed.add(r.format);
    // the first input's cube is the result as it stands (no copy) when nothing precedes it
    cube = cube.files.length === 0 && cube.size === 0 ? r.cube : mergeCubeInto(cube, r.cube, { routeCap });
  };
  // workers when asked for explicitly, or by default when the inputs are big enough to repay starting them
  const threads = Math.min(opts.threads ?? availableParallelism(), jobs.length);
  if (threads > 1 && !inputs.some((i) => i.path === '-') && (opts.threads !== undefined || (await totalBytes(inputs)) >= PARALLEL_MIN_BYTES)) {
    const { cubesInParallel } = await import('./parallel/pool.js');
    const ran = await cubesInParallel(jobs, threads, take);
    if (!ran) for (const job of jobs) take(await cubeOfInput(job));
  } else {
    for (const job of jobs) take(await cubeOfInput(job));
  }
  const result = runRules(cube, opts.ruleSet ?? RULES, { severities: opts.rules, events: opts.events, formats: [...formatsUsed].sort() });
  return buildReport(cube, result, { routeCap });
}

async function totalBytes(inputs: readonly Input[]): Promise<number> {
  let n = 0;
  for (const i of inputs) n += await stat(i.path).then((s) => s.size, () => 0);
  return n;
}

/** an input with nothing but blank lines: every line is a counted blank skip */
const BLANK_ONLY: LineParser = { parse: () => 'blank' };

/** skip reasons that mean "this line should have been a request": they count against the parse rate */
const UNREADABLE = new Set(['malformed', 'bad-time', 'no-time', 'bad-status']);

/**
 * Feeds the lines of one input into the builder. The first lines are held back until
 * the format is detected from them, then every line flows straight through.
 */
class InputReader {
  readonly summary: FileSummary;
  private readonly fileIndex: number;
  private format: LogFormat | undefined;
  private parser: LineParser | undefined;
  private unreadable = 0;
  private readonly rec = emptyRecord();
  private readonly held: string[] = [];

  constructor(private readonly builder: CubeBuilder, path: string, private readonly forced: LogFormat | undefined, private readonly maxLine: number) {
    this.summary = { path, format: forced?.id ?? '(undetected)', lines: 0, requests: 0, skipped: 0 };
    builder.cube.files.push(this.summary);
    this.fileIndex = builder.cube.files.length - 1;
    this.format = forced;
    this.parser = forced?.createParser();
  }

  get formatId(): string | null {
    return this.format?.id ?? null;
  }

  push(line: string, n: number): void {
    if (this.parser !== undefined) return this.consume(line, n);
    this.held.push(line);
    if (this.held.length >= DETECT_SAMPLE_LINES) this.settle();
  }

  /** call at the end of the input: settles the format of a short input and checks the parse rate */
  finish(): void {
    if (this.parser === undefined) this.settle();
    const { summary, format } = this;
    if (format !== undefined && this.forced === undefined && summary.requests < (summary.requests + this.unreadable) * MIN_PARSE_RATE) {
      throw new InputError(`${summary.path}: only ${summary.requests} of ${summary.requests + this.unreadable} request lines parse as ${format.id}; pass --log-format if the format is another (see \`statuslint formats\`)`);
    }
  }

  private skip(reason: string, lineNo: number): void {
    this.summary.skipped++;
    this.builder.cube.skip(reason);
    if (UNREADABLE.has(reason)) this.unreadable++;
    if (reason !== 'blank' && reason !== 'directive') this.builder.cube.noteSkipExample({ file: this.summary.path, line: lineNo, reason });
  }

  private consume(line: string, n: number): void {
    this.summary.lines++;
    if (line.length > this.maxLine) return this.skip('oversized', n);
    const reason = this.parser!.parse(line, this.rec);
    if (reason !== undefined) return this.skip(reason, n);
    this.summary.requests++;
    this.builder.add(this.rec, this.fileIndex, n, this.format!.bytesField);
  }

  /** picks the format from the held lines (or marks the input empty) and replays them */
  private settle(): void {
    const held = this.held;
    if (held.some((l) => l.trim().length > 0)) {
      const d = detectFormat(held);
      if (!isDetection(d)) {
        const tried = d.tried.map((t) => `${t.id} ${(t.parseRate * 100).toFixed(0)}%`).join(', ') || 'no format parsed any line';
        throw new InputError(`${this.summary.path}: log format not recognised in the first ${d.sampled} lines (best: ${tried}); pass --log-format (see \`statuslint formats\`)`);
      }
      this.format = d.format;
      this.parser = d.format.createParser();
      this.summary.format = d.format.id;
    } else {
      this.parser = BLANK_ONLY;
      this.summary.format = '(empty)';
    }
    held.forEach((l, i) => this.consume(l, i + 1));
    held.length = 0;
  }
}

/** streams one input into the builder; returns the format id used */
async function readInput(input: Input, builder: CubeBuilder, forced: LogFormat | undefined, maxLine: number): Promise<string | null> {
  const reader = new InputReader(builder, input.path === '-' ? '(stdin)' : input.path, forced, maxLine);
  let lineNo = 0;
  try {
    const bytes = await openBytes(input.path);
    await forEachLine(linesOf(bytes, maxLine), (line, n) => {
      lineNo = n;
      reader.push(line, n);
    });
    reader.finish();
  } catch (e) {
    if (!(e instanceof InputError)) {
      reader.summary.error = `${describeReadError(e as NodeJS.ErrnoException)} after line ${lineNo}`;
      return reader.formatId;
    }
    if (!input.fromDirectory) throw e;
    // a file in a directory that is not an access log (error.log, a README): skip it, say so
    reader.summary.format = '(not a log)';
    reader.summary.note = e.message.startsWith(`${reader.summary.path}: `) ? e.message.slice(reader.summary.path.length + 2) : e.message;
    return null;
  }
  return reader.formatId;
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
  const reader = new InputReader(builder, opts.name ?? 'input.log', forced, opts.maxLineLength ?? DEFAULT_MAX_LINE);
  lines.forEach((l, i) => reader.push(l, i + 1));
  reader.finish();
  const formats = reader.formatId === null ? [] : [reader.formatId];
  const result = runRules(builder.cube, opts.ruleSet ?? RULES, { severities: opts.rules, events: opts.events, formats });
  return buildReport(builder.cube, result, { routeCap });
}

function describeReadError(e: NodeJS.ErrnoException): string {
  if (e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR' || e.code === 'Z_STREAM_ERROR') return 'corrupt or truncated gzip data';
  if (e.code === 'EISDIR') return 'is a directory';
  if (e.code === 'EACCES') return 'permission denied';
  if (e.code === 'ENOENT') return 'file disappeared while being read';
  return e.message;
}
