import type { Cell } from '../src/cube/cube.js';
import { OTHER_ROUTE } from '../src/cube/cube.js';
import { defineRule, type FindingDraft } from '../src/engine/types.js';
import { pct, plural, samplesOf, span, spanText, whoEvidence } from './lib/catalogue.js';

/**
 * A resource that exists but does not support the method must answer 405 Method Not
 * Allowed with an Allow header (RFC 9110 §15.5.6); 404 says the resource does not exist,
 * so clients, crawlers and monitors conclude the wrong thing. 501 says the server supports
 * the method for no resource at all (§15.6.2), which is false when it serves it elsewhere.
 *
 * Cautious by design: the 404s for a method must be consistent (that method never succeeds
 * on the route) and numerous, and the route must serve another method. A GET that 404s on
 * `/items/:id` while other ids answer 200 is an ordinary missing id (same method), and a
 * route whose only successes are DELETEs is a resource that is gone, not a wrong method.
 */

const STANDARD = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const DEFAULT_MIN_404 = 5;
const DEFAULT_MIN_501 = 1;
/** the share of a method's requests on the route that must be 404 for the 404 to count as consistent */
const CONSISTENT_SHARE = 0.9;
/** successes of the served method needed to say the route exists */
const MIN_SERVED = 3;

interface MethodStats {
  total: number;
  ok: number;
  redirect: number;
  notFound: number;
  notImplemented: number;
  cells404: Cell[];
  cells501: Cell[];
}

function stats(): MethodStats {
  return { total: 0, ok: 0, redirect: 0, notFound: 0, notImplemented: 0, cells404: [], cells501: [] };
}

function numberOption(v: unknown, dflt: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 1 ? v : dflt;
}

export default defineRule({
  meta: {
    id: 'not-found-for-wrong-method',
    severity: 'warning',
    description: 'a route served for one method answers 404 (or 501) for another: that is 405 with Allow',
    codes: [404, 501],
    references: ['RFC 9110 §15.5.6', 'RFC 9110 §15.5.5', 'RFC 9110 §15.6.2', 'RFC 9110 §10.2.1', 'RFC 9110 §9.1'],
  },
  check(cube, ctx) {
    const min404 = numberOption(ctx.options.min404, DEFAULT_MIN_404);
    const min501 = numberOption(ctx.options.min501, DEFAULT_MIN_501);
    const byRoute = new Map<string, Map<string, MethodStats>>();
    /** methods served 2xx anywhere: a 501 for one of them is false on its face */
    const servedAnywhere = new Set<string>();
    for (const c of cube.cells()) {
      if (c.route === OTHER_ROUTE || c.route === '-' || c.route === '*') continue;
      let r = byRoute.get(c.route);
      if (r === undefined) byRoute.set(c.route, (r = new Map()));
      let s = r.get(c.method);
      if (s === undefined) r.set(c.method, (s = stats()));
      s.total += c.count;
      if (c.status >= 200 && c.status < 300) {
        s.ok += c.count;
        servedAnywhere.add(c.method);
      } else if (c.status >= 300 && c.status < 400) s.redirect += c.count;
      else if (c.status === 404) {
        s.notFound += c.count;
        s.cells404.push(c);
      } else if (c.status === 501) {
        s.notImplemented += c.count;
        s.cells501.push(c);
      }
    }
    const findings: FindingDraft[] = [];
    for (const [route, methods] of byRoute) {
      // methods the route serves; DELETE successes only prove the resource existed and is now gone
      const served = [...methods].filter(([m, s]) => STANDARD.has(m) && m !== 'DELETE' && s.ok >= MIN_SERVED).map(([m]) => m).sort();
      if (served.length === 0) continue;
      const servedOk = served.reduce((n, m) => n + methods.get(m)!.ok, 0);
      for (const [method, s] of [...methods].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        if (!STANDARD.has(method) || served.includes(method)) continue;
        // a method that ever succeeds or redirects on the route is supported there
        if (s.ok > 0 || s.redirect > 0) continue;
        // HEAD is answered like GET by every general-purpose server (RFC 9110 §9.1), so a HEAD 404 beside a served GET is wrong too
        const allow = [...new Set([...served, ...(served.includes('GET') ? ['HEAD'] : [])])].sort().join(', ');
        if (s.notFound >= min404 && s.notFound >= s.total * CONSISTENT_SHARE) {
          const sp = span(s.cells404, cube.windowMs);
          const who = whoEvidence(cube.whoOnRoute(method, route, 404));
          findings.push({
            message:
              `${method} ${route} answered 404 to all ${plural(s.notFound, 'request')} (${pct(s.notFound / s.total)} of its ${method}s) while the route serves ${served.join(', ')} (${servedOk} × 2xx), ${spanText(sp)}: ` +
              `the resource exists, the method is what is not supported.`,
            advice:
              `Answer 405 Method Not Allowed with \`Allow: ${allow}\` (RFC 9110 §15.5.6; the Allow header is required). ` +
              `404 tells clients, crawlers and monitors the resource does not exist, so they drop links or report broken URLs instead of fixing the method. ` +
              `Most frameworks do this when the route is declared for its methods rather than matched by a catch-all. (statuslint explain 404 405)`,
            method,
            route,
            status: [404],
            window: sp,
            count: s.notFound,
            evidence: { servedMethods: served, served2xx: servedOk, notFound: s.notFound, methodRequests: s.total, suggestedAllow: allow, ...who },
            samples: samplesOf(s.cells404),
          });
        }
        if (s.notImplemented >= min501 && s.notImplemented >= s.total * CONSISTENT_SHARE) {
          const sp = span(s.cells501, cube.windowMs);
          const elsewhere = servedAnywhere.has(method);
          findings.push({
            message:
              `${method} ${route} answered 501 Not Implemented to ${plural(s.notImplemented, 'request')} while the route serves ${served.join(', ')}` +
              `${elsewhere ? ` and the server serves ${method} on other routes` : ''}, ${spanText(sp)}: 501 claims the server supports ${method} for no resource at all.`,
            advice:
              `Answer 405 Method Not Allowed with \`Allow: ${allow}\` when this resource does not support ${method} (RFC 9110 §15.5.6). ` +
              `501 (RFC 9110 §15.6.2) is for a method the server does not recognise or support anywhere; it is a server error, so monitors page someone and clients may retry. (statuslint explain 501 405)`,
            method,
            route,
            status: [501],
            window: sp,
            count: s.notImplemented,
            evidence: { servedMethods: served, served2xx: servedOk, notImplemented: s.notImplemented, methodServedElsewhere: elsewhere, suggestedAllow: allow, ...whoEvidence(cube.whoOnRoute(method, route, 501)) },
            samples: samplesOf(s.cells501),
            fingerprintParts: ['501'],
          });
        }
      }
    }
    return findings;
  },
});
