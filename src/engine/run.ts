import { createHash } from 'node:crypto';
import type { Cube } from '../cube/cube.js';
import { SEVERITY_RANK, type Finding, type NotApplicable, type Severity } from '../report/types.js';
import { optionProblems, withDefaults } from './options.js';
import type { Rule, RuleContext, RuleSeverity, UserEvent } from './types.js';

export interface EngineConfig {
  /** per-rule severity overrides: `off` disables a rule */
  severities?: Readonly<Record<string, RuleSeverity>>;
  options?: Readonly<Record<string, Record<string, unknown>>>;
  events?: readonly UserEvent[];
  formats?: readonly string[];
}

export interface EngineResult {
  findings: Finding[];
  notApplicable: NotApplicable[];
  rulesRun: string[];
}

export class UnknownRuleError extends Error {}

export function fingerprint(parts: readonly (string | number | null)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * throws UnknownRuleError for a severity override or options naming no rule of the set,
 * and for options the rule does not declare or values outside their declaration
 */
export function checkRuleConfig(rules: readonly Rule[], severities: Readonly<Record<string, RuleSeverity>> = {}, options: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {}): void {
  const byId = new Map(rules.map((r) => [r.meta.id, r]));
  for (const id of [...Object.keys(severities), ...Object.keys(options)]) {
    if (!byId.has(id)) throw new UnknownRuleError(`unknown rule "${id}" (see \`statuslint rules\` for the list)`);
  }
  for (const [id, given] of Object.entries(options)) {
    const problems = optionProblems(byId.get(id)!.meta.options, given);
    if (problems.length > 0) throw new UnknownRuleError(problems.map(([name, p]) => `rule ${id}, option ${name}: ${p}`).join('\n'));
  }
}

export function runRules(cube: Cube, rules: readonly Rule[], config: EngineConfig = {}): EngineResult {
  checkRuleConfig(rules, config.severities, config.options);
  const findings: Finding[] = [];
  const notApplicable: NotApplicable[] = [];
  const rulesRun: string[] = [];
  for (const rule of rules) {
    const sev = config.severities?.[rule.meta.id] ?? rule.meta.severity;
    if (sev === 'off') continue;
    const ctx: RuleContext = {
      severity: sev,
      options: withDefaults(rule.meta.options, config.options?.[rule.meta.id]),
      events: config.events ?? [],
      formats: config.formats ?? [],
    };
    const result = rule.check(cube, ctx);
    rulesRun.push(rule.meta.id);
    if (!Array.isArray(result)) {
      notApplicable.push({ ruleId: rule.meta.id, reason: result.notApplicable });
      continue;
    }
    for (const d of result) {
      // a per-finding severity (broad vs narrow) is relative to the rule's: an override to a
      // lower severity caps it
      const own: Severity = d.severity ?? sev;
      const severity = config.severities?.[rule.meta.id] !== undefined && SEVERITY_RANK[own] > SEVERITY_RANK[sev] ? sev : own;
      findings.push({
        ruleId: rule.meta.id,
        severity,
        message: d.message,
        advice: d.advice,
        method: d.method,
        route: d.route,
        status: [...d.status],
        window: d.window === null ? null : { start: iso(d.window.start), end: iso(d.window.end) },
        count: d.count,
        evidence: d.evidence ?? {},
        samples: d.samples ?? [],
        fingerprint: fingerprint([rule.meta.id, d.method, d.route, ...d.status, ...(d.fingerprintParts ?? [])]),
      });
    }
  }
  findings.sort(compareFindings);
  return { findings, notApplicable, rulesRun };
}

/** severity (error first), rule, route, window, then the rest, so output is deterministic */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.route ?? '', b.route ?? '') ||
    cmp(a.window?.start ?? '', b.window?.start ?? '') ||
    cmp(a.method ?? '', b.method ?? '') ||
    cmp(a.status.join(','), b.status.join(',')) ||
    cmp(a.fingerprint, b.fingerprint)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `origin-511=warning` → ['origin-511', 'warning'] */
export function parseSeverityOverride(spec: string): [string, RuleSeverity] {
  const eq = spec.lastIndexOf('=');
  const id = eq === -1 ? '' : spec.slice(0, eq).trim();
  const sev = eq === -1 ? '' : spec.slice(eq + 1).trim();
  if (id === '' || !['error', 'warning', 'info', 'off'].includes(sev)) {
    throw new UnknownRuleError(`--rule expects ID=error|warning|info|off, got "${spec}"`);
  }
  return [id, sev as RuleSeverity];
}
