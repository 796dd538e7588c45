import { Attribution } from '../cube/attribution.js';
import { CELL_PAGE, cmp, METHOD_SPACE, type Cube, type SampleRef } from '../cube/cube.js';
import { cannotChange, DEFAULT_CHANGE_OPTIONS, holm, scanChanges, type Candidate, type ChangeOptions, type CountSeries } from './changepoint.js';
import type { UserEvent } from './types.js';

/**
 * The cube side of the spike rules: builds the share series (all routes together, and
 * each method + route), runs the change detection on each, corrects for the number of
 * series and windows tested, and groups what survives into broad spikes (many routes at
 * once) and route spikes. The rules only word the findings.
 */

export interface SpikeSpec {
  /** the statuses whose share is tested */
  isTarget(status: number): boolean;
  /** routes left out of every series (e.g. long-poll routes for 499) */
  excludeRoute?(method: string, route: string): boolean;
  options?: Partial<ChangeOptions>;
  /** family-wise error rate over every window of every series */
  alpha?: number;
  /** a change on the all-routes series that raised at least this many routes is broad */
  broadRoutes?: number;
}

export interface RouteShare {
  method: string;
  route: string;
  /** requests and target events in the raised windows */
  n: number;
  x: number;
  /** the route's own share before the onset, and in the raised windows */
  baselineRate: number;
  raisedRate: number;
  excess: number;
}

export interface Spike {
  /** broad: the all-routes share rose on many routes at once; route: one method + route */
  scope: 'broad' | 'route';
  method: string | null;
  route: string | null;
  candidate: Candidate;
  /** epoch ms: start of the onset window, end of the last raised window */
  start: number;
  end: number;
  /** window starts of the raised segment */
  windows: number[];
  /** routes whose share rose in the segment, most excess first (one entry for a route spike) */
  routes: RouteShare[];
  /** target statuses in the segment, on the spike's scope */
  codes: Map<number, number>;
  samples: SampleRef[];
  /** Holm-adjusted significance was met at this α over this many tests */
  tests: number;
}

/**
 * A method + route's share series, or the all-routes one (method and route null). Two
 * Float64Arrays, not an {n, x} object per window: 3,000 series × 282 windows were 850k
 * objects per call.
 */
interface Series extends CountSeries {
  method: string | null;
  route: string | null;
  /** index into SpikeCells.routes; -1 for all routes */
  index: number;
}

/** a method + route with cells in the scan */
interface RouteCells {
  method: string;
  route: string;
  /** its first cell; the others follow through SpikeCells.next */
  first: number;
  /** target events over the whole log */
  x: number;
}

interface TargetCell {
  slot: number;
  /** index into the window starts */
  window: number;
  /** index into SpikeCells.routes */
  route: number;
  status: number;
  count: number;
}

/**
 * The cube's non-empty cells outside the excluded routes, as columns chained per route,
 * read in one pass over the slots with numeric ids: walking cube.cells() views (a getter
 * per field, a string key per cell) took 10 ms at 80k cells, walking the slots 0.5 ms. The
 * chains let the later passes visit only the routes that matter (those that can change,
 * or that had 2 target events), not every cell again.
 */
interface CellColumns {
  /** per cell: the next cell of its route, -1 at the end */
  next: Int32Array;
  /** per cell: index into the window starts */
  window: Int32Array;
  /** per cell: its count (a cell count is below 2^32) */
  count: Uint32Array;
  /** per cell: its count when the status is a target, else 0 */
  x: Uint32Array;
}

interface SpikeCells extends CellColumns {
  routes: RouteCells[];
  /** the target cells, apart: each spike picks its codes and samples among them, not among all cells */
  targets: TargetCell[];
  /** all routes together */
  overall: Series;
}

/**
 * The columns of a cube's last spike detection, reused by the next one (four per run, in
 * three rules): each is 16 bytes a cell, 6 MB at 3M lines, and allocating them afresh per
 * call piled up garbage outside the heap while the rules ran. Keyed by cube, so they go
 * with it; nothing outlives detectSpikes but its spikes, which hold no columns.
 */
const columnsOf = new WeakMap<Cube, CellColumns>();

function columnsFor(cube: Cube): CellColumns {
  let c = columnsOf.get(cube);
  if (c === undefined || c.next.length < cube.size) {
    const n = cube.size;
    c = { next: new Int32Array(n), window: new Int32Array(n), count: new Uint32Array(n), x: new Uint32Array(n) };
    columnsOf.set(cube, c);
  }
  return c;
}

function readCells(cube: Cube, windows: readonly number[], spec: SpikeSpec): SpikeCells {
  const index = new Map(windows.map((w, i) => [w, i]));
  // per window id of the cube, the index of its start in `windows`
  const windowOf = Int32Array.from(cube.windows, (w) => index.get(w * cube.windowMs)!);
  // numeric method + route key → index into `routes`; -1: not seen yet, -2: excluded
  const routeOf = new Int32Array(cube.routes.length * METHOD_SPACE).fill(-1);
  const size = cube.size;
  const { next, window, count, x } = columnsFor(cube);
  const routes: RouteCells[] = [];
  const targets: TargetCell[] = [];
  const overall: Series = { method: null, route: null, index: -1, n: new Float64Array(windows.length), x: new Float64Array(windows.length) };
  let i = 0;
  for (let s = 0; s < size; s++) {
    const k = cube.countAt(s);
    if (k === 0) continue;
    // the key columns straight from the page: slotKey builds an array per cell
    const page = cube.pageOf(s);
    const o = s & (CELL_PAGE - 1);
    const w = page.window[o]!;
    const m = page.method[o]!;
    const r = page.route[o]!;
    const status = page.status[o]!;
    const key = r * METHOD_SPACE + m;
    let id = routeOf[key]!;
    if (id === -1) {
      const method = cube.methods[m]!;
      const route = cube.routes[r]!;
      id = spec.excludeRoute !== undefined && spec.excludeRoute(method, route) ? -2 : routes.push({ method, route, first: -1, x: 0 }) - 1;
      routeOf[key] = id;
    }
    if (id === -2) continue;
    const rc = routes[id]!;
    const wi = windowOf[w]!;
    next[i] = rc.first;
    rc.first = i;
    window[i] = wi;
    count[i] = k;
    overall.n[wi] += k;
    if (spec.isTarget(status)) {
      x[i] = k;
      rc.x += k;
      overall.x[wi] += k;
      targets.push({ slot: s, window: wi, route: id, status, count: k });
    } else x[i] = 0;
    i++;
  }
  return { routes, next, window, count, x, targets, overall };
}

const routeKey = (method: string, route: string): string => method + ' ' + route;

export function detectSpikes(cube: Cube, spec: SpikeSpec): Spike[] {
  const opts: ChangeOptions = { ...DEFAULT_CHANGE_OPTIONS, ...spec.options };
  const alpha = spec.alpha ?? 0.01;
  const broadRoutes = spec.broadRoutes ?? 3;
  const windows = cube.windowStarts();
  if (windows.length === 0) return [];
  const cells = readCells(cube, windows, spec);
  // Tarone before building: a route that cannot change gets no series (scanChanges would
  // return no candidate and no test for it); in a 300k-line log that leaves 13 of 2,700
  const byRoute: Series[] = [];
  cells.routes.forEach((r, index) => {
    if (cannotChange(r.x, opts)) return;
    const s: Series = { method: r.method, route: r.route, index, n: new Float64Array(windows.length), x: new Float64Array(windows.length) };
    for (let i = r.first; i !== -1; i = cells.next[i]!) {
      s.n[cells.window[i]!] += cells.count[i]!;
      s.x[cells.window[i]!] += cells.x[i]!;
    }
    byRoute.push(s);
  });

  const series = [cells.overall, ...byRoute.sort((a, b) => (routeKey(a.method!, a.route!) < routeKey(b.method!, b.route!) ? -1 : 1))];
  const found: { s: Series; c: Candidate }[] = [];
  let tests = 0;
  for (const s of series) {
    const r = scanChanges(s, opts, alpha);
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
    const affected = affectedRoutes(cells, c, opts);
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
      spikes.push(makeSpike('broad', cells.overall, c, seg, affected, cells, cube, tests));
      continue;
    }
    // a change on all routes that comes from one or two: report it per route, unless the
    // route test alone was not strong enough, in which case the all-routes one stands
    const covered = affected.length > 0 && affected.every((a) => routeSignificant.some((r) => r.s.method === a.method && r.s.route === a.route && overlaps(r.c, c)));
    if (!covered) spikes.push(makeSpike('broad', cells.overall, c, seg, affected, cells, cube, tests));
  }
  for (const { s, c } of routeSignificant) {
    if (absorbed.has(candidateKey(s, c))) continue;
    const seg = segmentOf(c);
    let n = 0;
    let x = 0;
    for (let i = c.onset; i < c.end; i++) {
      n += s.n[i]!;
      x += s.x[i]!;
    }
    const share: RouteShare = { method: s.method!, route: s.route!, n, x, baselineRate: c.baseline.rate, raisedRate: c.raised.rate, excess: c.excess };
    spikes.push(makeSpike('route', s, c, seg, [share], cells, cube, tests));
  }
  return spikes;
}

function candidateKey(s: Series, c: Candidate): string {
  return `${s.method} ${s.route} ${c.onset}`;
}

function overlaps(a: Candidate, b: Candidate): boolean {
  return a.onset < b.end && b.onset < a.end;
}

function affectedRoutes(cells: SpikeCells, c: Candidate, opts: ChangeOptions): RouteShare[] {
  const out: RouteShare[] = [];
  for (const rc of cells.routes) {
    // fewer than 2 events in the whole log is fewer than 2 in the segment: skip its cells
    if (rc.x < 2) continue;
    let nb = 0;
    let xb = 0;
    let n = 0;
    let x = 0;
    for (let i = rc.first; i !== -1; i = cells.next[i]!) {
      const w = cells.window[i]!;
      if (w < c.onset) {
        nb += cells.count[i]!;
        xb += cells.x[i]!;
      } else if (w < c.end) {
        n += cells.count[i]!;
        x += cells.x[i]!;
      }
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
      out.push({ method: rc.method, route: rc.route, n, x, baselineRate: nb > 0 ? xb / nb : 0, raisedRate: r, excess: x - n * b });
    }
  }
  return out.sort((a, b) => b.excess - a.excess || (routeKey(a.method, a.route) < routeKey(b.method, b.route) ? -1 : 1));
}

function makeSpike(scope: 'broad' | 'route', s: Series, c: Candidate, seg: number[], routes: RouteShare[], cells: SpikeCells, cube: Cube, tests: number): Spike {
  const name = (t: TargetCell): RouteCells => cells.routes[t.route]!;
  const inSpike = cells.targets.filter((t) => t.window >= c.onset && t.window < c.end && (s.index === -1 || t.route === s.index));
  // in cube.cells() order (window, route, method, status), so that the codes keep its order of appearance
  inSpike.sort((a, b) => a.window - b.window || cmp(name(a).route, name(b).route) || cmp(name(a).method, name(b).method) || a.status - b.status);
  const codes = new Map<number, number>();
  for (const t of inSpike) codes.set(t.status, (codes.get(t.status) ?? 0) + t.count);
  // samples: the earliest target lines of the onset window first
  const samples: SampleRef[] = [];
  for (const t of inSpike.slice().sort((a, b) => a.window - b.window || b.count - a.count)) {
    // only the cells whose samples are shown: samplesOf builds objects
    if (samples.length >= 3) break;
    samples.push(...cube.samplesOf(t.slot));
  }
  return { scope, method: s.method, route: s.route, candidate: c, start: seg[0]!, end: seg[seg.length - 1]! + cube.windowMs, windows: seg, routes, codes, samples: samples.slice(0, 3), tests };
}

/** who got the target statuses during the spike: all routes in its windows, or its route over the whole log */
export function spikeAttribution(cube: Cube, spike: Spike, statuses: Iterable<number>): Attribution {
  const a = new Attribution();
  for (const st of statuses) {
    if (spike.scope === 'route') {
      const w = cube.whoOnRoute(spike.method!, spike.route!, st);
      if (w !== undefined) a.mergeFrom(w);
    } else {
      for (const win of spike.windows) {
        const w = cube.whoInWindow(win, st);
        if (w !== undefined) a.mergeFrom(w);
      }
    }
  }
  return a;
}

/** who sent any request in some windows (all statuses seen in the cube) */
export function trafficAttribution(cube: Cube, windows: readonly number[], statuses: Iterable<number>): Attribution {
  const a = new Attribution();
  for (const st of statuses) {
    for (const win of windows) {
      const w = cube.whoInWindow(win, st);
      if (w !== undefined) a.mergeFrom(w);
    }
  }
  return a;
}

// ───────────────────────── wording ─────────────────────────

export function pct(r: number): string {
  const p = r * 100;
  if (p === 0) return '0%';
  if (p < 0.1) return '<0.1%';
  if (p < 10) return `${p.toFixed(1)}%`;
  return `${Math.round(p)}%`;
}

export function duration(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 1) return `${Math.round(ms / 1000)} s`;
  if (min < 120) return `${min} min`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  if (h < 48) return m === 0 ? `${h} h` : `${h} h ${m} min`;
  return `${Math.round(h / 24)} days`;
}

export function hhmm(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

/** the shape of a spike, in words: "stayed high until the end of the log (45 min)" / "fell back after 15 min" */
export function shapeText(s: Spike): string {
  const d = duration(s.end - s.start);
  return s.candidate.returned ? `fell back to the baseline after ${d} (a brief spike)` : `stayed high until the end of the log, ${d} so far (a level shift)`;
}

export interface EventLink {
  name: string;
  time: string;
  /** minutes from the event to the onset window's start (negative: the event fell inside the onset window) */
  minutesBefore: number;
  text: string;
}

/** how long before an onset a user event may be and still be named as its likely cause */
export const EVENT_HORIZON_MS = 2 * 3_600_000;

/**
 * The user event that most likely explains an onset: the latest one at or before the end
 * of the onset window, at most EVENT_HORIZON_MS before it. The onset is known to a
 * window, so an event inside the onset window is said to coincide with it.
 */
export function linkEvent(events: readonly { name: string; time: number }[], start: number, windowMs: number): EventLink | null {
  let best: { name: string; time: number } | null = null;
  for (const e of events) {
    if (e.time >= start + windowMs || e.time < start - EVENT_HORIZON_MS) continue;
    if (best === null || e.time > best.time) best = e;
  }
  if (best === null) return null;
  const iso = new Date(best.time).toISOString();
  if (best.time >= start) {
    return { name: best.name, time: iso, minutesBefore: -Math.round((best.time - start) / 60_000), text: `began in the same ${duration(windowMs)} window as ${best.name} (${hhmm(best.time)})` };
  }
  const mins = Math.round((start - best.time) / 60_000);
  return { name: best.name, time: iso, minutesBefore: mins, text: `began ${mins < 1 ? 'less than a minute' : `${mins} min`} after ${best.name} (${hhmm(best.time)})` };
}

export type { UserEvent };
