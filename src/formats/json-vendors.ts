/**
 * JSON access logs whose field names are fixed by their vendor: Caddy, Traefik, Google
 * Cloud HTTP(S) Load Balancing, Azure Front Door and Cloudflare Logpush. Each recognises
 * its own lines by a field only it writes, so the generic `json` format (listed after
 * them) does not steal them, and none steals another's lines. JSON lines from the same
 * program that are not access entries (Caddy's startup messages, Traefik's own log)
 * are `no-status`, not malformed.
 */

import { parseAnyTime } from './time.js';
import { methodToken, statusOrNull, targetPath } from './request.js';
import { jsonNumber, jsonString, stripPort, urlHost } from './fields.js';
import { resetRecord, type LineParser, type LogFormat, type LogRecord, type ParserOptions, type SkipReason } from './types.js';
import { UTC, type TimeZone } from './zone.js';

type Obj = Record<string, unknown>;

/** the JSON object on the line, or the reason it is none */
function jsonObject(line: string): Obj | SkipReason {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  if (i === line.length) return 'blank';
  if (line.charCodeAt(i) !== 123 /* { */) return 'malformed';
  try {
    const v: unknown = JSON.parse(line);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : 'malformed';
  } catch {
    return 'malformed';
  }
}

function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

const str = jsonString;
const num = jsonNumber;

function statusOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 999 ? v : null;
  if (typeof v === 'string') return statusOrNull(v);
  return null;
}

/** an upstream/origin status, where 0 means "no origin answered" */
function originStatus(v: unknown): number | null {
  const s = statusOf(v);
  return s === null || s === 0 ? null : s;
}

function firstHeader(h: Obj | undefined, name: string): string | null {
  if (h === undefined) return null;
  const v = h[name];
  if (Array.isArray(v)) return str(v[0]);
  return str(v);
}

function headerMap(h: Obj | undefined): Record<string, string> | null {
  if (h === undefined) return null;
  const out: Record<string, string> = {};
  let any = false;
  for (const k in h) {
    const v = h[k];
    const s = Array.isArray(v) ? v.map(String).join(', ') : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
    if (s !== null) { out[k.toLowerCase()] = s; any = true; }
  }
  return any ? out : null;
}

function setTarget(out: LogRecord, target: string | null): void {
  if (target !== null) out.path = targetPath(target);
}

function jsonFormat(parse: (o: Obj, out: LogRecord, zone: TimeZone) => SkipReason | undefined): (opts?: ParserOptions) => LineParser {
  return (opts = {}) => {
    const zone = opts.timeZone ?? UTC;
    return {
      parse(line: string, out: LogRecord): SkipReason | undefined {
        resetRecord(out);
        const o = jsonObject(line);
        if (typeof o === 'string') return o;
        const r = parse(o, out, zone);
        if (r !== undefined) return r;
        return Number.isFinite(out.time) ? undefined : 'bad-time';
      },
    };
  };
}

// ---------------------------------------------------------------- Caddy

function caddy(o: Obj, out: LogRecord, zone: TimeZone): SkipReason | undefined {
  const req = obj(o.request);
  const logger = typeof o.logger === 'string' ? o.logger : '';
  if (req === undefined || !(logger.startsWith('http.log.access') || o.msg === 'handled request')) {
    // zap-shaped Caddy output that is not an access entry (startup, tls, admin)
    return typeof o.level === 'string' && o.ts !== undefined && typeof o.msg === 'string' ? 'no-status' : 'malformed';
  }
  const status = statusOf(o.status);
  if (status === null) return 'bad-status';
  out.status = status;
  out.time = parseAnyTime(o.ts, zone);
  out.method = typeof req.method === 'string' ? methodToken(req.method) : null;
  setTarget(out, str(req.uri));
  out.client = str(req.client_ip) ?? str(req.remote_ip);
  out.host = str(req.host);
  const h = obj(req.headers);
  out.userAgent = firstHeader(h, 'User-Agent');
  out.referer = firstHeader(h, 'Referer');
  out.user = str(o.user_id);
  const size = num(o.size);
  out.bytes = size !== null && size >= 0 ? size : null;
  // float seconds by default; Go duration text (`1.5ms`, `2m3.1s`) with duration_format string
  const d = typeof o.duration === 'string' ? goDuration(o.duration) : num(o.duration);
  if (d !== null && d >= 0) out.durationMs = typeof o.duration === 'string' ? d : d * 1000;
  out.headers = headerMap(obj(o.resp_headers));
  return undefined;
}

const GO_UNITS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ns: 1e-6 };

/** Go's time.Duration text (`1h2m3.5s`, `350µs`) in ms, or null */
function goDuration(v: string): number | null {
  let total = 0;
  let i = 0;
  if (v === '0s' || v === '0') return 0;
  while (i < v.length) {
    let j = i;
    while (j < v.length && ((v.charCodeAt(j) >= 48 && v.charCodeAt(j) <= 57) || v.charCodeAt(j) === 46)) j++;
    if (j === i) return null;
    let k = j;
    while (k < v.length && !((v.charCodeAt(k) >= 48 && v.charCodeAt(k) <= 57) || v.charCodeAt(k) === 46)) k++;
    const f = GO_UNITS[v.slice(j, k)];
    const n = Number(v.slice(i, j));
    if (f === undefined || !Number.isFinite(n)) return null;
    total += n * f;
    i = k;
  }
  return total;
}

export const caddyJson: LogFormat = {
  id: 'caddy',
  description: 'Caddy JSON access log (http.log.access); other Caddy log lines carry no status',
  bytesField: 'body',
  hasResponseHeaders: true,
  examples: [
    {
      // shape of matomo-log-analytics tests/logs/caddy_json.log, shortened
      line: '{"level":"info","ts":1703373474.8155608,"logger":"http.log.access","msg":"handled request","request":{"remote_ip":"1.2.3.4","remote_port":"64985","client_ip":"2001:db8::5","proto":"HTTP/2.0","method":"GET","host":"example.com","uri":"/beta/?x=1","headers":{"User-Agent":["Mozilla/5.0"],"Referer":["https://example.com/"]}},"user_id":"","duration":0.0123,"size":5015,"status":401,"resp_headers":{"Www-Authenticate":["Basic realm=\\"x\\""]}}',
      expect: { time: 1703373474815.5608, method: 'GET', path: '/beta/', status: 401, bytes: 5015, client: '2001:db8::5', host: 'example.com', userAgent: 'Mozilla/5.0', referer: 'https://example.com/', durationMs: 12.3, headers: { 'www-authenticate': 'Basic realm="x"' } },
    },
    { line: '{"level":"info","ts":"2026-11-16T03:05:00.5Z","logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"::1","method":"POST","uri":"/caf\u00e9"},"duration":"1m2.5s","size":0,"status":204}', expect: { time: Date.UTC(2026, 10, 16, 3, 5, 0, 500), durationMs: 62500, path: '/caf\u00e9', client: '::1', status: 204 } },
    { line: '{"level":"info","ts":1761019822.3152757,"msg":"maxprocs: Leaving GOMAXPROCS=12: CPU quota undefined"}', skip: 'no-status' },
    { line: '{"level":"info","ts":1703373474.8,"logger":"http.log.access","msg":"handled request","request":{"method":"GET"},"status":"x"}', skip: 'bad-status' },
    { line: '{"level":"info","ts":1703373474.8,"logger":"http.log.access","msg":"handled req', skip: 'malformed' },
    { line: '{"status":200,"time":"2026-11-16T00:00:00Z"}', skip: 'malformed' },
  ],
  createParser: jsonFormat(caddy),
};

// ---------------------------------------------------------------- Traefik

function traefik(o: Obj, out: LogRecord, zone: TimeZone): SkipReason | undefined {
  if (!('DownstreamStatus' in o)) {
    return typeof o.level === 'string' && typeof o.msg === 'string' ? 'no-status' : 'malformed';
  }
  const status = statusOf(o.DownstreamStatus);
  if (status === null) return 'bad-status';
  out.status = status;
  out.upstreamStatus = originStatus(o.OriginStatus);
  out.time = parseAnyTime(o.StartUTC ?? o.StartLocal ?? o.time, zone);
  out.method = typeof o.RequestMethod === 'string' ? methodToken(o.RequestMethod) : null;
  setTarget(out, str(o.RequestPath));
  out.host = str(o.RequestHost);
  out.client = str(o.ClientHost) ?? (typeof o.ClientAddr === 'string' ? stripPort(o.ClientAddr) : null);
  out.user = str(o.ClientUsername);
  out.userAgent = str(o['request_User-Agent']);
  out.referer = str(o.request_Referer);
  const size = num(o.DownstreamContentSize);
  out.bytes = size !== null && size >= 0 ? size : null;
  const d = num(o.Duration);
  if (d !== null && d >= 0) out.durationMs = d / 1e6; // Go time.Duration: nanoseconds
  let headers: Record<string, string> | null = null;
  for (const k in o) {
    if (!k.startsWith('downstream_')) continue;
    const v = str(o[k]);
    if (v !== null) (headers ??= {})[k.slice(11).toLowerCase()] = v;
  }
  out.headers = headers;
  return undefined;
}

export const traefikJson: LogFormat = {
  id: 'traefik-json',
  description: 'Traefik JSON access log (DownstreamStatus, OriginStatus as the upstream status, Duration in ns)',
  bytesField: 'body',
  hasResponseHeaders: true,
  examples: [
    {
      // shape of elastic/integrations packages/traefik test-format-json.log, shortened
      line: '{"ClientAddr":"[::1]:48658","ClientHost":"::1","ClientUsername":"-","DownstreamContentSize":19,"DownstreamStatus":404,"Duration":40356,"OriginStatus":502,"RequestHost":"backend.example","RequestMethod":"GET","RequestPath":"/caf%C3%A9?x=1","StartUTC":"2021-03-16T18:56:54.735539596Z","downstream_Www-Authenticate":"Bearer","request_User-Agent":"curl/7.67.0","level":"info","msg":"","time":"2021-03-16T18:56:54Z"}',
      expect: { time: Date.UTC(2021, 2, 16, 18, 56, 54, 735), method: 'GET', path: '/caf%C3%A9', status: 404, upstreamStatus: 502, bytes: 19, client: '::1', user: null, durationMs: 0.040356, host: 'backend.example', userAgent: 'curl/7.67.0', headers: { 'www-authenticate': 'Bearer' } },
    },
    { line: '{"ClientHost":"1.2.3.4","DownstreamStatus":"200","OriginStatus":0,"RequestMethod":"GET","RequestPath":"/","StartUTC":"2023-08-11T11:39:21.77336Z"}', expect: { status: 200, upstreamStatus: null } },
    { line: '{"level":"info","msg":"Configuration loaded from flags.","time":"2023-08-11T11:39:21Z"}', skip: 'no-status' },
    { line: '{"DownstreamStatus":"ok","StartUTC":"2023-08-11T11:39:21Z"}', skip: 'bad-status' },
    { line: '{"DownstreamStatus":200,"StartUTC":"yesterday"}', skip: 'bad-time' },
    { line: '{"DownstreamStatus":200,"StartUTC":"2023-08-11T11:39:21Z"', skip: 'malformed' },
  ],
  createParser: jsonFormat(traefik),
};

// ---------------------------------------------------------------- Google Cloud

/** `0.123s` (protobuf Duration as JSON) → ms */
function gcpLatency(v: unknown): number | null {
  if (typeof v !== 'string' || !v.endsWith('s')) return null;
  const n = Number(v.slice(0, -1));
  return Number.isFinite(n) && n >= 0 ? n * 1000 : null;
}

function gcp(o: Obj, out: LogRecord, zone: TimeZone): SkipReason | undefined {
  const h = obj(o.httpRequest);
  if (h === undefined) return typeof o.logName === 'string' || typeof o.insertId === 'string' ? 'no-status' : 'malformed';
  if (h.status === undefined) return 'no-status'; // the request did not complete (connection closed before a response)
  const status = statusOf(h.status);
  if (status === null) return 'bad-status';
  out.status = status;
  out.time = parseAnyTime(o.timestamp, zone);
  out.method = typeof h.requestMethod === 'string' ? methodToken(h.requestMethod) : null;
  const url = str(h.requestUrl);
  setTarget(out, url);
  out.host = url === null ? null : urlHost(url);
  out.client = typeof h.remoteIp === 'string' ? stripPort(h.remoteIp) : null;
  out.userAgent = str(h.userAgent);
  out.referer = str(h.referer);
  const size = num(h.responseSize);
  out.bytes = size !== null && size >= 0 ? size : null;
  out.durationMs = gcpLatency(h.latency);
  return undefined;
}

export const gcpLb: LogFormat = {
  id: 'gcp-lb',
  description: 'Google Cloud Logging entries with httpRequest (HTTP(S) Load Balancing, Cloud Run, App Engine); responseSize includes headers',
  bytesField: 'total',
  hasResponseHeaders: false,
  examples: [
    {
      // shape of elastic/integrations packages/gcp test-load-balancer.log, shortened
      line: '{"insertId":"1oek5rg3l3fxj7","httpRequest":{"requestMethod":"GET","requestUrl":"http://81.2.69.193/static/us/three-cats.jpg?x=1","requestSize":"577","status":304,"responseSize":"157","userAgent":"Mozilla/5.0","remoteIp":"89.160.20.156:50000","latency":"0.012s"},"timestamp":"2020-06-08T23:41:30.078651Z","logName":"projects/P/logs/requests"}',
      expect: { time: Date.UTC(2020, 5, 8, 23, 41, 30, 78), method: 'GET', path: '/static/us/three-cats.jpg', host: '81.2.69.193', status: 304, bytes: 157, client: '89.160.20.156', durationMs: 12 },
    },
    { line: '{"insertId":"x","httpRequest":{"requestMethod":"GET","requestUrl":"https://a/"},"timestamp":"2020-06-08T23:41:30Z"}', skip: 'no-status' },
    { line: '{"insertId":"x","httpRequest":{"status":"abc"},"timestamp":"2020-06-08T23:41:30Z"}', skip: 'bad-status' },
    { line: '{"insertId":"x","httpRequest":{"status":200', skip: 'malformed' },
    { line: '\u0000\u00ff garbage', skip: 'malformed' },
  ],
  createParser: jsonFormat(gcp),
};

// ---------------------------------------------------------------- Azure Front Door

function azure(o: Obj, out: LogRecord, zone: TimeZone): SkipReason | undefined {
  const p = obj(o.properties);
  if (p === undefined) return 'malformed';
  const raw = p.httpStatusCode ?? p.httpStatus;
  if (raw === undefined) return typeof o.category === 'string' ? 'no-status' : 'malformed';
  const status = statusOf(raw);
  if (status === null) return 'bad-status';
  out.status = status;
  out.time = parseAnyTime(o.time ?? o.timeStamp ?? p.timeStamp, zone);
  out.method = typeof p.httpMethod === 'string' ? methodToken(p.httpMethod) : null;
  const uri = str(p.requestUri ?? p.requestQuery);
  setTarget(out, uri);
  out.host = str(p.hostName) ?? (uri === null ? null : urlHost(uri));
  const ip = str(p.clientIp ?? p.clientIP);
  out.client = ip === null ? null : stripPort(ip);
  out.userAgent = str(p.userAgent);
  out.referer = str(p.referer ?? p.referrer);
  const size = num(p.responseBytes ?? p.sentBytes);
  out.bytes = size !== null && size >= 0 ? size : null;
  const t = num(p.timeTaken);
  if (t !== null && t >= 0) out.durationMs = t * 1000;
  return undefined;
}

export const azureFrontDoor: LogFormat = {
  id: 'azure-frontdoor',
  description: 'Azure Front Door / Application Gateway access log JSON (properties.httpStatusCode as a string); responseBytes taken as header-inclusive',
  bytesField: 'total',
  hasResponseHeaders: false,
  examples: [
    {
      // shape of elastic/integrations packages/azure_frontdoor test-fdaccess.log, shortened
      line: '{"category":"FrontdoorAccessLog","properties":{"clientIp":"89.160.20.128","httpMethod":"POST","httpStatusCode":"200","requestUri":"https://erp.testcloud.com:443/StockSetup/GetStockListByCir?x=1","responseBytes":"1205","timeTaken":"0.384","userAgent":"Mozilla/5.0"},"time":"2021-12-15T03:10:11.6479719Z"}',
      expect: { time: Date.UTC(2021, 11, 15, 3, 10, 11, 647), method: 'POST', path: '/StockSetup/GetStockListByCir', host: 'erp.testcloud.com', status: 200, bytes: 1205, client: '89.160.20.128', durationMs: 384 },
    },
    { line: '{"category":"FrontdoorWebApplicationFirewallLog","properties":{"action":"Block"},"time":"2021-12-15T03:10:11Z"}', skip: 'no-status' },
    { line: '{"category":"FrontdoorAccessLog","properties":{"httpStatusCode":"OK"},"time":"2021-12-15T03:10:11Z"}', skip: 'bad-status' },
    { line: '{"status":200}', skip: 'malformed' },
    { line: '{"category":"FrontdoorAccessLog","properties":{"clientIp":"2001:db8::1","httpMethod":"GET","httpStatusCode":"200","requestUri":"https://a.example/caf\u00e9?x","responseBytes":"-","timeTaken":"-"},"time":"2021-12-15T03:10:11Z"}', expect: { client: '2001:db8::1', path: '/caf\u00e9', bytes: null, durationMs: null } },
    { line: '{"category":"FrontdoorAccessLog","properties":{"httpStatusCode":"200"', skip: 'malformed' },
  ],
  createParser: jsonFormat(azure),
};

// ---------------------------------------------------------------- Cloudflare

function cloudflare(o: Obj, out: LogRecord, zone: TimeZone): SkipReason | undefined {
  if (!('EdgeResponseStatus' in o)) return typeof o.RayID === 'string' ? 'no-status' : 'malformed';
  const status = statusOf(o.EdgeResponseStatus);
  if (status === null) return 'bad-status';
  out.status = status;
  out.upstreamStatus = originStatus(o.OriginResponseStatus);
  out.time = parseAnyTime(o.EdgeStartTimestamp ?? o.EdgeEndTimestamp, zone);
  const end = o.EdgeEndTimestamp === undefined ? NaN : parseAnyTime(o.EdgeEndTimestamp, zone);
  if (!Number.isNaN(end) && !Number.isNaN(out.time) && end >= out.time) out.durationMs = end - out.time;
  out.method = typeof o.ClientRequestMethod === 'string' ? methodToken(o.ClientRequestMethod) : null;
  setTarget(out, str(o.ClientRequestURI ?? o.ClientRequestPath));
  out.host = str(o.ClientRequestHost);
  out.client = str(o.ClientIP);
  out.userAgent = str(o.ClientRequestUserAgent);
  out.referer = str(o.ClientRequestReferer);
  // EdgeResponseBytes includes headers; the body alone is EdgeResponseBodyBytes
  const size = num(o.EdgeResponseBodyBytes);
  out.bytes = size !== null && size >= 0 ? size : null;
  return undefined;
}

export const cloudflareJson: LogFormat = {
  id: 'cloudflare',
  description: 'Cloudflare Logpush http_requests JSON (EdgeResponseStatus; OriginResponseStatus as the upstream status; ns/s/RFC 3339 times)',
  bytesField: 'body',
  hasResponseHeaders: false,
  examples: [
    {
      // shape of lnav test/logfile_cloudflare.1, shortened
      line: '{"ClientIP":"89.163.242.206","ClientRequestHost":"www.example.com","ClientRequestMethod":"GET","ClientRequestURI":"/api?x=1","ClientRequestUserAgent":"Mozilla/5.0","ClientRequestReferer":"","EdgeEndTimestamp":1712790000123000000,"EdgeResponseBytes":12480,"EdgeResponseBodyBytes":12000,"EdgeResponseStatus":502,"EdgeStartTimestamp":1712790000100000000,"OriginResponseStatus":520,"RayID":"87a1b2c3d4e5f001"}',
      expect: { time: 1712790000100, durationMs: 23, method: 'GET', path: '/api', host: 'www.example.com', status: 502, upstreamStatus: 520, bytes: 12000, client: '89.163.242.206', referer: null },
    },
    { line: '{"EdgeResponseStatus":200,"EdgeStartTimestamp":"2024-04-10T23:00:00Z","OriginResponseStatus":0}', expect: { status: 200, upstreamStatus: null, time: Date.UTC(2024, 3, 10, 23) } },
    { line: '{"RayID":"87a1","WAFAction":"block"}', skip: 'no-status' },
    { line: '{"EdgeResponseStatus":null,"EdgeStartTimestamp":1}', skip: 'bad-status' },
    { line: '{"EdgeResponseStatus":200,"EdgeStartTimestamp":1712790000', skip: 'malformed' },
  ],
  createParser: jsonFormat(cloudflare),
};

