import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { analyzeLines } from '../../src/index.js';
import type { Finding } from '../../src/report/types.js';
// @ts-expect-error plain ESM generator without type declarations
import { scenario, createCombinedWriter, createJsonWriter } from '../gen/traffic.mjs';
// @ts-expect-error plain ESM helper without type declarations
import { EXPECT, judge, MY_RULES } from './evaluate.mjs';

/**
 * Scenario tests: the generator's seeded traffic with one injected pattern and its ground
 * truth. The rule that names the pattern must fire with the onset within tolerance and the
 * right attribution; no warning/error from these rules may describe anything but the
 * injection; clean scenarios (including a low-volume one) give no warning or error.
 */

interface Truth {
  pattern: string;
  start: number;
  end: number | null;
  routes: string[];
  statuses: number[];
  clients: string[] | null;
  userAgents: string[] | null;
}

function run(name: string, format: 'combined' | 'json', overrides: Record<string, unknown> = {}, seed = 1): { truth: Truth[]; findings: Finding[] } {
  const sc = scenario(name, seed, overrides) as { truth: Truth[]; events: Iterable<unknown> };
  const write = (format === 'json' ? createJsonWriter() : createCombinedWriter()) as (ev: unknown) => string;
  const lines: string[] = [];
  for (const ev of sc.events) lines.push(write(ev));
  const report = analyzeLines(lines, { ruleSet: RULES.filter((r) => (MY_RULES as string[]).includes(r.meta.id)), name: `${name}.log`, logFormat: format });
  return { truth: sc.truth, findings: report.findings };
}

const loud = (f: Finding): boolean => f.severity !== 'info';

/** a finding that overlaps the injection in time and shares its statuses (5xx counts as one class) */
function describesInjection(f: Finding, t: Truth): boolean {
  const s = f.window === null ? 0 : Date.parse(f.window.start);
  const e = f.window === null ? Infinity : Date.parse(f.window.end);
  const timeOk = s < (t.end ?? Infinity) && e > t.start;
  const statusOk = f.status.some((x) => t.statuses.includes(x) || (x >= 500 && t.statuses.some((y) => y >= 500)));
  return timeOk && statusOk;
}

const CASES: [string, 'combined' | 'json'][] = [
  ['token-rotation', 'combined'],
  ['brief-401-spike', 'json'],
  ['expired-service-credential', 'json'],
  ['client-release-no-refresh', 'combined'],
  ['retry-storm', 'json'],
  ['unauthorized-for-forbidden', 'combined'],
  ['missing-challenge', 'json'],
  ['origin-511-as-server-error', 'combined'],
  ['origin-511-as-auth', 'json'],
  ['server-error-spike', 'json'],
  ['client-closed-spike', 'combined'],
];

describe('scenarios: the right rule fires, on time, with the right attribution', () => {
  for (const [name, format] of CASES) {
    it(`${name} (${format})`, { timeout: 240_000 }, () => {
      const { truth, findings } = run(name, format);
      expect(truth.length).toBe(1);
      const t = truth[0]!;
      const x = (EXPECT as Record<string, { rule: string }>)[t.pattern]!;
      const verdicts = findings.map((f) => ({ f, j: judge(f, t) as { match: boolean; onset: boolean; attribution: boolean } }));
      const hits = verdicts.filter((v) => v.j.match);
      expect(hits.length, `${x.rule} did not fire: ${JSON.stringify(findings.map((f) => f.message))}`).toBeGreaterThan(0);
      expect(hits.some((v) => v.j.onset), `onset off: ${hits.map((v) => v.f.window?.start).join(', ')}`).toBe(true);
      expect(hits.some((v) => v.j.onset && v.j.attribution), `attribution wrong: ${JSON.stringify(hits.map((v) => v.f.evidence))}`).toBe(true);
      const stray = findings.filter((f) => loud(f) && !describesInjection(f, t));
      expect(stray.map((f) => `${f.ruleId} ${f.route}: ${f.message}`)).toEqual([]);
    });
  }
});

describe('scenarios: clean traffic gives no warning or error', () => {
  const CLEAN: [string, 'combined' | 'json', Record<string, unknown>][] = [
    ['clean-low-volume', 'combined', {}],
    ['clean-low-volume', 'json', {}],
    ['clean-api', 'json', { hours: 12, requests: 60_000 }],
    ['mixed-website', 'combined', { hours: 12, requests: 50_000 }],
  ];
  for (const [name, format, overrides] of CLEAN) {
    it(`${name} (${format})`, { timeout: 240_000 }, () => {
      const { findings } = run(name, format, overrides, 3);
      expect(findings.filter(loud).map((f) => `${f.ruleId} ${f.route}: ${f.message}`)).toEqual([]);
    });
  }
});
