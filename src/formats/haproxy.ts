/**
 * HAProxy HTTP log format (`option httplog`), bare or behind a syslog prefix (stripped by
 * the prefix wrapper, see prefix.ts):
 *
 *   client:port [accept_date] frontend backend/server [sni] TR/Tw/Tc/Tr/Ta status bytes_read
 *   cookie cookie termination conns queues {req headers} {resp headers} "request"
 *
 * The timers token (five `/`-separated numbers) anchors the walk: status and bytes follow
 * it, the quoted request is the last field. HAProxy writes `"` inside captures and the
 * request as `#22`, so the first quote after the timers opens the request.
 * Startup/health messages (`Proxy x started.`, `Server x is DOWN`, `SSL handshake failure`)
 * and TCP-mode lines (three timers) carry no HTTP status: `no-status`.
 * The accept date has no zone: it is taken as UTC. bytes_read includes headers: `total`.
 */

import { parseClfNoZone, stripPort } from './fields.js';
import { methodToken, splitRequestLine, statusOrNull } from './request.js';
import { resetRecord, type LineParser, type LogFormat, type LogRecord, type ParserOptions, type SkipReason } from './types.js';
import { UTC, type TimeZone } from './zone.js';

const MESSAGE = /^(?:(?:Proxy|Server|Backend|Frontend|backend|frontend|Health check|Stopping|Pausing|Resuming|Connect from|Starting|Loading)\b|\[(?:NOTICE|WARNING|ALERT)\])/;

function timers(tok: string): number {
  // number of `/`-separated numeric parts (`-1`, `+5` allowed), or 0 when not a timers token
  let parts = 1;
  let digits = 0;
  for (let i = 0; i < tok.length; i++) {
    const c = tok.charCodeAt(i);
    if (c === 47) { if (digits === 0) return 0; parts++; digits = 0; }
    else if (c >= 48 && c <= 57) digits++;
    else if (!((c === 45 || c === 43) && digits === 0)) return 0;
  }
  return digits === 0 ? 0 : parts;
}

function parseHaproxy(line: string, out: LogRecord, zone: TimeZone): SkipReason | undefined {
  resetRecord(out);
  if (line.trim().length === 0) return 'blank';
  const open = line.indexOf(' [');
  if (open === -1 || open > 64) return MESSAGE.test(line) ? 'no-status' : 'malformed';
  const close = line.indexOf(']', open);
  if (close === -1) return 'malformed';
  const client = line.slice(0, open);
  if (client.indexOf(' ') !== -1) return MESSAGE.test(line) ? 'no-status' : 'malformed';
  const date = line.slice(open + 2, close);
  if (date.length < 20 || date.charCodeAt(2) !== 47) return 'malformed';
  // frontend, backend/server, optional extra fields, then the timers
  let p = close + 2;
  let t = 0;
  let tokEnd = -1;
  for (let k = 0; k < 6; k++) {
    tokEnd = line.indexOf(' ', p);
    if (tokEnd === -1) break;
    const tok = line.slice(p, tokEnd);
    if (k >= 2) {
      t = timers(tok);
      if (t >= 3) break;
    } else if (tok.endsWith(':')) {
      return 'no-status'; // `frontend/bind: SSL handshake failure` and other connection errors
    }
    p = tokEnd + 1;
  }
  if (t < 3 || tokEnd === -1) {
    return line.indexOf(': ', close) !== -1 || line.indexOf('handshake', close) !== -1 ? 'no-status' : 'malformed';
  }
  const timerText = line.slice(p, tokEnd);
  const sEnd = line.indexOf(' ', tokEnd + 1);
  if (sEnd === -1) return 'malformed';
  if (t === 3) return 'no-status'; // TCP log: Tw/Tc/Tt then bytes, no HTTP status
  const st = line.slice(tokEnd + 1, sEnd);
  if (st === '-1') return 'no-status'; // aborted before any response
  const status = statusOrNull(st);
  if (status === null) return 'malformed';
  out.status = status;
  const bEnd = line.indexOf(' ', sEnd + 1);
  const bytes = Number(line.slice(sEnd + 1, bEnd === -1 ? undefined : bEnd));
  out.bytes = Number.isInteger(bytes) && bytes >= 0 ? bytes : null;
  out.time = parseClfNoZone(date, zone);
  const last = timerText.slice(timerText.lastIndexOf('/') + 1);
  const ta = Number(last.charCodeAt(0) === 43 ? last.slice(1) : last);
  if (Number.isFinite(ta) && ta >= 0) out.durationMs = ta;
  out.client = client === '-' || client.startsWith('-:') ? null : stripPort(client);
  // skip cookies, termination state, connection counts, queues, then `{captures}` blocks
  let r = bEnd;
  for (let k = 0; k < 5 && r !== -1; k++) r = line.indexOf(' ', r + 1);
  while (r !== -1 && line.charCodeAt(r + 1) === 123 /* { */) r = line.indexOf('} ', r + 1) + 1 || -1;
  const q = r !== -1 && line.charCodeAt(r + 1) === 34 ? r + 1 : line.indexOf('"', bEnd === -1 ? sEnd : bEnd);
  if (q !== -1) {
    let qe = line.lastIndexOf('"');
    if (qe <= q) qe = line.length;
    const req = splitRequestLine(line.slice(q + 1, qe));
    out.method = req.method !== null ? methodToken(req.method) : null;
    out.path = req.path;
  }
  if (!Number.isFinite(out.time)) return 'bad-time';
  return undefined;
}

export const haproxy: LogFormat = {
  id: 'haproxy',
  description: 'HAProxy HTTP log (option httplog), with or without a syslog prefix; startup and TCP lines carry no status',
  bytesField: 'total',
  hasResponseHeaders: false,
  examples: [
    {
      // HAProxy configuration manual, section 8.2.3 (HTTP log format example)
      line: '10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"',
      expect: { time: Date.UTC(2009, 1, 6, 12, 14, 14, 655), client: '10.0.1.2', status: 200, bytes: 2750, durationMs: 109, method: 'GET', path: '/index.html' },
    },
    {
      // elastic/integrations packages/haproxy test-haproxy.log: an extra SNI field and a `-` client
      line: '-:22222 [22/May/2021:02:22:22.222] www-https~ myapp/node2 site.domain.com 0/0/0/18/18 200 200 - - ---- 222/222/2/0/0 0/0 "OPTIONS /api/v2/app/ HTTP/1.1"',
      expect: { client: null, status: 200, method: 'OPTIONS', path: '/api/v2/app/' },
    },
    { line: '[2001:db8::1]:443 [06/Feb/2009:12:14:14.655] fe be/s1 0/0/0/1/1 503 212 - - SC-- 0/0/0/0/0 0/0 "<BADREQ>"', expect: { client: '2001:db8::1', status: 503, method: null } },
    { line: 'Proxy prod_http_in started.', skip: 'no-status' },
    { line: '95.216.197.33:56224 [25/Feb/2019:16:20:10.111] prod_http_in/sktst2: SSL handshake failure', skip: 'no-status' },
    { line: '10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0', skip: 'no-status' },
    { line: '10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109', skip: 'malformed' },
    { line: '10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 2x0 1 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"', skip: 'malformed' },
    { line: '10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {Mozilla "x"} {} "GET /caf\u00e9?a=1 HTTP/1.1"', expect: { path: '/caf\u00e9', status: 200 } },
    { line: '\u0000\u00ff garbage', skip: 'malformed' },
  ],
  createParser: (opts: ParserOptions = {}): LineParser => {
    const zone = opts.timeZone ?? UTC;
    return { parse: (line, out) => parseHaproxy(line, out, zone) };
  },
};
