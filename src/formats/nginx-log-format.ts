/**
 * nginx `log_format` strings compiled into a LogFormat. Users paste what their server
 * config says: the bare format string, the quoted string(s), or the whole directive
 * (`log_format main escape=json '{"time":"$time_iso8601",' '"status":$status}';`).
 *
 * Variables statuslint understands map to LogRecord fields; any other variable is
 * skipped (its text is walked over, not read). Two variables with nothing between them
 * cannot be split and are refused with a message naming them.
 */

import { buildTemplate, K, TemplateError, templateParser, type Capture, type TemplatePart } from './template.js';
import type { LogFormat } from './types.js';

export class FormatSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormatSpecError';
  }
}

const VARS: Readonly<Record<string, Omit<Capture, 'name'>>> = {
  remote_addr: { kind: K.client },
  binary_remote_addr: { kind: K.client },
  realip_remote_addr: { kind: K.client },
  http_x_forwarded_for: { kind: K.clientForwarded, list: true },
  proxy_add_x_forwarded_for: { kind: K.clientForwarded, list: true },
  http_x_real_ip: { kind: K.clientForwarded },
  remote_user: { kind: K.user },
  time_local: { kind: K.timeClf, width: 26 },
  time_iso8601: { kind: K.timeIso },
  msec: { kind: K.timeEpoch },
  request: { kind: K.request },
  request_method: { kind: K.method },
  request_uri: { kind: K.uri },
  uri: { kind: K.uri },
  document_uri: { kind: K.uri },
  status: { kind: K.status },
  body_bytes_sent: { kind: K.bytes, body: true },
  bytes_sent: { kind: K.bytes },
  http_referer: { kind: K.referer },
  http_user_agent: { kind: K.userAgent },
  request_time: { kind: K.durationSec },
  upstream_status: { kind: K.upstreamStatus, list: true },
  upstream_response_time: { kind: K.durationUpstreamSec, list: true },
  host: { kind: K.host },
  server_name: { kind: K.host },
  http_host: { kind: K.host },
};

/** nginx config string quoting: `'...'` or `"..."`, with `\` escaping the next character */
function readQuoted(s: string, at: number): { text: string; end: number } | undefined {
  const q = s[at];
  let text = '';
  for (let i = at + 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      const next = s[i + 1]!;
      // nginx keeps unknown escapes; \" \' \\ lose their backslash
      text += next === q || next === '\\' ? next : c + next;
      i++;
    } else if (c === q) {
      return { text, end: i + 1 };
    } else {
      text += c;
    }
  }
  return undefined;
}

/** one or more quoted strings, concatenated as nginx does */
function concatQuoted(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    if (s[i] !== "'" && s[i] !== '"') throw new FormatSpecError(`nginx log_format: unexpected text after a quoted string: ${JSON.stringify(s.slice(i, i + 30))}`);
    const q = readQuoted(s, i);
    if (q === undefined) throw new FormatSpecError(`nginx log_format: a quoted string is not closed: ${JSON.stringify(s.slice(i, i + 30))}`);
    out += q.text;
    i = q.end;
  }
  return out;
}

/** the format text and escape mode from what the user pasted */
export function unwrapNginxSpec(spec: string): { format: string; escape: string } {
  let s = spec.trim();
  let escape = 'default';
  const directive = /^log_format\s+(\S+)\s*/.exec(s);
  if (directive !== null) s = s.slice(directive[0].length);
  const esc = /^escape=(\w+)\s*/.exec(s);
  if (esc !== null) {
    escape = esc[1]!;
    s = s.slice(esc[0].length);
    if (escape !== 'default' && escape !== 'json' && escape !== 'none') throw new FormatSpecError(`nginx log_format: unknown escape=${escape} (nginx knows default, json and none)`);
  }
  if (s.endsWith(';')) s = s.slice(0, -1).trimEnd();
  const c0 = s[0];
  if (c0 === "'" || c0 === '"') {
    try {
      s = concatQuoted(s);
    } catch (e) {
      // a bare format that happens to start with a quote (`"$request" $status ...`)
      if (directive !== null || !(e instanceof FormatSpecError)) throw e;
    }
  }
  return { format: s, escape };
}

export function nginxTemplateParts(format: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let lit = '';
  let i = 0;
  while (i < format.length) {
    const c = format[i]!;
    if (c !== '$') {
      lit += c;
      i++;
      continue;
    }
    let name: string;
    if (format[i + 1] === '{') {
      const close = format.indexOf('}', i + 2);
      if (close === -1) throw new FormatSpecError(`nginx log_format: \${ without a closing } at ${JSON.stringify(format.slice(i, i + 20))}`);
      name = format.slice(i + 2, close);
      i = close + 1;
    } else {
      let j = i + 1;
      while (j < format.length && /[A-Za-z0-9_]/.test(format[j]!)) j++;
      name = format.slice(i + 1, j);
      i = j;
    }
    if (name.length === 0 || !/^[A-Za-z0-9_]+$/.test(name)) {
      lit += '$' + name;
      continue;
    }
    if (lit.length > 0) parts.push({ lit });
    lit = '';
    const known = VARS[name];
    if (known !== undefined) parts.push({ cap: { ...known, name: '$' + name } });
    else if (name.startsWith('sent_http_')) parts.push({ cap: { kind: K.header, header: name.slice(10).replace(/_/g, '-').toLowerCase(), name: '$' + name } });
    else parts.push({ cap: { kind: K.skip, list: name.startsWith('upstream_'), name: '$' + name } });
  }
  if (lit.length > 0) parts.push({ lit });
  return parts;
}

/** Compiles an nginx log_format (string or whole directive) into a LogFormat; throws FormatSpecError naming the problem. */
export function compileNginxFormat(spec: string): LogFormat {
  const { format, escape } = unwrapNginxSpec(spec);
  if (format.trim().length === 0) throw new FormatSpecError('nginx log_format: the format string is empty');
  const parts = nginxTemplateParts(format);
  let template;
  try {
    template = buildTemplate(parts, { json: escape === 'json', source: 'nginx' });
  } catch (e) {
    if (e instanceof TemplateError) throw new FormatSpecError(`nginx log_format: ${e.message}`);
    throw e;
  }
  return {
    id: 'nginx-custom',
    description: `nginx log_format ${escape === 'json' ? '(escape=json) ' : ''}${format.length > 120 ? format.slice(0, 117) + '...' : format}`,
    bytesField: template.bytesField,
    hasResponseHeaders: template.hasResponseHeaders,
    examples: [],
    createParser: (opts) => templateParser(template, opts),
  };
}
