import { expect, it } from 'vitest';
import { optionProblems } from '../../src/engine/options.js';
import { defineRule, type Rule, type RuleSeverity, type UserEvent } from '../../src/engine/types.js';
import { analyzeLines } from '../../src/index.js';
import type { Finding } from '../../src/report/types.js';

/**
 * ESLint-style table tests for one rule: log lines in, findings out. Only the rule under
 * test runs. A valid case must produce no finding from it; an invalid case must list the
 * findings it expects (matched in order with toMatchObject, and the count must agree), so
 * no case can pass while asserting nothing.
 */
export interface RuleCase {
  name: string;
  lines: readonly string[];
  logFormat?: string;
  windowMs?: number;
  events?: readonly UserEvent[];
  severity?: RuleSeverity;
  options?: Record<string, unknown>;
}

export interface InvalidCase extends RuleCase {
  findings: readonly Partial<Finding>[];
}

/**
 * The rule with fixed options, checked against its declaration as a config's would be
 * (a test cannot set an option no user could), then bound into the rule.
 */
export function withOptions(rule: Rule, options: Record<string, unknown>): Rule {
  const problems = optionProblems(rule.meta.options, options);
  if (problems.length > 0) throw new Error(`${rule.meta.id}: ${problems.map(([n, p]) => `${n}: ${p}`).join('; ')}`);
  return defineRule({ meta: rule.meta, check: (cube, ctx) => rule.check(cube, { ...ctx, options: { ...ctx.options, ...options } }) });
}

export function runRule(rule: Rule, c: RuleCase): Finding[] {
  const report = analyzeLines(c.lines, {
    ruleSet: [c.options === undefined ? rule : withOptions(rule, c.options)],
    logFormat: c.logFormat,
    windowMs: c.windowMs,
    events: c.events,
    rules: c.severity === undefined ? undefined : { [rule.meta.id]: c.severity },
    name: 'case.log',
  });
  return report.findings;
}

export function ruleTester(rule: Rule, cases: { valid: readonly RuleCase[]; invalid: readonly InvalidCase[] }): void {
  if (cases.valid.length === 0 || cases.invalid.length === 0) throw new Error(`${rule.meta.id}: needs both valid and invalid cases`);
  for (const c of cases.valid) {
    it(`valid: ${c.name}`, () => {
      expect(runRule(rule, c)).toEqual([]);
    });
  }
  for (const c of cases.invalid) {
    if (c.findings.length === 0) throw new Error(`${rule.meta.id}: invalid case "${c.name}" expects no finding; make it a valid case`);
    it(`invalid: ${c.name}`, () => {
      const got = runRule(rule, c);
      expect(got.length, JSON.stringify(got.map((f) => f.message), null, 2)).toBe(c.findings.length);
      c.findings.forEach((want, i) => expect(got[i]).toMatchObject({ ruleId: rule.meta.id, ...want }));
    });
  }
}

export interface ClfFields {
  ip?: string;
  user?: string;
  /** ISO time (UTC) */
  time: string;
  method?: string;
  path: string;
  status: number;
  bytes?: number | '-';
  referer?: string;
  ua?: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** one nginx combined line, for writing cases readably */
export function clf(f: ClfFields): string {
  const d = new Date(f.time);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const t = `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
  return `${f.ip ?? '203.0.113.10'} - ${f.user ?? '-'} [${t}] "${f.method ?? 'GET'} ${f.path} HTTP/1.1" ${f.status} ${f.bytes ?? 512} "${f.referer ?? '-'}" "${f.ua ?? 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'}"`;
}
