import { describe, expect, it } from 'vitest';
import { holm, logBinomialTail, scanChanges, type CountSeries } from '../../src/engine/changepoint.js';
import { linkEvent } from '../../src/engine/spikes.js';
import { parseEventsFile } from '../../src/options.js';

/** a seeded binomial series, so the tests are deterministic */
function series(parts: [windows: number, n: number, p: number][], seed = 7): CountSeries {
  let s = seed;
  const r = (): number => (s = (s * 16807) % 2147483647) / 2147483647;
  const ns: number[] = [];
  const xs: number[] = [];
  for (const [w, n, p] of parts) {
    for (let i = 0; i < w; i++) {
      let x = 0;
      for (let k = 0; k < n; k++) if (r() < p) x++;
      ns.push(n);
      xs.push(x);
    }
  }
  return { n: Float64Array.from(ns), x: Float64Array.from(xs) };
}

describe('exact binomial tail', () => {
  it.each([
    [2, 3, 0.05, 0.00725],
    [1, 10, 0.1, 1 - 0.9 ** 10],
    [50, 100, 0.5, 0.5397946187],
    [95, 100, 0.9, 0.0575768865],
  ])('P(X ≥ %d | n=%d, p=%d) = %d', (k, n, p, want) => {
    expect(Math.exp(logBinomialTail(k, n, p))).toBeCloseTo(want, 8);
  });
  it('stays finite in log space far in the tail', () => {
    expect(logBinomialTail(300, 1000, 0.01) / Math.LN10).toBeCloseTo(-339.3, 1);
  });
});

describe('Holm', () => {
  it('keeps the candidates that survive the step-down over all hypotheses', () => {
    expect(holm([Math.log(1e-6), Math.log(0.004), Math.log(0.2)], 10, 0.01)).toEqual([true, false, false]);
    expect(holm([Math.log(1e-6), Math.log(0.0011)], 2, 0.01)).toEqual([true, true]);
  });
});

describe('scanChanges', () => {
  it('finds a level shift against the baseline before it, and does not absorb it', () => {
    const r = scanChanges(series([[50, 200, 0.01], [40, 200, 0.3]]));
    expect(r.candidates).toHaveLength(1);
    expect(r.candidates[0]).toMatchObject({ onset: 50, end: 90, returned: false });
    expect(r.candidates[0]!.baseline.rate).toBeLessThan(0.02);
  });
  it('tells a brief spike from a level shift', () => {
    const c = scanChanges(series([[50, 200, 0.01], [4, 200, 0.3], [30, 200, 0.01]])).candidates;
    expect(c).toHaveLength(1);
    expect(c[0]!.onset).toBe(50);
    expect(c[0]!.end).toBeGreaterThanOrEqual(54);
    expect(c[0]!.end).toBeLessThanOrEqual(55);
    expect(c[0]!.returned).toBe(true);
  });
  it('finds nothing in a stationary but noisy series (low volume, 2 of 3 at night)', () => {
    const quiet = series([[288, 3, 0.1]]);
    const r = scanChanges(quiet);
    expect(r.candidates.filter((c) => c.logP < Math.log(0.01 / Math.max(1, r.tests)))).toEqual([]);
  });
  it('spends no tests on a series that cannot reach the minimum evidence (Tarone)', () => {
    expect(scanChanges(series([[20, 10, 0.02]])).tests).toBe(0);
  });
});

describe('events', () => {
  it('names the latest event before the onset window, within two hours', () => {
    const t = Date.parse('2026-11-16T10:00:00Z');
    expect(linkEvent([{ name: 'deploy', time: t - 3 * 3_600_000 }, { name: 'token-rotation', time: t - 4 * 60_000 }], t, 300_000)?.text).toBe('began 4 min after token-rotation (09:56)');
    expect(linkEvent([{ name: 'rotation', time: t + 60_000 }], t, 300_000)?.text).toBe('began in the same 5 min window as rotation (10:01)');
    expect(linkEvent([{ name: 'later', time: t + 600_000 }], t, 300_000)).toBeNull();
  });
  it('reads an events file as JSON or NAME@TIME lines, and says what is wrong', () => {
    expect(parseEventsFile('[{"name":"deploy","time":"2026-11-16T09:50:00Z"},{"name":"x","time":1763286600000}]')).toEqual([
      { name: 'deploy', time: Date.parse('2026-11-16T09:50:00Z') },
      { name: 'x', time: 1763286600000 },
    ]);
    expect(parseEventsFile('# changes\n\ntoken-rotation@2026-11-16T10:00Z\n')).toEqual([{ name: 'token-rotation', time: Date.parse('2026-11-16T10:00:00Z') }]);
    expect(parseEventsFile('[{"name":"deploy"}]')).toMatch(/entry 1 needs/);
    expect(parseEventsFile('oops')).toMatch(/line 1: expected NAME@TIME/);
  });
});
