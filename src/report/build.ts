import type { Cube } from '../cube/cube.js';
import type { DataSource } from '../cube/sources.js';
import type { EngineResult } from '../engine/run.js';
import type { UserEvent } from '../engine/types.js';
import type { Report, RouteErrors, TimelinePoint } from './types.js';

const TOP_ERROR_ROUTES = 10;

function topErrorRoutes(cube: Cube): RouteErrors[] {
  // by route, then method: the names are the cube's own strings, whose hashes V8 keeps,
  // where a "method route" key was a new string to build and hash for every cell
  const by = new Map<string, Map<string, RouteErrors>>();
  cube.forEachCount((status, method, route, _w, count) => {
    let methods = by.get(route);
    if (methods === undefined) by.set(route, (methods = new Map()));
    let r = methods.get(method);
    if (r === undefined) {
      r = { method, route, requests: 0, clientErrors: 0, serverErrors: 0 };
      methods.set(method, r);
    }
    r.requests += count;
    if (status >= 400 && status < 500) r.clientErrors += count;
    else if (status >= 500 && status < 600) r.serverErrors += count;
  });
  return [...by.values()]
    .flatMap((methods) => [...methods.values()])
    .filter((r) => r.clientErrors + r.serverErrors > 0)
    .sort((a, b) => b.clientErrors + b.serverErrors - (a.clientErrors + a.serverErrors) || (a.route < b.route ? -1 : a.route > b.route ? 1 : a.method < b.method ? -1 : 1))
    .slice(0, TOP_ERROR_ROUTES);
}

/** the class names of 1xx-5xx, looked up: a template string per cell was 375k strings at 3M lines */
const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

/** per window: requests by status class, 401s and 5xx, from the cube (additive, so exact after merges) */
export function timeline(cube: Cube): TimelinePoint[] {
  const by = new Map<number, TimelinePoint>();
  // forEachCount, not cells(): no getter calls per field of every cell
  cube.forEachCount((status, _method, _route, window, count) => {
    let p = by.get(window);
    if (p === undefined) {
      p = { start: new Date(window).toISOString(), requests: 0, classes: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, other: 0 }, unauthorized: 0, serverErrors: 0 };
      by.set(window, p);
    }
    p.requests += count;
    p.classes[status >= 100 && status <= 599 ? STATUS_CLASSES[Math.floor(status / 100) - 1]! : 'other'] += count;
    if (status === 401) p.unauthorized += count;
    if (status >= 500 && status <= 599) p.serverErrors += count;
  });
  return [...by.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p);
}

export const TOOL_VERSION = '0.1.0';

export interface ReportMeta {
  routeCap: number;
  /** where the cube's data came from (default: the log files it read) */
  sources?: readonly DataSource[];
  events?: readonly UserEvent[];
  timeFilter?: { since: string | null; until: string | null };
}

/** status counts keyed by code, in numeric order (JSON keeps insertion order) */
function statusRecord(counts: Map<number, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of [...counts].sort((a, b) => a[0] - b[0])) out[String(k)] = v;
  return out;
}

export function buildReport(cube: Cube, result: EngineResult, meta: ReportMeta): Report {
  const skipped: Record<string, number> & { malformed: number; oversized: number } = { malformed: 0, oversized: 0 };
  for (const k of Object.keys(cube.skipped).sort()) skipped[k] = cube.skipped[k]!;
  const timed = Number.isFinite(cube.minTime);
  return {
    schemaVersion: 1,
    tool: { name: 'statuslint', version: TOOL_VERSION },
    summary: {
      files: cube.files.map((f) => ({ ...f })),
      requests: cube.totalRequests(),
      skipped,
      skipExamples: cube.skipExamples.map((e) => ({ ...e })),
      timeRange: timed ? { start: new Date(cube.minTime).toISOString(), end: new Date(cube.maxTime).toISOString() } : null,
      windowSeconds: cube.windowMs / 1000,
      statusCounts: statusRecord(cube.statusCounts()),
      routes: {
        distinct: cube.routes.length,
        cap: meta.routeCap,
        pathsFolded: cube.pathsFolded,
        requestsFolded: cube.requestsFolded,
      },
      topErrorRoutes: topErrorRoutes(cube),
      rulesRun: result.rulesRun,
      notApplicable: result.notApplicable,
      partial: cube.files.some((f) => f.error !== undefined),
      sources: [...(meta.sources ?? [{ kind: 'logs', files: cube.files.map((f) => f.path) }])],
      timeline: timeline(cube),
      ...(meta.events !== undefined && meta.events.length > 0
        ? { events: [...meta.events].sort((a, b) => a.time - b.time || (a.name < b.name ? -1 : 1)).map((e) => ({ name: e.name, time: new Date(e.time).toISOString() })) }
        : {}),
      ...(meta.timeFilter !== undefined ? { timeFilter: meta.timeFilter } : {}),
    },
    findings: result.findings,
  };
}
