import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import type { Cube } from '../../src/cube/cube.js';
import { analyze, collectCube, type Finding, type Report } from '../../src/index.js';
import { PrometheusError } from '../../src/ingest/prometheus.js';
import { PROMETHEUS, PROMTOOL, startPrometheus, type RunningPrometheus } from './prometheus-server.js';
import { generateTraffic, toLine, toOpenMetrics, type TrafficEvent } from './traffic.js';

/**
 * The same six hours of fleet traffic two ways: as one access log, and as the
 * `http_requests_total` counters two servers exposed to a real Prometheus (scraped every
 * 15 s, loaded with promtool). statuslint must see the same cube counts and report the
 * same findings from both, for every rule that runs on counts alone.
 */
const WINDOW = 5 * 60_000;
const START = Date.UTC(2026, 10, 16, 0, 0);
const END = START + 6 * 3_600_000;
const min = (m: number): number => START + m * 60_000;
const ROTATION = min(185); // 03:05: signing key rotated, 401s from here on
const SPIKE = { start: min(270), end: min(285) }; // 04:30–04:45: 5xx spike on /api/orders
const LOGIN_511 = { start: min(120), end: min(140) }; // 02:00–02:20: the login answers 511

const haveBinaries = PROMETHEUS !== null && PROMTOOL !== null;
const CLI = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));

describe.skipIf(!haveBinaries)('against a real Prometheus (Debian package prometheus)', () => {
  let server: RunningPrometheus | undefined;
  let dir: string;
  let events: TrafficEvent[];
  let log: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'statuslint-prom-test-'));
    events = generateTraffic({ seed: 2026, start: START, minutes: 360, servers: 2, clients: 16, perMinute: 30, unauthorizedFrom: ROTATION, serverErrors: SPIKE, login511: LOGIN_511 });
    log = join(dir, 'access.log');
    writeFileSync(log, events.map(toLine).join('\n') + '\n');
    server = await startPrometheus(toOpenMetrics(events, START, END, 15_000));
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const prom = (extra: object = {}): { url: string; since: number; until: number } => ({ url: server!.url, since: START, until: END, ...extra });

  function counts(cube: Cube): Map<string, number> {
    const out = new Map<string, number>();
    for (const c of cube.cells()) out.set(`${new Date(c.window).toISOString()} ${c.method} ${c.route} ${c.status}`, c.count);
    return out;
  }

  // Exact equality holds because the scrapes fall on window boundaries and Prometheus 2.x
  // (Debian's package) selects the closed range [t − window, t], so increase() needs no
  // extrapolation. Prometheus 3 selects (t − window, t] and would extrapolate: compare
  // with a tolerance there.
  it('builds the same counts per window × method × route × status as the log', async () => {
    const fromLog = await collectCube({ inputs: [log], windowMs: WINDOW });
    const fromProm = await collectCube({ inputs: [], prometheus: prom(), windowMs: WINDOW });
    expect(fromProm.cube.totalRequests()).toBe(events.length);
    expect(counts(fromProm.cube)).toEqual(counts(fromLog.cube));
    expect([...fromProm.cube.available]).toEqual(['count']);
    // the injected incidents are there: 401s start in the rotation window, 5xx in the spike
    const byWindow = (status: (s: number) => boolean): number[] =>
      fromProm.cube.windowStarts().filter((w) => fromProm.cube.cells().some((c) => c.window === w && status(c.status) && c.count > 0));
    expect(byWindow((s) => s === 401)[0]).toBe(ROTATION);
    expect(byWindow((s) => s >= 502 && s <= 503)).toEqual([SPIKE.start, SPIKE.start + WINDOW, SPIKE.start + 2 * WINDOW]);
    expect(fromProm.sources).toEqual([
      expect.objectContaining({ kind: 'prometheus', url: server!.url, stepSeconds: 300, start: new Date(START).toISOString(), end: new Date(END).toISOString(), queries: 1, seriesDropped: {} }),
    ]);
    expect((fromProm.sources[0] as { query: string }).query).toBe('sum by (method, route, handler, path, status, code) (increase(http_requests_total[300s]))');
  });

  it('reports the same findings as the log for every rule that runs on counts (onsets within one window)', async () => {
    const fromLog = await analyze({ inputs: [log], windowMs: WINDOW });
    const fromProm = await analyze({ inputs: [], prometheus: prom(), windowMs: WINDOW });
    const skipped = new Set(fromProm.summary.notApplicable.map((n) => n.ruleId));
    for (const n of fromProm.summary.notApplicable) expect(n.reason, n.ruleId).toMatch(/\S/);
    const comparable = RULES.map((r) => r.meta.id).filter((id) => !skipped.has(id));
    expect(comparable).toContain('origin-511');
    const key = (f: Finding): string => `${f.ruleId} ${f.method} ${f.route} ${f.status.join(',')}`;
    const pick = (r: Report): Map<string, Finding> => new Map(r.findings.filter((f) => comparable.includes(f.ruleId)).map((f) => [key(f), f]));
    const a = pick(fromLog);
    const b = pick(fromProm);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    expect(a.size).toBeGreaterThan(0);
    for (const [k, f] of a) {
      const g = b.get(k)!;
      expect(g.severity, k).toBe(f.severity);
      expect(g.count, k).toBe(f.count);
      if (f.window !== null) {
        expect(g.window, k).not.toBeNull();
        expect(Math.abs(Date.parse(g.window!.start) - Date.parse(f.window.start)), k).toBeLessThanOrEqual(WINDOW);
      }
    }
    expect(a.get('origin-511 POST /api/login 511')).toMatchObject({ window: { start: new Date(LOGIN_511.start).toISOString() }, evidence: expect.objectContaining({ usedAs: 'missing-credentials' }) });
    expect(b.get('origin-511 POST /api/login 511')!.samples).toEqual([]);
    // the spike rules (when present) find the injected incidents from the counts alone
    const onsets: [string, number][] = [['unauthorized-spike', ROTATION], ['server-error-spike', SPIKE.start]];
    for (const [id, at] of onsets) {
      if (!comparable.includes(id)) continue;
      const found = [...b.values()].filter((f) => f.ruleId === id && f.window !== null);
      expect(found.length, id).toBeGreaterThan(0);
      expect(Math.min(...found.map((f) => Math.abs(Date.parse(f.window!.start) - at))), id).toBeLessThanOrEqual(WINDOW);
    }
    expect(fromProm.summary.statusCounts).toEqual(fromLog.summary.statusCounts);
    expect(fromProm.summary.files).toEqual([]);
  });

  it('splits a long range into chunks under the points-per-series limit, with the same result', async () => {
    const whole = await collectCube({ inputs: [], prometheus: prom(), windowMs: WINDOW });
    const chunked = await collectCube({ inputs: [], prometheus: prom({ maxPointsPerQuery: 7 }), windowMs: WINDOW });
    expect(chunked.sources[0]).toMatchObject({ queries: Math.ceil(72 / 7) });
    expect(counts(chunked.cube)).toEqual(counts(whole.cube));
  });

  it('maps labels: a handler/code metric through --route-label and --status-label', async () => {
    const q = 'label_replace(label_replace(sum by (method, route, status) (increase(http_requests_total[$window])), "handler", "$1", "route", "(.*)"), "code", "$1", "status", "(.*)")';
    const mapped = await collectCube({ inputs: [], prometheus: prom({ query: `sum without (route, status) (${q})`, labels: { route: ['handler'], status: ['code'] } }), windowMs: WINDOW });
    const plain = await collectCube({ inputs: [], prometheus: prom(), windowMs: WINDOW });
    expect(counts(mapped.cube)).toEqual(counts(plain.cube));
    const noStatus = await collectCube({ inputs: [], prometheus: prom({ query: 'sum by (route) (increase(http_requests_total[$window]))' }), windowMs: WINDOW });
    expect(noStatus.cube.totalRequests()).toBe(0);
    expect(noStatus.sources[0]).toMatchObject({ seriesDropped: { 'no status/code label': 6 } });
  });

  it('reports a bad query as the server words it', async () => {
    const err = await collectCube({ inputs: [], prometheus: prom({ query: 'sum by (method (increase(' }), windowMs: WINDOW }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrometheusError);
    expect((err as Error).message).toMatch(/^Prometheus at http:\/\/127\.0\.0\.1:\d+ rejected the query \(.*parse error.*\): sum by \(method \(increase\(; fix --query$/);
  });

  it('runs end to end through the CLI: findings, sources, exit codes', () => {
    const args = ['--prometheus', server!.url, '--since', new Date(START).toISOString(), '--until', new Date(END).toISOString(), '-f', 'json'];
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1); // origin-511 is an error
    const report = JSON.parse(r.stdout) as Report;
    expect(report.summary.requests).toBe(events.length);
    expect(report.summary.sources).toEqual([expect.objectContaining({ kind: 'prometheus', url: server!.url, stepSeconds: 300 })]);
    expect(report.findings.map((f) => f.ruleId)).toContain('origin-511');

    const bad = spawnSync(process.execPath, [CLI, '--prometheus', server!.url, '--since', '6h', '--query', 'rate('], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^statuslint: Prometheus at .* rejected the query .*\n$/);
  });
});

describe.skipIf(!haveBinaries)('against a real Prometheus with a low sample limit', () => {
  let server: RunningPrometheus | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it('halves chunks the server finds too heavy (query.max-samples), and says so when even one window is too heavy', async () => {
    const events = generateTraffic({ seed: 7, start: START, minutes: 120, servers: 2, clients: 12, perMinute: 20 });
    server = await startPrometheus(toOpenMetrics(events, START, START + 120 * 60_000, 15_000), ['--query.max-samples=400']);
    const p = { url: server.url, since: START, until: START + 120 * 60_000 };
    const got = await collectCube({ inputs: [], prometheus: p, windowMs: WINDOW });
    expect(got.cube.totalRequests()).toBe(events.length);
    expect((got.sources[0] as { queries: number }).queries).toBeGreaterThan(1);
    const heavy = await collectCube({ inputs: [], prometheus: { ...p, query: 'sum by (method, route, status) (increase(http_requests_total[2h]))' }, windowMs: WINDOW }).catch((e: unknown) => e);
    expect(heavy).toBeInstanceOf(PrometheusError);
    expect((heavy as Error).message).toMatch(/refused even one 300s window: .*too many samples.*; make the query select fewer series/);
  }, 60_000);
});

if (!haveBinaries) {
  console.warn('statuslint: the real-Prometheus tests are SKIPPED: prometheus/promtool not on PATH (apt-get install prometheus; .ci/run installs it)');
  describe('against a real Prometheus', () => {
    it.skip('SKIPPED: prometheus/promtool not on PATH (apt-get install prometheus; .ci/run installs it)', () => {});
  });
}
