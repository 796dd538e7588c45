import { escapeXmlAttr, escapeXmlText } from '../escape.js';
import { loadRuleDocs } from '../rule-docs.js';
import { SEVERITY_RANK, type Finding } from '../types.js';
import { whereOf } from './common.js';
import type { Formatter } from './types.js';

/**
 * JUnit XML as CI systems render it (GitLab, Jenkins, Azure, GitHub test reporters): one
 * testsuite per rule that ran; one testcase per finding, failing when the finding is at or
 * above --fail-on and not known from the baseline; one passing testcase for a rule that
 * found nothing; a skipped testcase for a rule that could not run on this input.
 * No timestamps or durations: the same input gives the same bytes.
 */

function testcaseName(f: Finding): string {
  const where = whereOf(f) ?? 'all routes';
  return f.window === null ? where : `${where} @ ${f.window.start}`;
}

function failureBody(f: Finding): string {
  const lines = [f.message, '', `Fix: ${f.advice}`];
  if (f.samples.length > 0) lines.push('', `Samples: ${f.samples.map((s) => `${s.file}:${s.line}`).join(', ')}`);
  lines.push(`Fingerprint: ${f.fingerprint}`);
  return lines.join('\n');
}

export const formatJunit: Formatter = (report, ctx) => {
  const docs = ctx.rules ?? loadRuleDocs();
  const failOn = ctx.failOn ?? 'info';
  const threshold = failOn === 'none' ? Infinity : SEVERITY_RANK[failOn];
  const ids = [...new Set([...report.summary.rulesRun, ...report.findings.map((f) => f.ruleId)])].sort();
  const na = new Map(report.summary.notApplicable.map((n) => [n.ruleId, n.reason]));
  const suites: string[] = [];
  let totalTests = 0;
  let totalFailures = 0;
  let totalSkipped = 0;
  for (const id of ids) {
    const description = docs.find((d) => d.meta.id === id)?.meta.description;
    const cases: string[] = [];
    let failures = 0;
    let skipped = 0;
    const classname = `statuslint.${id}`;
    const findings = report.findings.filter((f) => f.ruleId === id);
    if (na.has(id)) {
      skipped++;
      cases.push(`    <testcase classname="${escapeXmlAttr(classname)}" name="not applicable" time="0">\n      <skipped message="${escapeXmlAttr(na.get(id)!)}"/>\n    </testcase>`);
    } else if (findings.length === 0) {
      cases.push(`    <testcase classname="${escapeXmlAttr(classname)}" name="${escapeXmlAttr(description === undefined ? 'no findings' : `no findings: ${description}`)}" time="0"/>`);
    }
    for (const f of findings) {
      const head = `    <testcase classname="${escapeXmlAttr(classname)}" name="${escapeXmlAttr(testcaseName(f))}" time="0">`;
      if (f.known === true) {
        skipped++;
        cases.push(`${head}\n      <skipped message="${escapeXmlAttr(`known (in baseline): ${f.message}`)}"/>\n    </testcase>`);
      } else if (SEVERITY_RANK[f.severity] >= threshold) {
        failures++;
        cases.push(`${head}\n      <failure type="${f.severity}" message="${escapeXmlAttr(f.message)}">${escapeXmlText(failureBody(f))}</failure>\n    </testcase>`);
      } else {
        cases.push(`${head}\n      <system-out>${escapeXmlText(`${f.severity} (below --fail-on ${failOn}): ${failureBody(f)}`)}</system-out>\n    </testcase>`);
      }
    }
    totalTests += cases.length;
    totalFailures += failures;
    totalSkipped += skipped;
    suites.push(
      `  <testsuite name="${escapeXmlAttr(id)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  const errors = report.summary.partial ? 1 : 0;
  if (errors > 0) {
    const bad = report.summary.files.filter((f) => f.error !== undefined).map((f) => `${f.path}: ${f.error}`);
    suites.push(
      `  <testsuite name="inputs" tests="1" failures="0" errors="1" skipped="0" time="0">\n    <testcase classname="statuslint.inputs" name="read every input" time="0">\n      <error message="partial report">${escapeXmlText(bad.join('\n'))}</error>\n    </testcase>\n  </testsuite>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="statuslint" tests="${totalTests + errors}" failures="${totalFailures}" errors="${errors}" skipped="${totalSkipped}" time="0">\n` +
    suites.join('\n') +
    (suites.length > 0 ? '\n' : '') +
    `</testsuites>\n`
  );
};
