import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Cube, MEASURE_INDEX, OTHER_ROUTE } from '../cube/cube.js';
import type { PrometheusSource } from '../cube/sources.js';
import { termSafe } from '../report/sanitize.js';
import { InputError } from './inputs.js';

/**
 * A Prometheus-compatible server (Prometheus, Thanos, Mimir, VictoriaMetrics) as a source:
 * one `query_range` with step = the cube window, each point the number of requests of a
 * (method, route, status) in the window that ends at the point's time. The cube it
 * yields has only `count`: rules that need per-request measures say "not applicable".
 *
 * The only network connection statuslint makes, and only when the user names a server.
 */

/** the placeholder a query uses for the window (the step) as a PromQL duration */
export const WINDOW_PLACEHOLDER = '$window';

/**
 * The common convention: a counter `http_requests_total` with method, route (or handler,
 * or path) and status (or code) labels, summed over instances and pods. Labels a series
 * lacks are simply absent from `sum by`.
 */
export const DEFAULT_QUERY = 'sum by (method, route, handler, path, status, code) (increase(http_requests_total[$window]))';

/** label names tried in order for each cube dimension */
export interface LabelMapping {
  method: readonly string[];
  route: readonly string[];
  status: readonly string[];
}

export const DEFAULT_LABELS: LabelMapping = { method: ['method'], route: ['route', 'handler', 'path'], status: ['status', 'code'] };

/** Prometheus refuses a range query with more points per series than this */
export const MAX_POINTS_PER_SERIES = 11_000;
export const DEFAULT_TIMEOUT_MS = 60_000;
/** a response larger than this is refused (memory stays bounded): narrow the query or the range */
const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/** environment variables for credentials: never command-line values, which leak into `ps` and shell history */
export const TOKEN_ENV = 'STATUSLINT_PROMETHEUS_TOKEN';
export const HEADERS_ENV = 'STATUSLINT_PROMETHEUS_HEADERS';

export interface PrometheusOptions {
  /** base URL of the server's HTTP API, e.g. http://prometheus:9090 or https://mimir.example/prometheus */
  url: string;
  /** PromQL; `$window` is replaced by the step. Default DEFAULT_QUERY */
  query?: string;
  /** epoch ms: the first complete window at or after `since` up to the last one ending at or before `until` */
  since: number;
  until: number;
  labels?: Partial<LabelMapping>;
  /** per HTTP request; default 60 s */
  timeoutMs?: number;
  /** extra request headers (authentication), see authHeadersFromEnv */
  headers?: Readonly<Record<string, string>>;
  /** PEM certificate(s) to trust for https, beside the system's */
  ca?: string | Buffer;
  /** points per series per request; default MAX_POINTS_PER_SERIES */
  maxPointsPerQuery?: number;
}

/** a Prometheus problem: one clear line, exit 2 */
export class PrometheusError extends InputError {}

/**
 * Authentication from the environment: STATUSLINT_PROMETHEUS_TOKEN (a bearer token) and
 * STATUSLINT_PROMETHEUS_HEADERS (`Name: value` lines, e.g. `X-Scope-OrgID: team-a` for
 * Mimir or `Authorization: Basic …`).
 */
export function authHeadersFromEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  const token = env[TOKEN_ENV]?.trim();
  if (token) out.authorization = `Bearer ${token}`;
  for (const line of (env[HEADERS_ENV] ?? '').split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const name = colon === -1 ? '' : line.slice(0, colon).trim().toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) throw new PrometheusError(`${HEADERS_ENV}: each line must be "Name: value"`);
    out[name] = line.slice(colon + 1).trim();
  }
  return out;
}

/** `5m` → `5m` PromQL duration for a window */
export function promDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** the URL shown in reports: no credentials, no trailing slash */
export function displayUrl(u: URL): string {
  const c = new URL(u.href);
  c.username = '';
  c.password = '';
  c.search = '';
  c.hash = '';
  return c.href.replace(/\/+$/, '');
}

interface Matrix {
  metric: Record<string, string>;
  values: [number, string][];
}

/** queries the server and builds a counts-only cube of the complete windows in [since, until] */
export async function fetchPrometheusCube(opts: PrometheusOptions, windowMs: number, routeCap: number): Promise<{ cube: Cube; source: PrometheusSource }> {
  let base: URL;
  try {
    base = new URL(opts.url);
  } catch {
    throw new PrometheusError(`--prometheus expects an http:// or https:// URL, got "${termSafe(opts.url)}"`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new PrometheusError(`--prometheus expects an http:// or https:// URL, got "${termSafe(opts.url)}"`);
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (base.username !== '' && headers.authorization === undefined) {
    headers.authorization = 'Basic ' + Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64');
  }
  const shown = displayUrl(base);
  const endpoint = new URL(base.href);
  endpoint.username = '';
  endpoint.password = '';
  endpoint.pathname = endpoint.pathname.replace(/\/+$/, '') + '/api/v1/query_range';

  const query = (opts.query ?? DEFAULT_QUERY).split(WINDOW_PLACEHOLDER).join(promDuration(windowMs));
  const labels: LabelMapping = { ...DEFAULT_LABELS, ...opts.labels };
  // a point at time t holds the window (t - step, t]: evaluate at the end of every complete window
  const firstEnd = (Math.ceil(opts.since / windowMs) + 1) * windowMs;
  const lastEnd = Math.floor(opts.until / windowMs) * windowMs;
  if (!(lastEnd >= firstEnd)) {
    throw new PrometheusError(`--since/--until cover no complete ${promDuration(windowMs)} window (${iso(opts.since)} – ${iso(opts.until)}); widen the range or shorten --window`);
  }
  const maxPoints = Math.max(1, Math.min(opts.maxPointsPerQuery ?? MAX_POINTS_PER_SERIES, MAX_POINTS_PER_SERIES));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const cube = new Cube(windowMs);
  cube.available.clear();
  cube.available.add('count');
  const seriesKeys = new Set<string>();
  const dropped: Record<string, number> = {};
  const warnings = new Set<string>();
  const folded = new Set<string>();
  let queries = 0;

  const ingest = (series: readonly Matrix[]): void => {
    for (const s of series) {
      const metric = s.metric ?? {};
      seriesKeys.add(JSON.stringify(metric));
      const statusLabel = pick(metric, labels.status);
      const status = statusLabel !== undefined && /^[1-9]\d\d$/.test(statusLabel) ? Number(statusLabel) : NaN;
      if (Number.isNaN(status)) {
        const why = statusLabel === undefined ? `no ${labels.status.join('/')} label` : `${labels.status.join('/')} is not a 3-digit code`;
        dropped[why] = (dropped[why] ?? 0) + 1;
        continue;
      }
      const method = pick(metric, labels.method) ?? '-';
      let route = pick(metric, labels.route) ?? '-';
      if (cube.findRoute(route) === undefined && cube.routeCount >= routeCap) {
        folded.add(route);
        route = OTHER_ROUTE;
      }
      const methodId = cube.methodId(method);
      const routeId = cube.routeId(route);
      for (const [t, v] of s.values) {
        const n = Math.round(Number(v));
        if (!(n > 0)) continue; // NaN, ±Inf, negative (a rate() over a reset), or under one request
        const end = Math.round(Number(t) * 1000);
        const start = end - windowMs;
        if (start % windowMs !== 0) continue;
        const slot = cube.slot(cube.windowId(start / windowMs), methodId, routeId, status);
        cube.add(slot, MEASURE_INDEX.count, n);
        if (route === OTHER_ROUTE) cube.requestsFolded += n;
        cube.noteTime(start);
        cube.noteTime(end - 1);
      }
    }
  };

  // split the range so no request asks for more points per series than the server allows;
  // halve a chunk the server finds too heavy (query.max-samples) until one window is left
  let chunk = maxPoints;
  let from = firstEnd;
  while (from <= lastEnd) {
    const to = Math.min(lastEnd, from + (chunk - 1) * windowMs);
    const form = new URLSearchParams({ query, start: String(from / 1000), end: String(to / 1000), step: String(windowMs / 1000), timeout: `${Math.ceil(timeoutMs / 1000)}s` });
    queries++;
    const res = await post(endpoint, form.toString(), headers, timeoutMs, opts.ca, shown);
    const parsed = parseResponse(res, shown, query);
    if (parsed.tooManySamples) {
      if (chunk === 1) {
        throw new PrometheusError(`Prometheus at ${shown} refused even one ${promDuration(windowMs)} window: ${parsed.message}; make the query select fewer series (fewer labels in "sum by", a narrower metric selector)`);
      }
      chunk = Math.max(1, Math.floor(chunk / 2));
      continue;
    }
    for (const w of parsed.warnings) warnings.add(w);
    ingest(parsed.result);
    from = to + windowMs;
  }
  cube.pathsFolded = folded.size;

  const source: PrometheusSource = {
    kind: 'prometheus',
    url: shown,
    query,
    start: iso(firstEnd - windowMs),
    end: iso(lastEnd),
    stepSeconds: windowMs / 1000,
    queries,
    series: seriesKeys.size,
    seriesDropped: dropped,
  };
  if (warnings.size > 0) source.warnings = [...warnings];
  return { cube, source };
}

const iso = (ms: number): string => new Date(ms).toISOString();

function pick(metric: Record<string, string>, names: readonly string[]): string | undefined {
  for (const n of names) {
    const v = metric[n];
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

interface RawResponse {
  status: number;
  contentType: string;
  body: string;
  location?: string;
}

/** server text in an error line: no control characters, bounded */
function clip(s: string, n = 300): string {
  const t = termSafe(s.trim());
  return t.length > n ? t.slice(0, n) + '…' : t;
}

function parseResponse(res: RawResponse, shown: string, query: string): { result: Matrix[]; warnings: string[]; tooManySamples: boolean; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    json = undefined;
  }
  const j = (typeof json === 'object' && json !== null ? json : {}) as { status?: string; errorType?: string; error?: string; data?: { resultType?: string; result?: unknown }; warnings?: unknown };
  if (res.status >= 200 && res.status < 300 && j.status === 'success') {
    if (j.data?.resultType !== 'matrix' || !Array.isArray(j.data.result)) {
      throw new PrometheusError(`the query must return series (a range vector per series), Prometheus returned ${clip(String(j.data?.resultType))}: ${clip(query, 200)}`);
    }
    return { result: j.data.result as Matrix[], warnings: Array.isArray(j.warnings) ? j.warnings.map((w) => clip(String(w))) : [], tooManySamples: false, message: '' };
  }
  const message = j.error !== undefined ? clip(j.error) : clip(res.body, 200) || '(empty body)';
  if (/too many samples/i.test(message)) return { result: [], warnings: [], tooManySamples: true, message };
  if (res.status === 301 || res.status === 302 || res.status === 303 || res.status === 307 || res.status === 308) {
    throw new PrometheusError(`Prometheus at ${shown} redirected (HTTP ${res.status}) to ${clip(res.location ?? '?', 200)}: pass the final URL to --prometheus`);
  }
  if (res.status === 401 || res.status === 403) {
    throw new PrometheusError(`Prometheus at ${shown} refused the request (HTTP ${res.status}): set ${TOKEN_ENV} (a bearer token) or ${HEADERS_ENV} ("Name: value" lines) in the environment`);
  }
  if (res.status === 404) {
    throw new PrometheusError(`Prometheus at ${shown} has no /api/v1/query_range (HTTP 404): check the URL and its path prefix (e.g. https://host/prometheus)`);
  }
  if (j.errorType === 'bad_data') throw new PrometheusError(`Prometheus at ${shown} rejected the query (${message}): ${clip(query, 200)}; fix --query`);
  if (j.errorType === 'timeout' || j.errorType === 'canceled') throw new PrometheusError(`Prometheus at ${shown} timed out evaluating the query (${message}); narrow --since/--until, widen --window or raise --prometheus-timeout`);
  throw new PrometheusError(`Prometheus at ${shown} answered HTTP ${res.status}${j.errorType ? ` (${clip(j.errorType, 40)})` : ''}: ${message}`);
}

function post(url: URL, body: string, headers: Record<string, string>, timeoutMs: number, ca: string | Buffer | undefined, shown: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          accept: 'application/json',
          'user-agent': 'statuslint',
          ...headers,
        },
        ...(ca !== undefined ? { ca } : {}),
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_RESPONSE_BYTES) {
            req.destroy(new PrometheusError(`Prometheus at ${shown} sent more than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB for one query: select fewer series or a shorter range`));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8'), location: res.headers.location });
        });
        res.on('error', fail);
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new PrometheusError(`Prometheus at ${shown} did not answer within ${timeoutMs / 1000}s: raise --prometheus-timeout, or narrow --since/--until`));
    }, timeoutMs);
    function fail(e: Error): void {
      clearTimeout(timer);
      if (e instanceof PrometheusError) return reject(e);
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ECONNRESET') {
        return reject(new PrometheusError(`cannot reach Prometheus at ${shown} (${code}): check the URL and that the server is up`));
      }
      if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL/i.test(code) || /certificate/i.test(e.message)) {
        return reject(new PrometheusError(`TLS to ${shown} failed (${clip(e.message, 120)}): pass the server's CA certificate with --prometheus-ca FILE`));
      }
      reject(new PrometheusError(`request to Prometheus at ${shown} failed: ${clip(e.message, 200)}`));
    }
    req.on('error', fail);
    req.end(body);
  });
}
