import type { Cell, Cube } from '../../src/cube/cube.js';
import { groupByRoute, type RouteGroup } from '../lib/catalogue.js';

/**
 * Shared by gateway-code-from-origin and cloudflare-code-from-origin: both need the log to
 * record what the upstream (origin, ALB target, ingress backend) answered beside what the
 * client was sent. `upstreamSame` counts requests where the two are equal: the upstream
 * itself produced the status the client saw.
 */

/** null when the cube records upstream statuses, else the reason the rule cannot run */
export function upstreamUnknown(cube: Cube): string | null {
  const lack = cube.lacks('upstreamKnown', 'upstreamSame');
  if (lack !== null) return lack;
  // by slot, not cube.cells(): that builds an object per cell, and both rules call this first
  for (let slot = 0; slot < cube.size; slot++) if (cube.measure(slot, 'upstreamKnown') > 0) return null;
  return 'the log records no upstream/origin status (e.g. ALB target_status_code, nginx $upstream_status, an origin status field)';
}

/**
 * Formats whose upstream status may be written by the proxy itself. nginx puts 502 into
 * `$upstream_status` when it cannot connect to the upstream, and 504 when the upstream
 * times out (ngx_http_upstream_next sets the state's status before giving up), so an
 * upstream 502/504 equal to the answer does not show that the app sent it. The `json`
 * format maps nginx's own `upstream_status` field name, so it is treated the same way.
 */
export function proxyWritesUpstreamStatus(formatId: string): boolean {
  return formatId.includes('nginx') || formatId.includes('ingress') || formatId.includes('openresty') || formatId === 'json';
}

/** the cells (of the statuses a rule judges) whose upstream answered the same, grouped by method + route */
export function sameAsUpstream(cells: readonly Cell[]): RouteGroup[] {
  return groupByRoute(cells, (c) => c.m.upstreamSame > 0);
}

/** per status: from the upstream itself, and produced in front of it (upstream known but different) */
export function upstreamBreakdown(cells: readonly Cell[]): { fromUpstream: Record<string, number>; fromProxy: Record<string, number>; unknown: number } {
  const fromUpstream: Record<string, number> = {};
  const fromProxy: Record<string, number> = {};
  let unknown = 0;
  for (const c of cells) {
    if (c.m.upstreamSame > 0) fromUpstream[c.status] = (fromUpstream[c.status] ?? 0) + c.m.upstreamSame;
    const other = c.m.upstreamKnown - c.m.upstreamSame;
    if (other > 0) fromProxy[c.status] = (fromProxy[c.status] ?? 0) + other;
    unknown += c.count - c.m.upstreamKnown;
  }
  return { fromUpstream, fromProxy, unknown };
}
