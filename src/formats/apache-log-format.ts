/**
 * Apache `LogFormat` strings (mod_log_config) compiled into a LogFormat. Accepts the bare
 * string (`%h %l %u %t \"%r\" %>s %b`, with or without the backslashes) or the whole
 * directive (`LogFormat "%v:%p %h ..." vhost_combined`).
 *
 * Directives statuslint understands map to LogRecord fields; Apache directives it does
 * not need (%l, %p, %P, %X, %{..}e, ...) are walked over. A letter Apache does not know
 * is refused with a message naming it.
 */

import { monthIndex } from './time.js';
import { FormatSpecError } from './nginx-log-format.js';
import { buildTemplate, K, TemplateError, templateParser, type Capture, type TemplatePart } from './template.js';
import type { LogFormat } from './types.js';
import type { TimeZone } from './zone.js';

/** letters mod_log_config knows and statuslint does not read */
const SKIPPED = new Set(['A', 'C', 'e', 'f', 'H', 'k', 'l', 'L', 'n', 'p', 'P', 'q', 'R', 'X', 'I', 'S', '^']);

interface TimeOp { kind: string; width: number; lit?: string }

/** a strftime pattern compiled to fixed-width fields; throws on conversions of variable width */
function compileStrftime(fmt: string): { width: number; parse: (s: string, zone: TimeZone) => number } {
  const ops: TimeOp[] = [];
  const expand: Record<string, string> = { T: '%H:%M:%S', F: '%Y-%m-%d', D: '%m/%d/%y', R: '%H:%M' };
  const widths: Record<string, number> = { Y: 4, m: 2, d: 2, e: 2, H: 2, I: 2, M: 2, S: 2, y: 2, b: 3, h: 3, a: 3, z: 5, j: 3, p: 2 };
  const walk = (f: string): void => {
    for (let i = 0; i < f.length; i++) {
      const c = f[i]!;
      if (c !== '%') { ops.push({ kind: 'lit', width: 1, lit: c }); continue; }
      const conv = f[++i];
      if (conv === undefined) throw new FormatSpecError(`apache LogFormat: %{${fmt}}t ends with a lone %`);
      if (conv === '%') { ops.push({ kind: 'lit', width: 1, lit: '%' }); continue; }
      if (expand[conv] !== undefined) { walk(expand[conv]!); continue; }
      const w = widths[conv];
      if (w === undefined) throw new FormatSpecError(`apache LogFormat: %{${fmt}}t uses %${conv}, which statuslint cannot read back (supported: %Y %m %d %e %H %I %M %S %y %b %a %z %j %p %T %F %D %R)`);
      ops.push({ kind: conv, width: w });
    }
  };
  walk(fmt);
  const width = ops.reduce((a, o) => a + o.width, 0);
  const parse = (s: string, zone: TimeZone): number => {
    if (s.length !== width) return NaN;
    let pos = 0;
    let year = 1970, month = 0, day = 1, hour = 0, min = 0, sec = 0, offset = NaN, pm = -1, yday = -1;
    for (const o of ops) {
      const t = s.slice(pos, pos + o.width);
      pos += o.width;
      switch (o.kind) {
        case 'lit': if (t !== o.lit) return NaN; break;
        case 'Y': year = Number(t); break;
        case 'y': year = 2000 + Number(t); break;
        case 'm': month = Number(t) - 1; break;
        case 'd': case 'e': day = Number(t.trim()); break;
        case 'H': case 'I': hour = Number(t); break;
        case 'M': min = Number(t); break;
        case 'S': sec = Number(t); break;
        case 'j': yday = Number(t); break;
        case 'b': case 'h': month = monthIndex(t); break;
        case 'a': break;
        case 'p': pm = t === 'PM' ? 1 : t === 'AM' ? 0 : -2; break;
        case 'z': {
          const sign = t[0] === '-' ? -1 : t[0] === '+' ? 1 : 0;
          const oh = Number(t.slice(1, 3));
          const om = Number(t.slice(3, 5));
          if (sign === 0 || Number.isNaN(oh) || Number.isNaN(om)) return NaN;
          offset = sign * (oh * 60 + om) * 60_000;
          break;
        }
      }
    }
    if (pm === -2) return NaN;
    if (pm === 1 && hour < 12) hour += 12;
    if (pm === 0 && hour === 12) hour = 0;
    if (!(month >= 0 && month <= 11) || !(day >= 1 && day <= 31) || !(hour <= 23) || !(min <= 59) || !(sec <= 60) || Number.isNaN(year)) return NaN;
    const local = yday > 0 ? Date.UTC(year, 0, yday, hour, min, sec) : Date.UTC(year, month, day, hour, min, sec);
    if (yday <= 0 && new Date(local).getUTCDate() !== day) return NaN;
    // without %z the time carries no zone
    return Number.isNaN(offset) ? zone.toUtc(local) : local - offset;
  };
  return { width, parse };
}

function timeCapture(param: string, name: string): Capture {
  let p = param;
  if (p.startsWith('begin:')) p = p.slice(6);
  else if (p.startsWith('end:')) p = p.slice(4);
  switch (p) {
    case 'sec': return { kind: K.timeEpoch, name };
    case 'msec': return { kind: K.timeEpochMs, name };
    case 'usec': return { kind: K.timeEpochUs, name };
    case 'msec_frac': return { kind: K.skip, width: 3, name };
    case 'usec_frac': return { kind: K.skip, width: 6, name };
  }
  if (p.length === 0) return { kind: K.timeClf, width: 26, name };
  const st = compileStrftime(p);
  return { kind: K.timeCustom, width: st.width, time: st.parse, name };
}

function headerIn(param: string, name: string): Capture {
  switch (param.toLowerCase()) {
    case 'referer': case 'referrer': return { kind: K.referer, name };
    case 'user-agent': return { kind: K.userAgent, name };
    case 'host': return { kind: K.host, name };
    case 'x-forwarded-for': return { kind: K.clientForwarded, list: true, name };
    default: return { kind: K.skip, name };
  }
}

export function apacheTemplateParts(format: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let lit = '';
  const flush = (): void => {
    if (lit.length > 0) parts.push({ lit });
    lit = '';
  };
  let i = 0;
  while (i < format.length) {
    const c = format[i]!;
    if (c === '\\' && i + 1 < format.length) {
      const n = format[i + 1]!;
      lit += n === 't' ? '\t' : n === 'n' ? '\n' : n;
      i += 2;
      continue;
    }
    if (c !== '%') {
      lit += c;
      i++;
      continue;
    }
    const start = i;
    i++;
    // conditions (%400,501{..}i, %!200..) and the original/final modifiers < >
    while (i < format.length && /[0-9,!<>]/.test(format[i]!)) i++;
    let param: string | undefined;
    if (format[i] === '{') {
      const close = format.indexOf('}', i + 1);
      if (close === -1) throw new FormatSpecError(`apache LogFormat: %{ without a closing } at ${JSON.stringify(format.slice(start, start + 20))}`);
      param = format.slice(i + 1, close);
      i = close + 1;
    }
    while (i < format.length && (format[i] === '<' || format[i] === '>')) i++;
    let letter = format[i];
    if (letter === undefined) throw new FormatSpecError(`apache LogFormat: the format ends with an unfinished directive ${JSON.stringify(format.slice(start))}`);
    i++;
    if (letter === '^') {
      // %{VARNAME}^ti / ^to: trailer lines
      i += 2;
      letter = '^';
    }
    const name = format.slice(start, i);
    if (letter === '%') { lit += '%'; continue; }
    let cap: Capture | undefined;
    switch (letter) {
      case 'a': case 'h': cap = { kind: K.client, name }; break;
      case 'u': cap = { kind: K.user, name }; break;
      case 't':
        if (param === undefined) {
          lit += '[';
          flush();
          parts.push({ cap: { kind: K.timeClf, width: 26, name } });
          lit = ']';
          continue;
        }
        cap = timeCapture(param, name);
        break;
      case 'r': cap = { kind: K.request, name }; break;
      case 'm': cap = { kind: K.method, name }; break;
      case 'U': cap = { kind: K.uri, name }; break;
      case 's': cap = { kind: K.status, name }; break;
      case 'b': cap = { kind: K.bytes, body: true, dashIsZero: true, name }; break;
      case 'B': cap = { kind: K.bytes, body: true, name }; break;
      case 'O': cap = { kind: K.bytes, name }; break;
      case 'D': cap = { kind: K.durationUs, name }; break;
      case 'T': {
        const unit = (param ?? 's').toLowerCase();
        if (unit === 'ms') cap = { kind: K.durationMs, name };
        else if (unit === 'us') cap = { kind: K.durationUs, name };
        else if (unit === 's') cap = { kind: K.durationSec, name };
        else throw new FormatSpecError(`apache LogFormat: ${name} has an unknown unit ${JSON.stringify(param)} (Apache knows ms, us and s)`);
        break;
      }
      case 'v': case 'V': cap = { kind: K.host, name }; break;
      case 'i': cap = headerIn(param ?? '', name); break;
      case 'o': cap = param ? { kind: K.header, header: param.toLowerCase(), name } : { kind: K.skip, name }; break;
      default:
        if (!SKIPPED.has(letter)) throw new FormatSpecError(`apache LogFormat: unknown directive ${name} (mod_log_config has no %${letter})`);
        // %U%q: the query string runs on from the path; the path reader drops it
        if (letter === 'q' && lit.length === 0 && parts.length > 0 && 'cap' in parts[parts.length - 1]!) continue;
        cap = { kind: K.skip, name };
    }
    flush();
    parts.push({ cap });
  }
  flush();
  return parts;
}

/** the LogFormat string from what the user pasted (bare, quoted, or the whole directive) */
export function unwrapApacheSpec(spec: string): string {
  let s = spec.trim();
  const directive = /^(?:LogFormat|CustomLog\s+\S+)\s+/i.exec(s);
  if (directive !== null) s = s.slice(directive[0].length);
  if (s[0] === '"') {
    // a quoted config string: ends at the first unescaped quote; a nickname may follow
    for (let i = 1; i < s.length; i++) {
      if (s[i] === '\\') { i++; continue; }
      if (s[i] === '"') {
        const rest = s.slice(i + 1).trim();
        if (rest.length === 0 || /^[\w.-]+$/.test(rest) || directive !== null) return s.slice(1, i);
        break;
      }
    }
  }
  return s;
}

/** Compiles an Apache LogFormat string (or directive) into a LogFormat; throws FormatSpecError naming the problem. */
export function compileApacheFormat(spec: string): LogFormat {
  const format = unwrapApacheSpec(spec);
  if (format.trim().length === 0) throw new FormatSpecError('apache LogFormat: the format string is empty');
  const parts = apacheTemplateParts(format);
  let template;
  try {
    template = buildTemplate(parts, { json: false, source: 'apache' });
  } catch (e) {
    if (e instanceof TemplateError) throw new FormatSpecError(`apache LogFormat: ${e.message}`);
    throw e;
  }
  return {
    id: 'apache-custom',
    description: `Apache LogFormat ${format.length > 120 ? format.slice(0, 117) + '...' : format}`,
    bytesField: template.bytesField,
    hasResponseHeaders: template.hasResponseHeaders,
    examples: [],
    createParser: (opts) => templateParser(template, opts),
  };
}
