import type { Cell, Cube } from '../../src/cube/cube.js';
import { DEFAULT_CHANGE_OPTIONS, holm, scanChanges, type Candidate, type ChangeOptions } from '../../src/engine/changepoint.js';
import type { RouteShare, Spike, SpikeSpec } from '../../src/engine/spikes.js';

/**
 * detectSpikes as it was before it read the cube as columns and pruned routes before
 * building their series: every method + route gets a series of {n, x} points from
 * cube.cells() and is scanned. Kept as the oracle of the differential test in
 * spikes.test.ts; only the call of scanChanges is adapted to its typed-array series.
 */

interface Point {
  n: number;
  x: number;
}

interface Series {
  method: string | null;
  route: string | null;
  points: Point[];
}

const routeKey = (method: string, route: string): string => method + ' ' + route;

export function referenceDetectSpikes(cube: Cube, spec: SpikeSpec): Spike[] {
  const opts: ChangeOptions = { ...DEFAULT_CHANGE_OPTIONS, ...spec.options };
  const alpha = spec.alpha ?? 0.01;
  const broadRoutes = spec.broadRoutes ?? 3;
  const windows = cube.windowStarts();
  if (windows.length === 0) return [];
  const index = new Map(windows.map((w, i) => [w, i]));
  const cells = cube.cells().filter((c) => spec.excludeRoute === undefined || !spec.excludeRoute(c.method, c.route));
  const overall: Series = { method: null, route: null, points: windows.map(() => ({ n: 0, x: 0 })) };
  const byRoute = new Map<string, Series>();
  for (const c of cells) {
    const i = index.get(c.window)!;
    const target = spec.isTarget(c.status);
    overall.points[i]!.n += c.count;
    if (target) overall.points[i]!.x += c.count;
    const k = routeKey(c.method, c.route);
    let s = byRoute.get(k);
    if (s === undefined) {
      s = { method: c.method, route: c.route, points: windows.map(() => ({ n: 0, x: 0 })) };
      byRoute.set(k, s);
    }
    s.points[i]!.n += c.count;
    if (target) s.points[i]!.x += c.count;
  }

  const series = [overall, ...[...byRoute.values()].sort((a, b) => (routeKey(a.method!, a.route!) < routeKey(b.method!, b.route!) ? -1 : 1))];
  const found: { s: Series; c: Candidate }[] = [];
  let tests = 0;
  for (const s of series) {
    const r = scanChanges({ n: Float64Array.from(s.points, (p) => p.n), x: Float64Array.from(s.points, (p) => p.x) }, opts, alpha);
    tests += r.tests;
    for (const c of r.candidates) found.push({ s, c });
  }
  const keep = holm(found.map((f) => f.c.logP), tests, alpha);
  const significant = found.filter((_, i) => keep[i]);

  const segmentOf = (c: Candidate): number[] => windows.slice(c.onset, c.end);
  const spikes: Spike[] = [];
  const absorbed = new Set<string>();
  const routeSignificant = significant.filter((f) => f.s.route !== null);

  for (const { s, c } of significant) {
    if (s.route !== null) continue;
    const affected = affectedRoutes(byRoute, c, opts);
    const seg = segmentOf(c);
    if (affected.length >= broadRoutes) {
      // every route change during a broad one is part of it: listed there, not reported twice
      for (const r of routeSignificant) {
        if (!overlaps(r.c, c)) continue;
        absorbed.add(candidateKey(r.s, r.c));
        if (!affected.some((a) => a.method === r.s.method && a.route === r.s.route)) {
          affected.push({ method: r.s.method!, route: r.s.route!, n: r.c.raised.n, x: r.c.raised.x, baselineRate: r.c.baseline.rate, raisedRate: r.c.raised.rate, excess: r.c.excess });
        }
      }
      spikes.push(makeSpike('broad', null, null, c, seg, affected, cells, spec, cube.windowMs, tests));
      continue;
    }
    // a change on all routes that comes from one or two: report it per route, unless the
    // route test alone was not strong enough, in which case the all-routes one stands
    const covered = affected.length > 0 && affected.every((a) => routeSignificant.some((r) => r.s.method === a.method && r.s.route === a.route && overlaps(r.c, c)));
    if (!covered) spikes.push(makeSpike('broad', null, null, c, seg, affected, cells, spec, cube.windowMs, tests));
  }
  for (const { s, c } of routeSignificant) {
    if (absorbed.has(candidateKey(s, c))) continue;
    const seg = segmentOf(c);
    let n = 0;
    let x = 0;
    for (let i = c.onset; i < c.end; i++) {
      n += s.points[i]!.n;
      x += s.points[i]!.x;
    }
    const share: RouteShare = { method: s.method!, route: s.route!, n, x, baselineRate: c.baseline.rate, raisedRate: c.raised.rate, excess: c.excess };
    spikes.push(makeSpike('route', s.method, s.route, c, seg, [share], cells, spec, cube.windowMs, tests));
  }
  return spikes;
}

function candidateKey(s: Series, c: Candidate): string {
  return `${s.method} ${s.route} ${c.onset}`;
}

function overlaps(a: Candidate, b: Candidate): boolean {
  return a.onset < b.end && b.onset < a.end;
}

function affectedRoutes(byRoute: Map<string, Series>, c: Candidate, opts: ChangeOptions): RouteShare[] {
  const out: RouteShare[] = [];
  for (const s of byRoute.values()) {
    let nb = 0;
    let xb = 0;
    for (let i = 0; i < c.onset; i++) {
      nb += s.points[i]!.n;
      xb += s.points[i]!.x;
    }
    let n = 0;
    let x = 0;
    for (let i = c.onset; i < c.end; i++) {
      n += s.points[i]!.n;
      x += s.points[i]!.x;
    }
    if (x < 2 || n === 0) continue;
    // the route's own baseline, shrunk towards the all-routes one (10 pseudo-requests), so a
    // route with little or no traffic before the onset (new callers, a new endpoint) is judged
    // against the service's usual share instead of a meaningless 0.5
    const b = (xb + c.p0 * 10) / (nb + 10);
    const r = x / n;
    // a route counts when its own share rose as much as a change must, and it carries a
    // visible part (1%) of the change: three stray 401s on a login page are not "affected"
    if (r >= Math.max(b * opts.minRatio, b + opts.minIncrease) && x - n * b >= Math.max(2, 0.01 * c.excess)) {
      out.push({ method: s.method!, route: s.route!, n, x, baselineRate: nb > 0 ? xb / nb : 0, raisedRate: r, excess: x - n * b });
    }
  }
  return out.sort((a, b) => b.excess - a.excess || (routeKey(a.method, a.route) < routeKey(b.method, b.route) ? -1 : 1));
}

function makeSpike(scope: 'broad' | 'route', method: string | null, route: string | null, c: Candidate, seg: number[], routes: RouteShare[], cells: readonly Cell[], spec: SpikeSpec, windowMs: number, tests: number): Spike {
  const inSeg = new Set(seg);
  const codes = new Map<number, number>();
  const targetCells = cells.filter((x) => inSeg.has(x.window) && spec.isTarget(x.status) && (route === null || (x.route === route && x.method === method)));
  for (const x of targetCells) codes.set(x.status, (codes.get(x.status) ?? 0) + x.count);
  // samples: the earliest target lines of the onset window first
  const samples = targetCells
    .slice()
    .sort((a, b) => a.window - b.window || b.count - a.count)
    .flatMap((x) => x.samples)
    .slice(0, 3);
  return { scope, method, route, candidate: c, start: seg[0]!, end: seg[seg.length - 1]! + windowMs, windows: seg, routes, codes, samples, tests };
}
