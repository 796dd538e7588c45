import { Attribution } from '../src/cube/attribution.js';
import type { Cell, Cube } from '../src/cube/cube.js';
import { defineRule, type FindingDraft } from '../src/engine/types.js';
import { earliestSamples, iso, routeKey, spanOf } from './support/web.js';
import { numberOption } from '../src/engine/options.js';

/**
 * A 302/307 that answers every GET/HEAD of a route, for many clients over a long time,
 * behaves as a permanent redirect. 301/308 say so: search engines move the page's signals
 * to the target and clients and caches may reuse the redirect (RFC 9110 §15.4.2, §15.4.9;
 * heuristically cacheable per RFC 9111 §4.2.2), so repeat visits skip a round trip.
 *
 * Redirects that depend on who asks stay temporary and are not flagged: a route that also
 * answers 2xx (e.g. logged-in users), the site root (locale/geo redirects), and routes
 * named like login, account, cart or outbound-link redirectors.
 *
 * Slugs are not templated (`/shop/red-chair`), so a retired section redirects on many
 * routes with a few requests each: such sibling routes, each redirect-only, are judged
 * together as `/shop/*` when none of them is enough alone.
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
  // query-driven endpoints: the log's route drops the query string that picks the target
  'search', 'filter', 'filters', 'sort', 'query', 'find', 'goto', 'imagemap', 'cgi-bin',
]);

/** scripts: their redirect usually depends on parameters (an imagemap's click, a form) */
const SCRIPT_EXTENSIONS = new Set(['cgi', 'pl', 'php', 'asp', 'aspx', 'jsp', 'jspx', 'do', 'action', 'cfm', 'py', 'exe', 'dll']);

export function looksConditional(route: string): string | null {
  if (route === '/' || route === '') return 'the site root (locale or geo redirects are rightly temporary)';
  for (const seg of route.toLowerCase().split('/')) {
    const dot = seg.lastIndexOf('.');
    const word = dot > 0 ? seg.slice(0, dot) : seg;
    if (CONDITIONAL_SEGMENTS.has(word)) return `"${seg}" routes usually redirect per visitor or per query string`;
    if (dot > 0 && SCRIPT_EXTENSIONS.has(seg.slice(dot + 1))) return `a script (${seg}) usually redirects according to its parameters`;
  }
  return null;
}

/** redirect-only traffic of one route (or, merged, of sibling routes) */
interface Candidate {
  method: string;
  route: string;
  routes: number;
  redirects: Cell[];
  redirectCount: number;
  total: number;
  otherStatuses: Map<number, number>;
}

/** the route's GET/HEAD cells as a candidate, or null when its redirect is not unconditional */
function candidateOf(cells: readonly Cell[], minShare: number): Candidate | null {
  const redirects = cells.filter((c) => TEMPORARY.has(c.status));
  if (redirects.length === 0) return null;
  // any success means the redirect is conditional (e.g. only anonymous visitors are sent to log in)
  if (cells.some((c) => c.status >= 200 && c.status < 300)) return null;
  const { method, route } = cells[0]!;
  if (looksConditional(route) !== null) return null;
  const redirectCount = redirects.reduce((n, c) => n + c.count, 0);
  const total = cells.reduce((n, c) => n + c.count, 0);
  if (redirectCount / total < minShare) return null;
  const otherStatuses = new Map<number, number>();
  for (const c of cells) if (!TEMPORARY.has(c.status)) otherStatuses.set(c.status, (otherStatuses.get(c.status) ?? 0) + c.count);
  return { method, route, routes: 1, redirects, redirectCount, total, otherStatuses };
}

/** the parent of a route: `/shop/red-chair` → `/shop`; '' for top-level routes */
function parentOf(route: string): string {
  return route.slice(0, route.lastIndexOf('/'));
}

function merge(parent: string, members: readonly Candidate[]): Candidate {
  const otherStatuses = new Map<number, number>();
  for (const m of members) for (const [s, n] of m.otherStatuses) otherStatuses.set(s, (otherStatuses.get(s) ?? 0) + n);
  return {
    method: members[0]!.method,
    route: parent + '/*',
    routes: members.length,
    redirects: members.flatMap((m) => m.redirects),
    redirectCount: members.reduce((n, m) => n + m.redirectCount, 0),
    total: members.reduce((n, m) => n + m.total, 0),
    otherStatuses,
  };
}

/** distinct redirected clients of the candidate's routes (HLL-merged), null without attribution */
function clientsOf(cube: Cube, members: readonly Candidate[], statuses: readonly number[]): number | null {
  const all = new Attribution();
  let known = false;
  for (const m of members) {
    for (const s of statuses) {
      const who = cube.whoOnRoute(m.method, m.route, s);
      if (who === undefined) continue;
      known = true;
      all.mergeFrom(who);
    }
  }
  return known ? all.distinctClients() : null;
}

export default defineRule({
  meta: {
    id: 'temporary-redirect-for-permanent',
    severity: 'info',
    description: 'a 302/307 that answers every request of a route over a long period (301/308 keeps link equity and lets clients cache)',
    codes: [302, 307],
    references: ['RFC 9110 §15.4.2', 'RFC 9110 §15.4.3', 'RFC 9110 §15.4.8', 'RFC 9110 §15.4.9', 'RFC 9111 §4.2.2'],
    options: {
      minSpanHours: { type: 'number', default: DEFAULT_MIN_SPAN_HOURS, min: 0, description: 'first to last redirect of the route, in hours' },
      minRequests: { type: 'number', default: DEFAULT_MIN_REQUESTS, min: 1, description: 'redirects on the route' },
      minClients: { type: 'number', default: DEFAULT_MIN_CLIENTS, min: 1, description: 'distinct clients that were redirected (one looping client is not an audience)' },
      minShare: { type: 'number', default: DEFAULT_MIN_SHARE, min: 0, max: 1, description: "share of the route's answers that are 302/307" },
    },
  },
  check(cube, ctx) {
    const minSpanMs = numberOption(ctx.options, 'minSpanHours') * 3_600_000;
    const minRequests = numberOption(ctx.options, 'minRequests');
    const minClients = numberOption(ctx.options, 'minClients');
    const minShare = numberOption(ctx.options, 'minShare');
    const routes = new Map<string, Cell[]>();
    // only a route with a 302/307 can be a candidate: grouping every GET cell by a string
    // key built per cell was 15 MB of garbage at 3M lines
    const redirected = cube.routesWith((st) => TEMPORARY.has(st));
    for (const c of redirected.size === 0 ? [] : cube.cells((_s, method, route) => (method === 'GET' || method === 'HEAD') && redirected.has(route))) {
      const k = routeKey(c);
      const list = routes.get(k);
      if (list === undefined) routes.set(k, [c]);
      else list.push(c);
    }
    const findings: FindingDraft[] = [];
    /** true when the candidate is judged permanent (and reported) */
    const judge = (cand: Candidate, members: readonly Candidate[]): boolean => {
      if (cand.redirectCount < minRequests) return false;
      const span = spanOf(cand.redirects, cube.windowMs);
      if (span.end - span.start < minSpanMs) return false;
      const byStatus: Record<string, number> = {};
      for (const c of cand.redirects) byStatus[c.status] = (byStatus[c.status] ?? 0) + c.count;
      const statuses = Object.keys(byStatus).map(Number).sort((a, b) => a - b);
      // one client looping on a redirect is not a page's audience; a source without
      // attribution (counts only) cannot tell, and is judged on counts and span alone
      const clients = clientsOf(cube, members, statuses);
      if (clients !== null && clients < minClients) return false;
      const { method, route, redirectCount, total } = cand;
      const crawler = cand.redirects.reduce((n, c) => n + c.m.crawler, 0);
      const hours = (span.end - span.start) / 3_600_000;
      const codes = statuses.join('/');
      const instead = [...new Set(statuses.map((s) => (s === 307 ? 308 : 301)))].join('/');
      const where = cand.routes === 1 ? `${method} ${route}` : `${method} ${route} (${cand.routes} routes, each redirect-only)`;
      findings.push({
        message:
          `${where} answered ${codes} to ${redirectCount === total ? 'all' : `${redirectCount} of`} ${total} requests over ${hours >= 48 ? (hours / 24).toFixed(1) + ' days' : hours.toFixed(0) + ' h'} ` +
          `(${iso(span.start)} – ${iso(span.end)}${clients !== null ? `, ${clients} clients` : ''}${crawler > 0 ? `, ${crawler} from search crawlers` : ''}): a redirect that never changes is permanent in practice.`,
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
          routes: cand.routes,
          redirectShare: redirectCount / total,
          spanHours: hours,
          distinctClients: clients,
          crawlerRequests: crawler,
          windows: new Set(cand.redirects.map((c) => c.window)).size,
          otherStatuses: Object.fromEntries(cand.otherStatuses),
        },
        samples: earliestSamples(cand.redirects),
        fingerprintParts: cand.routes === 1 ? [] : ['siblings'],
      });
      return true;
    };
    const leftovers = new Map<string, Candidate[]>();
    for (const cells of routes.values()) {
      const cand = candidateOf(cells, minShare);
      if (cand === null || judge(cand, [cand])) continue;
      const k = cand.method + ' ' + parentOf(cand.route);
      const list = leftovers.get(k);
      if (list === undefined) leftovers.set(k, [cand]);
      else list.push(cand);
    }
    for (const members of leftovers.values()) {
      const parent = parentOf(members[0]!.route);
      // siblings only: a family of at least three routes, under a parent that is not conditional itself
      if (members.length < 3 || parent === '' || looksConditional(parent) !== null) continue;
      judge(merge(parent, members), members);
    }
    return findings;
  },
});
