import type { RuleDoc } from '../rule-docs.js';
import type { Report, Severity } from '../types.js';

export interface FormatContext {
  /** ANSI colour allowed (a TTY, or FORCE_COLOR) */
  color: boolean;
  /** rule metadata and docs (SARIF rules, JUnit suites, help links); the CLI passes loadRuleDocs() */
  rules?: readonly RuleDoc[];
  /** the run fails on findings at or above this (JUnit marks only those as failures); default `info` */
  failOn?: Severity | 'none';
  /** directory that SARIF/annotation file paths are made relative to (the repository root in CI) */
  root?: string;
}

/** a formatter is pure: the same report gives the same bytes */
export type Formatter = (report: Report, ctx: FormatContext) => string;
