import { escapeHtml as h } from '../escape.js';
import { loadRuleDocs } from '../rule-docs.js';
import type { Finding, Report, Severity, TimelinePoint } from '../types.js';
import { classTotals, comparePeriods, countBySeverity, duration, evidenceText, num, pct, rangeText, SEVERITY_ORDER, shortTime, whereOf } from './common.js';
import type { Formatter } from './types.js';

/**
 * One self-contained HTML file: inline CSS, inline SVG charts, no script, no external
 * asset (a Content-Security-Policy forbids any), so it opens from a mail attachment or
 * a CI artifact as it is. Every string that came from a log is escaped; the same report
 * gives the same bytes.
 *
 * Charts: status-class mix over time (stacked), 401 and 5xx share over time with
 * finding onsets and user events marked, top routes by error share.
 */

const CLASS_COLORS = { '1xx': '#9aa5b1', '2xx': '#2e9d5b', '3xx': '#3b82c4', '4xx': '#e8a33d', '5xx': '#d64545', other: '#8e6cc0' } as const;
type ClassKey = keyof typeof CLASS_COLORS;
const CLASS_KEYS = Object.keys(CLASS_COLORS) as ClassKey[];
const SEV_COLORS: Readonly<Record<Severity, string>> = { error: '#c62828', warning: '#d9822b', info: '#2f6fb3' };

const W = 960;
const H = 240;
const M = { l: 56, r: 16, t: 18, b: 30 };
const PW = W - M.l - M.r;
const PH = H - M.t - M.b;
/** at most this many columns: longer timelines are summed into wider buckets */
const MAX_BUCKETS = 240;

const f1 = (n: number): string => (Math.round(n * 10) / 10).toFixed(1);

interface Bucket {
  start: number;
  end: number;
  requests: number;
  classes: Record<ClassKey, number>;
  unauthorized: number;
  serverErrors: number;
}

function buckets(points: readonly TimelinePoint[], windowMs: number): Bucket[] {
  if (points.length === 0) return [];
  const t0 = Date.parse(points[0]!.start);
  const t1 = Date.parse(points[points.length - 1]!.start) + windowMs;
  const k = Math.max(1, Math.ceil((t1 - t0) / windowMs / MAX_BUCKETS));
  const width = windowMs * k;
  const n = Math.ceil((t1 - t0) / width);
  const out: Bucket[] = [];
  for (let i = 0; i < n; i++) {
    out.push({ start: t0 + i * width, end: t0 + (i + 1) * width, requests: 0, classes: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, other: 0 }, unauthorized: 0, serverErrors: 0 });
  }
  for (const p of points) {
    const b = out[Math.floor((Date.parse(p.start) - t0) / width)]!;
    b.requests += p.requests;
    for (const c of CLASS_KEYS) b.classes[c] += p.classes[c];
    b.unauthorized += p.unauthorized;
    b.serverErrors += p.serverErrors;
  }
  return out;
}

/** a round axis maximum at or above v, and how many gridlines divide it into round steps */
function niceScale(v: number): { max: number; ticks: number } {
  if (v <= 0) return { max: 1, ticks: 4 };
  const e = 10 ** Math.floor(Math.log10(v));
  for (const [m, ticks] of [[1, 5], [2, 4], [3, 3], [4, 4], [5, 5], [6, 3], [8, 4], [10, 5]] as const) if (m * e >= v) return { max: m * e, ticks };
  return { max: 10 * e, ticks: 5 };
}

function timeLabel(t: number, spanMs: number): string {
  const iso = new Date(t).toISOString();
  return spanMs > 36 * 3_600_000 ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}

function xAxis(t0: number, t1: number, x: (t: number) => number): string {
  const out: string[] = [`<line class="axis" x1="${M.l}" y1="${M.t + PH}" x2="${M.l + PW}" y2="${M.t + PH}"/>`];
  const ticks = 6;
  for (let i = 0; i <= ticks; i++) {
    const t = t0 + ((t1 - t0) * i) / ticks;
    const xx = x(t);
    out.push(`<line class="tick" x1="${f1(xx)}" y1="${M.t + PH}" x2="${f1(xx)}" y2="${M.t + PH + 4}"/>`);
    out.push(`<text class="tl" x="${f1(xx)}" y="${M.t + PH + 16}" text-anchor="${i === 0 ? 'start' : i === ticks ? 'end' : 'middle'}">${h(timeLabel(t, t1 - t0))}</text>`);
  }
  return out.join('');
}

function yAxis(max: number, ticks: number, fmt: (v: number) => string): string {
  const out: string[] = [];
  for (let i = 0; i <= ticks; i++) {
    const v = (max * i) / ticks;
    const y = M.t + PH - (PH * i) / ticks;
    out.push(`<line class="grid" x1="${M.l}" y1="${f1(y)}" x2="${M.l + PW}" y2="${f1(y)}"/>`);
    out.push(`<text class="tl" x="${M.l - 6}" y="${f1(y + 4)}" text-anchor="end">${h(fmt(v))}</text>`);
  }
  return out.join('');
}

function svgOpen(name: string, label: string, height = H): string {
  return `<svg class="chart" data-chart="${name}" role="img" aria-label="${h(label)}" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" xmlns="http://www.w3.org/2000/svg">`;
}

function noData(name: string, label: string): string {
  return `${svgOpen(name, label, 60)}<text class="empty" x="${W / 2}" y="34" text-anchor="middle">no timed requests</text></svg>`;
}

function mixChart(bs: readonly Bucket[]): string {
  const label = 'Requests by status class over time';
  if (bs.length === 0) return noData('status-mix', label);
  const t0 = bs[0]!.start;
  const t1 = bs[bs.length - 1]!.end;
  const x = (t: number): number => M.l + ((t - t0) / (t1 - t0)) * PW;
  const { max, ticks } = niceScale(Math.max(...bs.map((b) => b.requests)));
  const y = (v: number): number => (PH * v) / max;
  const bars: string[] = [];
  for (const b of bs) {
    if (b.requests === 0) continue;
    let acc = 0;
    const x0 = x(b.start);
    const bw = Math.max(1, x(b.end) - x0 - (bs.length > 120 ? 0 : 1));
    for (const c of CLASS_KEYS) {
      const v = b.classes[c];
      if (v === 0) continue;
      const hh = y(v);
      bars.push(`<rect class="bar c${c}" x="${f1(x0)}" y="${f1(M.t + PH - y(acc) - hh)}" width="${f1(bw)}" height="${f1(Math.max(hh, 0.5))}" fill="${CLASS_COLORS[c]}"><title>${h(`${shortTime(new Date(b.start).toISOString())} ${c}: ${num(v)} of ${num(b.requests)} (${pct(v, b.requests)})`)}</title></rect>`);
      acc += v;
    }
  }
  const legend = CLASS_KEYS.filter((c) => bs.some((b) => b.classes[c] > 0))
    .map((c, i) => `<rect x="${M.l + 10 + i * 70}" y="4" width="10" height="10" fill="${CLASS_COLORS[c]}"/><text class="lg" x="${M.l + 24 + i * 70}" y="13">${c}</text>`)
    .join('');
  return `${svgOpen('status-mix', label)}${yAxis(max, ticks, (v) => num(Math.round(v)))}${bars.join('')}${xAxis(t0, t1, x)}${legend}</svg>`;
}

function sharePath(bs: readonly Bucket[], x: (t: number) => number, y: (v: number) => number, pick: (b: Bucket) => number): string {
  const pts = bs.filter((b) => b.requests > 0).map((b) => `${f1(x((b.start + b.end) / 2))},${f1(y(pick(b) / b.requests))}`);
  if (pts.length === 1) return `M${pts[0]}h2`;
  return pts.length === 0 ? '' : `M${pts.join('L')}`;
}

function shareChart(report: Report, bs: readonly Bucket[]): string {
  const label = '401 and 5xx share of requests over time, with finding onsets and events';
  if (bs.length === 0) return noData('error-share', label);
  const t0 = bs[0]!.start;
  const t1 = bs[bs.length - 1]!.end;
  const x = (t: number): number => M.l + ((t - t0) / (t1 - t0)) * PW;
  const peak = Math.max(...bs.filter((b) => b.requests > 0).map((b) => Math.max(b.unauthorized, b.serverErrors) / b.requests), 0);
  const scale = niceScale(Math.max(peak, 0.01) * 100);
  const max = Math.min(1, scale.max / 100);
  const ticks = scale.max > 100 ? 5 : scale.ticks;
  const y = (v: number): number => M.t + PH - (PH * v) / max;
  const parts: string[] = [yAxis(max, ticks, (v) => `${Math.round(v * 1000) / 10}%`)];
  const inRange = (t: number): boolean => t >= t0 && t <= t1;
  // finding onsets, then user events: vertical markers with their names
  const onsets = report.findings.filter((f) => f.window !== null && inRange(Date.parse(f.window.start)));
  onsets.forEach((f, i) => {
    const xx = x(Date.parse(f.window!.start));
    parts.push(
      `<g class="onset"><line x1="${f1(xx)}" y1="${M.t}" x2="${f1(xx)}" y2="${M.t + PH}" stroke="${SEV_COLORS[f.severity]}" stroke-width="1.5"/>` +
        `<circle cx="${f1(xx)}" cy="${M.t + 6 + (i % 3) * 12}" r="4" fill="${SEV_COLORS[f.severity]}"/>` +
        `<title>${h(`${f.severity} ${f.ruleId}${whereOf(f) === null ? '' : ` ${whereOf(f)}`} from ${shortTime(f.window!.start)}`)}</title></g>`,
    );
  });
  for (const e of report.summary.events ?? []) {
    const t = Date.parse(e.time);
    if (!inRange(t)) continue;
    const xx = x(t);
    parts.push(
      `<g class="event"><line x1="${f1(xx)}" y1="${M.t}" x2="${f1(xx)}" y2="${M.t + PH}" stroke="#555" stroke-dasharray="4 3"/>` +
        `<text class="ev" x="${f1(xx + 4)}" y="${M.t + PH - 6}">${h(e.name.length > 28 ? e.name.slice(0, 27) + '…' : e.name)}</text><title>${h(`${e.name} at ${shortTime(e.time)}`)}</title></g>`,
    );
  }
  parts.push(`<path class="line l401" d="${sharePath(bs, x, y, (b) => b.unauthorized)}" fill="none" stroke="#e8a33d" stroke-width="2"/>`);
  parts.push(`<path class="line l5xx" d="${sharePath(bs, x, y, (b) => b.serverErrors)}" fill="none" stroke="#d64545" stroke-width="2"/>`);
  parts.push(xAxis(t0, t1, x));
  parts.push(
    `<rect x="${M.l + 10}" y="4" width="10" height="10" fill="#e8a33d"/><text class="lg" x="${M.l + 24}" y="13">401 share</text>` +
      `<rect x="${M.l + 110}" y="4" width="10" height="10" fill="#d64545"/><text class="lg" x="${M.l + 124}" y="13">5xx share</text>` +
      `<circle cx="${M.l + 215}" cy="9" r="4" fill="${SEV_COLORS.error}"/><text class="lg" x="${M.l + 224}" y="13">finding onset</text>` +
      `<line x1="${M.l + 320}" y1="9" x2="${M.l + 336}" y2="9" stroke="#555" stroke-dasharray="4 3"/><text class="lg" x="${M.l + 342}" y="13">event</text>`,
  );
  return `${svgOpen('error-share', label)}${parts.join('')}</svg>`;
}

function routesChart(report: Report): string {
  const label = 'Routes with the highest error share';
  const routes = report.summary.topErrorRoutes
    .map((r) => ({ ...r, share: r.requests === 0 ? 0 : (r.clientErrors + r.serverErrors) / r.requests }))
    .sort((a, b) => b.share - a.share || b.clientErrors + b.serverErrors - (a.clientErrors + a.serverErrors) || (a.route < b.route ? -1 : a.route > b.route ? 1 : 0));
  if (routes.length === 0) return `${svgOpen('top-routes', label, 60)}<text class="empty" x="${W / 2}" y="34" text-anchor="middle">no 4xx or 5xx answers</text></svg>`;
  const row = 24;
  const labelW = 340;
  const height = M.t + routes.length * row + 10;
  const bw = W - labelW - 130;
  const parts: string[] = [];
  routes.forEach((r, i) => {
    const y = M.t + i * row;
    const name = `${r.method} ${r.route}`;
    const shown = name.length > 48 ? name.slice(0, 47) + '…' : name;
    const w4 = r.requests === 0 ? 0 : (bw * r.clientErrors) / r.requests;
    const w5 = r.requests === 0 ? 0 : (bw * r.serverErrors) / r.requests;
    parts.push(
      `<g class="route"><text class="rl" x="${labelW - 8}" y="${y + 15}" text-anchor="end">${h(shown)}</text>` +
        `<rect x="${labelW}" y="${y + 4}" width="${bw}" height="14" fill="#eef0f3"/>` +
        (r.clientErrors > 0 ? `<rect class="bar c4xx" x="${labelW}" y="${y + 4}" width="${f1(Math.max(w4, 1))}" height="14" fill="${CLASS_COLORS['4xx']}"/>` : '') +
        (r.serverErrors > 0 ? `<rect class="bar c5xx" x="${f1(labelW + w4)}" y="${y + 4}" width="${f1(Math.max(w5, 1))}" height="14" fill="${CLASS_COLORS['5xx']}"/>` : '') +
        `<text class="tl" x="${labelW + bw + 8}" y="${y + 15}">${h(`${pct(r.clientErrors + r.serverErrors, r.requests)} of ${num(r.requests)}`)}</text>` +
        `<title>${h(`${name}: ${num(r.clientErrors)} 4xx, ${num(r.serverErrors)} 5xx of ${num(r.requests)} requests`)}</title></g>`,
    );
  });
  return `${svgOpen('top-routes', label, height)}${parts.join('')}</svg>`;
}

function findingCard(f: Finding, helpUri: string | undefined): string {
  const where = whereOf(f);
  const ev = Object.entries(f.evidence)
    .map(([k, v]) => `<tr><th>${h(k)}</th><td><code>${h(evidenceText(v))}</code></td></tr>`)
    .join('');
  const samples = f.samples.length === 0 ? '—' : f.samples.map((s) => `<code>${h(`${s.file}:${s.line}`)}</code>`).join(', ');
  return `<article class="finding sev-${f.severity}${f.known === true ? ' known' : ''}">
<header><span class="badge">${f.severity}</span> <strong>${h(f.ruleId)}</strong>${where === null ? '' : ` <code>${h(where)}</code>`}${f.known === true ? ' <span class="known-tag">known (baseline)</span>' : ''}</header>
<p>${h(f.message)}</p>
<p class="advice"><b>Fix:</b> ${h(f.advice)}${helpUri === undefined ? '' : ` <a href="${h(helpUri)}">rule doc</a>`}</p>
<details><summary>Evidence and samples</summary><table class="kv"><tr><th>status</th><td>${h(f.status.join(', '))}</td></tr><tr><th>requests</th><td>${num(f.count)}</td></tr>${f.window === null ? '' : `<tr><th>window</th><td>${h(shortTime(f.window.start))} → ${h(shortTime(f.window.end))}</td></tr>`}${ev}<tr><th>samples</th><td>${samples}</td></tr><tr><th>fingerprint</th><td><code>${h(f.fingerprint)}</code></td></tr></table></details>
</article>`;
}

const CSS = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff}
body{margin:0 auto;max-width:1000px;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d8dee4;padding-bottom:4px}
.sub{color:#59636e;margin:0 0 16px}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid #d8dee4;border-radius:6px;padding:6px 12px;min-width:96px}
.card b{display:block;font-size:20px}.card span{color:#59636e;font-size:12px}
.chart{display:block;max-width:100%;height:auto;margin:6px 0}
.chart .axis,.chart .tick{stroke:#8c959f}.chart .grid{stroke:#eaeef2}.chart text{font-size:11px;fill:#59636e}
.chart .lg{fill:#1f2328}.chart .rl{fill:#1f2328;font-family:ui-monospace,monospace}.chart .ev{fill:#333}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #d8dee4;padding:3px 8px;text-align:left;vertical-align:top}
td.n{text-align:right}
.finding{border:1px solid #d8dee4;border-left:5px solid #999;border-radius:6px;padding:8px 14px;margin:10px 0}
.finding p{margin:6px 0}.finding.sev-error{border-left-color:${SEV_COLORS.error}}.finding.sev-warning{border-left-color:${SEV_COLORS.warning}}.finding.sev-info{border-left-color:${SEV_COLORS.info}}
.finding.known{opacity:.7}.badge{display:inline-block;font-size:11px;text-transform:uppercase;padding:1px 6px;border-radius:10px;color:#fff;background:#999}
.sev-error .badge{background:${SEV_COLORS.error}}.sev-warning .badge{background:${SEV_COLORS.warning}}.sev-info .badge{background:${SEV_COLORS.info}}
.known-tag{font-size:12px;color:#59636e}.advice{color:#1a5e2a}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;background:#f6f8fa;padding:0 3px;border-radius:3px;word-break:break-all}
`;

export const formatHtml: Formatter = (report, ctx) => {
  const docs = ctx.rules ?? loadRuleDocs();
  const s = report.summary;
  const bs = buckets(s.timeline ?? [], s.windowSeconds * 1000);
  const classes = classTotals(s.statusCounts);
  const n = countBySeverity(report.findings);
  const cards = [
    [num(s.requests), 'requests'],
    [pct(s.statusCounts['401'] ?? 0, s.requests), '401 share'],
    [pct(classes['4xx'], s.requests), '4xx share'],
    [pct(classes['5xx'], s.requests), '5xx share'],
    [String(n.error), 'errors'],
    [String(n.warning), 'warnings'],
    [String(n.info), 'info'],
  ]
    .map(([v, l]) => `<div class="card"><b>${h(v!)}</b><span>${h(l!)}</span></div>`)
    .join('');
  const cmp = comparePeriods(report);
  const cmpHtml =
    cmp === null
      ? ''
      : `<h2>Compared with the previous period</h2><table><tr><th></th><th>previous</th><th>this period</th></tr>${cmp.map((c) => `<tr><th>${h(c.label)}</th><td class="n">${h(c.before)}</td><td class="n">${h(c.after)}</td></tr>`).join('')}</table>`;
  const files = s.files
    .map((f) => `<tr><td><code>${h(f.path)}</code>${f.error === undefined ? '' : ` ⚠ ${h(f.error)}`}</td><td>${h(f.format)}</td><td class="n">${num(f.lines)}</td><td class="n">${num(f.requests)}</td><td class="n">${num(f.skipped)}</td></tr>`)
    .join('');
  const findings = SEVERITY_ORDER.flatMap((sev) => report.findings.filter((f) => f.severity === sev)).map((f) => findingCard(f, docs.find((d) => d.meta.id === f.ruleId)?.helpUri));
  const na = s.notApplicable.length === 0 ? '' : `<h2>Not checked on this input</h2><ul>${s.notApplicable.map((x) => `<li><code>${h(x.ruleId)}</code>: ${h(x.reason)}</li>`).join('')}</ul>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>statuslint report</title>
<style>${CSS}</style>
</head>
<body>
<h1>statuslint report</h1>
<p class="sub">${num(s.requests)} requests from ${s.files.length} input${s.files.length === 1 ? '' : 's'}, ${h(rangeText(report))}, ${duration(s.windowSeconds)} windows · statuslint ${h(report.tool.version)}${s.partial ? ' · <b>partial report: an input could not be read to the end</b>' : ''}${s.baseline === undefined ? '' : ` · ${s.baseline.known} finding(s) known from the baseline, ${s.baseline.new} new`}</p>
<div class="cards">${cards}</div>
${cmpHtml}
<h2>Status mix over time</h2>
${mixChart(bs)}
<h2>401 and 5xx share over time</h2>
${shareChart(report, bs)}
<h2>Routes by error share</h2>
${routesChart(report)}
<h2>Findings (${report.findings.length})</h2>
${findings.length === 0 ? '<p>No misused status codes found.</p>' : findings.join('\n')}
${na}
<h2>Inputs</h2>
<table><tr><th>file</th><th>format</th><th>lines</th><th>requests</th><th>skipped</th></tr>${files}</table>
</body>
</html>
`;
};
