import type { FileSummary, SampleRef, SkipExample } from '../cube/cube.js';
import type { DataSource } from '../cube/sources.js';

export type { DataSource } from '../cube/sources.js';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  advice: string;
  method: string | null;
  route: string | null;
  status: number[];
  /** start = onset of what the finding describes; ISO 8601 UTC */
  window: { start: string; end: string } | null;
  count: number;
  evidence: Record<string, unknown>;
  samples: SampleRef[];
  fingerprint: string;
  /** present only when a baseline was given: true = its fingerprint is in the baseline (does not fail the run) */
  known?: boolean;
}

/** a rule that could not run on this input, and why (e.g. the log has no response headers) */
export interface NotApplicable {
  ruleId: string;
  reason: string;
}

export interface RouteErrors {
  method: string;
  route: string;
  requests: number;
  clientErrors: number;
  serverErrors: number;
}

/** one cube window of the timeline: traffic by status class, and the two shares the charts follow */
export interface TimelinePoint {
  /** window start, ISO 8601 UTC */
  start: string;
  requests: number;
  /** requests by status class; `other` is any code outside 100–599 */
  classes: { '1xx': number; '2xx': number; '3xx': number; '4xx': number; '5xx': number; other: number };
  /** 401 answers */
  unauthorized: number;
  /** 5xx answers */
  serverErrors: number;
}

/** the totals of one period, as `--state` stores them to compare the next run with */
export interface PeriodSummary {
  timeRange: { start: string; end: string } | null;
  requests: number;
  statusCounts: Record<string, number>;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'statuslint'; version: string };
  summary: {
    files: FileSummary[];
    requests: number;
    skipped: Record<string, number> & { malformed: number; oversized: number };
    skipExamples: SkipExample[];
    timeRange: { start: string; end: string } | null;
    windowSeconds: number;
    statusCounts: Record<string, number>;
    routes: { distinct: number; cap: number; pathsFolded: number; requestsFolded: number };
    /** the routes with the most 4xx/5xx answers (top 10) */
    topErrorRoutes: RouteErrors[];
    /** rules that ran, and those that could not on this input */
    rulesRun: string[];
    notApplicable: NotApplicable[];
    /** true when an input could not be read completely: the report covers what was read */
    partial: boolean;
    /** where the data came from: log files, cube files (and what they were built from), a Prometheus query */
    sources: DataSource[];
    /** traffic per window, in time order (windows without traffic are absent) */
    timeline?: TimelinePoint[];
    /** user-supplied events (--event, config), ISO times, in time order */
    events?: { name: string; time: string }[];
    /** the --since/--until bounds applied, ISO times (null = open) */
    timeFilter?: { since: string | null; until: string | null };
    /** the previous period read from --state, to compare this one with */
    previous?: PeriodSummary;
    /** when --baseline was given: how many findings it already knew */
    baseline?: { known: number; new: number };
  };
  findings: Finding[];
}
