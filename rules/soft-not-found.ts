import type { Cell, Cube } from '../src/cube/cube.js';
import { defineRule, type FindingDraft } from '../src/engine/types.js';
import { earliestSamples, iso, routeKind, spanOf } from './support/web.js';
import { numberOption } from '../src/engine/options.js';

/**
 * Soft 404: many distinct, otherwise unseen paths answered 200 with one identical body
 * size — an error page served with a success status. Crawlers index it as content,
 * monitoring counts it as success, caches store it as the resource; 404 (or 410) is the
 * answer (RFC 9110 §15.5.5, §15.5.11).
 *
 * Enrichment (src/enrich/novelty.ts) marks each GET 200 to a first-seen page path, and
 * whether its body size is shared by other first-seen paths of different lengths; the
 * rule reads those sums per route. Scanner junk spreads over many literal routes, so
 * besides per-route findings one site-wide finding gathers the rest.
 */

export const DEFAULT_MIN_PATHS = 20;
export const DEFAULT_MIN_SHARE = 0.5;
export const DEFAULT_MAX_BYTES = 128 * 1024;

interface RouteTally {
  method: string;
  route: string;
  firstSeen: number;
  shared: number;
  bytes: number;
  bytesSq: number;
  cells: Cell[];
}

function tallies(cube: Cube): RouteTally[] {
  /** route id → index in inOrder, -1 before its first cell */
  const tallyOf = new Int32Array(cube.routes.length).fill(-1);
  const inOrder: RouteTally[] = [];
  // by slot and route id: a cell object only for the few cells kept as evidence, and no
  // route name or string-keyed lookup per cell (a third of a log's cells can have
  // first-seen paths)
  const order = cube.sortedSlots();
  for (let at = 0; at < order.length; at++) {
    const s = order[at]!;
    const firstSeen = cube.measure(s, 'firstSeen200');
    if (firstSeen === 0) continue;
    const routeId = cube.routeIdAt(s);
    let i = tallyOf[routeId]!;
    if (i === -1) {
      i = tallyOf[routeId] = inOrder.length;
      inOrder.push({ method: cube.methodAt(s), route: cube.routes[routeId]!, firstSeen: 0, shared: 0, bytes: 0, bytesSq: 0, cells: [] });
    }
    const t = inOrder[i]!;
    const shared = cube.measure(s, 'sharedSize200');
    t.firstSeen += firstSeen;
    t.shared += shared;
    t.bytes += cube.measure(s, 'sharedSizeBytes');
    t.bytesSq += cube.measure(s, 'sharedSizeBytesSq');
    if (shared > 0) t.cells.push(cube.cellAt(s));
  }
  return inOrder.filter((t) => t.shared > 0 && routeKind(t.route) !== 'asset');
}

function sizeOf(shared: number, bytes: number, bytesSq: number): { mean: number; spread: number } {
  const mean = bytes / shared;
  const spread = Math.sqrt(Math.max(0, bytesSq / shared - mean * mean));
  return { mean, spread };
}

/** the longest common leading segments of some routes, as `/a/b/*`; null when only `/` is shared */
export function commonPrefix(routes: readonly string[]): string | null {
  if (routes.length === 0) return null;
  let prefix = routes[0]!.split('/').slice(0, -1);
  for (const r of routes.slice(1)) {
    const segs = r.split('/');
    let i = 0;
    while (i < prefix.length && i < segs.length - 1 && prefix[i] === segs[i]) i++;
    prefix = prefix.slice(0, i);
  }
  const joined = prefix.join('/');
  return joined.length > 0 ? joined + '/*' : null;
}

function describeSize(mean: number, spread: number): string {
  return spread < 0.5 ? `the same ${Math.round(mean)}-byte body` : `bodies of about ${Math.round(mean)} bytes (±${Math.round(spread)})`;
}

const ADVICE =
  'Answer paths that do not exist with 404 (410 when a page is gone for good); the error page can stay as the body, only the status changes. ' +
  'Served with 200, crawlers index the error page as content under every junk URL, uptime checks and dashboards count failures as successes, and caches store it as the resource. ' +
  'For a single-page app, let the server answer 404 for routes the app does not know (or have the app add noindex to its not-found view). (RFC 9110 §15.5.5, statuslint explain 404 200)';

export default defineRule({
  meta: {
    id: 'soft-not-found',
    severity: 'warning',
    description: '200 for many never-seen paths with one identical small body (an error page served as 200: a soft 404)',
    codes: [200, 404, 410],
    references: ['RFC 9110 §15.3.1', 'RFC 9110 §15.5.5', 'RFC 9110 §15.5.11'],
    options: {
      minPaths: { type: 'number', default: DEFAULT_MIN_PATHS, min: 2, description: 'first-seen paths that got the shared size' },
      minShare: { type: 'number', default: DEFAULT_MIN_SHARE, min: 0, max: 1, description: "for a per-route finding: their share of the route's first-seen paths" },
      maxBytes: { type: 'number', default: DEFAULT_MAX_BYTES, min: 1, description: 'larger bodies are not taken for error pages' },
    },
  },
  check(cube, ctx) {
    const lack = cube.lacks('firstSeen200', 'sharedSize200', 'sharedSizeBytes', 'sharedSizeBytesSq');
    if (lack !== null) return { notApplicable: lack };
    const minPaths = numberOption(ctx.options, 'minPaths');
    const minShare = numberOption(ctx.options, 'minShare');
    const maxBytes = numberOption(ctx.options, 'maxBytes');
    let any200 = false;
    let bodyKnown = 0;
    let notFound = 0;
    const order = cube.sortedSlots();
    for (let at = 0; at < order.length; at++) {
      const s = order[at]!;
      const status = cube.statusAt(s);
      if (status === 200) {
        any200 = true;
        bodyKnown += cube.measure(s, 'bodyKnown');
      } else if (status === 404 || status === 410) notFound += cube.countAt(s);
    }
    if (bodyKnown === 0 && any200) {
      return { notApplicable: 'the log has no body byte counts for 200 answers (or counts that include headers), so equal bodies cannot be recognised' };
    }
    const findings: FindingDraft[] = [];
    const rest: RouteTally[] = [];
    for (const t of tallies(cube)) {
      const { mean, spread } = sizeOf(t.shared, t.bytes, t.bytesSq);
      if (t.shared >= minPaths && t.shared / t.firstSeen >= minShare && mean <= maxBytes) {
        const span = spanOf(t.cells, cube.windowMs);
        findings.push({
          message:
            `${t.shared} of the ${t.firstSeen} distinct, previously unseen paths of ${t.method} ${t.route} were answered 200 with ${describeSize(mean, spread)}, ` +
            `${iso(span.start)} – ${iso(span.end)}: an error page served as 200 (a soft 404).`,
          advice: ADVICE,
          method: t.method,
          route: t.route,
          status: [200],
          window: span,
          count: t.shared,
          evidence: { sharedSizePaths: t.shared, firstSeenPaths: t.firstSeen, sizeBytes: Math.round(mean), sizeSpreadBytes: Math.round(spread), notFoundAnswersOnSite: notFound },
          samples: earliestSamples(t.cells),
        });
      } else {
        rest.push(t);
      }
    }
    // scanner junk (/wp-login.php, /.env, …) lands on many literal routes, one path each
    const shared = rest.reduce((n, t) => n + t.shared, 0);
    if (shared >= minPaths) {
      const { mean, spread } = sizeOf(shared, rest.reduce((n, t) => n + t.bytes, 0), rest.reduce((n, t) => n + t.bytesSq, 0));
      if (mean <= maxBytes) {
        const all = rest.flatMap((t) => t.cells);
        const span = spanOf(all, cube.windowMs);
        const top = [...rest].sort((a, b) => b.shared - a.shared || (a.route < b.route ? -1 : 1));
        const prefix = commonPrefix(rest.map((t) => t.route));
        const firstSeen = rest.reduce((n, t) => n + t.firstSeen, 0);
        findings.push({
          message:
            `${shared} distinct, previously unseen paths on ${rest.length} routes${prefix === null ? '' : ` under ${prefix}`} were answered 200 with ${describeSize(mean, spread)}, ` +
            `${iso(span.start)} – ${iso(span.end)}: an error page served as 200 (a soft 404).`,
          advice: ADVICE,
          method: 'GET',
          route: prefix,
          status: [200],
          window: span,
          count: shared,
          evidence: {
            sharedSizePaths: shared,
            firstSeenPathsOnThoseRoutes: firstSeen,
            routes: rest.length,
            topRoutes: top.slice(0, 10).map((t) => [t.route, t.shared]),
            sizeBytes: Math.round(mean),
            sizeSpreadBytes: Math.round(spread),
            notFoundAnswersOnSite: notFound,
          },
          samples: earliestSamples(all),
          fingerprintParts: ['site-wide'],
        });
      }
    }
    return findings;
  },
});
