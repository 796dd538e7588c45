import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { analyzeLines } from '../../src/index.js';
import type { Finding } from '../../src/report/types.js';
import { createCombinedWriter, createJsonWriter, scenario, type GroundTruth, type TrafficOptions } from '../gen/traffic.mjs';

/**
 * The catalogue rules against generated traffic with ground truth: each injection must be
 * found by its rule (route, method, status, clients as the generator labelled them), no
 * other catalogue rule may fire at warning/error on it, and on the clean scenarios none of
 * them may fire at warning/error at all. Volumes are kept small (the injection's own events
 * do not depend on the base volume) so the suite stays fast.
 */

const CATALOGUE = new Set([
  'redirect-changes-method', 'body-on-bodyless-status', 'unregistered-status', 'not-found-for-wrong-method',
  'unavailable-for-rate-limit', 'preflight-auth-failure', 'missing-retry-after', 'missing-allow', 'missing-location',
]);
const ruleSet = RULES.filter((r) => CATALOGUE.has(r.meta.id));
const TIMEOUT = 120_000;

function run(name: string, format: 'combined' | 'json', overrides: TrafficOptions = {}): { findings: Finding[]; truth: GroundTruth[] } {
  const sc = scenario(name, 1, overrides);
  const write = format === 'json' ? createJsonWriter() : createCombinedWriter();
  const lines: string[] = [];
  sc.forEach((ev) => lines.push(write(ev)));
  const report = analyzeLines(lines, { ruleSet, logFormat: format, name: `${name}.log` });
  return { findings: report.findings, truth: sc.truth };
}

/** the generator's `/api/v1/orders/{uuid}` is statuslint's `/api/v1/orders/:id` */
const route = (template: string): string => template.replace(/\{(id|uuid)\}/g, ':id');
const serious = (f: Finding): boolean => f.severity !== 'info';

const CASES: { scenario: string; rule: string; format: 'combined' | 'json'; overrides?: TrafficOptions; check: (found: Finding[], truth: GroundTruth) => void }[] = [
  {
    scenario: 'redirect-on-post',
    rule: 'redirect-changes-method',
    format: 'combined',
    check: (found, t) => {
      expect(found.map((f) => f.route).sort()).toEqual(t.routes.map(route).sort());
      for (const f of found) {
        expect(t.methods).toContain(f.method);
        expect(f.status).toEqual(t.statuses);
        // the browsers followed the 302 with a GET: post/redirect/get, so the advice is 303
        expect(f.evidence).toMatchObject({ advisedStatus: 303 });
        expect(f.evidence.followedByGet as number).toBeGreaterThan(f.count / 2);
      }
    },
  },
  {
    scenario: 'body-on-bodyless',
    rule: 'body-on-bodyless-status',
    format: 'combined',
    check: (found) => {
      expect(found.find((f) => f.method === 'HEAD' && f.status[0] === 200)).toBeDefined();
      expect(found.find((f) => f.method === 'DELETE' && f.route === '/api/v1/cart/items/:id' && f.status[0] === 204)).toBeDefined();
      // 204 with a body is wrong whatever the size field means; HEAD may be a logged Content-Length
      expect(found.filter((f) => f.status[0] === 204).every((f) => f.severity === 'error')).toBe(true);
      expect(found.filter((f) => f.method === 'HEAD').every((f) => f.severity === 'warning')).toBe(true);
    },
  },
  {
    scenario: 'unregistered-status',
    rule: 'unregistered-status',
    format: 'json',
    check: (found, t) => {
      for (const code of t.statuses) expect(found.find((f) => f.status[0] === code), `code ${code}`).toBeDefined();
      expect(found.find((f) => f.status[0] === 444)?.severity).toBe('info');
      expect(found.filter((f) => [299, 600, 418].includes(f.status[0]!)).every((f) => f.severity === 'warning')).toBe(true);
    },
  },
  {
    scenario: 'not-found-for-wrong-method',
    rule: 'not-found-for-wrong-method',
    format: 'json',
    check: (found, t) => {
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ method: t.methods![0], route: route(t.routes[0]!), status: [404], severity: 'warning' });
      expect(found[0]!.advice).toContain('405 Method Not Allowed');
    },
  },
  {
    scenario: 'unavailable-for-rate-limit',
    rule: 'unavailable-for-rate-limit',
    format: 'json',
    check: (found, t) => {
      expect(found.map((f) => f.route).sort()).toEqual(t.routes.map(route).sort());
      for (const f of found) {
        expect((f.evidence.throttledClients as [string, number][]).map(([c]) => c).sort()).toEqual([...t.clients!].sort());
        expect(f.advice).toContain('429');
      }
    },
  },
  {
    scenario: 'preflight-auth-failure',
    rule: 'preflight-auth-failure',
    format: 'combined',
    check: (found, t) => {
      expect(found.map((f) => f.route).sort()).toEqual(t.routes.map(route).sort());
      for (const f of found) expect(f).toMatchObject({ method: 'OPTIONS', status: t.statuses, severity: 'warning' });
    },
  },
  {
    scenario: 'missing-retry-after',
    rule: 'missing-retry-after',
    format: 'json',
    // a little ordinary rate limiting (with Retry-After) shows the log records the header
    overrides: { noise: { rateLimited: 0.01 } },
    check: (found, t) => {
      expect(found.map((f) => f.route).sort()).toEqual(t.routes.map(route).sort());
      for (const f of found) expect(f).toMatchObject({ status: t.statuses, severity: 'warning', evidence: expect.objectContaining({ headerSeenElsewhere: true }) });
    },
  },
];

describe('catalogue rules on generated scenarios', () => {
  for (const c of CASES) {
    it(`${c.scenario} → ${c.rule}`, () => {
      const { findings, truth } = run(c.scenario, c.format, { requests: 5000, ...c.overrides });
      expect(truth).toHaveLength(1);
      c.check(findings.filter((f) => f.ruleId === c.rule), truth[0]!);
      // no other catalogue rule cries wolf on the same traffic
      expect(findings.filter((f) => f.ruleId !== c.rule && serious(f)).map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    }, TIMEOUT);
  }

  for (const name of ['clean-api', 'mixed-website', 'clean-low-volume']) {
    for (const format of ['combined', 'json'] as const) {
      it(`${name} (${format}): no catalogue rule fires at warning or error`, () => {
        const { findings } = run(name, format, name === 'clean-low-volume' ? {} : { requests: 15_000 });
        expect(findings.filter(serious).map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
      }, TIMEOUT);
    }
  }
});
