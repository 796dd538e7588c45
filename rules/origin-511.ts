import { defineRule, type FindingDraft } from '../src/engine/types.js';
import { groupByRoute } from './lib/catalogue.js';

/**
 * 511 Network Authentication Required belongs to intercepting proxies that control
 * network access (captive portals, RFC 6585 §6). An origin or API sending it tells
 * browsers to show a network sign-in page and tells API clients the network, not their
 * credentials, is the problem. This rule finds 511s the logged server answered itself
 * and says what they stand for, from what else happened on the same route and windows.
 */

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
    // 511s, and every other answer on their routes: other 5xx make a burst, collapsing successes an outage
    const routes511 = cube.routesWith((s) => s === 511);
    const cells = routes511.size === 0 ? [] : cube.cells((_s, _m, route) => routes511.has(route));
    const findings: FindingDraft[] = [];
    const windowMs = cube.windowMs;
    // a counts-only source (Prometheus) knows neither who answered nor who was signed in:
    // the rule still runs, on what the route and its other statuses say
    const knowsUpstream = cube.lacks('upstreamKnown', 'upstreamSame') === null;
    const knowsIdentity = cube.lacks('authenticated') === null;
    for (const g of groupByRoute(cells, (c) => c.status === 511)) {
      const count = g.cells.reduce((n, c) => n + c.count, 0);
      const upstreamKnown = g.cells.reduce((n, c) => n + c.m.upstreamKnown, 0);
      const upstreamSame = g.cells.reduce((n, c) => n + c.m.upstreamSame, 0);
      // the log says who answered: if the upstream answered something else, a proxy in front produced the 511
      const fromProxy = knowsUpstream && upstreamKnown > 0 && upstreamSame === 0;
      const authenticated = g.cells.reduce((n, c) => n + c.m.authenticated, 0);
      const windows = new Set(g.cells.map((c) => c.window));
      // the same route inside and outside the 511 windows: other 5xx and successes
      let serverErrorsAlongside = 0;
      let requestsAlongside = 0;
      let okAlongside = 0;
      let serverErrorsElsewhere = 0;
      let requestsElsewhere = 0;
      let okElsewhere = 0;
      for (const c of cells) {
        if (c.route !== g.route || c.method !== g.method || c.status === 511) continue;
        const inside = windows.has(c.window);
        const five = c.status >= 500 && c.status <= 599 ? c.count : 0;
        const ok = c.status >= 200 && c.status < 400 ? c.count : 0;
        if (inside) {
          serverErrorsAlongside += five;
          requestsAlongside += c.count;
          okAlongside += ok;
        } else {
          serverErrorsElsewhere += five;
          requestsElsewhere += c.count;
          okElsewhere += ok;
        }
      }
      const baseFive = requestsElsewhere > 0 ? serverErrorsElsewhere / requestsElsewhere : 0;
      const shareFive = requestsAlongside + count > 0 ? serverErrorsAlongside / (requestsAlongside + count) : 0;
      // a 5xx burst beside the 511s, or the route's successes collapsing while they are sent (an outage)
      const burst = serverErrorsAlongside >= 1 && shareFive >= Math.max(2 * baseFive, 0.02);
      const okRateIn = requestsAlongside + count > 0 ? okAlongside / (requestsAlongside + count) : 0;
      const okRateOut = requestsElsewhere > 0 ? okElsewhere / requestsElsewhere : 0;
      const outage = requestsElsewhere >= 20 && okRateOut > 0.5 && okRateIn < okRateOut / 2;
      const serverLike = burst || outage;
      const routeLower = g.route.toLowerCase();
      const authRoute = AUTH_ROUTE_WORDS.some((w) => routeLower.includes(w));
      // on a counts-only cube (Prometheus) identity is unknown: do not read "no identity" into it
      const unauthenticatedShare = !knowsIdentity ? null : count === 0 ? 0 : 1 - authenticated / count;
      const authLike = authRoute || (unauthenticatedShare !== null && unauthenticatedShare >= 0.8);
      // both: 511s that go to requests without identity and outnumber the other 5xx are an auth answer
      const usedAs = fromProxy
        ? 'proxy'
        : // on a login route, collapsing successes are refused logins, not an outage
          serverLike && (!authLike || serverErrorsAlongside >= count / 2 || (outage && !authRoute))
          ? 'server-error'
          : authLike
            ? 'missing-credentials'
            : 'unclear';
      const partlyProxied = knowsUpstream && !fromProxy && upstreamKnown > 0 && upstreamSame < upstreamKnown ? upstreamKnown - upstreamSame : 0;
      const start = Math.min(...g.cells.map((c) => c.window));
      const end = Math.max(...g.cells.map((c) => c.window)) + windowMs;
      const samples = g.cells.flatMap((c) => c.samples).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line)).slice(0, 3);
      const who = cube.whoOnRoute(g.method, g.route, 511);
      const where = `${g.method} ${g.route}`;
      const span = `${new Date(start).toISOString()} – ${new Date(end).toISOString()}`;
      let message: string;
      let advice: string;
      if (usedAs === 'proxy') {
        message = `${count} × 511 on ${where} came from a proxy in front of the app (the upstream answered other codes), ${span}: the app is not the one misusing it.`;
        advice =
          'A proxy or captive portal in the request path is intercepting these requests. If it is yours (an auth gateway, a WAF), ' +
          'it should answer 401 with WWW-Authenticate for missing credentials, or 502/503/504 when the app behind it fails; ' +
          'reserve 511 for network-access portals (RFC 6585 §6).';
      } else if (usedAs === 'server-error') {
        message =
          `${where} answered 511 ${count} times while the same route was ${outage && !burst ? `failing (its success rate fell from ${Math.round(okRateOut * 100)}% to ${Math.round(okRateIn * 100)}%)` : `failing with ${serverErrorsAlongside} other 5xx`}, ${span}: ` +
          '511 is standing in for a server error — monitoring counts the outage as an authentication problem, and browsers may show a network sign-in page.';
        advice =
          'Return 500 for an unexpected failure, 502 or 504 when an upstream failed or timed out, 503 (with Retry-After) when the service is overloaded or down. ' +
          '511 tells browsers to show a network sign-in page and makes monitoring count an outage as an authentication problem. (statuslint explain 511 500)';
      } else if (usedAs === 'missing-credentials') {
        message =
          `${where} answered 511 ${count} times to requests ${authRoute ? 'on an authentication route' : 'that carried no identity'}, ${span}: 511 is standing in for 401 — ` +
          'API clients that re-authenticate on 401 never do on 511, and browsers may show a network sign-in page.';
        advice =
          'Answer missing or invalid credentials with 401 and a WWW-Authenticate challenge, and a lack of permission with 403. ' +
          'API clients that re-authenticate on 401 never do so on 511, browsers may show a network sign-in page, and caches and retries follow the wrong class. (statuslint explain 511 401)';
      } else {
        message = `${where} answered 511 Network Authentication Required ${count} times, ${span}; only captive portals that control network access should send it.`;
        advice =
          'If these are failures, return 500/502/503/504; if the request lacked credentials, return 401 with WWW-Authenticate (403 for lack of permission). ' +
          'RFC 6585 §6 reserves 511 for intercepting proxies; clients treat it as a network sign-in requirement. (statuslint explain 511 401)';
      }
      if (partlyProxied > 0) message += ` (${partlyProxied} of them came from a proxy in front: the upstream answered another status.)`;
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
          serverErrorShareInSameWindows: shareFive,
          serverErrorShareOtherwise: baseFive,
          successRateInSameWindows: okRateIn,
          successRateOtherwise: okRateOut,
          authRoute,
          fromProxyPartly: partlyProxied,
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
