/**
 * The compiled form of a server's own log-format string (nginx `log_format`, Apache
 * `LogFormat`): a leading literal, then captures each followed by the literal that ends
 * it. A line is walked once with indexOf, left to right: no regex, no backtracking, so
 * time is linear in the line length whatever the line holds.
 *
 * The compilers (nginx-log-format.ts, apache-log-format.ts) turn their syntax into
 * `TemplatePart`s; this file owns the walking and the mapping onto LogRecord.
 */

import { ClfTimeReader, parseIsoTime } from './time.js';
import { dashToNull, intOrNull, methodToken, splitRequestLine, statusOrNull, targetPath } from './request.js';
import { firstForwarded, jsonUnescape, lastListedStatus, listSum, numOrNull, stripPort } from './fields.js';
import { resetRecord, type BytesField, type LineParser, type LogRecord, type ParserOptions, type SkipReason } from './types.js';
import { UTC, type TimeZone } from './zone.js';

/** what a capture feeds in the record; numbers rather than closures keep the hot loop a switch */
export const K = {
  skip: 0,
  client: 1,
  /** X-Forwarded-For used as the client (only when the format has no remote address) */
  clientForwarded: 2,
  user: 3,
  /** `10/Oct/2000:13:55:36 -0700` */
  timeClf: 4,
  timeIso: 5,
  /** seconds since the epoch, fraction allowed (nginx $msec, Apache %{sec}t) */
  timeEpoch: 6,
  timeEpochMs: 7,
  timeEpochUs: 8,
  /** Apache %{strftime}t: parsed by the capture's `time` function */
  timeCustom: 9,
  request: 10,
  method: 11,
  /** a target with its query string ($request_uri, %U%q) */
  uri: 12,
  status: 13,
  upstreamStatus: 14,
  bytes: 15,
  referer: 16,
  userAgent: 17,
  durationSec: 18,
  durationMs: 19,
  durationUs: 20,
  /** upstream time list, used as the duration only when the format has no request time */
  durationUpstreamSec: 21,
  host: 22,
  header: 23,
} as const;
export type Kind = (typeof K)[keyof typeof K];

export interface Capture {
  kind: Kind;
  /** the source name, for error messages (`$status`, `%>s`) */
  name: string;
  /** lower-case header name for K.header */
  header?: string;
  /** a list value (`a, b`): a space after a comma does not end it */
  list?: boolean;
  /** K.bytes: the size is the body only (not headers included) */
  body?: boolean;
  /** K.bytes: `-` means 0 (Apache %b) rather than unknown */
  dashIsZero?: boolean;
  /** fixed width in characters (CLF time, strftime without variable parts) */
  width?: number;
  /** parser for K.timeCustom; `zone` places a time that carries none */
  time?: (text: string, zone: TimeZone) => number;
}

export type TemplatePart = { lit: string } | { cap: Capture };

export interface CompiledTemplate {
  lead: string;
  caps: Capture[];
  /** lits[i] is the literal that follows caps[i] ('' for a last capture that runs to the end of its token) */
  lits: string[];
  bytesField: BytesField;
  hasResponseHeaders: boolean;
  /** values are JSON-escaped (nginx escape=json) */
  json: boolean;
}

export class TemplateError extends Error {}

/** kinds whose text may hold spaces when they are the last capture of the line */
const FREE_TEXT = new Set<Kind>([K.request, K.referer, K.userAgent, K.header, K.skip, K.uri, K.timeCustom]);

/** Joins literals, checks the captures can be told apart, and freezes the template. */
export function buildTemplate(parts: readonly TemplatePart[], opts: { json: boolean; source: string }): CompiledTemplate {
  const merged: TemplatePart[] = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    if ('lit' in p) {
      if (p.lit.length === 0) continue;
      if (last !== undefined && 'lit' in last) last.lit += p.lit;
      else merged.push({ lit: p.lit });
    } else {
      if (last !== undefined && 'cap' in last && last.cap.width === undefined) {
        throw new TemplateError(`${last.cap.name} and ${p.cap.name} have nothing between them, so a line cannot be split between them: put a separator between the two`);
      }
      merged.push({ cap: p.cap });
    }
  }
  let lead = '';
  let i = 0;
  if (merged[0] !== undefined && 'lit' in merged[0]) {
    lead = merged[0].lit;
    i = 1;
  }
  const caps: Capture[] = [];
  const lits: string[] = [];
  for (; i < merged.length; i++) {
    const p = merged[i]!;
    if ('cap' in p) {
      caps.push(p.cap);
      lits.push('');
    } else {
      lits[lits.length - 1] = p.lit;
    }
  }
  const kinds = new Set(caps.map((c) => c.kind));
  if (!kinds.has(K.status)) throw new TemplateError(`the format has no response status (${opts.source === 'nginx' ? '$status' : '%>s or %s'}): statuslint needs it on every line`);
  const hasTime = kinds.has(K.timeClf) || kinds.has(K.timeIso) || kinds.has(K.timeEpoch) || kinds.has(K.timeEpochMs) || kinds.has(K.timeEpochUs) || kinds.has(K.timeCustom);
  if (!hasTime) throw new TemplateError(`the format has no request time (${opts.source === 'nginx' ? '$time_local, $time_iso8601 or $msec' : '%t or %{...}t'}): statuslint cannot place requests in time windows without it`);
  // a format without $request/$uri/%r/%U is accepted: its records have no method or path,
  // and rules that need routes say they are not applicable
  if (kinds.has(K.client)) {
    for (const c of caps) if (c.kind === K.clientForwarded) c.kind = K.skip;
  }
  if (kinds.has(K.durationSec) || kinds.has(K.durationMs) || kinds.has(K.durationUs)) {
    for (const c of caps) if (c.kind === K.durationUpstreamSec) c.kind = K.skip;
  }
  const byteCaps = caps.filter((c) => c.kind === K.bytes);
  const bodyCap = byteCaps.find((c) => c.body === true);
  // prefer the body size when both are logged: rules about bodies need it
  for (const c of byteCaps) if (bodyCap !== undefined && c !== bodyCap) c.kind = K.skip;
  const bytesField: BytesField = byteCaps.length === 0 ? 'none' : bodyCap !== undefined ? 'body' : 'total';
  return {
    lead,
    caps,
    lits,
    bytesField,
    hasResponseHeaders: caps.some((c) => c.kind === K.header),
    json: opts.json,
  };
}

const BACKSLASH = 92;

/** index of `lit` at or after `from`, skipping quotes escaped with a backslash and (for lists) spaces after commas */
function findLiteral(line: string, lit: string, from: number, list: boolean): number {
  let i = line.indexOf(lit, from);
  const quoted = lit.charCodeAt(0) === 34;
  const spaced = lit.charCodeAt(0) === 32;
  while (i !== -1) {
    if (quoted) {
      let bs = 0;
      for (let j = i - 1; j >= from && line.charCodeAt(j) === BACKSLASH; j--) bs++;
      if ((bs & 1) === 1) { i = line.indexOf(lit, i + 1); continue; }
    }
    if (list && spaced && i > from) {
      const prev = line.charCodeAt(i - 1);
      // `a, b` and nginx's `a : b` keep going
      if (prev === 44 || (prev === 58 && line.charCodeAt(i - 2) === 32) || (line.charCodeAt(i + 1) === 58 && line.charCodeAt(i + 2) === 32)) {
        i = line.indexOf(lit, i + 1);
        continue;
      }
    }
    return i;
  }
  return -1;
}

function durationNumber(text: string): number | null {
  const v = numOrNull(text);
  return v !== null && v >= 0 ? v : null;
}

/**
 * The parser for one input. Not a closure per line: one object per input, with the
 * CLF time cache beside it.
 */
export function templateParser(t: CompiledTemplate, opts: ParserOptions = {}): LineParser {
  const times = new ClfTimeReader();
  const zone = opts.timeZone ?? UTC;
  const { lead, caps, lits, json } = t;
  const n = caps.length;
  return {
    parse(line: string, out: LogRecord): SkipReason | undefined {
      resetRecord(out);
      // blank check only when the line could be blank: trim() on every line costs a copy
      const c0 = line.charCodeAt(0);
      if (line.length === 0 || ((c0 === 32 || c0 === 9) && line.trim().length === 0)) return 'blank';
      if (lead.length > 0 && !line.startsWith(lead)) return 'malformed';
      let pos = lead.length;
      let sawStatus = false;
      let statusDash = false;
      for (let i = 0; i < n; i++) {
        const cap = caps[i]!;
        const lit = lits[i]!;
        let end: number;
        if (cap.width !== undefined) {
          end = pos + cap.width;
          if (end > line.length || (lit.length > 0 && !line.startsWith(lit, end))) return 'malformed';
        } else if (lit.length > 0) {
          end = findLiteral(line, lit, pos, cap.list === true);
          if (end === -1) {
            // a line cut short inside its last quoted field (a full disk, a capped line) keeps
            // the rest as the value, as clf.ts does for the user agent
            if (i === n - 1 && lit === '"') end = line.length;
            else return 'malformed';
          }
        } else if (FREE_TEXT.has(cap.kind) && i === n - 1) {
          end = line.length;
        } else {
          end = cap.list === true ? findLiteral(line, ' ', pos, true) : line.indexOf(' ', pos);
          if (end === -1) end = line.length;
        }
        const kind = cap.kind;
        if (kind === K.timeClf) {
          out.time = times.read(line, pos); // reads its 26 characters itself: no slice
        } else if (kind !== K.skip) {
          let text = line.slice(pos, end);
          if (json && text.indexOf('\\') !== -1) text = jsonUnescape(text);
          switch (kind) {
            case K.client: out.client = dashToNull(text); break;
            case K.clientForwarded: out.client = firstForwarded(text); break;
            case K.user: out.user = dashToNull(text); break;
            case K.timeIso: out.time = parseIsoTime(text, zone); break;
            case K.timeEpoch: { const v = numOrNull(text); out.time = v === null ? NaN : v * 1000; break; }
            case K.timeEpochMs: { const v = numOrNull(text); out.time = v === null ? NaN : v; break; }
            case K.timeEpochUs: { const v = numOrNull(text); out.time = v === null ? NaN : v / 1000; break; }
            case K.timeCustom: out.time = cap.time!(text, zone); break;
            case K.request: {
              const r = splitRequestLine(text);
              out.method ??= r.method;
              out.path ??= r.path;
              break;
            }
            case K.method: out.method = text.length === 0 || text === '-' ? null : methodToken(text); break;
            case K.uri: if (text.length > 0 && text !== '-') out.path = targetPath(text); break;
            case K.status: {
              sawStatus = true;
              const s = statusOrNull(text);
              if (s === null) {
                if (text === '-' || text.length === 0) statusDash = true;
                else return 'malformed';
              } else out.status = s;
              break;
            }
            case K.upstreamStatus: out.upstreamStatus = lastListedStatus(text); break;
            case K.bytes: {
              if (text === '-' || text.length === 0) out.bytes = cap.dashIsZero === true ? 0 : null;
              else {
                const b = intOrNull(text);
                if (b === null) return 'malformed';
                out.bytes = b;
              }
              break;
            }
            case K.referer: out.referer = dashToNull(text); break;
            case K.userAgent: out.userAgent = dashToNull(text); break;
            case K.durationSec: { const v = durationNumber(text); if (v !== null) out.durationMs = v * 1000; break; }
            case K.durationMs: { const v = durationNumber(text); if (v !== null) out.durationMs = v; break; }
            case K.durationUs: { const v = durationNumber(text); if (v !== null) out.durationMs = v / 1000; break; }
            case K.durationUpstreamSec: { const v = listSum(text); if (v !== null) out.durationMs = v * 1000; break; }
            case K.host: out.host = text.length === 0 || text === '-' ? null : (stripPort(text) ?? text); break;
            case K.header: {
              if (text.length > 0 && text !== '-') (out.headers ??= {})[cap.header!] = text;
              break;
            }
          }
        }
        pos = end + lit.length;
      }
      if (!sawStatus || statusDash) return 'no-status';
      if (!Number.isFinite(out.time)) return 'bad-time';
      return undefined;
    },
  };
}
