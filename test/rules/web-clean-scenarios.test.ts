import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { analyzeLines } from '../../src/index.js';
import { scenario, toCombined, toJsonLine } from '../gen/traffic.mjs';
import { withOptions } from './rule-tester.js';

/** The generator's clean scenarios hold nothing the web rules may report, in either format. */
const WEB = ['crawler-errors', 'temporary-redirect-for-permanent', 'soft-not-found', 'gateway-code-from-origin', 'cloudflare-code-from-origin'];

describe.each([
  ['clean-api', 'combined'],
  ['clean-api', 'json'],
  ['mixed-website', 'combined'],
  ['mixed-website', 'json'],
] as const)('%s as %s', (name, format) => {
  it('gives the web rules nothing to report', () => {
    const sc = scenario(name, 1, { requests: 25_000 });
    const lines: string[] = [];
    for (const e of sc.events) lines.push(format === 'json' ? toJsonLine(e) : toCombined(e));
    // trust the upstream field, so the gateway rule really judges the JSON (nginx's own 502/504 have no upstream status there)
    const ruleSet = RULES.filter((r) => WEB.includes(r.meta.id)).map((r) => (r.meta.id === 'gateway-code-from-origin' ? withOptions(r, { trustUpstreamStatus: true }) : r));
    const report = analyzeLines(lines, { ruleSet, name: `${name}.log` });
    expect(report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.route}: ${f.message}`)).toEqual([]);
    if (format === 'json') expect(report.summary.notApplicable).toEqual([]);
  });
});
