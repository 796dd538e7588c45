import type { Attribution } from '../src/cube/attribution.js';
import type { Cube } from '../src/cube/cube.js';
import { detectSpikes, duration, hhmm, linkEvent, pct, shapeText, spikeAttribution, type Spike } from '../src/engine/spikes.js';
import { SPIKE_OPTIONS, spikeSettings } from './lib/spike-options.js';
import { defineRule, type FindingDraft, type RuleContext } from '../src/engine/types.js';
import type { Severity } from '../src/report/types.js';
import { forbiddenRoutes } from './unauthorized-for-forbidden.js';

/**
 * The 401 share jumps at a moment: a key or secret rotated without overlap, an identity
 * provider failing, a service credential that expired, a client release that stopped
 * refreshing tokens. The statistics live in src/engine/changepoint.ts; this rule decides
 * who drives the change, because the advice depends on it.
 */

export type Cause = 'many-clients' | 'no-credentials' | 'one-client' | 'one-client-never-authenticated' | 'one-agent';

export interface Drivers {
  cause: Cause;
  clients: number;
  topClients: [string, number][];
  topAgents: [string, number][];
  /** share of the spike's 401s from the top client / top user-agent family */
  topClientShare: number;
  topAgentShare: number;
  /** the top agent's share of all requests over the same scope (to tell a release from a popular app) */
  topAgentTrafficShare: number | null;
  /** one-client: was that client served 2xx before the onset? null when the bounded lists cannot tell */
  succeededBefore: boolean | null;
  /** share of the 401s in the first windows of the change that went to clients with an identity or a recent success */
  authenticatedAtOnset: number | null;
}

/** the first windows of a change: who was refused when it began (later, a broken client's recent successes age out) */
const ONSET_WINDOWS = 3;

export function authenticatedAtOnset(cube: Cube, spike: Spike): number | null {
  // a counts-only cube (Prometheus) does not know who was authenticated
  if (cube.lacks('authenticated') !== null) return null;
  const routes = new Set(spike.routes.map((r) => r.method + ' ' + r.route));
  const first = new Set(spike.windows.slice(0, ONSET_WINDOWS));
  let n = 0;
  let a = 0;
  for (const c of cube.cells((st) => st === 401)) {
    if (c.status !== 401 || !first.has(c.window) || (routes.size > 0 && !routes.has(c.method + ' ' + c.route))) continue;
    n += c.count;
    a += c.m.authenticated;
  }
  return n === 0 ? null : a / n;
}

const ONE_SHARE = 0.6;

function sumFor(cube: Cube, key: string, kind: 'clients' | 'agents', windows: readonly number[], statuses: readonly number[], route: { method: string; route: string } | null): { hit: number; all: number; exact: boolean } {
  let hit = 0;
  let all = 0;
  let exact = true;
  const add = (a: Attribution | undefined): void => {
    if (a === undefined) return;
    const t = a[kind];
    const n = t.get(key);
    hit += n ?? 0;
    all += t.total();
    if (t.other > 0 && n === undefined) exact = false;
  };
  for (const st of statuses) {
    if (route !== null) add(cube.whoOnRoute(route.method, route.route, st));
    else for (const w of windows) add(cube.whoInWindow(w, st));
  }
  return { hit, all, exact };
}

export function whoDrives(cube: Cube, spike: Spike, statuses: readonly number[]): Drivers {
  const att = spikeAttribution(cube, spike, [401]);
  const n = Math.max(1, att.clients.total());
  const na = Math.max(1, att.agents.total());
  const topClients = att.clients.sorted().slice(0, 5);
  const topAgents = att.agents.sorted().slice(0, 5);
  const topClientShare = (topClients[0]?.[1] ?? 0) / n;
  const topAgentShare = (topAgents[0]?.[1] ?? 0) / na;
  const clients = att.distinctClients();
  const route = spike.scope === 'route' ? { method: spike.method!, route: spike.route! } : null;
  let topAgentTrafficShare: number | null = null;
  if (topAgents[0] !== undefined) {
    const s = sumFor(cube, topAgents[0][0], 'agents', spike.windows, statuses, route);
    topAgentTrafficShare = s.all > 0 ? s.hit / s.all : null;
  }
  const atOnset = authenticatedAtOnset(cube, spike);
  const base: Omit<Drivers, 'cause' | 'succeededBefore'> = { clients, topClients, topAgents, topClientShare, topAgentShare, topAgentTrafficShare, authenticatedAtOnset: atOnset };
  if (topClients[0] !== undefined && (topClientShare >= ONE_SHARE || clients === 1)) {
    // did this client get anything but a 401 on the same scope before the onset?
    const before = cube.windowStarts().filter((w) => w < spike.start);
    const ok = statuses.filter((s) => s >= 200 && s < 400);
    const s = sumFor(cube, topClients[0][0], 'clients', before, ok, null);
    // the routes it is refused on, over the whole log (a client that is now only refused
    // there was served there before the change), when the per-window lists cannot tell
    let onRoutes = 0;
    for (const r of spike.routes) onRoutes += sumFor(cube, topClients[0][0], 'clients', [], ok, r).hit;
    const succeededBefore = s.hit > 0 || onRoutes > 0 ? true : s.exact ? false : null;
    return { ...base, cause: succeededBefore === false ? 'one-client-never-authenticated' : 'one-client', succeededBefore };
  }
  // one family/version drives the 401s while it is a minority of the traffic: a client release
  if (topAgents[0] !== undefined && topAgentShare >= ONE_SHARE && clients >= 3 && topAgentTrafficShare !== null && topAgentTrafficShare <= topAgentShare / 1.5) {
    return { ...base, cause: 'one-agent', succeededBefore: null };
  }
  // many callers, but hardly any of them had credentials that worked a moment before: new
  // traffic without tokens (an integration, a script, a misconfigured client), not a breakage
  if (atOnset !== null && atOnset < NO_CREDENTIALS_SHARE) return { ...base, cause: 'no-credentials', succeededBefore: null };
  return { ...base, cause: 'many-clients', succeededBefore: null };
}

const NO_CREDENTIALS_SHARE = 0.15;

function adviceFor(d: Drivers, routes: number): string {
  switch (d.cause) {
    case 'many-clients':
      return (
        `401s from many clients${routes > 1 ? ` on ${routes} routes` : ''} at once point to the server side: a signing key, JWKS or secret rotated without overlap, ` +
        'an identity provider or token-introspection outage, a clock-skew or audience/issuer change, or a deploy that changed token validation. ' +
        'Check the change at the onset; rotate keys with an overlap (publish the new key, accept old and new, then retire the old). ' +
        'The 401s themselves are the right status: the fix is in the auth path.'
      );
    case 'no-credentials':
      return (
        'These callers sent no working credentials from the start (none carried an identity or had just been served on a protected route): new traffic without ' +
        'tokens — an integration or script calling before authenticating, a client that lost its configuration. The 401s are the right answer; find the callers ' +
        '(top clients and user agents in the evidence) rather than the auth service.'
      );
    case 'one-client':
      return (
        `One client (${d.topClients[0]?.[0]}) drives ${pct(d.topClientShare)} of these 401s and was served successfully before the onset: its credential ` +
        '(API key, client secret, service-account token or certificate) most likely expired or was revoked, and it keeps calling without renewing it. ' +
        'Renew the credential, alert on credential expiry before it happens, and make the client stop and alert on systematic 401s instead of retrying.'
      );
    case 'one-client-never-authenticated':
      return (
        `One client (${d.topClients[0]?.[0]}) drives ${pct(d.topClientShare)} of these 401s and was never served successfully before: a crawler, script or ` +
        'link checker requesting protected pages without credentials. The 401s are correct; keep such clients off those paths (robots.txt, rel="nofollow" on ' +
        'edit/attach links, or give the script a credential).'
      );
    case 'one-agent':
      return (
        `The 401s come from one client release (${d.topAgents[0]?.[0]}: ${pct(d.topAgentShare)} of the 401s but ${pct(d.topAgentTrafficShare ?? 0)} of the traffic): ` +
        'that version does not refresh or resend its token. Fix or roll back the release (refresh on 401 once, then re-authenticate), and consider a server-side ' +
        'grace period for tokens of that version while users update.'
      );
  }
}

function causeText(d: Drivers): string {
  switch (d.cause) {
    case 'many-clients':
      return `${d.clients} clients are affected (no single client or app version dominates): a rotation or auth-service problem`;
    case 'no-credentials':
      return `${d.clients} clients are refused, but hardly any had working credentials a moment before (${pct(d.authenticatedAtOnset ?? 0)}): new callers without tokens, not a broken auth flow`;
    case 'one-client':
      return `one client, ${d.topClients[0]?.[0]}, drives ${pct(d.topClientShare)} of them after being served before: an expired or revoked service credential`;
    case 'one-client-never-authenticated':
      return `one client, ${d.topClients[0]?.[0]}, drives ${pct(d.topClientShare)} of them and was never authenticated: requests without credentials, not a broken auth flow`;
    case 'one-agent':
      return `one user-agent, ${d.topAgents[0]?.[0]}, sends ${pct(d.topAgentShare)} of them (${pct(d.topAgentTrafficShare ?? 0)} of the traffic): a client release that stopped refreshing tokens`;
  }
}

function severityFor(d: Drivers, s: Spike, ctx: RuleContext): Severity {
  if (d.cause === 'one-client-never-authenticated' || d.cause === 'no-credentials') return 'info';
  if (d.cause === 'one-client') return 'warning';
  return s.scope === 'broad' && s.routes.length >= 3 ? ctx.severity : 'warning';
}

export function toFinding(cube: Cube, s: Spike, ctx: RuleContext, statuses: readonly number[]): FindingDraft {
  const c = s.candidate;
  const d = whoDrives(cube, s, statuses);
  const where = s.scope === 'route' ? `on ${s.method} ${s.route}` : s.routes.length === 1 ? `on ${s.routes[0]!.method} ${s.routes[0]!.route} (all routes: ${pct(c.baseline.rate)} → ${pct(c.raised.rate)})` : `on ${s.routes.length} routes`;
  const from = s.scope === 'broad' && s.routes.length === 1 ? s.routes[0]!.baselineRate : c.baseline.rate;
  const to = s.scope === 'broad' && s.routes.length === 1 ? s.routes[0]!.raisedRate : c.raised.rate;
  const ev = linkEvent(ctx.events, s.start, cube.windowMs);
  const message =
    `The 401 share ${where} rose from ${pct(from)} to ${pct(to)} at ${hhmm(s.start)} UTC and ${shapeText(s)}: ${c.raised.x} × 401 in ${duration(s.end - s.start)}; ` +
    `${causeText(d)}.${ev !== null ? ` It ${ev.text}.` : ''}`;
  return {
    message,
    advice: adviceFor(d, s.routes.length) + (ev !== null ? ` (It ${ev.text}: start there.)` : ''),
    method: s.method,
    route: s.route,
    status: [401],
    window: { start: s.start, end: s.end },
    count: c.raised.x,
    severity: severityFor(d, s, ctx),
    evidence: {
      cause: d.cause,
      shape: c.returned ? 'spike' : 'level-shift',
      onset: new Date(s.start).toISOString(),
      durationMinutes: Math.round((s.end - s.start) / 60_000),
      baselineRate: c.baseline.rate,
      raisedRate: c.raised.rate,
      afterRate: c.after.windows > 0 ? c.after.rate : null,
      baselineRequests: c.baseline.n,
      raisedRequests: c.raised.n,
      excess: Math.round(c.excess),
      routes: s.routes.length,
      topRoutes: s.routes.slice(0, 10).map((r) => ({ method: r.method, route: r.route, count: r.x, baselineRate: r.baselineRate, raisedRate: r.raisedRate })),
      clients: d.clients,
      topClients: d.topClients,
      topAgents: d.topAgents,
      topAgentTrafficShare: d.topAgentTrafficShare,
      clientSucceededBefore: d.succeededBefore,
      authenticatedAtOnset: d.authenticatedAtOnset,
      event: ev,
      log10P: c.logP / Math.LN10,
      dispersion: c.dispersion,
      testsCorrectedFor: s.tests,
    },
    samples: s.samples,
    fingerprintParts: [s.scope, new Date(s.start).toISOString()],
  };
}

export default defineRule({
  meta: {
    id: 'unauthorized-spike',
    severity: 'error',
    description: 'the 401 share jumps at a moment (key rotation, expired credential, a release that stops refreshing tokens)',
    codes: [401],
    references: ['RFC 9110 §15.5.2', 'RFC 6750 §3.1'],
    options: SPIKE_OPTIONS,
  },
  check(cube, ctx) {
    const statuses = [...cube.statusCounts().keys()].sort((a, b) => a - b);
    if (!statuses.includes(401)) return [];
    // preflights carry no credentials by design; a 401 on OPTIONS is preflight-auth-failure's
    const spikes = detectSpikes(cube, { isTarget: (st) => st === 401, excludeRoute: (m) => m === 'OPTIONS', ...spikeSettings(ctx.options) });
    // a route that answers 401 where 403 belongs jumps when people start using it; that is
    // unauthorized-for-forbidden's finding, with the right advice, not an auth breakage
    const forbidden = new Set(forbiddenRoutes(cube).map((f) => f.group.method + ' ' + f.group.route));
    // likewise a route where a few clients hammer a 401 in a loop: that is a retry storm
    const cells = cube.cells((st) => st === 401);
    const retryShare = (s: Spike): number => {
      const routes = new Set(s.routes.map((r) => r.method + ' ' + r.route));
      const inSeg = new Set(s.windows);
      let n = 0;
      let r = 0;
      for (const c of cells) {
        if (!inSeg.has(c.window) || !routes.has(c.method + ' ' + c.route)) continue;
        n += c.count;
        r += c.m.retryStreak;
      }
      return n === 0 ? 0 : r / n;
    };
    const narrow = (s: Spike): boolean => s.routes.length > 0 && s.routes.length < 3;
    return spikes
      .filter((s) => {
        // the change is (almost all) on routes that answer 401 where 403 belongs
        const total = s.routes.reduce((n, r) => n + Math.max(0, r.excess), 0);
        const onForbidden = s.routes.filter((r) => forbidden.has(r.method + ' ' + r.route)).reduce((n, r) => n + Math.max(0, r.excess), 0);
        return !(total > 0 && onForbidden >= 0.8 * total);
      })
      .map((s) => ({ s, f: toFinding(cube, s, ctx, statuses) }))
      // (one client looping on a dead credential stays here: "expired credential" is the better advice)
      .filter(({ s, f }) => !(narrow(s) && retryShare(s) >= 0.5 && f.evidence?.cause !== 'one-client'))
      .map(({ f }) => f);
  },
});
