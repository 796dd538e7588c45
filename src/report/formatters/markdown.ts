import { escapeMarkdown as md, markdownCode } from '../escape.js';
import { loadRuleDocs } from '../rule-docs.js';
import type { Finding } from '../types.js';
import { classTotals, comparePeriods, countBySeverity, duration, evidenceText, num, pct, rangeText, SEVERITY_ORDER, STATUS_CLASSES, whereOf } from './common.js';
import type { Formatter } from './types.js';

/**
 * Markdown for PR comments, job summaries and cron mail: a summary table, the findings
 * with their advice, evidence and samples in collapsible details. Every string that came
 * from a log goes through escapeMarkdown (prose) or markdownCode (routes, paths), so no
 * link, image, HTML or table break can be injected.
 */

/** inline code outside tables (headings, lists) and inside table cells */
const code = (s: string): string => markdownCode(s);
const cell = (s: string): string => markdownCode(s, true);

const ICON = { error: '🔴', warning: '🟠', info: '🔵' } as const;

function findingSection(f: Finding, helpUri: string | undefined): string[] {
  const out: string[] = [];
  const where = whereOf(f);
  const known = f.known === true ? ' · known (baseline)' : '';
  out.push(`### ${ICON[f.severity]} ${f.severity} · ${code(f.ruleId)}${where === null ? '' : ` · ${code(where)}`}${known}`);
  out.push('');
  out.push(md(f.message));
  out.push('');
  out.push(`**Fix:** ${md(f.advice)}${helpUri === undefined ? '' : ` ([rule doc](${helpUri}))`}`);
  out.push('');
  out.push('<details><summary>Evidence and samples</summary>');
  out.push('');
  out.push('| | |');
  out.push('|---|---|');
  out.push(`| status | ${f.status.join(', ')} |`);
  out.push(`| requests | ${num(f.count)} |`);
  if (f.window !== null) out.push(`| window | ${md(f.window.start)} → ${md(f.window.end)} |`);
  for (const [k, v] of Object.entries(f.evidence)) out.push(`| ${md(k)} | ${cell(evidenceText(v))} |`);
  out.push(`| samples | ${f.samples.length === 0 ? '—' : f.samples.map((s) => cell(`${s.file}:${s.line}`)).join(', ')} |`);
  out.push(`| fingerprint | ${cell(f.fingerprint)} |`);
  out.push('');
  out.push('</details>');
  out.push('');
  return out;
}

export const formatMarkdown: Formatter = (report, ctx) => {
  const docs = ctx.rules ?? loadRuleDocs();
  const s = report.summary;
  const out: string[] = [];
  const n = countBySeverity(report.findings);
  out.push(`## statuslint report`);
  out.push('');
  out.push(`${num(s.requests)} requests from ${s.files.length} input${s.files.length === 1 ? '' : 's'}, ${rangeText(report)}, ${duration(s.windowSeconds)} windows.`);
  if (s.partial) out.push('', '**Partial report:** an input could not be read to the end.');
  out.push('');
  out.push('| Findings | error | warning | info |');
  out.push('|---|---:|---:|---:|');
  out.push(`| ${report.findings.length} | ${n.error} | ${n.warning} | ${n.info} |`);
  if (s.baseline !== undefined) out.push('', `${s.baseline.known} of them known from the baseline, ${s.baseline.new} new.`);
  out.push('');

  const cmp = comparePeriods(report);
  if (cmp !== null) {
    out.push('### Compared with the previous period');
    out.push('');
    out.push('| | previous | this period |');
    out.push('|---|---:|---:|');
    for (const c of cmp) out.push(`| ${c.label} | ${c.before} | ${c.after} |`);
    out.push('');
  }

  out.push('### Status mix');
  out.push('');
  const classes = classTotals(s.statusCounts);
  out.push('| class | requests | share |');
  out.push('|---|---:|---:|');
  for (const c of [...STATUS_CLASSES, 'other'] as const) {
    if (classes[c] > 0) out.push(`| ${c} | ${num(classes[c])} | ${pct(classes[c], s.requests)} |`);
  }
  out.push('');

  if (s.topErrorRoutes.length > 0) {
    out.push('<details><summary>Routes with most errors</summary>');
    out.push('');
    out.push('| route | 4xx | 5xx | requests |');
    out.push('|---|---:|---:|---:|');
    for (const r of s.topErrorRoutes) out.push(`| ${cell(`${r.method} ${r.route}`)} | ${num(r.clientErrors)} | ${num(r.serverErrors)} | ${num(r.requests)} |`);
    out.push('');
    out.push('</details>');
    out.push('');
  }

  out.push('<details><summary>Inputs</summary>');
  out.push('');
  out.push('| file | format | lines | requests | skipped |');
  out.push('|---|---|---:|---:|---:|');
  for (const f of s.files) out.push(`| ${cell(f.path)}${f.error === undefined ? '' : ` ⚠️ ${md(f.error)}`} | ${cell(f.format)} | ${num(f.lines)} | ${num(f.requests)} | ${num(f.skipped)} |`);
  out.push('');
  out.push('</details>');
  out.push('');

  if (report.findings.length === 0) {
    out.push('No misused status codes found.');
    out.push('');
  }
  for (const sev of SEVERITY_ORDER) {
    for (const f of report.findings.filter((x) => x.severity === sev)) out.push(...findingSection(f, docs.find((d) => d.meta.id === f.ruleId)?.helpUri));
  }
  if (s.notApplicable.length > 0) {
    out.push('<details><summary>Not checked on this input</summary>');
    out.push('');
    for (const x of s.notApplicable) out.push(`- ${code(x.ruleId)}: ${md(x.reason)}`);
    out.push('');
    out.push('</details>');
    out.push('');
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
};
