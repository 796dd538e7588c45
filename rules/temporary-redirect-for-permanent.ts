import type { Cell } from '../src/cube/cube.js';
import { defineRule, type FindingDraft } from '../src/engine/types.js';
import { earliestSamples, iso, numberOption, routeKey, spanOf } from './support/web.js';

/**
 * A 302/307 that answers every GET/HEAD of a route, for many clients over a long time,
 * behaves as a permanent redirect. 301/308 say so: search engines move the page's signals
 * to the target and clients and caches may reuse the redirect (RFC 9110 §15.4.2, §15.4.9;
 * heuristically cacheable per RFC 9111 §4.2.2), so repeat visits skip a round trip.
 *
 * Redirects that depend on who asks stay temporary and are not flagged: a route that also
 * answers 2xx (e.g. logged-in users), the site root (locale/geo redirects), and routes
 * named like login, account, cart or outbound-link redirectors.
 */

export const DEFAULT_MIN_SPAN_HOURS = 24;
export const DEFAULT_MIN_REQUESTS = 20;
export const DEFAULT_MIN_CLIENTS = 3;
export const DEFAULT_MIN_SHARE = 0.95;

const TEMPORARY = new Set([302, 307]);

/** path segments of routes whose redirect target depends on the visitor or the query string */
const CONDITIONAL_SEGMENTS = new Set([
  'login', 'logout', 'signin', 'sign-in', 'signout', 'sign-out', 'signup', 'register', 'auth', 'oauth', 'oauth2', 'sso', 'saml',
  'session', 'sessions', 'account', 'accounts', 'my', 'me', 'profile', 'dashboard', 'admin', 'cart', 'basket', 'checkout',
  'out', 'go', 'redirect', 'redir', 'click', 'track', 'away', 'exit', 'external', 'outbound', 'jump', 'url', 'link',
  'download', 'downloads', 'latest', 'current', 'random', 'lang', 'locale', 'language', 'callback',
]);

export function looksConditional(route: string): string | null {
  if (route === '/' || route === '') return 'the site root (locale or geo redirects are rightly temporary)';
  for (const seg of route.toLowerCase().split('/')) {
    const word = seg.replace(/\.[a-z0-9]+$/, '');
    if (CONDITIONAL_SEGMENTS.has(word)) return `"${seg}" routes usually redirect per visitor or per query string`;
  }
  return null;
}

export default defineRule({
  meta: {
    id: 'temporary-redirect-for-permanent',
    severity: 'info',
    description: 'a 302/307 that answers every request of a route over a long period (301/308 keeps link equity and lets clients cache)',
    codes: [302, 307],
    references: ['RFC 9110 §15.4.2', 'RFC 9110 §15.4.3', 'RFC 9110 §15.4.8', 'RFC 9110 §15.4.9', 'RFC 9111 §4.2.2'],
  },
  check(cube, ctx) {
    const minSpanMs = numberOption(ctx.options, 'minSpanHours', DEFAULT_MIN_SPAN_HOURS, 0) * 3_600_000;
    const minRequests = numberOption(ctx.options, 'minRequests', DEFAULT_MIN_REQUESTS, 1);
    const minClients = numberOption(ctx.options, 'minClients', DEFAULT_MIN_CLIENTS, 1);
    const minShare = numberOption(ctx.options, 'minShare', DEFAULT_MIN_SHARE, 0);
    const routes = new Map<string, Cell[]>();
    for (const c of cube.cells()) {
      if (c.method !== 'GET' && c.method !== 'HEAD') continue;
      const k = routeKey(c);
      const list = routes.get(k);
      if (list === undefined) routes.set(k, [c]);
      else list.push(c);
    }
    const findings: FindingDraft[] = [];
    for (const cells of routes.values()) {
      const redirects = cells.filter((c) => TEMPORARY.has(c.status));
      if (redirects.length === 0) continue;
      const { method, route } = cells[0]!;
      const redirectCount = redirects.reduce((n, c) => n + c.count, 0);
      const total = cells.reduce((n, c) => n + c.count, 0);
      // any success means the redirect is conditional (e.g. only anonymous visitors are sent to log in)
      if (cells.some((c) => c.status >= 200 && c.status < 300)) continue;
      if (redirectCount < minRequests || redirectCount / total < minShare) continue;
      if (looksConditional(route) !== null) continue;
      const span = spanOf(redirects, cube.windowMs);
      if (span.end - span.start < minSpanMs) continue;
      const byStatus: Record<string, number> = {};
      for (const c of redirects) byStatus[c.status] = (byStatus[c.status] ?? 0) + c.count;
      const statuses = Object.keys(byStatus).map(Number).sort((a, b) => a - b);
      let clients = 0;
      let clientsKnown = false;
      for (const s of statuses) {
        const who = cube.whoOnRoute(method, route, s);
        if (who === undefined) continue;
        clientsKnown = true;
        clients = Math.max(clients, who.distinctClients());
      }
      // one client looping on a redirect is not a page's audience; a source without
      // attribution (counts only) cannot tell, and is judged on counts and span alone
      if (clientsKnown && clients < minClients) continue;
      const crawler = redirects.reduce((n, c) => n + c.m.crawler, 0);
      const days = (span.end - span.start) / 86_400_000;
      const permanent = statuses.map((s) => (s === 307 ? 308 : 301));
      const codes = statuses.join('/');
      const instead = [...new Set(permanent)].join('/');
      findings.push({
        message:
          `${method} ${route} answered ${codes} to ${redirectCount === total ? 'all' : `${redirectCount} of`} ${total} requests over ${days >= 2 ? days.toFixed(1) + ' days' : ((span.end - span.start) / 3_600_000).toFixed(0) + ' h'} ` +
          `(${iso(span.start)} – ${iso(span.end)}${clientsKnown ? `, ${clients} clients` : ''}${crawler > 0 ? `, ${crawler} from search crawlers` : ''}): a redirect that never changes is permanent in practice.`,
        advice:
          `If the target is permanent, answer ${instead} (${statuses.includes(307) ? '308 keeps the method and body, like 307' : '301, or 308 to keep the method'}): search engines move the page's ranking to the target, ` +
          'and browsers and caches may reuse a permanent redirect (RFC 9111 §4.2.2) so repeat visitors skip a round trip. ' +
          'Keep 302/307 if the target depends on who asks (login state, locale, A/B test) or will change soon; browsers cache 301/308 for a long time, so roll it out with a short Cache-Control max-age first.',
        method,
        route,
        status: statuses,
        window: span,
        count: redirectCount,
        evidence: {
          byStatus,
          requestsOnRoute: total,
          redirectShare: redirectCount / total,
          spanHours: (span.end - span.start) / 3_600_000,
          distinctClients: clientsKnown ? clients : null,
          crawlerRequests: crawler,
          windows: new Set(redirects.map((c) => c.window)).size,
          otherStatuses: Object.fromEntries(cells.filter((c) => !TEMPORARY.has(c.status)).reduce((m, c) => m.set(c.status, (m.get(c.status) ?? 0) + c.count), new Map<number, number>())),
        },
        samples: earliestSamples(redirects),
      });
    }
    return findings;
  },
});
