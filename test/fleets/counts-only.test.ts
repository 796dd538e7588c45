import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { Cube, MEASURES, MEASURE_INDEX } from '../../src/cube/cube.js';
import { runRules } from '../../src/engine/run.js';
import { collectCube } from '../../src/index.js';
import { generateTraffic, toLine } from './traffic.js';

/**
 * A Prometheus cube has only `count`. Every rule, present and future, must either run on
 * counts alone or say it is not applicable, and must never read a measure the cube lacks:
 * the findings on a counts-only cube may not change when the values of the missing
 * measures change (a rule that reads them without asking `cube.lacks()` fails here).
 */
const dir = mkdtempSync(join(tmpdir(), 'statuslint-counts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const START = Date.UTC(2026, 10, 16, 0, 0);

/** the cells of `full` with only counts; the other measures set to `fill(count)` but marked unavailable */
function countsOnly(full: Cube, fill: (count: number, measure: number) => number): Cube {
  const c = new Cube(full.windowMs);
  c.available.clear();
  c.available.add('count');
  for (const cell of full.cells()) {
    const slot = c.slot(c.windowId(cell.window / full.windowMs), c.methodId(cell.method), c.routeId(cell.route), cell.status);
    c.add(slot, MEASURE_INDEX.count, cell.count);
    MEASURES.forEach((m, i) => {
      if (m !== 'count') c.add(slot, i, fill(cell.count, i));
    });
    c.noteTime(cell.window);
  }
  return c;
}

describe('rules on a counts-only cube (Prometheus)', () => {
  it('every rule runs or says why not, and ignores the measures the cube lacks', async () => {
    const events = generateTraffic({
      seed: 11, start: START, minutes: 240, servers: 2, clients: 16, perMinute: 20,
      unauthorizedFrom: START + 125 * 60_000,
      serverErrors: { start: START + 60 * 60_000, end: START + 75 * 60_000 },
      login511: { start: START + 30 * 60_000, end: START + 50 * 60_000 },
    });
    const log = join(dir, 'traffic.log');
    writeFileSync(log, events.map(toLine).join('\n') + '\n');
    const { cube } = await collectCube({ inputs: [log] });
    const zeros = countsOnly(cube, () => 0);
    const garbage = countsOnly(cube, (n, i) => (i % 2 === 0 ? n : Math.floor(n / 2)));
    expect(zeros.lacks('count')).toBeNull();
    expect(zeros.lacks('withBody', 'authenticated')).toMatch(/withBody, authenticated/);
    for (const rule of RULES) {
      const a = runRules(zeros, [rule], { formats: [] });
      const b = runRules(garbage, [rule], { formats: [] });
      expect(b, `${rule.meta.id} reads a measure the cube does not provide`).toEqual(a);
      if (a.notApplicable.length > 0) expect(a.notApplicable[0]!.reason, rule.meta.id).toMatch(/\S/);
    }
    // and origin-511 is one that runs on counts
    const r = runRules(zeros, RULES.filter((x) => x.meta.id === 'origin-511'), { formats: [] });
    expect(r.notApplicable).toEqual([]);
    expect(r.findings.map((f) => [f.route, f.evidence.usedAs, f.evidence.authenticatedShare])).toEqual([['/api/login', 'missing-credentials', null]]);
  });
});
