import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import type { Rule } from '../../src/engine/types.js';
import { analyzeLines, type Report } from '../../src/index.js';
import { scenario, toCombined, toJsonLine, type GroundTruth } from '../gen/traffic.mjs';
import { withOptions } from './rule-tester.js';

/**
 * The web rules against the generator's labelled injections (test/gen): each finds its
 * injection, where and when it happened, and the other web rules stay quiet.
 */
const WEB = ['crawler-errors', 'temporary-redirect-for-permanent', 'soft-not-found', 'gateway-code-from-origin', 'cloudflare-code-from-origin'];
const WINDOW = 5 * 60_000;

function run(name: string, format: 'combined' | 'json', options: Record<string, Record<string, unknown>> = {}): { report: Report; truth: GroundTruth } {
  const sc = scenario(name, 1, { requests: 15_000 });
  const lines: string[] = [];
  for (const e of sc.events) lines.push(format === 'json' ? toJsonLine(e) : toCombined(e));
  const ruleSet: Rule[] = RULES.filter((r) => WEB.includes(r.meta.id)).map((r) => (options[r.meta.id] ? withOptions(r, options[r.meta.id]!) : r));
  return { report: analyzeLines(lines, { ruleSet, name: `${name}.log` }), truth: sc.truth[0]! };
}

const within = (f: Report['findings'][number], t: GroundTruth): void => {
  expect(Date.parse(f.window!.start)).toBeGreaterThanOrEqual(t.start - WINDOW);
  if (t.end !== null) expect(Date.parse(f.window!.end)).toBeLessThanOrEqual(t.end + WINDOW);
};

describe('web rules on generated scenarios', () => {
  it('crawler-errors: Googlebot served 500/503/403 on pages for an hour', () => {
    const { report, truth } = run('crawler-errors', 'combined');
    const found = report.findings.filter((f) => f.ruleId === 'crawler-errors');
    const warnings = found.filter((f) => f.severity === 'warning');
    expect(warnings.length).toBeGreaterThanOrEqual(3);
    for (const f of found) {
      within(f, truth);
      expect(truth.statuses).toEqual(expect.arrayContaining(f.status));
      expect(Object.keys(f.evidence.crawlers as object)).toContain('Googlebot');
    }
    expect(warnings.some((f) => (f.evidence.errorClass as string) === 'auth')).toBe(true);
    expect(warnings.some((f) => (f.evidence.errorClass as string) === 'server')).toBe(true);
    expect(report.findings.filter((f) => f.ruleId !== 'crawler-errors')).toEqual([]);
  });

  it('temporary-redirect-for-permanent: /shop/{slug} always 302 from 08:00 (judged over 4 h, the scenario lasts 6)', () => {
    const { report, truth } = run('temporary-redirect-for-permanent', 'combined', { 'temporary-redirect-for-permanent': { minSpanHours: 4 } });
    expect(report.findings.map((f) => [f.ruleId, f.route, f.status])).toEqual([['temporary-redirect-for-permanent', '/shop/*', [302]]]);
    expect(report.findings[0]!.window!.start).toBe(new Date(truth.start).toISOString());
    expect(report.findings[0]!.advice).toContain('answer 301');
  });

  it('temporary-redirect-for-permanent: six hours are not "a long period" by default', () => {
    const { report } = run('temporary-redirect-for-permanent', 'combined');
    expect(report.findings).toEqual([]);
  });

  it('soft-not-found: never-seen paths answered 200 with one 1,532-byte page for 2 h', () => {
    const { report, truth } = run('soft-not-found', 'combined');
    const found = report.findings.filter((f) => f.ruleId === 'soft-not-found');
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) {
      within(f, truth);
      expect(f.evidence.sizeBytes).toBe(truth.params.bytes);
      expect(f.evidence.sizeSpreadBytes).toBe(0);
    }
    // nearly every labelled path is counted (the first two of the size are what makes it "shared")
    expect(found.reduce((n, f) => n + f.count, 0)).toBeGreaterThanOrEqual(0.9 * truth.count);
    expect(report.findings.filter((f) => f.ruleId !== 'soft-not-found')).toEqual([]);
  });

  it('gateway-code-from-origin: nginx-style JSON is not judged unless its upstream field is trusted', () => {
    const plain = run('gateway-code-from-origin', 'json');
    expect(plain.report.findings).toEqual([]);
    expect(plain.report.summary.notApplicable.map((n) => n.ruleId)).toContain('gateway-code-from-origin');

    const { report, truth } = run('gateway-code-from-origin', 'json', { 'gateway-code-from-origin': { trustUpstreamStatus: true } });
    const found = report.findings.filter((f) => f.ruleId === 'gateway-code-from-origin');
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) {
      within(f, truth);
      expect(f.route).toBe('/api/v1/orders/:id');
      expect(f.status).toEqual([502]);
      expect(f.severity).toBe('info');
    }
    expect(found.reduce((n, f) => n + f.count, 0)).toBe(truth.count);
    expect(report.findings.filter((f) => f.ruleId !== 'gateway-code-from-origin')).toEqual([]);
  });
});
