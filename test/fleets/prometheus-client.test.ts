import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { authHeadersFromEnv, fetchPrometheusCube, PrometheusError, type PrometheusOptions } from '../../src/ingest/prometheus.js';
import { parseTimeBound } from '../../src/config/time.js';
import { decodeCube, encodeCube } from '../../src/cube/serialize.js';
import { aggregate } from '../../src/index.js';
import { findBinary } from './prometheus-server.js';

/**
 * The HTTP side of the Prometheus source against a scripted server: what is sent
 * (form, auth headers), how answers become cube cells, and how every failure reads.
 */
const W = 300_000;
const T0 = Date.UTC(2026, 10, 16, 0, 0);

interface Seen {
  headers: IncomingMessage['headers'];
  form: URLSearchParams;
  path: string;
}

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

async function serve(handler: (seen: Seen, res: ServerResponse) => void, make: (h: (req: IncomingMessage, res: ServerResponse) => void) => Server = createServer): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const s = make((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const entry = { headers: req.headers, form: new URLSearchParams(body), path: req.url ?? '' };
      seen.push(entry);
      handler(entry, res);
    });
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const proto = make === createServer ? 'http' : 'https';
  return { url: `${proto}://127.0.0.1:${(s.address() as AddressInfo).port}`, seen };
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const matrix = (result: unknown[]): unknown => ({ status: 'success', data: { resultType: 'matrix', result } });

/** answers every query with one point per step of the requested range, value from `v(t)` */
function perStep(metric: Record<string, string>, v: (t: number) => string) {
  return (s: Seen, res: ServerResponse): void => {
    const start = Number(s.form.get('start'));
    const end = Number(s.form.get('end'));
    const step = Number(s.form.get('step'));
    const values: [number, string][] = [];
    for (let t = start; t <= end; t += step) values.push([t, v(t)]);
    json(res, 200, matrix([{ metric, values }]));
  };
}

const opts = (url: string, extra: Partial<PrometheusOptions> = {}): PrometheusOptions => ({ url, since: T0, until: T0 + 12 * W, ...extra });

describe('Prometheus source (scripted server)', () => {
  it('asks for complete windows with step = window and turns points into counts of the window they end', async () => {
    const { url, seen } = await serve(perStep({ method: 'GET', handler: '/api/x', code: '401' }, (t) => (t === T0 / 1000 + 2 * 300 ? '2.6' : '0.4')));
    const { cube, source } = await fetchPrometheusCube(opts(url + '/prom/', { since: T0 + 1000, until: T0 + 12 * W + 1000 }), W, 2000);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.path).toBe('/prom/api/v1/query_range');
    expect(Object.fromEntries(seen[0]!.form)).toEqual({
      query: 'sum by (method, route, handler, path, status, code) (increase(http_requests_total[300s]))',
      start: String(T0 / 1000 + 600), // since 00:00:01: the first complete window is 00:05–00:10
      end: String(T0 / 1000 + 12 * 300),
      step: '300',
      timeout: '60s',
    });
    // 0.4 rounds to no request; 2.6 to 3, in the window that ends at the point
    expect(cube.cells().map((c) => [new Date(c.window).toISOString(), c.method, c.route, c.status, c.count])).toEqual([['2026-11-16T00:05:00.000Z', 'GET', '/api/x', 401, 3]]);
    expect(source).toMatchObject({ url: `${url}/prom`, start: '2026-11-16T00:05:00.000Z', end: '2026-11-16T01:00:00.000Z', queries: 1, series: 1 });
  });

  it('splits ranges over the points-per-series limit and never asks for more', async () => {
    const { url, seen } = await serve(perStep({ method: 'GET', route: '/', status: '200' }, () => '1'));
    const { cube } = await fetchPrometheusCube(opts(url, { until: T0 + 30_000 * 60_000 }), 60_000, 2000);
    expect(seen.length).toBe(Math.ceil(30_000 / 11_000));
    for (const s of seen) expect((Number(s.form.get('end')) - Number(s.form.get('start'))) / 60 + 1).toBeLessThanOrEqual(11_000);
    expect(cube.totalRequests()).toBe(30_000);
  });

  it('sends the bearer token and headers from the environment, and basic auth from the URL, never showing them', async () => {
    const env = { STATUSLINT_PROMETHEUS_TOKEN: ' s3cret ', STATUSLINT_PROMETHEUS_HEADERS: 'X-Scope-OrgID: team-a\nX-Other: 1' };
    expect(authHeadersFromEnv(env)).toEqual({ authorization: 'Bearer s3cret', 'x-scope-orgid': 'team-a', 'x-other': '1' });
    expect(() => authHeadersFromEnv({ STATUSLINT_PROMETHEUS_HEADERS: 'no colon here' })).toThrow(/"Name: value"/);
    const { url, seen } = await serve(perStep({ method: 'GET', route: '/', status: '200' }, () => '1'));
    await fetchPrometheusCube(opts(url, { headers: authHeadersFromEnv(env) }), W, 2000);
    expect(seen[0]!.headers).toMatchObject({ authorization: 'Bearer s3cret', 'x-scope-orgid': 'team-a' });
    const withUser = url.replace('http://', 'http://ops:p%40ss@');
    const { source } = await fetchPrometheusCube(opts(withUser), W, 2000);
    expect(seen[1]!.headers.authorization).toBe('Basic ' + Buffer.from('ops:p@ss').toString('base64'));
    expect(source.url).toBe(url);
  });

  it('folds routes past the cap into (other), skips series without a status code', async () => {
    const { url } = await serve((_s, res) =>
      json(res, 200, matrix([
        { metric: { method: 'GET', route: '/a', status: '200' }, values: [[T0 / 1000 + 300, '5']] },
        { metric: { method: 'GET', route: '/b', status: '200' }, values: [[T0 / 1000 + 300, '2']] },
        { metric: { method: 'GET', route: '/c', status: '2xx' }, values: [[T0 / 1000 + 300, '9']] },
        { metric: { route: '/d', status: '500' }, values: [[T0 / 1000 + 300, 'NaN'], [T0 / 1000 + 600, '+Inf'], [T0 / 1000 + 900, '1']] },
      ])),
    );
    const { cube, source } = await fetchPrometheusCube(opts(url, { until: T0 + 3 * W }), W, 1);
    expect(cube.cells().map((c) => [c.method, c.route, c.status, c.count])).toEqual([
      ['GET', '(other)', 200, 2],
      ['GET', '/a', 200, 5],
      ['-', '(other)', 500, 1],
    ]);
    expect(cube.pathsFolded).toBe(2);
    expect(source.seriesDropped).toEqual({ 'status/code is not a 3-digit code': 1 });
  });

  it.each([
    [400, { status: 'error', errorType: 'bad_data', error: '1:5: parse error: unexpected \u001b[31m' }, /rejected the query \(1:5: parse error: unexpected \\x1b\[31m\): .*; fix --query$/],
    [401, { status: 'error' }, /refused the request \(HTTP 401\): set STATUSLINT_PROMETHEUS_TOKEN \(a bearer token\) or STATUSLINT_PROMETHEUS_HEADERS/],
    [404, 'not found', /has no \/api\/v1\/query_range \(HTTP 404\): check the URL and its path prefix/],
    [503, { status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' }, /timed out evaluating the query .*narrow --since\/--until/],
    [502, '<html>bad gateway</html>', /answered HTTP 502: <html>bad gateway<\/html>/],
    [200, { status: 'success', data: { resultType: 'scalar', result: [1, '2'] } }, /must return series .* returned scalar/],
  ])('explains HTTP %i clearly', async (status, body, message) => {
    const { url } = await serve((_s, res) => (typeof body === 'string' ? (res.writeHead(status), res.end(body)) : json(res, status, body)));
    const err = await fetchPrometheusCube(opts(url), W, 2000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrometheusError);
    expect((err as Error).message).toMatch(message);
  });

  it('times out, and says so', async () => {
    const { url } = await serve(() => undefined);
    const err = await fetchPrometheusCube(opts(url, { timeoutMs: 300 }), W, 2000).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/did not answer within 0\.3s: raise --prometheus-timeout/);
  });

  it('says when the server cannot be reached, or the range holds no complete window', async () => {
    const { url } = await serve(() => undefined);
    await new Promise((r) => servers.pop()!.close(r));
    await expect(fetchPrometheusCube(opts(url), W, 2000)).rejects.toThrow(/cannot reach Prometheus at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    await expect(fetchPrometheusCube(opts(url, { since: T0 + 1, until: T0 + W + 1 }), W, 2000)).rejects.toThrow(/cover no complete 300s window/);
    await expect(fetchPrometheusCube(opts('ftp://x'), W, 2000)).rejects.toThrow(/expects an http:\/\/ or https:\/\/ URL/);
  });

  it('snapshots a Prometheus range into a cube file that stays counts-only', async () => {
    const { url } = await serve(perStep({ method: 'GET', route: '/', status: '200' }, () => '2'));
    const json = await aggregate({ inputs: [], prometheus: opts(url), windowMs: W });
    expect(json.available).toEqual(['count']);
    expect(json.sources).toEqual([expect.objectContaining({ kind: 'prometheus', url })]);
    const { cube } = decodeCube(encodeCube(json));
    expect(cube.totalRequests()).toBe(24);
    expect(cube.lacks('withBody')).toMatch(/withBody/);
  });

  it('parses --since/--until as ISO times or durations ago', () => {
    const now = Date.UTC(2026, 10, 25, 12, 0);
    expect(parseTimeBound('24h', now)).toBe(now - 86_400_000);
    expect(parseTimeBound('now', now)).toBe(now);
    expect(parseTimeBound('2026-11-16T03:05Z', now)).toBe(Date.UTC(2026, 10, 16, 3, 5));
    expect(parseTimeBound('yesterday', now)).toBeNull();
  });
});

const OPENSSL = findBinary('openssl');

describe.skipIf(OPENSSL === null)('Prometheus over https', () => {
  const dir = mkdtempSync(join(tmpdir(), 'statuslint-tls-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trusts a private CA given with --prometheus-ca, and explains the failure without it', async () => {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    const r = spawnSync(OPENSSL!, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const tls = { key: readFileSync(key), cert: readFileSync(cert) };
    const { url } = await serve(perStep({ method: 'GET', route: '/', status: '200' }, () => '4'), (h) => createHttpsServer(tls, h));
    const { cube } = await fetchPrometheusCube(opts(url, { ca: readFileSync(cert) }), W, 2000);
    expect(cube.totalRequests()).toBe(12 * 4);
    await expect(fetchPrometheusCube(opts(url), W, 2000)).rejects.toThrow(/TLS to https:\/\/127\.0\.0\.1:\d+ failed \(.*\): pass the server's CA certificate with --prometheus-ca FILE/);
  });
});
