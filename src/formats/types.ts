import type { TimeZone } from './zone.js';

/**
 * What every parser returns for one log line. Absent means unknown, never zero:
 * a format that does not log a field leaves it null.
 */
export interface LogRecord {
  /** epoch ms, UTC, offsets applied; NaN when the line has no usable time */
  time: number;
  method: string | null;
  /** request path without the query string */
  path: string | null;
  status: number;
  /** body bytes when the format logs them (see LogFormat.bytesField); null when not logged or `-` */
  bytes: number | null;
  client: string | null;
  user: string | null;
  userAgent: string | null;
  referer: string | null;
  durationMs: number | null;
  host: string | null;
  /** the status the upstream/origin answered when the log records both (ALB target, ingress upstream) */
  upstreamStatus: number | null;
  /** response (or request) headers the log recorded, lower-case names */
  headers: Record<string, string> | null;
}

/**
 * Why a line did not become a request. `malformed` is a line that looks like the
 * format but could not be read; `no-status` is a line that carries no HTTP status by
 * design (TCP/TLS connection lines, startup messages); `directive` is a header or
 * comment line (W3C `#Fields`); `bad-time`/`no-time`: the time is unreadable or absent,
 * so the request cannot be placed in a window.
 */
export type SkipReason = 'malformed' | 'no-status' | 'directive' | 'blank' | 'bad-time' | 'no-time' | 'bad-status';

/** What a format's `bytes` value counts: body bytes only, or the whole response with headers. */
export type BytesField = 'body' | 'total' | 'none';

export interface LineParser {
  /**
   * Parses `line` into `out` (a reused object: the parser overwrites every field).
   * Returns undefined on success, or the reason the line is not a request.
   * Never throws.
   */
  parse(line: string, out: LogRecord): SkipReason | undefined;
}

export interface FormatExample {
  line: string;
  /** fields the parsed record must have; omitted fields are not checked */
  expect?: Partial<LogRecord>;
  /** the line must be skipped with this reason */
  skip?: SkipReason;
}

export interface ParserOptions {
  /** how to read times that carry no zone (default: as UTC) */
  timeZone?: TimeZone;
}

export interface LogFormat {
  /** stable id, used by --log-format and shown in reports */
  id: string;
  description: string;
  /** what the bytes field means: `body` ($body_bytes_sent, %B/%b), `total` ($bytes_sent, %O) */
  bytesField: BytesField;
  /** true when the format records response headers (e.g. WWW-Authenticate) */
  hasResponseHeaders: boolean;
  /** lines that document the format and are run as its tests */
  examples: FormatExample[];
  /** one parser per input: some formats carry state between lines (W3C #Fields) */
  createParser(opts?: ParserOptions): LineParser;
}

export function emptyRecord(): LogRecord {
  return {
    time: NaN, method: null, path: null, status: 0, bytes: null, client: null, user: null,
    userAgent: null, referer: null, durationMs: null, host: null, upstreamStatus: null, headers: null,
  };
}

export function resetRecord(r: LogRecord): void {
  r.time = NaN; r.method = null; r.path = null; r.status = 0; r.bytes = null; r.client = null;
  r.user = null; r.userAgent = null; r.referer = null; r.durationMs = null; r.host = null;
  r.upstreamStatus = null; r.headers = null;
}
