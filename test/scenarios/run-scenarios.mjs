// Runs statuslint's auth/spike rules over the generator's scenarios and prints findings and truth.
// usage: node test/scenarios/run-scenarios.mjs [scenario...] [--format json] [--seed N]
import { analyzeLines } from '../../dist/src/index.js';
import { RULES } from '../../dist/rules/index.js';
import { scenario, SCENARIO_NAMES, createCombinedWriter, createJsonWriter } from '../gen/traffic.mjs';

const args = process.argv.slice(2);
const fmt = args.includes('--format') ? args[args.indexOf('--format') + 1] : 'combined';
const seed = args.includes('--seed') ? Number(args[args.indexOf('--seed') + 1]) : 1;
const names = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
const MINE = new Set(['origin-511', 'unauthorized-spike', 'unauthorized-retry-storm', 'unauthorized-for-forbidden', 'missing-challenge', 'server-error-spike', 'client-closed-spike']);
for (const name of names.length ? names : SCENARIO_NAMES) {
  const sc = scenario(name, seed);
  const write = fmt === 'json' ? createJsonWriter() : createCombinedWriter();
  const lines = [];
  for (const ev of sc.events) lines.push(write(ev));
  const t0 = Date.now();
  const r = analyzeLines(lines, { ruleSet: RULES.filter((x) => MINE.has(x.meta.id)), name: `${name}.log` });
  console.log(`== ${name} (${lines.length} lines, ${Date.now() - t0} ms) truth: ${sc.truth.map((t) => `${t.pattern} ${new Date(t.start).toISOString().slice(11, 16)} ${t.scope} ${JSON.stringify(t.routes).slice(0, 80)} clients=${JSON.stringify(t.clients)?.slice(0, 60)} ua=${JSON.stringify(t.userAgents)?.slice(0, 60)}`).join(' | ')}`);
  for (const f of r.findings) console.log(`  ${f.severity} ${f.ruleId} ${f.method ?? ''} ${f.route ?? '(all)'} ${f.window?.start.slice(11, 16)} ${f.evidence.cause ?? f.evidence.usedAs ?? ''} | ${f.message.slice(0, 260)}`);
}
