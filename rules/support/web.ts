import { ASSET_EXTENSIONS as ASSET_EXTENSION_LIST } from '../../src/enrich/novelty.js';

/**
 * Small helpers shared by the web-facing rules (crawler-errors, soft-not-found,
 * temporary-redirect-for-permanent). Pure functions of routes and cells.
 */

/** static assets (one list for rules and enrichment): fetched for rendering, not pages that rank */
const ASSET_EXTENSIONS = new Set(ASSET_EXTENSION_LIST);

/** the lower-case extension of a route's last segment, '' when it has none */
export function extensionOf(route: string): string {
  const slash = route.lastIndexOf('/');
  const dot = route.lastIndexOf('.');
  if (dot <= slash + 1 || dot === route.length - 1) return '';
  return route.slice(dot + 1).toLowerCase();
}

export type RouteKind = 'robots' | 'asset' | 'page';

/**
 * robots.txt is special to crawlers (a 5xx there pauses crawling of the whole host);
 * assets are fetched for rendering; everything else (HTML, directories, .txt, .pdf,
 * sitemaps, extensionless routes) can be indexed and counts as a page.
 */
export function routeKind(route: string): RouteKind {
  if (route === '/robots.txt') return 'robots';
  return ASSET_EXTENSIONS.has(extensionOf(route)) ? 'asset' : 'page';
}

/** method + route, the grouping key most rules report on */
export function routeKey(c: { method: string; route: string }): string {
  return c.method + ' ' + c.route;
}

// cell helpers shared with the catalogue rules: one implementation, the names these rules use
export { compareSamples, iso, samplesOf as earliestSamples, span as spanOf } from '../lib/catalogue.js';
