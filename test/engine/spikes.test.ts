import { describe, expect, it } from 'vitest';
import { Cube, MEASURE_INDEX } from '../../src/cube/cube.js';
import { cannotChange, DEFAULT_CHANGE_OPTIONS, scanChanges } from '../../src/engine/changepoint.js';
import { detectSpikes, type Spike, type SpikeSpec } from '../../src/engine/spikes.js';
import { referenceDetectSpikes } from './spikes-reference.js';

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/**
 * A small random cube: 1–25 routes on one or two methods (OPTIONS among them), 20–80
 * windows with gaps, quiet and busy routes, and at a random onset a raised share of 401,
 * 5xx and 499 on a random subset of routes (one, a few, or most: route and broad spikes).
 * Cells are inserted in random order, so slot order is not the cells() order.
 */
function randomCube(seed: number): Cube {
  const r = rng(seed);
  const windowMs = 60_000;
  const W = 20 + Math.floor(r() * 60);
  const R = 1 + Math.floor(r() * 25);
  const onset = Math.floor(W * (0.3 + 0.5 * r()));
  const end = r() < 0.5 ? W : Math.min(W, onset + 1 + Math.floor(r() * 10));
  const share = r();
  // window index of each window: gaps of 1–3 empty windows here and there
  const index: number[] = [];
  for (let w = 0, at = 29_000_000; w < W; w++, at += r() < 0.1 ? 2 + Math.floor(r() * 3) : 1) index.push(at);
  const cells: { w: number; method: string; route: string; status: number; count: number }[] = [];
  for (let i = 0; i < R; i++) {
    const route = i === 0 && r() < 0.5 ? '(other)' : `/api/r${i}`;
    const methods = r() < 0.3 ? ['GET', r() < 0.5 ? 'OPTIONS' : 'POST'] : [r() < 0.15 ? 'OPTIONS' : 'GET'];
    const raised = r() < share;
    for (const method of methods) {
      const volume = r() < 0.3 ? 1 + Math.floor(r() * 3) : 5 + Math.floor(r() * 50);
      const base = { 401: r() * 0.03, 500: r() * 0.02, 499: r() * 0.01 };
      const lift = { 401: r() < 0.6 ? 0.1 + 0.4 * r() : 0, 500: r() < 0.4 ? 0.1 + 0.3 * r() : 0, 499: r() < 0.3 ? 0.1 + 0.2 * r() : 0 };
      for (let w = 0; w < W; w++) {
        if (r() < 0.05) continue;
        const n = Math.floor(volume * (0.5 + r()));
        const up = raised && w >= onset && w < end;
        const by = new Map<number, number>();
        for (let k = 0; k < n; k++) {
          const u = r();
          const p401 = base[401] + (up ? lift[401] : 0);
          const p500 = p401 + base[500] + (up ? lift[500] : 0);
          const p499 = p500 + base[499] + (up ? lift[499] : 0);
          const status = u < p401 ? 401 : u < p500 ? (r() < 0.7 ? 500 : 503) : u < p499 ? 499 : r() < 0.05 ? 403 : 200;
          by.set(status, (by.get(status) ?? 0) + 1);
        }
        for (const [status, count] of by) cells.push({ w: index[w]!, method, route, status, count });
      }
    }
  }
  for (let i = cells.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [cells[i], cells[j]] = [cells[j]!, cells[i]!];
  }
  const cube = new Cube(windowMs);
  cube.files.push({ path: 'access.log', format: 'nginx-combined', lines: 0, requests: 0, skipped: 0 });
  for (const c of cells) {
    const slot = cube.slot(cube.windowId(c.w), cube.methodId(c.method), cube.routeId(c.route), c.status);
    cube.add(slot, MEASURE_INDEX.count, c.count);
    for (let k = Math.min(c.count, 1 + Math.floor(r() * 4)); k > 0; k--) cube.addSample(slot, 0, 1 + Math.floor(r() * 1e6));
    cube.noteTime(c.w * windowMs);
  }
  return cube;
}

const SPECS: Record<string, SpikeSpec> = {
  '401 (unauthorized-spike)': { isTarget: (st) => st === 401, excludeRoute: (m) => m === 'OPTIONS' },
  '5xx (server-error-spike)': { isTarget: (st) => st >= 500 && st <= 599 && st !== 511 },
  '499 on some routes': { isTarget: (st) => st === 499, excludeRoute: (_, route) => route.length % 2 === 0 },
  'loose 401/403': { isTarget: (st) => st === 401 || st === 403, options: { minExcess: 2, minRatio: 1.5, minIncrease: 0.005, minBaselineWindows: 2, minBaselineRequests: 5 }, alpha: 0.3, broadRoutes: 2 },
};

const asJson = (spikes: Spike[]): string => JSON.stringify(spikes, (_, v: unknown) => (v instanceof Map ? [...v] : v));

describe('detectSpikes', () => {
  it('finds exactly what scanning every route from cube.cells() finds (random cubes, seeded)', () => {
    const seen = { broad: 0, route: 0, none: 0 };
    for (let seed = 1; seed <= 120; seed++) {
      const cube = randomCube(seed);
      for (const [name, spec] of Object.entries(SPECS)) {
        const got = detectSpikes(cube, spec);
        expect(asJson(got), `seed ${seed}, ${name}`).toBe(asJson(referenceDetectSpikes(cube, spec)));
        for (const s of got) seen[s.scope]++;
        if (got.length === 0) seen.none++;
      }
    }
    // the comparison covered both kinds of spike, and cubes without any
    expect(seen.broad).toBeGreaterThan(10);
    expect(seen.route).toBeGreaterThan(10);
    expect(seen.none).toBeGreaterThan(10);
  });

  it('returns nothing on an empty cube', () => {
    expect(detectSpikes(new Cube(60_000), SPECS['401 (unauthorized-spike)']!)).toEqual([]);
  });
});

describe('Tarone pruning (cannotChange)', () => {
  it('prunes only series that could not produce a candidate (random series, seeded, pruned vs unpruned)', () => {
    const r = rng(3);
    let pruned = 0;
    let candidates = 0;
    for (let k = 0; k < 400; k++) {
      const T = 10 + Math.floor(r() * 60);
      const n = new Float64Array(T);
      const x = new Float64Array(T);
      const jump = Math.floor(T * r());
      const lift = 0.3 * r();
      for (let t = 0; t < T; t++) {
        n[t] = r() < 0.1 ? 0 : Math.floor(r() * 40);
        const p = t >= jump ? 0.02 + lift : 0.02;
        for (let i = 0; i < n[t]!; i++) if (r() < p) x[t]!++;
      }
      const total = x.reduce((a, b) => a + b, 0);
      const opts = { ...DEFAULT_CHANGE_OPTIONS, minExcess: 1 + Math.floor(r() * 40) };
      if (!cannotChange(total, opts)) continue;
      pruned++;
      expect(scanChanges({ n, x }, opts)).toEqual({ candidates: [], tests: 0 });
      // unpruned (no minimum excess): no excursion comes near the minimum the pruned scan asked for
      for (const c of scanChanges({ n, x }, { ...opts, minExcess: 0 }).candidates) {
        candidates++;
        expect(c.excess).toBeLessThan(opts.minExcess);
      }
    }
    expect(pruned).toBeGreaterThan(50);
    expect(candidates).toBeGreaterThan(20);
  });
});
