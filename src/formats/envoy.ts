/**
 * Envoy's default access-log format:
 *
 *   [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%
 *   %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%
 *   "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"
 *
 * with the `ACCESS ` prefix Ambassador/Emissary adds. Docker's `{"message":...}` wrapper
 * is stripped by prefix.ts. TCP-proxy lines (`"- - -"`, status 0) carry no HTTP status.
 * %BYTES_SENT% counts body bytes.
 */

import { parseIsoTime } from './time.js';
import { dashToNull, methodToken, splitRequestLine, statusOrNull } from './request.js';
import { firstForwarded, numOrNull, quotedTokens } from './fields.js';
import { resetRecord, type LineParser, type LogFormat, type LogRecord, type ParserOptions, type SkipReason } from './types.js';
import { UTC, type TimeZone } from './zone.js';

function parseEnvoy(line: string, out: LogRecord, zone: TimeZone): SkipReason | undefined {
  resetRecord(out);
  if (line.trim().length === 0) return 'blank';
  let p = 0;
  if (line.startsWith('ACCESS ')) p = 7;
  if (line.charCodeAt(p) !== 91 /* [ */) return 'malformed';
  const close = line.indexOf('] "', p);
  if (close === -1 || close - p > 40) return 'malformed';
  const t = quotedTokens(line.slice(close + 2), 20);
  if (t === null || t.length < 7) return 'malformed';
  const request = t[0]!;
  // TCP proxy lines, and status 0: no HTTP response was sent (downstream reset, `DC`)
  if (request === '- - -' || t[1] === '0') return 'no-status';
  const status = statusOrNull(t[1]!);
  if (status === null) return 'malformed';
  out.time = parseIsoTime(line.slice(p + 1, close), zone);
  out.status = status;
  const req = splitRequestLine(request);
  out.method = req.method !== null && req.method !== '-' ? methodToken(req.method) : null;
  out.path = req.path;
  // Istio's default inserts %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS%
  // "%UPSTREAM_TRANSPORT_FAILURE_REASON%" after the flags: where Envoy's has a byte count
  // (always a number), Istio's has `via_upstream`, `route_not_found` or `-`.
  const o = numOrNull(t[3]!) === null ? 3 : 0;
  if (t.length < 7 + o) return 'malformed';
  const sent = numOrNull(t[4 + o]!);
  out.bytes = sent !== null && sent >= 0 ? sent : null;
  const d = numOrNull(t[5 + o]!);
  out.durationMs = d !== null && d >= 0 ? d : null;
  if (t[7 + o] !== undefined) out.client = firstForwarded(t[7 + o]!);
  if (t[8 + o] !== undefined) out.userAgent = dashToNull(t[8 + o]!);
  if (t[10 + o] !== undefined) out.host = dashToNull(t[10 + o]!);
  if (!Number.isFinite(out.time)) return 'bad-time';
  return undefined;
}

export const envoy: LogFormat = {
  id: 'envoy',
  description: 'Envoy default access log (and Istio\'s; also with the Ambassador `ACCESS ` prefix); TCP-proxy lines carry no status',
  bytesField: 'body',
  hasResponseHeaders: false,
  examples: [
    {
      // elastic/integrations packages/envoyproxy test-log.log
      line: '[2019-04-11T00:31:55.439Z] "GET /elastic HTTP/1.1" 404 NR 0 0 0 - "172.17.0.3" "curl/7.59.0" "58436667-bf70-4fd0-9fe9-cdadadecfd55" "192.168.99.107:30901" "-"',
      expect: { time: Date.UTC(2019, 3, 11, 0, 31, 55, 439), method: 'GET', path: '/elastic', status: 404, bytes: 0, durationMs: 0, client: '172.17.0.3', userAgent: 'curl/7.59.0', host: '192.168.99.107:30901' },
    },
    { line: 'ACCESS [2024-04-25T17:51:55.294Z] "GET /backend/ HTTP/1.1" 200 - 0 141 0 0 "192.168.0.9" "curl/8.4.0" "b7ba9b4c" "localhost:9001" "192.168.96.113:80"', expect: { status: 200, bytes: 141, path: '/backend/' } },
    {
      // Istio's access-log example (istio.io, "Envoy Access Logs")
      line: '[2020-11-25T21:26:18.409Z] "GET /status/418 HTTP/1.1" 418 - via_upstream - "-" 0 135 4 4 "-" "curl/7.73.0-DEV" "84961386-6d84-929d-98bd-c5aee93b5c88" "httpbin:8000" "127.0.0.1:80" inbound|8000|| 127.0.0.1:41854 10.44.1.27:80 10.44.1.23:37652 outbound_.8000_._.httpbin.default.svc.cluster.local default',
      expect: { status: 418, bytes: 135, durationMs: 4, client: null, userAgent: 'curl/7.73.0-DEV', host: 'httpbin:8000' },
    },
    { line: '[2019-04-08T16:50:12.533Z] "- - -" 0 - 87 254 4 - "-" "-" "-" "-" "172.27.0.2:80"', skip: 'no-status' },
    { line: '[2019-04-08T16:50:12.533Z] "GET /x HTTP/1.1" 200 - 0', skip: 'malformed' },
    { line: '[2019-04-08T16:50:12.533Z] "GET /x HTTP/1.1" ok - 0 1 2 - "-" "-" "-" "-" "-"', skip: 'malformed' },
    { line: '[2019-04-11T00:31:55.439Z] "GET /caf\u00e9?x=1 HTTP/2" 401 - 0 12 3 2 "2001:db8::1,10.0.0.1" "agent \\"q\\"" "id" "api.example" "10.0.0.2:80" extra', expect: { client: '2001:db8::1', path: '/caf\u00e9', status: 401, bytes: 12, durationMs: 3 } },
    { line: '[2019-04-11T00:31:55.439Z] "GET / HTTP/1.1" 0 DC 0 0 5 - "-" "-" "-" "-" "-"', skip: 'no-status' },
    { line: '\u0000\u00ff garbage', skip: 'malformed' },
  ],
  createParser: (opts: ParserOptions = {}): LineParser => {
    const zone = opts.timeZone ?? UTC;
    return { parse: (line, out) => parseEnvoy(line, out, zone) };
  },
};
