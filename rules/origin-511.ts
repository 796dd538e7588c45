import type { Cell } from '../src/cube/cube.js';
import { defineRule, type FindingDraft } from '../src/engine/types.js';

/**
 * 511 Network Authentication Required belongs to intercepting proxies that control
 * network access (captive portals, RFC 6585 §6). An origin or API sending it tells
 * browsers to show a network sign-in page and tells API clients the network, not their
 * credentials, is the problem. This rule finds 511s the logged server answered itself
 * and says what they stand for, from what else happened on the same route and windows.
 */

interface RouteGroup {
  method: string;
  route: string;
  cells: Cell[];
}

function groupByRoute(cells: readonly Cell[], status: number): RouteGroup[] {
  const groups = new Map<string, RouteGroup>();
  for (const c of cells) {
    if (c.status !== status) continue;
    const k = c.method + ' ' + c.route;
    let g = groups.get(k);
    if (g === undefined) {
      g = { method: c.method, route: c.route, cells: [] };
      groups.set(k, g);
    }
    g.cells.push(c);
  }
  return [...groups.values()];
}

const AUTH_ROUTE_WORDS = ['login', 'signin', 'sign-in', 'auth', 'token', 'oauth', 'session', 'account'];

export default defineRule({
  meta: {
    id: 'origin-511',
    severity: 'error',
    description: '511 Network Authentication Required sent by an origin/app (reserved for captive portals)',
    codes: [511],
    references: ['RFC 6585 §6', 'RFC 9110 §15.5.2'],
  },
  check(cube) {
    // 511s, and the other 5xx they may stand in for
    const cells = cube.cells((s) => s >= 500 && s < 600);
    const findings: FindingDraft[] = [];
    const windowMs = cube.windowMs;
    // a counts-only source (Prometheus) knows neither who answered nor who was signed in:
    // the rule still runs, on what the route and its other statuses say
    const knowsUpstream = cube.lacks('upstreamKnown', 'upstreamSame') === null;
    const knowsIdentity = cube.lacks('authenticated') === null;
    for (const g of groupByRoute(cells, 511)) {
      const count = g.cells.reduce((n, c) => n + c.count, 0);
      const upstreamKnown = g.cells.reduce((n, c) => n + c.m.upstreamKnown, 0);
      const upstreamSame = g.cells.reduce((n, c) => n + c.m.upstreamSame, 0);
      // the log says who answered: if the upstream answered something else, a proxy in front produced the 511
      const fromProxy = knowsUpstream && upstreamKnown > 0 && upstreamSame === 0;
      const authenticated = g.cells.reduce((n, c) => n + c.m.authenticated, 0);
      const windows = new Set(g.cells.map((c) => c.window));
      const serverErrorsAlongside = cells
        .filter((c) => c.route === g.route && c.status >= 500 && c.status !== 511 && windows.has(c.window))
        .reduce((n, c) => n + c.count, 0);
      const routeLower = g.route.toLowerCase();
      const authRoute = AUTH_ROUTE_WORDS.some((w) => routeLower.includes(w));
      const unauthenticatedShare = !knowsIdentity ? null : count === 0 ? 0 : 1 - authenticated / count;
      const usedAs = fromProxy ? 'proxy' : serverErrorsAlongside > 0 ? 'server-error' : authRoute || (unauthenticatedShare !== null && unauthenticatedShare >= 0.8) ? 'missing-credentials' : 'unclear';
      const start = Math.min(...g.cells.map((c) => c.window));
      const end = Math.max(...g.cells.map((c) => c.window)) + windowMs;
      const samples = g.cells.flatMap((c) => c.samples).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line)).slice(0, 3);
      const who = cube.whoOnRoute(g.method, g.route, 511);
      const where = `${g.method} ${g.route}`;
      const span = `${new Date(start).toISOString()} – ${new Date(end).toISOString()}`;
      let message: string;
      let advice: string;
      if (usedAs === 'proxy') {
        message = `${count} × 511 on ${where} came from a proxy in front of the app (the upstream answered other codes), ${span}.`;
        advice =
          'A proxy or captive portal in the request path is intercepting these requests. If it is yours (an auth gateway, a WAF), ' +
          'it should answer 401 with WWW-Authenticate for missing credentials, or 502/503/504 when the app behind it fails; ' +
          'reserve 511 for network-access portals (RFC 6585 §6).';
      } else if (usedAs === 'server-error') {
        message = `${where} answered 511 ${count} times while the same route was failing with ${serverErrorsAlongside} other 5xx, ${span}: 511 is standing in for a server error.`;
        advice =
          'Return 500 for an unexpected failure, 502 or 504 when an upstream failed or timed out, 503 (with Retry-After) when the service is overloaded or down. ' +
          '511 tells browsers to show a network sign-in page and makes monitoring count an outage as an authentication problem. (statuslint explain 511 500)';
      } else if (usedAs === 'missing-credentials') {
        message = `${where} answered 511 ${count} times to requests ${authRoute ? 'on an authentication route' : 'that carried no identity'}, ${span}: 511 is standing in for 401.`;
        advice =
          'Answer missing or invalid credentials with 401 and a WWW-Authenticate challenge, and a lack of permission with 403. ' +
          'API clients that re-authenticate on 401 never do so on 511, browsers may show a network sign-in page, and caches and retries follow the wrong class. (statuslint explain 511 401)';
      } else {
        message = `${where} answered 511 Network Authentication Required ${count} times, ${span}; only captive portals that control network access should send it.`;
        advice =
          'If these are failures, return 500/502/503/504; if the request lacked credentials, return 401 with WWW-Authenticate (403 for lack of permission). ' +
          'RFC 6585 §6 reserves 511 for intercepting proxies; clients treat it as a network sign-in requirement. (statuslint explain 511 401)';
      }
      findings.push({
        message,
        advice,
        method: g.method,
        route: g.route,
        status: [511],
        window: { start, end },
        count,
        severity: usedAs === 'proxy' ? 'warning' : undefined,
        evidence: {
          usedAs,
          authenticatedShare: !knowsIdentity ? null : count === 0 ? 0 : authenticated / count,
          serverErrorsInSameWindows: serverErrorsAlongside,
          upstreamKnown: knowsUpstream ? upstreamKnown : null,
          upstreamAnswered511: knowsUpstream ? upstreamSame : null,
          clients: who?.distinctClients() ?? null,
          topClients: who?.clients.sorted().slice(0, 5) ?? [],
        },
        samples,
      });
    }
    return findings;
  },
});
