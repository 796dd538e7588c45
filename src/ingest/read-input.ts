import type { Readable } from 'node:stream';
import { recordFilter, type RecordFilter } from '../config/filter.js';
import type { Cube, FileSummary } from '../cube/cube.js';
import { CubeBuilder } from '../enrich/builder.js';
import { DETECT_SAMPLE_LINES, MIN_PARSE_RATE, detectFormat, isDetection } from '../formats/detect.js';
import { FormatSpecError, formatFromSpec, FORMATS } from '../formats/index.js';
import { emptyRecord, type LineParser, type LogFormat, type ParserOptions } from '../formats/types.js';
import { parseTimeZone, timeZoneProblem } from '../formats/zone.js';
import { InputError, type Input } from './inputs.js';
import { forEachLine, linesOf, openBytes } from './lines.js';
import { FileShrankError } from './read-file.js';

/**
 * Reading one input into a cube: opening it, detecting its format, parsing and feeding
 * the builder. Apart from the rest of the API (rules, reports) because worker threads
 * load it, and loading the whole library (every rule, formatter and report builder) is
 * on the way to a worker's first line: a worker starts and loads this in 82–90 ms, the
 * library in 108–116 ms, and in a run over two 3M-line files the workers began reading
 * 288–346 ms after the process started, against 313–413 ms (four runs each).
 */

/** what an input reader is told about: how to open an input, and each input as it starts */
export interface ReadHooks {
  /**
   * Opens a file input (default: the whole file, gunzipped by magic). `--state` passes
   * one that resumes where the previous run stopped; progress passes one that counts bytes.
   */
  open?: InputOpener;
  /** told about each input as reading starts (its summary's line counts grow while it is read) */
  onInput?: (summary: FileSummary) => void;
}

/** what one input needs to become a cube, on any thread (plain data: it crosses postMessage) */
export interface InputJob {
  input: Input;
  logFormat?: string;
  /** as given (a TimeZone holds caches and cannot cross to a worker) */
  timeZone?: string;
  windowMs: number;
  routeCap: number;
  routes: readonly string[];
  maxLineLength: number;
  since?: number;
  until?: number;
  ignorePaths?: readonly string[];
  ignoreClients?: readonly string[];
}

/**
 * The cube of one input, built with its own enrichment state (sessions, caches): a
 * streak or a login does not carry from one file into the next, so every input's cube is
 * independent of the others and reading many inputs is exactly the merge of their cubes,
 * whichever thread built each one. Throws InputError as analyze does.
 */
export async function cubeOfInput(job: InputJob, opts: ReadHooks = {}): Promise<{ cube: Cube; format: string | null }> {
  const forced = job.logFormat === undefined ? undefined : resolveFormat(job.logFormat);
  const builder = new CubeBuilder({ windowMs: job.windowMs, routeCap: job.routeCap, routes: job.routes });
  const parsing = parserOptions(job.timeZone);
  const format = await readInput(job.input, builder, forced, job.maxLineLength, recordFilter(job), parsing, opts);
  return { cube: builder.finish(), format };
}

/** an opened input: its bytes, the number of lines before them, and a hook for when reading ends */
export interface OpenedInput {
  bytes: Readable;
  /** lines of the file before `bytes` (so sample line numbers stay file line numbers) */
  linesBefore: number;
  /** called once the input was read to the end (ok) or stopped by an error */
  done?(ok: boolean): void;
}
export type InputOpener = (path: string) => Promise<OpenedInput>;

/** a built-in id, or a pasted nginx/Apache format (`nginx:…`, `apache:…`) */
export function resolveFormat(name: string): LogFormat {
  let f: LogFormat | undefined;
  try {
    f = formatFromSpec(name);
  } catch (e) {
    if (e instanceof FormatSpecError) throw new InputError(`--log-format: ${e.message}`);
    throw e;
  }
  if (f === undefined) {
    throw new InputError(`unknown log format "${name}"; known formats: ${FORMATS.map((x) => x.id).join(', ')}, or nginx:<log_format>, apache:<LogFormat> (see \`statuslint formats\`)`);
  }
  return f;
}

/** `--timezone` as parser options; an unknown zone is an InputError (exit 2) */
export function parserOptions(timeZone: string | undefined): ParserOptions {
  if (timeZone === undefined) return {};
  const zone = parseTimeZone(timeZone);
  if (zone === null) throw new InputError(`--timezone: ${timeZoneProblem(timeZone)}`);
  return { timeZone: zone };
}

/** reads every source into one cube, runs the rules, and returns the report */

/** an input with nothing but blank lines: every line is a counted blank skip */
const BLANK_ONLY: LineParser = { parse: () => 'blank' };

/** skip reasons that mean "this line should have been a request": they count against the parse rate */
const UNREADABLE = new Set(['malformed', 'bad-time', 'no-time', 'bad-status']);
/** skip reasons that are the user's choice (time filter, ignore lists): no examples kept */
const CHOSEN = new Set(['blank', 'directive', 'out-of-range', 'ignored']);

/**
 * Feeds the lines of one input into the builder. The first lines are held back until
 * the format is detected from them, then every line flows straight through.
 */
export class InputReader {
  readonly summary: FileSummary;
  private readonly fileIndex: number;
  private format: LogFormat | undefined;
  private parser: LineParser | undefined;
  private unreadable = 0;
  private readonly rec = emptyRecord();
  private readonly held: string[] = [];
  private heldFrom = 1;

  constructor(
    private readonly builder: CubeBuilder,
    path: string,
    private readonly forced: LogFormat | undefined,
    private readonly maxLine: number,
    private readonly filter: RecordFilter | null,
    private readonly parsing: ParserOptions,
  ) {
    this.summary = { path, format: forced?.id ?? '(undetected)', lines: 0, requests: 0, skipped: 0 };
    builder.cube.files.push(this.summary);
    this.fileIndex = builder.cube.files.length - 1;
    this.format = forced;
    this.parser = forced?.createParser(parsing);
  }

  get formatId(): string | null {
    return this.format?.id ?? null;
  }

  push(line: string, n: number): void {
    if (this.parser !== undefined) return this.consume(line, n);
    if (this.held.length === 0) this.heldFrom = n;
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

  /**
   * After a read error: the lines held back for detection are counted too, when a format
   * can be told from them. Otherwise the note says why they were not.
   */
  salvage(): void {
    if (this.parser !== undefined || this.held.length === 0) return;
    try {
      this.settle();
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      this.summary.note = withoutPath(e.message, this.summary.path);
    }
  }

  private skip(reason: string, lineNo: number): void {
    this.summary.skipped++;
    this.builder.cube.skip(reason);
    if (UNREADABLE.has(reason)) this.unreadable++;
    if (!CHOSEN.has(reason)) this.builder.cube.noteSkipExample({ file: this.summary.path, line: lineNo, reason });
  }

  private consume(line: string, n: number): void {
    this.summary.lines++;
    if (line.length > this.maxLine) return this.skip('oversized', n);
    const reason = this.parser!.parse(line, this.rec);
    if (reason !== undefined) return this.skip(reason, n);
    if (this.filter !== null) {
      const why = this.filter(this.rec);
      if (why !== undefined) return this.skip(why, n);
    }
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
      this.parser = d.format.createParser(this.parsing);
      this.summary.format = d.format.id;
    } else {
      this.parser = BLANK_ONLY;
      this.summary.format = '(empty)';
    }
    held.forEach((l, i) => this.consume(l, this.heldFrom + i));
    held.length = 0;
  }
}

/** streams one input into the builder; returns the format id used */
async function readInput(
  input: Input,
  builder: CubeBuilder,
  forced: LogFormat | undefined,
  maxLine: number,
  filter: RecordFilter | null,
  parsing: ParserOptions,
  opts: ReadHooks,
): Promise<string | null> {
  const reader = new InputReader(builder, input.path === '-' ? '(stdin)' : input.path, forced, maxLine, filter, parsing);
  opts.onInput?.(reader.summary);
  let lineNo = 0;
  let opened: OpenedInput | undefined;
  try {
    opened = input.path === '-' || opts.open === undefined ? { bytes: await openBytes(input.path), linesBefore: 0 } : await opts.open(input.path);
    const before = opened.linesBefore;
    lineNo = before;
    await forEachLine(linesOf(opened.bytes, maxLine), (line, n) => {
      lineNo = n + before;
      reader.push(line, lineNo);
    });
    reader.finish();
    opened.done?.(true);
  } catch (e) {
    opened?.done?.(false);
    if (!(e instanceof InputError)) {
      reader.summary.error = readErrorMessage(e as NodeJS.ErrnoException, lineNo);
      reader.salvage();
      return reader.formatId;
    }
    if (!input.fromDirectory) throw e;
    // a file in a directory that is not an access log (error.log, a README): skip it, say so
    reader.summary.format = '(not a log)';
    reader.summary.note = withoutPath(e.message, reader.summary.path);
    return null;
  }
  return reader.formatId;
}

/** an input's message without the `path: ` it starts with (the summary names the file already) */
export function withoutPath(message: string, path: string): string {
  return message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
}

/** what went wrong with an input, and where: the lines up to `lineNo` were counted */
function readErrorMessage(e: NodeJS.ErrnoException, lineNo: number): string {
  if (e instanceof FileShrankError) {
    // short of the size at open, lines are certainly lost; past it, only lines appended during the read can be
    const lost = e.read < e.expected ? `lines after line ${lineNo} are missing` : `lines appended after line ${lineNo} may be missing`;
    return `truncated while being read (${e.expected} bytes when opened, ${e.now} now, ${e.read} read): ${lost}; if logrotate truncates it (copytruncate), read the rotated copy`;
  }
  if (e.code === 'ENOENT' && lineNo === 0) return 'deleted before it could be read';
  const what =
    e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR' || e.code === 'Z_STREAM_ERROR' ? 'corrupt or truncated gzip data'
    : e.code === 'EISDIR' ? 'is a directory'
    : e.code === 'EACCES' ? 'permission denied'
    : e.code === 'ENOENT' ? 'file disappeared while being read'
    : e.message;
  return `${what} after line ${lineNo}`;
}
