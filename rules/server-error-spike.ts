import { detectSpikes, duration, hhmm, linkEvent, pct, shapeText, spikeAttribution, type Spike } from '../src/engine/spikes.js';
import { SPIKE_OPTIONS, spikeSettings } from './lib/spike-options.js';
import { defineRule, type FindingDraft } from '../src/engine/types.js';

/**
 * The 5xx share jumps: the incident timeline a cron report needs — onset, routes, codes,
 * duration, and whether it is over. Same statistics as unauthorized-spike
 * (src/engine/changepoint.ts). 511 is left to origin-511, which says what it stands for.
 */

const isServerError = (s: number): boolean => s >= 500 && s <= 599 && s !== 511;

function codesText(codes: Map<number, number>): string {
  return [...codes].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([c, n]) => `${c}: ${n}`).join(', ');
}

function adviceFor(codes: Map<number, number>): string {
  const sorted = [...codes].sort((a, b) => b[1] - a[1]);
  const top = sorted[0]?.[0];
  const cause =
    top === 503
      ? 'Mostly 503: overload, a failing dependency marked unavailable, or maintenance. If it was planned or load shedding, send Retry-After so clients back off; if not, look at capacity and health checks at the onset.'
      : top === 502 || top === 504
        ? `Mostly ${top}: a gateway could not get a (timely) answer from its upstream. Look at the upstream's health, restarts and timeouts at the onset; align proxy and upstream timeouts.`
        : top === 500
          ? 'Mostly 500: the application is throwing. Line the onset up with deploys and configuration changes, and look at the error logs from that minute.'
          : 'Line the onset up with deploys, configuration changes and dependency incidents.';
  return `${cause} Pass known changes as --event NAME@TIME (or --events FILE) and statuslint names the one the onset follows.`;
}

export default defineRule({
  meta: {
    id: 'server-error-spike',
    severity: 'warning',
    description: 'the 5xx share jumps (incident onset, routes, codes, duration)',
    codes: [500, 502, 503, 504],
    references: ['RFC 9110 §15.6'],
    options: SPIKE_OPTIONS,
  },
  check(cube, ctx) {
    const spikes = detectSpikes(cube, { isTarget: isServerError, ...spikeSettings(ctx.options) });
    return spikes.map((s): FindingDraft => toFinding(s));

    function toFinding(s: Spike): FindingDraft {
      const c = s.candidate;
      const ev = linkEvent(ctx.events, s.start, cube.windowMs);
      const who = spikeAttribution(cube, s, s.codes.keys());
      const where = s.scope === 'route' ? `on ${s.method} ${s.route}` : `across ${s.routes.length} route${s.routes.length === 1 ? '' : 's'}`;
      const routesText = s.scope === 'broad' && s.routes.length > 0 ? ` Most affected: ${s.routes.slice(0, 3).map((r) => `${r.method} ${r.route} (${pct(r.raisedRate)})`).join(', ')}.` : '';
      return {
        message:
          `The 5xx share ${where} rose from ${pct(c.baseline.rate)} to ${pct(c.raised.rate)} at ${hhmm(s.start)} UTC and ${shapeText(s)}: ` +
          `${c.raised.x} server errors (${codesText(s.codes)}) for ${who.distinctClients()} clients.${routesText}${ev !== null ? ` It ${ev.text}.` : ''}`,
        advice: adviceFor(s.codes),
        method: s.method,
        route: s.route,
        status: [...s.codes.keys()].sort((a, b) => a - b),
        window: { start: s.start, end: s.end },
        count: c.raised.x,
        evidence: {
          shape: c.returned ? 'spike' : 'level-shift',
          onset: new Date(s.start).toISOString(),
          end: new Date(s.end).toISOString(),
          durationMinutes: Math.round((s.end - s.start) / 60_000),
          ongoingAtEndOfLog: !c.returned && c.after.windows === 0,
          baselineRate: c.baseline.rate,
          raisedRate: c.raised.rate,
          afterRate: c.after.windows > 0 ? c.after.rate : null,
          codes: Object.fromEntries([...s.codes].sort((a, b) => a[0] - b[0])),
          routes: s.routes.length,
          topRoutes: s.routes.slice(0, 10).map((r) => ({ method: r.method, route: r.route, count: r.x, baselineRate: r.baselineRate, raisedRate: r.raisedRate })),
          clients: who.distinctClients(),
          event: ev,
          log10P: c.logP / Math.LN10,
          dispersion: c.dispersion,
          testsCorrectedFor: s.tests,
          timeline: `${new Date(s.start).toISOString()} onset · ${duration(s.end - s.start)} · ${c.returned ? `back to ${pct(c.after.rate)}` : 'still raised at the end of the log'}`,
        },
        samples: s.samples,
        fingerprintParts: [s.scope, new Date(s.start).toISOString()],
      };
    }
  },
});
