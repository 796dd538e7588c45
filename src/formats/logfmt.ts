/**
 * logfmt access lines (`key=value key="quoted value"`), including the Heroku router:
 *
 *   2026-11-16T03:05:00.123456+00:00 heroku[router]: at=info method=GET path="/" host=app.example
 *   request_id=… fwd="204.204.204.204" dyno=web.1 connect=0ms service=12ms status=200 bytes=1234 protocol=https
 *
 * A leading timestamp (and `heroku[router]:`-style source) before the pairs is the time
 * when no `time=`/`ts=` key is present. Lines without a `status=` key are not access
 * lines. Heroku's `bytes` counts the whole response: `total`.
 */

import { parseAnyTime, parseIsoTime } from './time.js';
import { methodToken, statusOrNull, targetPath } from './request.js';
import { firstForwarded } from './fields.js';
import { resetRecord, type LineParser, type LogFormat, type LogRecord, type ParserOptions, type SkipReason } from './types.js';
import { UTC } from './zone.js';

/** `12ms`, `1.5s`, `350us`, `2000ns`, or a bare number of ms */
function durationMs(v: string): number | null {
  let i = 0;
  while (i < v.length && ((v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57) || v.charCodeAt(i) === 46)) i++;
  if (i === 0) return null;
  const n = Number(v.slice(0, i));
  if (!Number.isFinite(n)) return null;
  switch (v.slice(i)) {
    case '': case 'ms': return n;
    case 's': return n * 1000;
    case 'us': case 'µs': return n / 1000;
    case 'ns': return n / 1e6;
    case 'm': return n * 60_000;
    default: return null;
  }
}

/** logfmt pairs from `from`; values may be quoted with `\"` escapes */
function pairs(line: string, from: number, out: Map<string, string>): boolean {
  out.clear();
  const n = line.length;
  let i = from;
  while (i < n) {
    while (i < n && line.charCodeAt(i) === 32) i++;
    if (i >= n) break;
    const eq = line.indexOf('=', i);
    const sp = line.indexOf(' ', i);
    if (eq === -1 || (sp !== -1 && sp < eq)) {
      // a bare word (`heroku[router]:` or junk): skip it
      i = sp === -1 ? n : sp + 1;
      continue;
    }
    const key = line.slice(i, eq);
    let j = eq + 1;
    let val: string;
    if (line.charCodeAt(j) === 34) {
      let k = j + 1;
      let buf = '';
      for (;;) {
        const q = line.indexOf('"', k);
        if (q === -1) return false; // an unclosed quote: truncated line
        let bs = 0;
        for (let b = q - 1; b >= k && line.charCodeAt(b) === 92; b--) bs++;
        buf += line.slice(k, q);
        if ((bs & 1) === 1) { buf = buf.slice(0, -1) + '"'; k = q + 1; continue; }
        j = q + 1;
        break;
      }
      val = buf;
    } else {
      const e = line.indexOf(' ', j);
      val = line.slice(j, e === -1 ? n : e);
      j = e === -1 ? n : e;
    }
    out.set(key, val);
    i = j;
  }
  return true;
}

/** keys a logfmt line starts with (Heroku `at=`, Go loggers `time=`/`level=`/`msg=`) */
const FIRST_KEYS = new Set(['at', 'level', 'lvl', 'msg', 'time', 'ts', 't', 'timestamp']);

function pick(m: Map<string, string>, keys: readonly string[]): string | null {
  for (const k of keys) {
    const v = m.get(k);
    if (v !== undefined && v.length > 0 && v !== '-') return v;
  }
  return null;
}

function createLogfmtParser(opts: ParserOptions = {}): LineParser {
  const zone = opts.timeZone ?? UTC;
  const m = new Map<string, string>();
  return {
    parse(line: string, out: LogRecord): SkipReason | undefined {
      resetRecord(out);
      if (line.trim().length === 0) return 'blank';
      if (line.indexOf('=') === -1 || line.charCodeAt(0) === 123 /* { */) return 'malformed';
      // a leading timestamp before the pairs (Heroku drains, syslog-ish)
      // (`2026-... heroku[router]: at=...`, RFC 5424 drains `<158>1 2026-... host heroku router - at=...`)
      let prefixTime = NaN;
      for (let from = 0, k = 0; k < 4 && Number.isNaN(prefixTime); k++) {
        const sp = line.indexOf(' ', from);
        if (sp === -1) break;
        const tok = line.slice(from, sp);
        if (tok.indexOf('=') !== -1) break;
        const c0 = tok.charCodeAt(0);
        if (c0 >= 48 && c0 <= 57 && tok.charCodeAt(4) === 45) prefixTime = parseIsoTime(tok, zone);
        from = sp + 1;
      }
      if (!pairs(line, 0, m)) return 'malformed';
      const st = m.get('status') ?? m.get('status_code');
      // a logfmt line without a status (an app message) is status-less by design; a line of
      // another format that merely contains `x=y` somewhere (a query string) is not logfmt
      if (st === undefined) return FIRST_KEYS.has(m.keys().next().value ?? '') ? 'no-status' : 'malformed';
      const status = statusOrNull(st);
      if (status === null) return 'bad-status';
      const method = pick(m, ['method', 'http_method']);
      const path = pick(m, ['path', 'uri', 'url']);
      if (method === null && path === null) return 'malformed'; // a status without a request: not an access line
      out.status = status;
      out.method = method === null ? null : methodToken(method);
      out.path = path === null ? null : targetPath(path);
      const t = pick(m, ['time', 'ts', 'timestamp']);
      out.time = t !== null ? parseAnyTime(t, zone) : prefixTime;
      if (t === null && Number.isNaN(prefixTime)) return 'no-time';
      out.host = pick(m, ['host']);
      const fwd = pick(m, ['fwd', 'client_ip', 'remote_addr', 'ip', 'client']);
      out.client = fwd === null ? null : firstForwarded(fwd);
      out.userAgent = pick(m, ['user_agent', 'ua', 'agent']);
      out.referer = pick(m, ['referer', 'referrer']);
      out.user = pick(m, ['user', 'user_id']);
      const b = pick(m, ['bytes', 'size']);
      const bn = b === null ? NaN : Number(b);
      out.bytes = Number.isInteger(bn) && bn >= 0 ? bn : null;
      const d = pick(m, ['service', 'duration', 'latency', 'elapsed', 'took']);
      out.durationMs = d === null ? null : durationMs(d);
      if (!Number.isFinite(out.time)) return 'bad-time';
      return undefined;
    },
  };
}

export const logfmt: LogFormat = {
  id: 'logfmt',
  description: 'logfmt access lines, including the Heroku router (at=info method=GET path="/" status=200 service=12ms)',
  bytesField: 'total',
  hasResponseHeaders: false,
  examples: [
    {
      // Heroku Dev Center, "HTTP routing" router log example
      line: '2026-11-16T03:05:00.123456+00:00 heroku[router]: at=info method=GET path="/users?x=1" host=myapp.herokuapp.com request_id=8601b555-6a83-4c12-8269-97c8e32cdb22 fwd="204.204.204.204, 10.0.0.1" dyno=web.1 connect=1ms service=18ms status=200 bytes=13 protocol=https',
      expect: { time: Date.UTC(2026, 10, 16, 3, 5, 0, 123), method: 'GET', path: '/users', host: 'myapp.herokuapp.com', client: '204.204.204.204', status: 200, bytes: 13, durationMs: 18 },
    },
    { line: '2026-11-16T03:05:00+00:00 heroku[router]: at=error code=H12 desc="Request timeout" method=GET path="/caf\u00e9" host=a.example fwd="2001:db8::1" dyno=web.1 connect=0ms service=30000ms status=503 bytes=0', expect: { status: 503, client: '2001:db8::1', path: '/caf\u00e9', durationMs: 30000 } },
    { line: 'time=2026-11-16T03:05:00Z level=info msg="GET /x" method=POST path=/x status=401 duration=1.5s', expect: { status: 401, method: 'POST', durationMs: 1500 } },
    { line: '<158>1 2026-11-16T03:05:00.5+00:00 host heroku router - at=info method=HEAD path=/ status=301 bytes=0', expect: { status: 301, method: 'HEAD', time: Date.UTC(2026, 10, 16, 3, 5, 0, 500) } },
    { line: '2026-11-16T03:05:00+00:00 app[web.1]: at=info msg="worker booted"', skip: 'no-status' },
    { line: '1.2.3.4 - - [16/Nov/2026:03:05:00 +0000] "GET /?level=3&at=x HTTP/1.1" 200 1 "-" "-"', skip: 'malformed' },
    { line: 'at=info method=GET path="/ status=200', skip: 'malformed' },
    { line: 'at=info method=GET path=/ status=2x0 bytes=- ', skip: 'bad-status' },
    { line: 'at=info method=GET path=/ status=200', skip: 'no-time' },
    { line: '\u0000\u00ff garbage', skip: 'malformed' },
  ],
  createParser: createLogfmtParser,
};
