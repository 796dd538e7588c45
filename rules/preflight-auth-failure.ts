import { defineRule, type FindingDraft } from '../src/engine/types.js';
import { groupByKey, pct, plural, samplesOf, span, spanText, sum, whoEvidence } from './lib/catalogue.js';

/**
 * A CORS preflight is an OPTIONS request the browser sends on its own before a
 * cross-origin request with credentials or custom headers; it never carries credentials
 * (Fetch standard, CORS-preflight fetch). An auth layer that demands them on OPTIONS
 * answers 401/403, the preflight fails, and the browser never sends the real request:
 * the user sees a CORS error, not an auth error.
 *
 * Non-browser OPTIONS are not preflights: WebDAV clients (Microsoft-WebDAV-MiniRedir,
 * Office "Protocol Discovery") send OPTIONS and answer a 401 challenge with credentials,
 * which is the normal HTTP authentication dance. Only browser user agents count.
 */

const BROWSER_FAMILIES = ['Chrome', 'Firefox', 'Safari', 'Edge', 'Opera', 'Internet Explorer'];

function isBrowserFamily(f: string): boolean {
  return BROWSER_FAMILIES.some((b) => f === b || f.startsWith(b + ' '));
}

export default defineRule({
  meta: {
    id: 'preflight-auth-failure',
    severity: 'warning',
    description: 'CORS preflight (OPTIONS) answered 401/403: preflights never carry credentials, so the real request is never sent',
    codes: [401, 403],
    references: ['Fetch Standard §4.8 CORS-preflight fetch', 'RFC 9110 §9.3.7', 'RFC 9110 §15.5.2', 'RFC 9110 §15.5.4'],
  },
  check(cube) {
    const findings: FindingDraft[] = [];
    for (const g of groupByKey(cube.cells((s, method) => method === 'OPTIONS' && (s === 401 || s === 403)))) {
      const count = sum(g.cells, 'count');
      const who = cube.whoOnRoute('OPTIONS', g.route, g.status);
      // browsers by user-agent family; with no attribution (metrics source) every OPTIONS counts
      let browser = count;
      let nonBrowser = 0;
      if (who !== undefined) {
        const agents = who.agents.sorted();
        const known = agents.reduce((n, [, k]) => n + k, 0);
        browser = agents.filter(([f]) => isBrowserFamily(f)).reduce((n, [, k]) => n + k, 0);
        // families beyond the top list are unknown: counted as non-browser (no wolf cried)
        nonBrowser = known - browser + who.agents.other + Math.max(0, count - known - who.agents.other);
      }
      if (browser === 0) continue;
      const sp = span(g.cells, cube.windowMs);
      const where = `OPTIONS ${g.route}`;
      if (who === undefined) {
        // a metrics source has no user agents: it may be preflights or WebDAV, so say so, as info
        findings.push({
          message: `${where} answered ${g.status} to ${plural(count, 'request')}, ${spanText(sp)}; the source has no user agents, so whether these are CORS preflights (which never carry credentials) cannot be told.`,
          advice: 'If browsers call this route cross-origin, let OPTIONS through the authentication layer and answer the preflight with 200/204 and the Access-Control-Allow-* headers; check credentials on the real request.',
          method: 'OPTIONS',
          route: g.route,
          status: [g.status],
          window: sp,
          count,
          severity: 'info',
          evidence: { optionsRequests: count, fromBrowsers: null, fromOtherAgents: null },
          samples: samplesOf(g.cells),
        });
        continue;
      }
      findings.push({
        message:
          `${where} answered ${g.status} to ${plural(browser, 'browser preflight')}${nonBrowser > 0 ? ` (of ${count} OPTIONS; ${nonBrowser} from non-browser agents)` : ''}, ${spanText(sp)}: ` +
          `preflights never carry credentials, so ${pct(browser / count)} of these failed and the browser never sent the real request.`,
        advice:
          'Let OPTIONS through the authentication layer and answer the preflight itself (200 or 204 with Access-Control-Allow-Origin, -Methods and -Headers, or without them to refuse the origin). ' +
          'Check credentials on the actual request that follows, and answer that one 401/403. In most frameworks: register the CORS middleware before the auth middleware, or exempt OPTIONS from it. (statuslint explain ' +
          `${g.status} 204)`,
        method: 'OPTIONS',
        route: g.route,
        status: [g.status],
        window: sp,
        count: browser,
        evidence: { optionsRequests: count, fromBrowsers: browser, fromOtherAgents: nonBrowser, ...whoEvidence(who) },
        samples: samplesOf(g.cells),
      });
    }
    return findings;
  },
});
