// Scores the 401/511 and spike rules against the generator's ground truth.
//
//   node test/scenarios/evaluate.mjs [--seeds 1,2] [--formats combined,json] [--verbose]
//
// Needs dist/ (npx tsc -p .). Prints, per rule, true/false positives and recall, strict
// (only the rule that names the injected pattern counts) and lenient (a finding of another
// of these rules that truthfully describes the injected anomaly — same statuses, overlapping
// time and routes — is not a false positive).

import { analyzeLines } from '../../dist/src/index.js';
import { RULES } from '../../dist/rules/index.js';
import { scenario, createCombinedWriter, createJsonWriter } from '../gen/traffic.mjs';

export const MY_RULES = ['origin-511', 'unauthorized-spike', 'unauthorized-retry-storm', 'unauthorized-for-forbidden', 'missing-challenge', 'server-error-spike', 'client-closed-spike'];

const MIN = 60_000;

/**
 * What each injected pattern must produce: the rule, how early/late the onset may be, and
 * a check on the finding's attribution. `formats` limits where it is detectable at all
 * (a combined log has no response headers).
 */
export const EXPECT = {
  tokenRotation: { rule: 'unauthorized-spike', early: 15, late: 15, check: (f) => f.evidence.cause === 'many-clients' && f.route === null && f.evidence.shape === 'level-shift' },
  brief401Spike: { rule: 'unauthorized-spike', early: 15, late: 15, check: (f) => f.evidence.cause === 'many-clients' && f.evidence.shape === 'spike' },
  expiredServiceCredential: { rule: 'unauthorized-spike', early: 15, late: 15, check: (f, t) => f.evidence.cause === 'one-client' && f.evidence.topClients[0]?.[0] === t.clients[0] },
  clientReleaseNoRefresh: { rule: 'unauthorized-spike', early: 15, late: 30, check: (f, t) => f.evidence.cause === 'one-agent' && t.userAgents.some((ua) => ua.startsWith(String(f.evidence.topAgents[0]?.[0]))) },
  retryStorm: { rule: 'unauthorized-retry-storm', early: 15, late: 15, check: (f, t) => t.clients.includes(f.evidence.topClients[0]?.[0]) },
  unauthorizedForForbidden: { rule: 'unauthorized-for-forbidden', early: 15, late: 15, check: () => true },
  missingChallenge: { rule: 'missing-challenge', early: 15, late: 15, check: () => true, formats: ['json'] },
  origin511AsServerError: { rule: 'origin-511', early: 15, late: 15, check: (f) => f.evidence.usedAs === 'server-error' },
  origin511AsAuth: { rule: 'origin-511', early: 15, late: 60, check: (f) => f.evidence.usedAs === 'missing-credentials' },
  serverErrorSpike: { rule: 'server-error-spike', early: 15, late: 15, check: (f) => f.status.some((s) => s >= 500) },
  clientClosedSpike: { rule: 'client-closed-spike', early: 15, late: 15, check: (f) => f.status.includes(499) || f.status.includes(460) },
};

/** generator route names use {id}/{uuid}/{slug}; the cube's templates use :id */
export function normRoute(r) {
  return r.replace(/\{[^}]+\}/g, ':id');
}

export function runScenario(name, { seed = 1, format = 'combined', overrides = {} } = {}) {
  const sc = scenario(name, seed, overrides);
  const write = format === 'json' ? createJsonWriter() : createCombinedWriter();
  const lines = [];
  for (const ev of sc.events) lines.push(write(ev));
  const report = analyzeLines(lines, { ruleSet: RULES.filter((r) => MY_RULES.includes(r.meta.id)), name: `${name}.log`, logFormat: format });
  return { truth: sc.truth, report, lines: lines.length };
}

function routeMatches(f, t) {
  if (f.route === null) return true;
  const routes = t.routes.map(normRoute);
  const fr = f.route;
  return routes.length === 0 || routes.some((r) => r === fr || (r.endsWith('*') && fr.startsWith(r.slice(0, -1))));
}

function timeOverlaps(f, t) {
  if (f.window === null) return true;
  const s = Date.parse(f.window.start);
  const e = Date.parse(f.window.end);
  return s < (t.end ?? Infinity) && e > t.start;
}

/** is finding f the expected detection of truth t (rule, onset, routes), and is its attribution right? */
export function judge(f, t) {
  const x = EXPECT[t.pattern];
  if (x === undefined || f.ruleId !== x.rule) return { match: false, onset: false, attribution: false };
  const match = timeOverlaps(f, t) && routeMatches(f, t);
  const onsetMs = Date.parse(f.window.start);
  const onset = onsetMs >= t.start - x.early * MIN && onsetMs <= t.start + x.late * MIN;
  return { match, onset, attribution: match && x.check(f, t) };
}

function lenientMatch(f, t) {
  const statuses = new Set(t.statuses);
  return timeOverlaps(f, t) && routeMatches(f, t) && (f.status.some((s) => statuses.has(s)) || (t.statuses.some((s) => s >= 500) && f.status.some((s) => s >= 500)));
}

export function evaluate(names, { seeds = [1], formats = ['combined', 'json'], verbose = false, log = console.log } = {}) {
  const per = Object.fromEntries(MY_RULES.map((r) => [r, { tp: 0, fpStrict: 0, fpLenient: 0, truths: 0, found: 0, onset: 0, attributed: 0 }]));
  const misses = [];
  const falsePositives = [];
  for (const seed of seeds) {
    for (const format of formats) {
      for (const name of names) {
        const { truth, report } = runScenario(name, { seed, format });
        for (const t of truth) {
          const x = EXPECT[t.pattern];
          if (x === undefined || (x.formats !== undefined && !x.formats.includes(format))) continue;
          const s = per[x.rule];
          s.truths++;
          const js = report.findings.map((f) => judge(f, t)).filter((j) => j.match);
          if (js.length > 0) s.found++;
          if (js.some((j) => j.onset)) s.onset++;
          if (js.some((j) => j.onset && j.attribution)) s.attributed++;
          else misses.push(`${name} ${format} seed ${seed}: ${t.pattern} → ${js.length === 0 ? 'not found' : js.some((j) => j.onset) ? 'attribution wrong' : 'onset off'}`);
        }
        for (const f of report.findings) {
          const s = per[f.ruleId];
          if (s === undefined) continue;
          const strict = truth.some((t) => judge(f, t).match);
          if (strict) s.tp++;
          else {
            s.fpStrict++;
            const lenient = truth.some((t) => lenientMatch(f, t));
            if (!lenient) s.fpLenient++;
            falsePositives.push(`${name} ${format} seed ${seed}: ${f.severity} ${f.ruleId} ${f.route ?? '(all)'} ${f.window?.start.slice(11, 16)}${lenient ? ' (describes the injected anomaly: lenient TP)' : ''} — ${f.message.slice(0, 140)}`);
          }
        }
        if (verbose) log(`${name} ${format} seed ${seed}: ${report.findings.length} findings`);
      }
    }
  }
  return { per, misses, falsePositives };
}

export function table(per) {
  const rows = [['rule', 'findings', 'TP', 'FP strict', 'FP lenient', 'precision strict', 'precision lenient', 'truths', 'found', 'onset ok', 'onset+attribution ok', 'recall']];
  for (const [rule, s] of Object.entries(per)) {
    const n = s.tp + s.fpStrict;
    const p = (a, b) => (b === 0 ? 'n/a' : (a / b).toFixed(2));
    rows.push([rule, n, s.tp, s.fpStrict, s.fpLenient, p(s.tp, n), p(n - s.fpLenient, n), s.truths, s.found, s.onset, s.attributed, p(s.attributed, s.truths)]);
  }
  return rows.map((r) => `| ${r.join(' | ')} |`).join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
  const { SCENARIO_NAMES } = await import('../gen/traffic.mjs');
  const seeds = opt('--seeds', '1').split(',').map(Number);
  const formats = opt('--formats', 'combined,json').split(',');
  const names = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
  const r = evaluate(names.length > 0 ? names : SCENARIO_NAMES, { seeds, formats, verbose: args.includes('--verbose') });
  console.log(table(r.per));
  console.log('\nmisses:\n' + (r.misses.join('\n') || '(none)'));
  console.log('\nfindings that match no injected pattern of their rule:\n' + (r.falsePositives.join('\n') || '(none)'));
}
