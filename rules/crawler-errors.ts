import type { Cell, Cube } from '../src/cube/cube.js';
import { SEARCH_CRAWLER_NAMES } from '../src/enrich/agents.js';
import { defineRule, type FindingDraft } from '../src/engine/types.js';
import { earliestSamples, iso, routeKind, spanOf, type RouteKind } from './support/web.js';
import { numberOption } from '../src/engine/options.js';

/**
 * Search crawlers (Googlebot, Bingbot, …) served 5xx, 401, 403 or 511 on pages. Crawlers
 * slow down on a host that answers 5xx, drop URLs that keep failing from the index, and
 * treat 401/403 as "not indexable"; a 5xx on robots.txt pauses crawling of the whole host.
 * Counts come from the `crawler` measure (requests from known search crawlers) of each
 * cell; the crawler names from the route's attribution.
 */

export const DEFAULT_MIN_ERRORS = 5;
export const DEFAULT_MIN_SHARE = 0.1;

type ErrorClass = 'server' | 'auth';

function errorClass(status: number): ErrorClass | null {
  if (status >= 500 && status <= 599) return 'server';
  if (status === 401 || status === 403) return 'auth';
  return null;
}

interface RouteStats {
  method: string;
  route: string;
  /** crawler requests on the route, every status */
  crawlerRequests: number;
  /** 2xx answers to everyone else: the route is public */
  publicSuccesses: number;
  errors: Record<ErrorClass, Cell[]>;
}

function collect(cube: Cube): RouteStats[] {
  // by slot, keyed by route and method ids: a key string and a cell object per GET cell,
  // then a route name and a Map lookup per cell, were most of this rule's time; cells are
  // built for errors only
  const getId = cube.methods.indexOf('GET');
  const headId = cube.methods.indexOf('HEAD');
  /** route id × (GET, HEAD) → index in inOrder, -1 before the first */
  const statsOf = new Int32Array(cube.routes.length * 2).fill(-1);
  const inOrder: RouteStats[] = [];
  const get = (methodId: number, routeId: number): RouteStats => {
    const k = routeId * 2 + (methodId === headId ? 1 : 0);
    let i = statsOf[k]!;
    if (i === -1) {
      i = statsOf[k] = inOrder.length;
      inOrder.push({ method: cube.methods[methodId]!, route: cube.routes[routeId]!, crawlerRequests: 0, publicSuccesses: 0, errors: { server: [], auth: [] } });
    }
    return inOrder[i]!;
  };
  const order = cube.sortedSlots();
  for (let at = 0; at < order.length; at++) {
    const s = order[at]!;
    // crawlers fetch pages with GET and HEAD; a "Googlebot" that POSTs to /login is not crawling
    const methodId = cube.methodIdAt(s);
    if (methodId !== getId && methodId !== headId) continue;
    const status = cube.statusAt(s);
    const crawler = cube.measure(s, 'crawler');
    if (crawler > 0) {
      const r = get(methodId, cube.routeIdAt(s));
      r.crawlerRequests += crawler;
      const cls = errorClass(status);
      if (cls !== null) r.errors[cls].push(cube.cellAt(s));
    }
    const count = cube.countAt(s);
    if (status >= 200 && status < 300 && count > crawler) get(methodId, cube.routeIdAt(s)).publicSuccesses += count - crawler;
  }
  return inOrder.filter((r) => r.errors.server.length > 0 || r.errors.auth.length > 0);
}

/** the heaviest clients behind some cells (crawlers' addresses let users verify they are real) */
function topClientsOf(cube: Cube, cells: readonly Cell[]): [string, number][] {
  const out = new Map<string, number>();
  for (const status of new Set(cells.map((c) => c.status))) {
    const who = cube.whoOnRoute(cells[0]!.method, cells[0]!.route, status);
    if (who !== undefined) for (const [k, n] of who.clients.counts) out.set(k, (out.get(k) ?? 0) + n);
  }
  return [...out].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5);
}

/** crawler requests per crawler name on some cells, from the route attribution (exact while few families) */
function crawlersOf(cube: Cube, cells: readonly Cell[]): Record<string, number> {
  const out = new Map<string, number>();
  // attribution is per method × route × status over all windows: once per key, not per cell
  const seen = new Set<string>();
  for (const c of cells) {
    const key = `${c.method} ${c.route} ${c.status}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const who = cube.whoOnRoute(c.method, c.route, c.status);
    if (who === undefined) continue;
    for (const [family, n] of who.agents.counts) {
      if (SEARCH_CRAWLER_NAMES.has(family)) out.set(family, (out.get(family) ?? 0) + n);
    }
  }
  return Object.fromEntries([...out].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

interface Verdict {
  severity: 'warning' | 'info' | null;
  why: string;
}

function judge(cls: ErrorClass, kind: RouteKind, errors: number, share: number, isPublic: boolean, minErrors: number, minShare: number): Verdict {
  if (cls === 'server') {
    if (kind === 'robots') {
      return errors >= 2
        ? { severity: 'warning', why: 'a 5xx on robots.txt makes crawlers treat the whole host as disallowed until it answers again' }
        : { severity: 'info', why: 'one 5xx on robots.txt pauses crawling of the host until a retry succeeds' };
    }
    if (kind === 'asset') return errors >= 2 ? { severity: 'info', why: 'crawlers render pages with these assets' } : { severity: null, why: '' };
    if (errors >= minErrors && share >= minShare) return { severity: 'warning', why: 'URLs that keep failing for crawlers lose crawl rate and drop out of the index' };
    return errors >= 2 ? { severity: 'info', why: 'a few crawler fetches failed; crawlers retry, but repeated failures drop URLs from the index' } : { severity: null, why: '' };
  }
  if (kind === 'robots') {
    return errors >= 2 ? { severity: 'info', why: 'crawlers treat a 401/403 on robots.txt as "no robots.txt": its directives are ignored' } : { severity: null, why: '' };
  }
  if (isPublic) {
    if (errors >= minErrors && share >= minShare) return { severity: 'warning', why: 'the route answers other clients 2xx, so crawlers are being blocked from a public page' };
    return errors >= 2 ? { severity: 'info', why: 'the route answers other clients 2xx, but crawlers were refused' } : { severity: null, why: '' };
  }
  return errors >= minErrors ? { severity: 'info', why: 'crawlers keep requesting a route nobody is served: a protected area they should be told not to crawl' } : { severity: null, why: '' };
}

function advice(cls: ErrorClass, kind: RouteKind, isPublic: boolean, statuses: readonly number[]): string {
  if (cls === 'server') {
    if (kind === 'robots') {
      return 'Serve robots.txt reliably: 200 with the file, or 404 when you have none (crawlers then crawl everything). ' +
        'Never let it fail with 5xx: crawlers stop crawling the host while it does.';
    }
    if (statuses.every((s) => s === 503)) {
      return 'If this was planned maintenance or deliberate load shedding, 503 is the right answer: add Retry-After so crawlers come back at the right time, and keep it short, ' +
        'because URLs that answer 503 for days drop out of the index. If it was not planned, fix the overload or outage behind it. (RFC 9110 §15.6.4, §10.2.3)';
    }
    return 'Fix the failure these URLs hit for crawlers. For planned downtime answer 503 with Retry-After (crawlers come back later without dropping pages); ' +
      'for pages that are gone answer 404 or 410, for moved pages 301/308. Persistent 500/502/504 lowers the crawl rate of the whole host. (RFC 9110 §15.6)';
  }
  if (isPublic) {
    return 'If these URLs are public, let verified crawlers through (check the bot protection / WAF rules that refused them; verify crawlers by reverse DNS rather than blocking the user agent). ' +
      'If they must stay private, keep them out of crawl paths with robots.txt Disallow or noindex instead of refusing only crawlers. (RFC 9110 §15.5.2, §15.5.4)';
  }
  return 'Keep crawlers out of protected areas with robots.txt Disallow (and stop linking to them publicly); 401 with WWW-Authenticate and 403 are the right answers to clients, ' +
    'but repeated refusals waste crawl budget. (RFC 9110 §15.5.2, §15.5.4)';
}

export default defineRule({
  meta: {
    id: 'crawler-errors',
    severity: 'warning',
    description: 'search crawlers served 5xx, 401, 403 or 511 on pages (lost crawl rate and indexing)',
    codes: [401, 403, 500, 502, 503, 504, 511],
    references: ['RFC 9110 §15.6', 'RFC 9110 §15.5.2', 'RFC 9110 §15.5.4', 'RFC 9309 §2.3.1.3', 'RFC 9309 §2.3.1.4'],
    options: {
      minErrors: { type: 'number', default: DEFAULT_MIN_ERRORS, min: 1, description: 'crawler errors on one route (over the whole log) before a page finding is a warning' },
      minShare: { type: 'number', default: DEFAULT_MIN_SHARE, min: 0, max: 1, description: "the errors' share of the crawler requests on that route before it is a warning" },
    },
  },
  check(cube, ctx) {
    const lack = cube.lacks('crawler');
    if (lack !== null) return { notApplicable: lack };
    const minErrors = numberOption(ctx.options, 'minErrors');
    const minShare = numberOption(ctx.options, 'minShare');
    const findings: FindingDraft[] = [];
    // page 5xx too few on any one route to report: together they still slow the host's crawl
    const scattered: Cell[] = [];
    for (const r of collect(cube)) {
      const kind = routeKind(r.route);
      const isPublic = r.publicSuccesses > 0;
      for (const cls of ['server', 'auth'] as const) {
        const cells = r.errors[cls];
        if (cells.length === 0) continue;
        const errors = cells.reduce((n, c) => n + c.m.crawler, 0);
        const share = errors / r.crawlerRequests;
        const v = judge(cls, kind, errors, share, isPublic, minErrors, minShare);
        if (v.severity === null) {
          if (cls === 'server' && kind === 'page') scattered.push(...cells);
          continue;
        }
        const byStatus: Record<string, number> = {};
        for (const c of cells) byStatus[c.status] = (byStatus[c.status] ?? 0) + c.m.crawler;
        const crawlers = crawlersOf(cube, cells);
        const span = spanOf(cells, cube.windowMs);
        const statuses = Object.keys(byStatus).map(Number).sort((a, b) => a - b);
        const names = Object.keys(crawlers);
        const who = names.length > 0 ? names.slice(0, 3).join(', ') + (names.length > 3 ? ' and others' : '') : 'search crawlers';
        const codes = statuses.map((s) => `${byStatus[s]} × ${s}`).join(', ');
        // samples: prefer cells only crawlers hit, so the lines shown are crawler lines
        const pure = cells.filter((c) => c.m.crawler === c.count);
        findings.push({
          message:
            `${who} got ${codes} on ${r.method} ${r.route} (${(share * 100).toFixed(share < 0.1 ? 1 : 0)}% of their ${r.crawlerRequests} requests there), ` +
            `${iso(span.start)} – ${iso(span.end)}: ${v.why}.`,
          advice: advice(cls, kind, isPublic, statuses),
          method: r.method,
          route: r.route,
          status: statuses,
          window: span,
          count: errors,
          severity: v.severity === 'info' ? 'info' : undefined,
          evidence: {
            errorClass: cls,
            routeKind: kind,
            crawlers,
            byStatus,
            crawlerRequestsOnRoute: r.crawlerRequests,
            errorShare: share,
            otherClients2xx: r.publicSuccesses,
            topClients: topClientsOf(cube, cells),
            windows: new Set(cells.map((c) => c.window)).size,
          },
          samples: earliestSamples(pure.length > 0 ? pure : cells),
          fingerprintParts: [cls],
        });
      }
    }
    const scatteredErrors = scattered.reduce((n, c) => n + c.m.crawler, 0);
    if (scatteredErrors >= minErrors) {
      const span = spanOf(scattered, cube.windowMs);
      // the share while it lasted: an hour of failures is not diluted by a quiet week around it
      let crawlerRequests = 0;
      const order = cube.sortedSlots();
      for (let at = 0; at < order.length; at++) {
        const s = order[at]!;
        const w = cube.windowAt(s);
        if (w >= span.start && w < span.end) crawlerRequests += cube.measure(s, 'crawler');
      }
      const share = scatteredErrors / crawlerRequests;
      const byStatus: Record<string, number> = {};
      for (const c of scattered) byStatus[c.status] = (byStatus[c.status] ?? 0) + c.m.crawler;
      const statuses = Object.keys(byStatus).map(Number).sort((a, b) => a - b);
      const routes = [...new Set(scattered.map((c) => c.method + ' ' + c.route))].sort();
      findings.push({
        message:
          `Search crawlers got ${statuses.map((s) => `${byStatus[s]} × ${s}`).join(', ')} spread over ${routes.length} page routes (${(share * 100).toFixed(1)}% of their ${crawlerRequests} requests to this host meanwhile), ` +
          `${iso(span.start)} – ${iso(span.end)}: crawlers lower the crawl rate of a host that keeps answering 5xx.`,
        advice: advice('server', 'page', false, statuses),
        method: null,
        route: null,
        status: statuses,
        window: span,
        count: scatteredErrors,
        severity: share >= minShare ? undefined : 'info',
        evidence: { errorClass: 'server', routeKind: 'page', crawlers: crawlersOf(cube, scattered), byStatus, routes: routes.length, topRoutes: routes.slice(0, 10), crawlerRequestsOnHost: crawlerRequests, errorShare: share },
        samples: earliestSamples(scattered),
        fingerprintParts: ['host'],
      });
    }
    return findings;
  },
});
