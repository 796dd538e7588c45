import { METHOD_SPACE, type Cell, type Cube } from '../src/cube/cube.js';
import { numberOption, type OptionSpecs } from '../src/engine/options.js';
import { defineRule, type FindingDraft } from '../src/engine/types.js';
import { iso, pct, plural, samplesOf, span, spanText, unionDistinct } from './lib/catalogue.js';

/**
 * 503 says the service cannot handle requests now (RFC 9110 §15.6.4): every client should
 * back off, monitors count an outage, and load balancers may take the node out. When the
 * 503s land on a few heavy clients while everyone else is served on the same routes at the
 * same time, the server is throttling those clients, and 429 Too Many Requests with
 * Retry-After (RFC 6585 §4) is the honest answer. The reverse also happens: 429 to nearly
 * every client at once is not a per-client limit but overload, which is 503.
 */

const OPTIONS = {
  min503: { type: 'number', default: 10, min: 1, description: '503s on a route before the rule looks at it' },
  maxClients: { type: 'number', default: 3, min: 1, description: 'at most this many clients may receive the bulk of the 503s' },
  concentration: { type: 'number', default: 0.8, min: 0, above: true, max: 1, description: "the share of the route's 503s those clients must receive" },
  minServedOthers: { type: 'number', default: 3, min: 1, description: 'other clients that must be served 2xx on the route meanwhile' },
  heavyFactor: { type: 'number', default: 3, min: 0, above: true, description: "a throttled client's 503s alone are at least this many times a typical client's successful requests" },
  min429Clients: { type: 'number', default: 10, min: 1, description: '429 reverse case: clients answered 429 in one window' },
  share429Clients: { type: 'number', default: 0.8, min: 0, above: true, max: 1, description: "429 reverse case: those clients' share of the window's clients" },
} as const satisfies OptionSpecs;

type Thresholds = Record<keyof typeof OPTIONS, number>;

const is2xx = (s: number): boolean => s >= 200 && s < 300;

/** `with503`: 1 at the ids of the routes with 503s (only those are judged) */
function routeFindings(cube: Cube, with503: Uint8Array, o: Thresholds): FindingDraft[] {
  const out: FindingDraft[] = [];
  const byRoute = new Map<number, { method: string; route: string; c503: Cell[]; slots2xx: number[] }>();
  // only a route with 503s is judged: a key string per 2xx cell of every route was most of the rule's time
  if (!with503.includes(1)) return out;
  // by slot and by the cube's numeric ids: the 2xx cells of those routes are many (a
  // quarter of a big log's cells), and only their counts, windows and statuses are read,
  // for the routes that get that far (a method + route string per cell was 40% of the rule)
  const order = cube.sortedSlots();
  for (let at = 0; at < order.length; at++) {
    const s = order[at]!;
    const status = cube.statusAt(s);
    if (status !== 503 && !is2xx(status)) continue;
    const r = cube.routeIdAt(s);
    if (with503[r] !== 1) continue;
    const m = cube.methodIdAt(s);
    const k = r * METHOD_SPACE + m;
    let g = byRoute.get(k);
    if (g === undefined) byRoute.set(k, (g = { method: cube.methods[m]!, route: cube.routes[r]!, c503: [], slots2xx: [] }));
    if (status === 503) g.c503.push(cube.cellAt(s));
    else g.slots2xx.push(s);
  }
  for (const g of byRoute.values()) {
    const n503 = g.c503.reduce((n, c) => n + c.count, 0);
    if (n503 < o.min503 || g.slots2xx.length === 0) continue;
    const who503 = cube.whoOnRoute(g.method, g.route, 503);
    if (who503 === undefined) continue;
    const top = who503.clients.sorted();
    // the fewest clients (at most maxClients) that received `concentration` of the 503s
    let covered = 0;
    const heavy: [string, number][] = [];
    for (const e of top) {
      if (covered >= n503 * o.concentration || heavy.length >= o.maxClients) break;
      heavy.push(e);
      covered += e[1];
    }
    if (covered < n503 * o.concentration) continue;
    // who was served 2xx on the same route; past the top lists only the distinct count is
    // known, so whether the throttled clients were among them cannot always be told: count
    // them out of the served clients to stay on the safe side
    const statuses2xx = new Set(g.slots2xx.map((s) => cube.statusAt(s)));
    const served = unionDistinct([...statuses2xx].map((st) => cube.whoOnRoute(g.method, g.route, st)));
    const n2xx = g.slots2xx.reduce((n, s) => n + cube.countAt(s), 0);
    const othersServed = served.clients - heavy.length;
    if (othersServed < o.minServedOthers) continue;
    // meanwhile: the 503s fell in windows where the route also served 2xx
    const servedWindows = new Set(g.slots2xx.map((s) => cube.windowAt(s)));
    const concurrent = g.c503.filter((c) => servedWindows.has(c.window)).reduce((n, c) => n + c.count, 0);
    if (concurrent < n503 * 0.5) continue;
    // the throttling signature: each throttled client's 503s alone outnumber a typical
    // client's successful requests several times over
    const perServed = n2xx / Math.max(1, served.clients);
    const perThrottled = covered / heavy.length;
    if (perThrottled < o.heavyFactor * perServed) continue;
    const sp = span(g.c503, cube.windowMs);
    const where = `${g.method} ${g.route}`;
    out.push({
      message:
        `${where}: ${pct(covered / n503)} of ${plural(n503, '503')} went to ${plural(heavy.length, 'client')} (${heavy.map(([c, n]) => `${c} ×${n}`).join(', ')}) ` +
        `while ${served.approx ? 'about ' : ''}${served.clients} clients were served ${n2xx} × 2xx on the same route, ${spanText(sp)}: the service was up, these clients were being throttled.`,
      advice:
        'Answer a client that exceeds its rate limit with 429 Too Many Requests and a Retry-After header (RFC 6585 §4). ' +
        '503 tells every client and every monitor that the service is down: clients back off globally, load balancers may drain the node, and the outage alert fires for one noisy caller. (statuslint explain 503 429)',
      method: g.method,
      route: g.route,
      status: [503],
      window: sp,
      count: covered,
      evidence: {
        unavailable: n503,
        throttledClients: heavy,
        clientsServed: served.clients,
        served2xx: n2xx,
        unavailablePerThrottledClient: Math.round(perThrottled),
        servedPerClient: Math.round(perServed * 10) / 10,
        concurrent503: concurrent,
      },
      samples: samplesOf(g.c503),
    });
  }
  return out;
}

/** 429 to (nearly) every client in a window: overload, not a per-client limit */
function overloadFindings(cube: Cube, cells429: readonly Cell[], o: Thresholds): FindingDraft[] {
  const windows = new Map<number, { n429: number; total: number; c429: Cell[]; statuses: Set<number>; routes: Set<string> }>();
  // only a window with 429s is judged: found from the 429 cells, then the traffic of those
  // windows read without a cell object per cell (the window getter allocates a number)
  for (const c of cells429) {
    let w = windows.get(c.window);
    if (w === undefined) windows.set(c.window, (w = { n429: 0, total: 0, c429: [], statuses: new Set(), routes: new Set() }));
    w.n429 += c.count;
    w.c429.push(c);
    w.routes.add(c.route);
  }
  if (windows.size === 0) return [];
  cube.forEachCount((status, _method, _route, start, count) => {
    const w = windows.get(start);
    if (w === undefined) return;
    w.total += count;
    w.statuses.add(status);
  });
  // flagged windows, then runs of consecutive flagged windows become one finding
  const flagged: { start: number; n429: number; total: number; clients429: number; clients: number; approx: boolean; cells: Cell[]; routes: Set<string> }[] = [];
  for (const [start, w] of [...windows].sort((a, b) => a[0] - b[0])) {
    if (w.n429 === 0) continue;
    const a429 = cube.whoInWindow(start, 429);
    if (a429 === undefined) continue;
    const clients429 = a429.distinctClients();
    if (clients429 < o.min429Clients) continue;
    const union = unionDistinct([...w.statuses].map((st) => cube.whoInWindow(start, st)));
    const clients = union.clients;
    if (clients429 < clients * o.share429Clients) continue;
    // past the exact top list the counts are HyperLogLog estimates (±13%): say so
    flagged.push({ start, n429: w.n429, total: w.total, clients429, clients, approx: a429.clients.other > 0 || union.approx, cells: w.c429, routes: w.routes });
  }
  const out: FindingDraft[] = [];
  let i = 0;
  while (i < flagged.length) {
    let j = i;
    while (j + 1 < flagged.length && flagged[j + 1]!.start === flagged[j]!.start + cube.windowMs) j++;
    const run = flagged.slice(i, j + 1);
    const n429 = run.reduce((n, r) => n + r.n429, 0);
    const total = run.reduce((n, r) => n + r.total, 0);
    const routes = new Set(run.flatMap((r) => [...r.routes]));
    const cellsRun = run.flatMap((r) => r.cells);
    const sp = { start: run[0]!.start, end: run[run.length - 1]!.start + cube.windowMs };
    const peak = run.reduce((a, b) => (b.clients429 > a.clients429 ? b : a));
    out.push({
      message:
        `429 Too Many Requests went to ${peak.approx ? 'about ' : ''}${peak.clients429} of ${peak.clients} active clients at once (${n429} of ${total} requests, ${plural(routes.size, 'route')}) from ${iso(sp.start)} to ${iso(sp.end)}: ` +
        'a limit every client hits at the same moment is the service running out of capacity, not one client asking too much.',
      advice:
        'When the service as a whole is overloaded, answer 503 Service Unavailable with Retry-After (RFC 9110 §15.6.4), so monitors see the outage and clients back off together. ' +
        'Keep 429 (RFC 6585 §4) for a client that exceeds its own quota; if this was a shared quota running out, say so in the body and raise or split it. (statuslint explain 429 503)',
      method: null,
      route: null,
      status: [429],
      window: sp,
      count: n429,
      evidence: { windows: run.length, clientsAnswered429: peak.clients429, activeClients: peak.clients, requests: total, routes: [...routes].sort().slice(0, 10) },
      samples: samplesOf(cellsRun),
      fingerprintParts: ['overload', iso(sp.start)],
    });
    i = j + 1;
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'unavailable-for-rate-limit',
    severity: 'warning',
    description: '503 concentrated on a few clients while others are served (throttling: 429), or 429 to everyone at once (overload: 503)',
    codes: [503, 429],
    references: ['RFC 6585 §4', 'RFC 9110 §15.6.4', 'RFC 9110 §10.2.3'],
    options: OPTIONS,
  },
  check(cube, ctx) {
    const o = {} as Thresholds;
    for (const k of Object.keys(OPTIONS) as (keyof typeof OPTIONS)[]) o[k] = numberOption(ctx.options, k);
    const with503 = cube.routeIdsWith((st) => st === 503);
    const cells429 = cube.cells((st) => st === 429);
    if (!with503.includes(1) && cells429.length === 0) return [];
    if (cube.byRouteStatus.size === 0) return { notApplicable: 'this source has no per-client attribution' };
    return [...routeFindings(cube, with503, o), ...overloadFindings(cube, cells429, o)];
  },
});
