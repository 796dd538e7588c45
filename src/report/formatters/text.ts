import pc from 'picocolors';
import type { Finding, Severity } from '../types.js';
import { termSafe, termSafeKeepLayout } from '../sanitize.js';
import { comparePeriods, comparisonLine, duration, num, pct, shortTime } from './common.js';
import type { Formatter } from './types.js';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function padStart(s: string, n: number): string {
  return s.length >= n ? s : ' '.repeat(n - s.length) + s;
}

function wrap(text: string, width: number, indent: string): string {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      if (line.length > 0 && line.length + 1 + word.length > width) {
        out.push(indent + line);
        line = word;
      } else {
        line = line.length === 0 ? word : `${line} ${word}`;
      }
    }
    out.push(indent + line);
  }
  return out.join('\n');
}

const CLASSES: [string, number, number][] = [
  ['1xx', 100, 199],
  ['2xx', 200, 299],
  ['3xx', 300, 399],
  ['4xx', 400, 499],
  ['5xx', 500, 599],
];

export const formatText: Formatter = (report, ctx) => {
  const c = pc.createColors(ctx.color);
  const sevColor: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.cyan };
  const s = report.summary;
  const lines: string[] = [];
  const range = s.timeRange === null ? 'no timed requests' : `${shortTime(s.timeRange.start)} → ${shortTime(s.timeRange.end)}`;
  const others = (s.sources ?? []).filter((x) => x.kind !== 'logs');
  // a cube file's logs are listed among the files already; Prometheus has none
  const inputCount = s.files.length + others.filter((x) => x.kind === 'prometheus').length;
  lines.push(c.bold(`statuslint ${report.tool.version}`) + c.dim(` — ${num(s.requests)} requests from ${inputCount} input${inputCount === 1 ? '' : 's'}, ${range}, ${duration(s.windowSeconds)} windows`));
  lines.push('');

  lines.push(c.bold('Inputs'));
  for (const x of others) {
    if (x.kind === 'prometheus') lines.push(`  Prometheus ${termSafe(x.url)}  ${termSafe(x.query)}  (${num(x.series)} series, ${num(x.queries)} queries)`);
    else if (x.kind === 'cube') lines.push(`  cube file ${termSafe(x.path)}  ${num(x.requests)} requests, ${duration(x.windowSeconds)} windows`);
  }
  const pathWidth = Math.min(60, Math.max(...s.files.map((f) => termSafe(f.path).length), 4));
  for (const f of s.files) {
    const status = f.error ? c.red(`  ✗ ${termSafe(f.error)}`) : f.note ? c.dim(`  (skipped: ${termSafe(f.note)})`) : '';
    lines.push(`  ${pad(termSafe(f.path), pathWidth)}  ${pad(termSafe(f.format), 16)} ${padStart(num(f.lines), 10)} lines ${padStart(num(f.requests), 10)} requests ${padStart(num(f.skipped), 8)} skipped${status}`);
  }
  if (s.partial) lines.push(c.red('  Partial report: an input could not be read to the end (see ✗ above).'));

  const skippedEntries = Object.entries(s.skipped).filter(([, n]) => n > 0);
  if (skippedEntries.length > 0) {
    lines.push('');
    lines.push(c.bold('Skipped lines'));
    lines.push('  ' + skippedEntries.map(([r, n]) => `${r} ${num(n)}`).join(' · '));
    for (const ex of s.skipExamples) lines.push(c.dim(`  ${termSafe(ex.file)}:${ex.line}  ${ex.reason}`));
  }

  lines.push('');
  lines.push(c.bold('Status mix'));
  const total = s.requests;
  const counts = Object.entries(s.statusCounts).map(([k, v]) => [Number(k), v] as const);
  const mix = CLASSES.map(([name, lo, hi]) => {
    const n = counts.filter(([k]) => k >= lo && k <= hi).reduce((a, [, v]) => a + v, 0);
    return [name, n] as const;
  }).filter(([, n]) => n > 0);
  const odd = counts.filter(([k]) => k < 100 || k > 599).reduce((a, [, v]) => a + v, 0);
  const mixText = mix.map(([name, n]) => `${name} ${pct(n, total)} (${num(n)})`);
  if (odd > 0) mixText.push(`other ${pct(odd, total)} (${num(odd)})`);
  lines.push('  ' + (mixText.join(' · ') || 'no requests'));
  const notable = counts.filter(([k]) => k >= 400 || k < 100 || k > 599);
  if (notable.length > 0) lines.push(c.dim('  ' + notable.map(([k, v]) => `${k}: ${num(v)}`).join('  ')));

  if (s.topErrorRoutes.length > 0) {
    lines.push('');
    lines.push(c.bold('Routes with most errors'));
    const w = Math.min(70, Math.max(...s.topErrorRoutes.map((r) => termSafe(`${r.method} ${r.route}`).length)));
    for (const r of s.topErrorRoutes) {
      lines.push(`  ${pad(termSafe(`${r.method} ${r.route}`), w)}  ${padStart(num(r.clientErrors), 8)} 4xx ${padStart(num(r.serverErrors), 7)} 5xx  of ${num(r.requests)}`);
    }
  }
  if (s.routes.pathsFolded > 0) {
    lines.push(c.yellow(`  ${num(s.routes.pathsFolded)} route templates beyond the cap of ${num(s.routes.cap)} folded into (other) (${num(s.routes.requestsFolded)} requests); raise --max-routes or add --route templates.`));
  }

  const cmp = comparePeriods(report);
  if (cmp !== null) {
    lines.push('');
    lines.push(c.bold('Compared with the previous period'));
    lines.push('  ' + comparisonLine(cmp));
  }

  lines.push('');
  const bySev = (sev: Severity): Finding[] => report.findings.filter((f) => f.severity === sev);
  const tally = (['error', 'warning', 'info'] as const).map((sev) => `${bySev(sev).length} ${sev}${bySev(sev).length === 1 ? '' : sev === 'info' ? '' : 's'}`).join(', ');
  const knownNote = s.baseline === undefined ? '' : `; ${s.baseline.known} known from the baseline, ${s.baseline.new} new`;
  lines.push(c.bold('Findings') + c.dim(` — ${tally}${knownNote}`));
  if (report.findings.length === 0) lines.push('  No misused status codes found.');
  for (const sev of ['error', 'warning', 'info'] as const) {
    for (const f of bySev(sev)) {
      lines.push('');
      const where = f.route === null ? '' : ` ${termSafe(`${f.method ?? '*'} ${f.route}`)}`;
      lines.push(`  ${sevColor[sev](c.bold(sev.toUpperCase()))} ${c.bold(f.ruleId)}${where}${f.known === true ? c.dim(' (known: in the baseline)') : ''}`);
      lines.push(wrap(termSafeKeepLayout(f.message), 96, '    '));
      lines.push(c.green(wrap('→ ' + termSafeKeepLayout(f.advice), 96, '    ')));
      if (f.samples.length > 0) lines.push(c.dim('    samples: ' + f.samples.map((x) => `${termSafe(x.file)}:${x.line}`).join(', ')));
    }
  }
  if (s.notApplicable.length > 0) {
    lines.push('');
    lines.push(c.dim('Not checked on this input:'));
    for (const n of s.notApplicable) lines.push(c.dim(`  ${n.ruleId}: ${termSafe(n.reason)}`));
  }
  return lines.join('\n') + '\n';
};
