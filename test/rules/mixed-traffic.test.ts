import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { analyzeLines } from '../../src/index.js';
import { withOptions } from './rule-tester.js';

/**
 * Ordinary, correctly answered traffic (fixtures/rules/mixed-traffic.mjs writes both
 * files): none of the issue-5 rules may raise a warning or an error on it, and the web
 * rules (crawler-errors, temporary-redirect-for-permanent, soft-not-found,
 * gateway-code-from-origin, cloudflare-code-from-origin) may not report anything at all.
 */
const ISSUE_5_RULES = [
  'redirect-changes-method', 'body-on-bodyless-status', 'unregistered-status', 'not-found-for-wrong-method',
  'unavailable-for-rate-limit', 'preflight-auth-failure', 'crawler-errors', 'temporary-redirect-for-permanent',
  'soft-not-found', 'server-error-spike', 'client-closed-spike', 'missing-retry-after', 'missing-allow',
  'missing-location', 'gateway-code-from-origin', 'cloudflare-code-from-origin',
];
const WEB_RULES = ['crawler-errors', 'temporary-redirect-for-permanent', 'soft-not-found', 'gateway-code-from-origin', 'cloudflare-code-from-origin'];

const fixture = (name: string): string[] =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/rules/${name}`, import.meta.url)), 'utf8').split('\n').filter((l) => l.length > 0);

describe.each([
  ['mixed-traffic.log', 'combined'],
  ['mixed-traffic-upstream.log', 'json'],
])('fixtures/rules/%s', (name, format) => {
  const lines = fixture(name);
  // the upstream fixture is judged as if its upstream field were trustworthy, so the gateway rule really runs
  const ruleSet = RULES.map((r) => (r.meta.id === 'gateway-code-from-origin' ? withOptions(r, { trustUpstreamStatus: true }) : r));
  const report = analyzeLines(lines, { ruleSet, name });

  it(`reads every line as ${format}`, () => {
    expect(report.summary.files[0]!.format).toBe(format);
    expect(report.summary.requests).toBe(lines.length);
  });

  it('gives no issue-5 rule cause for a warning or an error', () => {
    const loud = report.findings.filter((f) => ISSUE_5_RULES.includes(f.ruleId) && f.severity !== 'info');
    expect(loud.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  });

  it('gives the web rules nothing to report', () => {
    const web = report.findings.filter((f) => WEB_RULES.includes(f.ruleId));
    expect(web.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  });

  it('actually ran the web rules that apply', () => {
    const ran = report.summary.rulesRun.filter((id) => WEB_RULES.includes(id));
    const na = report.summary.notApplicable.map((n) => n.ruleId);
    expect(ran.filter((id) => !na.includes(id)).length).toBeGreaterThanOrEqual(format === 'json' ? 5 : 3);
  });
});
