import type { Cell } from '../src/cube/cube.js';
import { OTHER_ROUTE } from '../src/cube/cube.js';
import { numberOption } from '../src/engine/options.js';
import { defineRule, type FindingDraft } from '../src/engine/types.js';
import { iso, pct, plural, samplesOf, span, spanText, whoEvidence } from './lib/catalogue.js';

/**
 * A resource that exists but does not support the method must answer 405 Method Not
 * Allowed with an Allow header (RFC 9110 §15.5.6); 404 says the resource does not exist,
 * so clients, crawlers and monitors conclude the wrong thing. 501 says the server supports
 * the method for no resource at all (§15.6.2), which is false when it serves it elsewhere.
 *
 * Cautious by design: the 404s for a method must be consistent (that method never succeeds
 * on the route from some point on — the whole log, or since a release that dropped the
 * handler) and numerous, come from more than one client, and the route must keep serving
 * another method over the same time. A GET that 404s on `/items/:id` while other ids answer
 * 200 is an ordinary missing id (same method), and a route whose only successes are
 * DELETEs is a resource that is gone, not a wrong method.
 */

const STANDARD = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const DEFAULT_MIN_404 = 5;
const DEFAULT_MIN_501 = 1;
const DEFAULT_MIN_CLIENTS = 2;
/** the share of a method's requests on the route that must be 404 for the 404 to count as consistent */
const CONSISTENT_SHARE = 0.9;
/** successes of the served method needed to say the route exists */
const MIN_SERVED = 3;

const isOk = (s: number): boolean => s >= 200 && s < 400;

export default defineRule({
  meta: {
    id: 'not-found-for-wrong-method',
    severity: 'warning',
    description: 'a route served for one method answers 404 (or 501) for another: that is 405 with Allow',
    codes: [404, 501],
    references: ['RFC 9110 §15.5.6', 'RFC 9110 §15.5.5', 'RFC 9110 §15.6.2', 'RFC 9110 §10.2.1', 'RFC 9110 §9.1'],
    options: {
      min404: { type: 'number', default: DEFAULT_MIN_404, min: 1, description: 'the fewest 404s of one method on one route before it is judged' },
      min501: { type: 'number', default: DEFAULT_MIN_501, min: 1, description: 'the fewest 501s of one method on one route before it is judged' },
      minClients: { type: 'number', default: DEFAULT_MIN_CLIENTS, min: 1, description: 'the fewest distinct clients behind the 404s' },
    },
  },
  check(cube, ctx) {
    const min404 = numberOption(ctx.options, 'min404');
    const min501 = numberOption(ctx.options, 'min501');
    const minClients = numberOption(ctx.options, 'minClients');
    /** methods served 2xx anywhere: a 501 for one of them is false on its face */
    const servedAnywhere = cube.methodsWith((st) => st >= 200 && st < 300);
    // only a route with a 404 or 501 can be judged: grouping the cells of every route was
    // 13 MB of garbage at 3M lines
    const judged = cube.routeIdsWith((st) => st === 404 || st === 501);
    for (const unjudged of [OTHER_ROUTE, '-', '*']) {
      const id = cube.findRoute(unjudged);
      if (id !== undefined) judged[id] = 0;
    }
    const standard = Uint8Array.from(cube.methods, (m) => (STANDARD.has(m) ? 1 : 0));
    /**
     * route id → method id → the slots of its cells (in window order, as sortedSlots gives
     * them); routes in first-seen order. By ids: the routes with a 404 hold half the cells
     * of a big log, and a route name, a method name and two string-keyed lookups per cell
     * were most of this rule's time.
     */
    const slotsOf: (number[] | undefined)[][] = [];
    const routeOrder: number[] = [];
    // Slots, not cells: a cell object each is built only for the few cells a finding shows (view, below).
    const order = cube.sortedSlots();
    for (let at = 0; at < order.length; at++) {
      const s = order[at]!;
      const routeId = cube.routeIdAt(s);
      if (judged[routeId] === 0) continue;
      const methodId = cube.methodIdAt(s);
      if (standard[methodId] === 0) continue;
      let r = slotsOf[routeId];
      if (r === undefined) {
        slotsOf[routeId] = r = [];
        routeOrder.push(routeId);
      }
      (r[methodId] ??= []).push(s);
    }
    /** route → method → slots (the methods' order does not show: findings sort them by name) */
    const byRoute = new Map<string, Map<string, number[]>>();
    for (const routeId of routeOrder) {
      const methods = new Map<string, number[]>();
      slotsOf[routeId]!.forEach((slots, methodId) => methods.set(cube.methods[methodId]!, slots!));
      byRoute.set(cube.routes[routeId]!, methods);
    }
    const view = (slots: readonly number[]): Cell[] => slots.map((s) => cube.cellAt(s));
    const countOf = (slots: readonly number[]): number => slots.reduce((n, s) => n + cube.countAt(s), 0);
    const findings: FindingDraft[] = [];
    for (const [route, methods] of byRoute) {
      if (methods.size < 2) continue;
      for (const [method, slots] of [...methods].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        // consider the time after the method last succeeded or redirected on this route: the
        // whole log if it never did, or the stretch since a release dropped its handler
        let lastOk = -Infinity;
        for (const s of slots) if (isOk(cube.statusAt(s)) && cube.windowAt(s) > lastOk) lastOk = cube.windowAt(s);
        const after = slots.filter((s) => cube.windowAt(s) > lastOk);
        const total = countOf(after);
        if (total === 0) continue;
        const slots404 = after.filter((s) => cube.statusAt(s) === 404);
        const slots501 = after.filter((s) => cube.statusAt(s) === 501);
        const n404 = countOf(slots404);
        const n501 = countOf(slots501);
        const judge404 = n404 >= min404 && n404 >= total * CONSISTENT_SHARE;
        const judge501 = n501 >= min501 && n501 >= total * CONSISTENT_SHARE;
        if (!judge404 && !judge501) continue;
        // the route is served meanwhile by another method; DELETE successes only prove the
        // resource existed and is now gone
        const served: string[] = [];
        let servedOk = 0;
        for (const [m, mc] of methods) {
          if (m === method || m === 'DELETE') continue;
          const ok = countOf(mc.filter((s) => cube.windowAt(s) > lastOk && cube.statusAt(s) >= 200 && cube.statusAt(s) < 300));
          if (ok >= MIN_SERVED) {
            served.push(m);
            servedOk += ok;
          }
        }
        if (served.length === 0) continue;
        served.sort();
        // HEAD is answered like GET by every general-purpose server (RFC 9110 §9.1)
        const allow = [...new Set([...served, ...(served.includes('GET') ? ['HEAD'] : [])])].sort().join(', ');
        // onset: the first window, after the last success, in which the method failed this way
        const failing = judge404 ? slots404 : slots501;
        const since = Number.isFinite(lastOk) ? Math.min(...failing.map((s) => cube.windowAt(s))) : null;
        const sinceText = since === null ? '' : ` since ${iso(since)}, although it succeeded before (a handler went missing),`;
        if (judge404) {
          const who = cube.whoOnRoute(method, route, 404);
          const clients = who?.distinctClients() ?? minClients;
          if (clients >= minClients) {
            const cells404 = view(slots404);
            const sp = span(cells404, cube.windowMs);
            findings.push({
              message:
                `${method} ${route} answered 404 to ${plural(n404, 'request')} (${pct(n404 / total)} of its ${method}s)${sinceText} while the route serves ${served.join(', ')} (${servedOk} × 2xx), ${spanText(sp)}: ` +
                `the resource exists, the method is what is not supported.`,
              advice:
                (method === 'HEAD' && served.includes('GET')
                  ? 'Answer HEAD exactly like GET, without the body (RFC 9110 §9.3.2): general-purpose servers must support HEAD wherever they support GET (§9.1). Most frameworks do it for you once HEAD is not routed to a catch-all. '
                  : method === 'OPTIONS'
                    ? `Answer OPTIONS with 204 and \`Allow: ${allow}, OPTIONS\` (RFC 9110 §9.3.7), or 405 Method Not Allowed with \`Allow: ${allow}\` if the server does not support OPTIONS here. `
                    : `Answer 405 Method Not Allowed with \`Allow: ${allow}\` (RFC 9110 §15.5.6; the Allow header is required). `) +
                `404 tells clients, crawlers and monitors the resource does not exist, so they drop links or report broken URLs instead of fixing the method. ` +
                `Most frameworks do this when the route is declared for its methods rather than matched by a catch-all.` +
                (since === null ? '' : ` If ${method} should work here, a release dropped its handler: restore it.`) +
                ' (statuslint explain 404 405)',
              method,
              route,
              status: [404],
              window: sp,
              count: n404,
              evidence: { servedMethods: served, served2xx: servedOk, notFound: n404, methodRequests: total, since: since === null ? null : iso(since), suggestedAllow: allow, ...whoEvidence(who) },
              samples: samplesOf(cells404),
            });
          }
        }
        if (judge501) {
          const cells501 = view(slots501);
          const sp = span(cells501, cube.windowMs);
          const elsewhere = servedAnywhere.has(method);
          findings.push({
            message:
              `${method} ${route} answered 501 Not Implemented to ${plural(n501, 'request')}${sinceText} while the route serves ${served.join(', ')}` +
              `${elsewhere ? ` and the server serves ${method} on other routes` : ''}, ${spanText(sp)}: 501 claims the server supports ${method} for no resource at all.`,
            advice:
              `Answer 405 Method Not Allowed with \`Allow: ${allow}\` when this resource does not support ${method} (RFC 9110 §15.5.6). ` +
              `501 (RFC 9110 §15.6.2) is for a method the server does not recognise or support anywhere; it is a server error, so monitors page someone and clients may retry. (statuslint explain 501 405)`,
            method,
            route,
            status: [501],
            window: sp,
            count: n501,
            evidence: { servedMethods: served, served2xx: servedOk, notImplemented: n501, methodServedElsewhere: elsewhere, suggestedAllow: allow, ...whoEvidence(cube.whoOnRoute(method, route, 501)) },
            samples: samplesOf(cells501),
            fingerprintParts: ['501'],
          });
        }
      }
    }
    return findings;
  },
});
