import { readFile } from 'node:fs/promises';
import type { Report } from './types.js';

/**
 * Baselines: the fingerprints of findings a team has accepted for now. A finding whose
 * fingerprint is in the baseline is marked `known`, is shown as such, and does not fail
 * the run. `--write-baseline` writes one from the current findings; `--baseline` also
 * accepts a statuslint JSON report (its findings' fingerprints).
 */

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  method: string | null;
  route: string | null;
  status: number[];
}

export interface BaselineFile {
  schemaVersion: 1;
  tool: 'statuslint';
  findings: BaselineEntry[];
}

export class BaselineError extends Error {}

export function baselineOf(report: Report): BaselineFile {
  const seen = new Set<string>();
  const findings: BaselineEntry[] = [];
  for (const f of report.findings) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    findings.push({ fingerprint: f.fingerprint, ruleId: f.ruleId, method: f.method, route: f.route, status: f.status });
  }
  findings.sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  return { schemaVersion: 1, tool: 'statuslint', findings };
}

export function formatBaseline(report: Report): string {
  return JSON.stringify(baselineOf(report), null, 2) + '\n';
}

export async function loadBaseline(path: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new BaselineError(`--baseline ${path}: ${code === 'ENOENT' ? 'no such file (create one with --write-baseline)' : (e as Error).message}`);
  }
  let j: { findings?: unknown };
  try {
    j = JSON.parse(text) as { findings?: unknown };
  } catch {
    throw new BaselineError(`--baseline ${path}: not valid JSON`);
  }
  if (typeof j !== 'object' || j === null || !Array.isArray(j.findings)) {
    throw new BaselineError(`--baseline ${path}: expected a statuslint baseline or JSON report (an object with a "findings" array)`);
  }
  const out = new Set<string>();
  for (const f of j.findings as { fingerprint?: unknown }[]) {
    if (typeof f?.fingerprint === 'string') out.add(f.fingerprint);
  }
  return out;
}

/** marks known findings and counts them; the report is changed in place and returned */
export function applyBaseline(report: Report, known: ReadonlySet<string>): Report {
  let k = 0;
  for (const f of report.findings) {
    f.known = known.has(f.fingerprint);
    if (f.known) k++;
  }
  report.summary.baseline = { known: k, new: report.findings.length - k };
  return report;
}
