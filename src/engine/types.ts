import type { Cube } from '../cube/cube.js';
import type { Severity } from '../report/types.js';
import type { OptionSpecs } from './options.js';

export type RuleSeverity = Severity | 'off';

export interface RuleMeta {
  /** public id: users put it in configs and baselines; never rename */
  id: string;
  severity: Severity;
  /** one line: what the rule flags */
  description: string;
  /** the status codes the rule is about */
  codes: readonly number[];
  /** the references that ground the rule (RFC sections) */
  references: readonly string[];
  /** the options a config may set (`rules.<id>.options`); none when absent */
  options?: OptionSpecs;
}

/** a user-supplied event (deploy, token rotation) that findings are correlated with */
export interface UserEvent {
  name: string;
  /** epoch ms */
  time: number;
}

export interface RuleContext {
  /** the rule's effective severity (after --rule overrides) */
  severity: Severity;
  /** every declared option: the config's value, checked against the declaration, else its default */
  options: Readonly<Record<string, unknown>>;
  events: readonly UserEvent[];
  /** formats that produced the cube (for applicability: body bytes, headers) */
  formats: readonly string[];
}

/** what a rule returns: a finding without the fields the engine fills in */
export interface FindingDraft {
  message: string;
  advice: string;
  method: string | null;
  route: string | null;
  status: number[];
  /** epoch ms */
  window: { start: number; end: number } | null;
  count: number;
  evidence?: Record<string, unknown>;
  samples?: { file: string; line: number }[];
  /** overrides the rule's severity for this finding (e.g. broad vs narrow spike) */
  severity?: Severity;
  /** extra key parts that keep the fingerprint unique and stable (defaults: method, route, status) */
  fingerprintParts?: readonly (string | number)[];
}

export type RuleResult = FindingDraft[] | { notApplicable: string };

export interface Rule {
  meta: RuleMeta;
  check(cube: Cube, ctx: RuleContext): RuleResult;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
