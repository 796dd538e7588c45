import { METHOD_SPACE, type Cube } from '../src/cube/cube.js';
import { detectSpikes, duration, hhmm, linkEvent, pct, shapeText, type Spike } from '../src/engine/spikes.js';
import { SPIKE_OPTIONS, spikeSettings } from './lib/spike-options.js';
import { defineRule, type FindingDraft, type RuleContext } from '../src/engine/types.js';

/**
 * 499 (nginx: client closed the request) / 460 (AWS ALB: the client closed the connection
 * before the idle timeout) surges: clients give up before the upstream answers. Same
 * statistics as unauthorized-spike. On long-poll and streaming routes a client closing a
 * hanging request is the normal end of it: those routes are tested apart and reported as
 * info with that explanation.
 */

const CLOSED = new Set([499, 460]);
const isClosed = (s: number): boolean => CLOSED.has(s);

/** route segments that name long-poll / streaming endpoints */
const LONG_POLL_SEGMENTS = new Set(['poll', 'longpoll', 'long-poll', 'long_poll', 'stream', 'streams', 'streaming', 'events', 'event-stream', 'sse', 'subscribe', 'subscriptions', 'watch', 'websocket', 'websockets', 'ws', 'wss', 'socket.io', 'sockjs', 'realtime', 'live', 'cometd', 'signalr', 'eventsource', 'listen', 'updates', 'notifications', 'changes', 'tail']);
/** a route whose successful answers take this long on average holds requests open */
const LONG_POLL_MS = 20_000;

function namesLongPoll(route: string): boolean {
  return route
    .toLowerCase()
    .split('/')
    .some((s) => LONG_POLL_SEGMENTS.has(s) || s.includes('poll') || s.includes('stream'));
}

export function longPollRoutes(cube: Cube): Set<string> {
  // the timed 2xx of each method + route, keyed by ids as the spike engine keys them: a
  // "METHOD route" string per timed cell was 90 ms a run on the 3M-line JSON bench log
  const dur = new Map<number, { n: number; sum: number }>();
  const out = new Set<string>();
  // a route's name is judged once (by route id: 1 long-poll, -1 not, 0 not judged yet), not
  // once per cell (a route has a cell per window and status)
  const named = new Int8Array(cube.routes.length);
  // without durations in the log no cell is timed, and the measure is not read per cell
  const durations = cube.measureTotal('durationKnown') > 0;
  // by slot: a cell object per cell of the log cost more than the rest of this pass
  const order = cube.sortedSlots();
  for (let at = 0; at < order.length; at++) {
    const s = order[at]!;
    const r = cube.routeIdAt(s);
    if (named[r] === 0) named[r] = namesLongPoll(cube.routes[r]!) ? 1 : -1;
    const status = cube.statusAt(s);
    const durationKnown = durations ? cube.measure(s, 'durationKnown') : 0;
    const timed = status >= 200 && status < 300 && durationKnown > 0;
    // neither named long-poll nor a timed success: most cells
    if (named[r] !== 1 && !timed) continue;
    const m = cube.methodIdAt(s);
    if (named[r] === 1) out.add(cube.methods[m]! + ' ' + cube.routes[r]!);
    if (timed) {
      const key = r * METHOD_SPACE + m;
      const d = dur.get(key) ?? { n: 0, sum: 0 };
      d.n += durationKnown;
      d.sum += cube.measure(s, 'durationSumMs');
      dur.set(key, d);
    }
  }
  for (const [key, d] of dur) if (d.n >= 5 && d.sum / d.n >= LONG_POLL_MS) out.add(cube.methods[key % METHOD_SPACE]! + ' ' + cube.routes[Math.floor(key / METHOD_SPACE)]!);
  return out;
}

interface Latency {
  /** mean ms of the 499/460 requests in the spike (how long clients waited) */
  closedMeanMs: number | null;
  /** mean ms of all requests on the spike's routes, in the spike and before it */
  spikeMeanMs: number | null;
  baselineMeanMs: number | null;
}

function latency(cube: Cube, s: Spike): Latency {
  // the spike's method + route ids, so that testing a cell looks up a number (this runs over every cell, per spike)
  const routes = new Set<number>();
  for (const r of s.routes) {
    const m = cube.methods.indexOf(r.method);
    const route = cube.findRoute(r.route);
    if (m !== -1 && route !== undefined) routes.add(route * METHOD_SPACE + m);
  }
  const inSeg = new Set(s.windows);
  let cn = 0, cs = 0, sn = 0, ss = 0, bn = 0, bs = 0;
  const order = cube.sortedSlots();
  for (let at = 0; at < order.length; at++) {
    const slot = order[at]!;
    if (!routes.has(cube.routeIdAt(slot) * METHOD_SPACE + cube.methodIdAt(slot))) continue;
    const known = cube.measure(slot, 'durationKnown');
    if (known === 0) continue;
    const window = cube.windowAt(slot);
    const sumMs = cube.measure(slot, 'durationSumMs');
    if (inSeg.has(window)) {
      sn += known;
      ss += sumMs;
      if (isClosed(cube.statusAt(slot))) {
        cn += known;
        cs += sumMs;
      }
    } else if (window < s.start) {
      bn += known;
      bs += sumMs;
    }
  }
  return { closedMeanMs: cn > 0 ? cs / cn : null, spikeMeanMs: sn > 0 ? ss / sn : null, baselineMeanMs: bn > 0 ? bs / bn : null };
}

const ms = (v: number): string => (v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);

function toFinding(cube: Cube, s: Spike, ctx: RuleContext, longPoll: boolean): FindingDraft {
  const c = s.candidate;
  const ev = linkEvent(ctx.events, s.start, cube.windowMs);
  const lat = latency(cube, s);
  const codes = [...s.codes.keys()].sort((a, b) => a - b);
  const where = s.scope === 'route' ? `on ${s.method} ${s.route}` : `across ${s.routes.length} route${s.routes.length === 1 ? '' : 's'}`;
  const latText =
    lat.closedMeanMs !== null
      ? ` Clients gave up after ${ms(lat.closedMeanMs)} on average${lat.spikeMeanMs !== null && lat.baselineMeanMs !== null ? `; requests there took ${ms(lat.spikeMeanMs)} on average during the surge against ${ms(lat.baselineMeanMs)} before` : ''}.`
      : ' The log records no request durations, so how long clients waited is unknown.';
  const message = longPoll
    ? `${codes.join('/')} ${where} (a long-poll or streaming route) rose from ${pct(c.baseline.rate)} to ${pct(c.raised.rate)} at ${hhmm(s.start)} UTC and ${shapeText(s)}: ${c.raised.x} requests closed by the client.${latText} On a route that holds requests open, a client closing it is how a poll ends; this is only worth a look if the poll interval or client timeout changed.`
    : `Clients closing requests before the answer (${codes.join('/')}) ${where} rose from ${pct(c.baseline.rate)} to ${pct(c.raised.rate)} at ${hhmm(s.start)} UTC and ${shapeText(s)}: ${c.raised.x} requests abandoned.${latText}${ev !== null ? ` It ${ev.text}.` : ''}`;
  return {
    message,
    advice: longPoll
      ? 'Nothing to fix if the long-poll timeout of clients is shorter than the server hold time: 499 is the normal end of such a request. To keep it out of error dashboards, answer a held poll with 204 (or 200 with an empty batch) just before the client timeout.'
      : '499/460 mean the client (or a proxy in front) stopped waiting: the upstream was slower than the client\'s timeout, so users saw errors that the server never logged as 5xx. ' +
        'Look at upstream latency and saturation at the onset. Make the server answer first: set proxy/upstream timeouts below the clients\' (so a slow request ends as 504 that monitoring counts), ' +
        'and shed load with 503 + Retry-After rather than letting requests hang.',
    method: s.method,
    route: s.route,
    status: codes,
    window: { start: s.start, end: s.end },
    count: c.raised.x,
    severity: longPoll ? 'info' : undefined,
    evidence: {
      longPoll,
      shape: c.returned ? 'spike' : 'level-shift',
      onset: new Date(s.start).toISOString(),
      durationMinutes: Math.round((s.end - s.start) / 60_000),
      baselineRate: c.baseline.rate,
      raisedRate: c.raised.rate,
      afterRate: c.after.windows > 0 ? c.after.rate : null,
      codes: Object.fromEntries([...s.codes].sort((a, b) => a[0] - b[0])),
      routes: s.routes.length,
      topRoutes: s.routes.slice(0, 10).map((r) => ({ method: r.method, route: r.route, count: r.x, baselineRate: r.baselineRate, raisedRate: r.raisedRate })),
      closedMeanMs: lat.closedMeanMs,
      meanMsDuringSurge: lat.spikeMeanMs,
      meanMsBefore: lat.baselineMeanMs,
      event: ev,
      log10P: c.logP / Math.LN10,
      dispersion: c.dispersion,
      testsCorrectedFor: s.tests,
      timeline: `${new Date(s.start).toISOString()} onset · ${duration(s.end - s.start)}`,
    },
    samples: s.samples,
    fingerprintParts: [s.scope, new Date(s.start).toISOString()],
  };
}

export default defineRule({
  meta: {
    id: 'client-closed-spike',
    severity: 'info',
    description: '499 / 460 surges: clients give up before the upstream answers',
    codes: [499, 460],
    references: ['nginx ngx_http_request.h (NGX_HTTP_CLIENT_CLOSED_REQUEST)', 'AWS ALB troubleshooting: HTTP 460'],
    options: SPIKE_OPTIONS,
  },
  check(cube, ctx) {
    const statuses = cube.statusCounts();
    if (!statuses.has(499) && !statuses.has(460)) return [];
    const longPoll = longPollRoutes(cube);
    const isLong = (m: string, r: string): boolean => longPoll.has(m + ' ' + r);
    const o = spikeSettings(ctx.options);
    const normal = detectSpikes(cube, { isTarget: isClosed, excludeRoute: isLong, ...o });
    const held = longPoll.size === 0 ? [] : detectSpikes(cube, { isTarget: isClosed, excludeRoute: (m, r) => !isLong(m, r), ...o });
    return [...normal.map((s) => toFinding(cube, s, ctx, false)), ...held.map((s) => toFinding(cube, s, ctx, true))];
  },
});
