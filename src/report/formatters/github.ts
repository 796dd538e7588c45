import { escapeGithubData, escapeGithubProperty } from '../escape.js';
import type { Finding, Severity } from '../types.js';
import { countBySeverity, whereOf } from './common.js';
import { repoRelative } from './paths.js';
import type { Formatter } from './types.js';

/**
 * GitHub Actions workflow commands: one annotation per finding at its first sample line
 * (`::error file=…,line=…,title=…::message`), %-encoded as the runner expects (`%`, CR, LF
 * in the message; also `:` and `,` in properties), so a log path or route can neither end
 * the command nor start another. Findings known from the baseline are notices. The CLI
 * also appends the Markdown report to $GITHUB_STEP_SUMMARY when it is set.
 */

const COMMAND: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'notice' };

function annotation(f: Finding, root: string | undefined): string {
  const cmd = f.known === true ? 'notice' : COMMAND[f.severity];
  const props: string[] = [];
  const s = f.samples[0];
  if (s !== undefined && s.file !== '(stdin)') {
    props.push(`file=${escapeGithubProperty(repoRelative(s.file, root))}`);
    props.push(`line=${s.line}`);
  }
  const where = whereOf(f);
  const title = `statuslint ${f.ruleId}${where === null ? '' : `: ${where}`}${f.known === true ? ' (known)' : ''}`;
  props.push(`title=${escapeGithubProperty(title)}`);
  return `::${cmd} ${props.join(',')}::${escapeGithubData(`${f.message}\n${f.advice}`)}`;
}

export const formatGithub: Formatter = (report, ctx) => {
  const out = report.findings.map((f) => annotation(f, ctx.root));
  const n = countBySeverity(report.findings);
  const known = report.findings.filter((f) => f.known === true).length;
  out.push(`statuslint: ${report.summary.requests} requests, ${n.error} error(s), ${n.warning} warning(s), ${n.info} info${known > 0 ? `, ${known} known from the baseline` : ''}`);
  return out.join('\n') + '\n';
};
