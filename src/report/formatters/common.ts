import type { Finding, PeriodSummary, Report, Severity } from '../types.js';

/** helpers the formatters share: numbers, shares, times and status classes, all deterministic */

let numberFormat: Intl.NumberFormat | undefined;

/**
 * `1,234,567`, as Intl.NumberFormat('en-US') writes it. Counts (safe integers) are grouped
 * here; anything else goes to Intl, created on first use: creating it loads ICU's data,
 * about 14 ms of every run's start, and most reports print only counts or none (JSON).
 */
export function num(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return (numberFormat ??= new Intl.NumberFormat('en-US')).format(n);
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += ',' + digits.slice(i, i + 3);
  return n < 0 ? '-' + out : out;
}

/** `12.5%`; 0 and 100 without decimals */
export function pct(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(part === whole || part === 0 ? 0 : 1)}%`;
}

export function duration(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** `2026-11-16 03:05Z` — minutes are what a reader scans for */
export function shortTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ') + 'Z';
}

export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

export function classTotals(statusCounts: Record<string, number>): Record<StatusClass | 'other', number> {
  const out = { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, other: 0 };
  for (const [k, v] of Object.entries(statusCounts)) {
    const code = Number(k);
    if (code >= 100 && code <= 599) out[`${Math.floor(code / 100)}xx` as StatusClass] += v;
    else out.other += v;
  }
  return out;
}

export interface PeriodShares {
  requests: number;
  unauthorized: number;
  serverErrors: number;
  clientErrors: number;
}

export function sharesOf(p: PeriodSummary | { requests: number; statusCounts: Record<string, number> }): PeriodShares {
  const c = classTotals(p.statusCounts);
  return { requests: p.requests, unauthorized: p.statusCounts['401'] ?? 0, serverErrors: c['5xx'], clientErrors: c['4xx'] };
}

export interface Comparison {
  label: string;
  before: string;
  after: string;
}

/** this period against the previous one (--state): "401 share 0.4% → 2.1%" */
export function comparePeriods(report: Report): Comparison[] | null {
  const prev = report.summary.previous;
  if (prev === undefined) return null;
  const a = sharesOf(prev);
  const b = sharesOf(report.summary);
  return [
    { label: 'requests', before: num(a.requests), after: num(b.requests) },
    { label: '401 share', before: pct(a.unauthorized, a.requests), after: pct(b.unauthorized, b.requests) },
    { label: '4xx share', before: pct(a.clientErrors, a.requests), after: pct(b.clientErrors, b.requests) },
    { label: '5xx share', before: pct(a.serverErrors, a.requests), after: pct(b.serverErrors, b.requests) },
  ];
}

export function comparisonLine(c: readonly Comparison[]): string {
  return c.map((x) => `${x.label} ${x.before} → ${x.after}`).join(', ');
}

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const out = { error: 0, warning: 0, info: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}

/** `POST /api/login`, `* /x`, or null for a finding across routes */
export function whereOf(f: Finding): string | null {
  return f.route === null ? null : `${f.method ?? '*'} ${f.route}`;
}

/** the inputs' period, e.g. `2026-11-16 03:00Z → 2026-11-16 04:00Z` */
export function rangeText(report: Report): string {
  const r = report.summary.timeRange;
  return r === null ? 'no timed requests' : `${shortTime(r.start)} → ${shortTime(r.end)}`;
}

/** evidence values as short text (objects as compact JSON) */
export function evidenceText(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
  if (typeof v === 'string') return v;
  return JSON.stringify(v) ?? String(v);
}
