import { RULES } from '../rules/index.js';
import type { FileSummary } from './cube/cube.js';
import { CubeBuilder, DEFAULT_ROUTE_CAP } from './enrich/builder.js';
import { runRules } from './engine/run.js';
import type { RuleSeverity, UserEvent } from './engine/types.js';
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
  const forced = opts.logFormat === undefined ? undefined : resolveFormat(opts.logFormat);
  const inputs = await resolveInputs(opts.inputs.length === 0 ? ['-'] : opts.inputs);
  const routeCap = opts.routeCap ?? DEFAULT_ROUTE_CAP;
  const builder = new CubeBuilder({ windowMs: opts.windowMs, routeCap, routes: opts.routes });
  const formatsUsed = new Set<string>();
  for (const input of inputs) {
    const format = await readInput(input, builder, forced, opts.maxLineLength ?? DEFAULT_MAX_LINE);
    if (format !== null) formatsUsed.add(format);
  }
  const cube = builder.cube;
  const result = runRules(cube, RULES, { severities: opts.rules, events: opts.events, formats: [...formatsUsed].sort() });
  return buildReport(cube, result, { routeCap });
}

/** an input with nothing but blank lines: every line is a counted blank skip */
const BLANK_ONLY = { parse: (): 'blank' => 'blank' };

/** skip reasons that mean "this line should have been a request": they count against the parse rate */
const UNREADABLE = new Set(['malformed', 'bad-time', 'no-time', 'bad-status']);

/**
 * Streams one input into the builder. The first lines are held back until the format is
 * detected from them, then everything flows line by line. Returns the format id used.
 */
async function readInput(input: Input, builder: CubeBuilder, forced: LogFormat | undefined, maxLine: number): Promise<string | null> {
  const summary: FileSummary = { path: input.path === '-' ? '(stdin)' : input.path, format: forced?.id ?? '(undetected)', lines: 0, requests: 0, skipped: 0 };
  builder.cube.files.push(summary);
  const fileIndex = builder.cube.files.length - 1;
  let format = forced;
  let parser: LineParser | undefined = format?.createParser();
  let unreadable = 0;
  const rec = emptyRecord();
  const held: string[] = [];

  const skip = (reason: string, lineNo: number): void => {
    summary.skipped++;
    builder.cube.skip(reason);
    if (UNREADABLE.has(reason)) unreadable++;
    if (reason !== 'blank' && reason !== 'directive') builder.cube.noteSkipExample({ file: summary.path, line: lineNo, reason });
  };
  const consume = (line: string, n: number): void => {
    summary.lines++;
    if (line.length > maxLine) return skip('oversized', n);
    const reason = parser!.parse(line, rec);
    if (reason !== undefined) return skip(reason, n);
    summary.requests++;
    builder.add(rec, fileIndex, n, format!.bytesField);
  };
  /** picks the format from the held lines (or marks the input empty) and replays them */
  const settle = (): void => {
    if (held.some((l) => l.trim().length > 0)) {
      const d = detectFormat(held);
      if (!isDetection(d)) {
        const tried = d.tried.map((t) => `${t.id} ${(t.parseRate * 100).toFixed(0)}%`).join(', ') || 'no format parsed any line';
        throw new InputError(`${summary.path}: log format not recognised in the first ${d.sampled} lines (best: ${tried}); pass --log-format (see \`statuslint formats\`)`);
      }
      format = d.format;
      parser = format.createParser();
      summary.format = format.id;
    } else {
      parser = BLANK_ONLY;
      summary.format = '(empty)';
    }
    held.forEach((l, i) => consume(l, i + 1));
    held.length = 0;
  };

  let lineNo = 0;
  try {
    const bytes = await openBytes(input.path);
    await forEachLine(linesOf(bytes, maxLine), (line, n) => {
      lineNo = n;
      if (parser !== undefined) return consume(line, n);
      held.push(line);
      if (held.length >= DETECT_SAMPLE_LINES) settle();
    });
    if (parser === undefined) settle();
  } catch (e) {
    if (!(e instanceof InputError)) {
      summary.error = `${describeReadError(e as NodeJS.ErrnoException)} after line ${lineNo}`;
      return format?.id ?? null;
    }
    if (!input.fromDirectory) throw e;
    summary.error = e.message;
    return null;
  }

  if (format !== undefined && forced === undefined && summary.requests < (summary.requests + unreadable) * MIN_PARSE_RATE) {
    throw new InputError(`${summary.path}: only ${summary.requests} of ${summary.requests + unreadable} request lines parse as ${format.id}; pass --log-format if the format is another (see \`statuslint formats\`)`);
  }
  return format?.id ?? null;
}

function describeReadError(e: NodeJS.ErrnoException): string {
  if (e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR' || e.code === 'Z_STREAM_ERROR') return 'corrupt or truncated gzip data';
  if (e.code === 'EISDIR') return 'is a directory';
  if (e.code === 'EACCES') return 'permission denied';
  if (e.code === 'ENOENT') return 'file disappeared while being read';
  return e.message;
}
