import { parseAnyTime } from './time.js';
import { methodToken, splitRequestLine, statusOrNull, targetPath } from './request.js';
import { resetRecord, type LineParser, type LogFormat, type LogRecord, type ParserOptions, type SkipReason } from './types.js';
import { UTC } from './zone.js';
import { jsonNumber, jsonString } from './fields.js';

/**
 * JSON lines with automatic field mapping: the common names for each LogRecord field,
 * flat or nested (ECS `http.request.method`, `url.path`). A field's path that matched on
 * the previous line is tried first, so a homogeneous file costs one lookup per field.
 */

/** a field's compiled reader, from its path (`http.request.method`: three keys) */
type Path = (obj: Record<string, unknown>) => unknown;
const p = (s: string): Path => compileGetter(s.split('.'));

/**
 * A reader of `obj.k1.k2…` that gives undefined as soon as a step is not an object, like
 * walking the keys in a loop (`v = v[key]`). Compiled because a loop's `v[key]` is a keyed
 * load whose key changes from call to call: it missed V8's inline caches on every field of
 * every line (0.25 µs of the 1.9 µs a JSON line costs). Each compiled reader does named
 * loads at fixed sites, which the cache serves for a log whose objects share a shape. The
 * keys are this file's own constants, never log content, quoted with JSON.stringify.
 */
function compileGetter(keys: readonly string[]): Path {
  let body = 'let v = obj;\n';
  for (const k of keys) body += `if (v === null || typeof v !== 'object') return undefined;\nv = v[${JSON.stringify(k)}];\n`;
  return new Function('obj', body + 'return v;') as Path;
}

const STATUS: Path[] = ['status', 'status_code', 'statusCode', 'response_code', 'http_status', 'http.response.status_code', 'response.status', 'response.status_code', 'http.status_code'].map(p);
const TIME: Path[] = ['time', 'timestamp', '@timestamp', 'ts', 'time_iso8601', 'time_local', 'datetime', 'date', 'start_time'].map(p);
const METHOD: Path[] = ['method', 'request_method', 'http.request.method', 'http_method', 'verb', 'request.method'].map(p);
const PATH: Path[] = ['path', 'uri', 'request_uri', 'url.path', 'url', 'url.original', 'request.uri', 'http.url', 'http.target'].map(p);
const REQUEST_LINE: Path[] = ['request'].map(p);
const CLIENT: Path[] = ['client_ip', 'remote_addr', 'ip', 'clientip', 'client', 'remote_ip', 'client.ip', 'source.ip', 'client.address', 'request.remote_ip'].map(p);
const USER: Path[] = ['user', 'user_id', 'userId', 'remote_user', 'user.name', 'user.id', 'username'].map(p);
const AGENT: Path[] = ['user_agent', 'http_user_agent', 'userAgent', 'agent', 'user_agent.original', 'ua', 'http.user_agent'].map(p);
const REFERER: Path[] = ['referer', 'referrer', 'http_referer', 'http_referrer', 'http.request.referrer'].map(p);
const HOST: Path[] = ['host', 'http_host', 'server_name', 'vhost', 'url.domain', 'request.host'].map(p);
const BYTES: Path[] = ['body_bytes_sent', 'bytes', 'size', 'response_size', 'http.response.body.bytes', 'resp_body_size', 'response.body_bytes'].map(p);
const UPSTREAM: Path[] = ['upstream_status', 'upstreamStatus', 'origin_status'].map(p);
const HEADERS: Path[] = ['resp_headers', 'response_headers', 'headers', 'http.response.headers'].map(p);

/** duration fields and the factor that turns them into ms; names say the unit */
const DURATION: readonly [Path, number | 'auto'][] = [
  [p('request_time'), 1000],
  [p('duration_ms'), 1],
  [p('latency_ms'), 1],
  [p('response_time_ms'), 1],
  [p('elapsed_ms'), 1],
  [p('event.duration'), 1e-6],
  [p('upstream_response_time'), 1000],
  [p('duration'), 'auto'],
  [p('latency'), 'auto'],
  [p('response_time'), 'auto'],
];

/** the first candidate path that holds a value; remembers the winner per field */
class FieldFinder {
  private last = -1;
  /** `wantObject`: the field is an object (headers); otherwise only scalars match, so `user: {name}` falls through to `user.name` */
  constructor(private readonly paths: readonly Path[], private readonly wantObject = false) {}
  private usable(v: unknown): boolean {
    if (v === undefined || v === null || v === '') return false;
    return (typeof v === 'object') === this.wantObject;
  }
  find(obj: Record<string, unknown>): unknown {
    if (this.last !== -1) {
      const v = this.paths[this.last]!(obj);
      if (this.usable(v)) return v;
    }
    for (let i = 0; i < this.paths.length; i++) {
      const v = this.paths[i]!(obj);
      if (this.usable(v)) {
        this.last = i;
        return v;
      }
    }
    return undefined;
  }
}

const str = jsonString;
const num = jsonNumber;

/** `1.5s`, `120ms`, `350µs`, `2m` */
function durationText(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m)$/.exec(s);
  if (m === null) return null;
  const f: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000 };
  return Number(m[1]) * f[m[2]!]!;
}

/**
 * Unit guess for a bare `duration`/`latency` number: a value with a fraction is seconds
 * (Caddy, Go's float seconds), a large integer is nanoseconds (Traefik, Go's Duration),
 * a small integer is milliseconds.
 */
function autoDuration(v: unknown): number | null {
  if (typeof v === 'string') {
    const t = durationText(v);
    if (t !== null) return t;
  }
  const n = num(v);
  if (n === null || n < 0) return null;
  if (!Number.isInteger(n)) return n * 1000;
  if (n >= 1e6) return n / 1e6;
  return n;
}

/** a closure per line here was garbage on every JSON line */
function scaled(n: number | null, factor: number): number | null {
  return n === null ? null : n * factor;
}

function headerObject(v: unknown): Record<string, string> | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    const s = Array.isArray(val) ? val.map(String).join(', ') : typeof val === 'string' ? val : typeof val === 'number' ? String(val) : null;
    if (s !== null) out[k.toLowerCase()] = s;
  }
  return out;
}

const SENT_HTTP = 'sent_http_';

/** the header a flat key stands for (`sent_http_www_authenticate` → `www-authenticate`), undefined for any other key */
function flatHeaderName(key: string): string | undefined {
  return key.startsWith(SENT_HTTP) ? key.slice(SENT_HTTP.length).replace(/_/g, '-').toLowerCase() : undefined;
}

/**
 * Reads the flat `sent_http_*` header keys of a log's objects. A JSON log writes the same
 * keys in the same order on every line, so the keys met at each place of the last objects
 * are kept with their header names (names[i] is always flatHeaderName(keys[i])), and a key
 * found where it was last time (one === of two internalised strings) reuses its name instead
 * of testing its prefix: testing every key of every line was 0.13 µs of the 2.1 µs a bench
 * JSON line took to parse. A key met elsewhere is named afresh and takes that place.
 * Only the last object's keys are kept: otherwise a log whose lines each end in another long
 * key, one place earlier than the line before, would pile up one long key per line.
 */
class FlatHeaders {
  private readonly keys: string[] = [];
  private readonly names: (string | undefined)[] = [];

  /** sets into `headers` each flat header of `o` that holds a value */
  collect(o: Record<string, unknown>, headers: Record<string, string>): void {
    const { keys, names } = this;
    let i = 0;
    for (const k in o) {
      let name: string | undefined;
      if (i < keys.length && k === keys[i]) name = names[i];
      else {
        name = flatHeaderName(k);
        keys[i] = k;
        names[i] = name;
      }
      i++;
      if (name === undefined) continue;
      const v = str(o[k]);
      if (v !== null) headers[name] = v;
    }
    if (i < keys.length) keys.length = names.length = i;
  }
}

function createJsonParser(opts: ParserOptions = {}): LineParser {
  const zone = opts.timeZone ?? UTC;
  const status = new FieldFinder(STATUS);
  const time = new FieldFinder(TIME);
  const method = new FieldFinder(METHOD);
  const path = new FieldFinder(PATH);
  const request = new FieldFinder(REQUEST_LINE);
  const client = new FieldFinder(CLIENT);
  const user = new FieldFinder(USER);
  const agent = new FieldFinder(AGENT);
  const referer = new FieldFinder(REFERER);
  const host = new FieldFinder(HOST);
  const bytes = new FieldFinder(BYTES);
  const upstream = new FieldFinder(UPSTREAM);
  const headers = new FieldFinder(HEADERS, true);
  /** whether the log carries flat `sent_http_*` keys; decided on the first object */
  let flatHeaders: boolean | undefined;
  const flatHeaderKeys = new FlatHeaders();

  return {
    parse(line: string, out: LogRecord): SkipReason | undefined {
      resetRecord(out);
      let i = 0;
      while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
      if (i === line.length) return 'blank';
      if (line.charCodeAt(i) !== 123 /* { */) return 'malformed';
      let obj: unknown;
      try {
        obj = JSON.parse(line);
      } catch {
        return 'malformed';
      }
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return 'malformed';
      const o = obj as Record<string, unknown>;

      const st = status.find(o);
      if (st === undefined) return 'no-status';
      const code = typeof st === 'number' ? (Number.isInteger(st) && st >= 0 && st <= 999 ? st : null) : typeof st === 'string' ? statusOrNull(st) : null;
      if (code === null) return 'bad-status';
      out.status = code;

      const t = time.find(o);
      if (t === undefined) return 'no-time';
      out.time = parseAnyTime(t, zone);
      if (Number.isNaN(out.time)) return 'bad-time';

      const m = str(method.find(o));
      out.method = m === null ? null : methodToken(m);
      const target = str(path.find(o));
      if (target !== null) out.path = targetPath(target);
      if (out.method === null || out.path === null) {
        const r = str(request.find(o));
        if (r !== null) {
          const rl = splitRequestLine(r);
          out.method ??= rl.method;
          out.path ??= rl.path;
        }
      }
      out.client = str(client.find(o));
      out.user = str(user.find(o));
      out.userAgent = str(agent.find(o));
      out.referer = str(referer.find(o));
      out.host = str(host.find(o));
      const b = num(bytes.find(o));
      out.bytes = b !== null && b >= 0 ? b : null;
      const up = upstream.find(o);
      out.upstreamStatus = typeof up === 'number' ? up : typeof up === 'string' ? statusOrNull(up) : null;

      for (const [dp, factor] of DURATION) {
        const dv = dp(o);
        if (dv === undefined || dv === null || dv === '' || dv === '-') continue;
        const ms = factor === 'auto' ? autoDuration(dv) : scaled(num(dv), factor);
        if (ms !== null && ms >= 0) {
          out.durationMs = ms;
          break;
        }
      }

      const h = headerObject(headers.find(o));
      if (h !== null) out.headers = h;
      if (flatHeaders === undefined) flatHeaders = Object.keys(o).some((k) => k.startsWith(SENT_HTTP));
      if (flatHeaders) {
        const flat: Record<string, string> = out.headers ?? {};
        flatHeaderKeys.collect(o, flat);
        out.headers = flat;
      }
      return undefined;
    },
  };
}

export const jsonLines: LogFormat = {
  id: 'json',
  description: 'JSON lines with automatic field mapping (nginx/Apache JSON log formats, ECS, app loggers)',
  bytesField: 'body',
  hasResponseHeaders: true,
  examples: [
    {
      line: '{"time":"2026-11-16T03:05:00.250+01:00","remote_addr":"203.0.113.9","method":"GET","uri":"/api/v1/users/42?x=1","status":401,"body_bytes_sent":0,"request_time":0.012,"http_user_agent":"okhttp/4.12.0","sent_http_www_authenticate":"Bearer realm=\\"api\\""}',
      expect: { time: Date.UTC(2026, 10, 16, 2, 5, 0, 250), client: '203.0.113.9', method: 'GET', path: '/api/v1/users/42', status: 401, bytes: 0, durationMs: 12, userAgent: 'okhttp/4.12.0', headers: { 'www-authenticate': 'Bearer realm="api"' } },
    },
    {
      line: '{"@timestamp":1763262300,"http":{"request":{"method":"POST"},"response":{"status_code":"503","body":{"bytes":12}}},"url":{"path":"/checkout"},"source":{"ip":"2001:db8::2"},"user":{"name":"svc-billing"}}',
      expect: { time: 1763262300000, method: 'POST', path: '/checkout', status: 503, bytes: 12, client: '2001:db8::2', user: 'svc-billing' },
    },
    { line: '{"ts":1703373474815,"request":"DELETE /api/v1/orders/7 HTTP/1.1","status":"204","size":"-"}', expect: { time: 1703373474815, method: 'DELETE', path: '/api/v1/orders/7', status: 204, bytes: null } },
    { line: '{"level":"info","msg":"server started"}', skip: 'no-status' },
    { line: '{"status":"abc"}', skip: 'bad-status' },
    { line: '{"status":200,', skip: 'malformed' },
    { line: '[200]', skip: 'malformed' },
  ],
  createParser: createJsonParser,
};
