import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseTimeBound } from './config/time.js';
import { InputError } from './ingest/inputs.js';
import { authHeadersFromEnv, DEFAULT_LABELS, DEFAULT_QUERY, DEFAULT_TIMEOUT_MS, HEADERS_ENV, TOKEN_ENV, type PrometheusOptions } from './ingest/prometheus.js';
import { parseDuration } from './options.js';

/**
 * Command-line wiring for the fleet sources (cube files, Prometheus), kept apart from
 * cli.ts so the two evolve without stepping on each other. `--since/--until` are parsed
 * by parseTimeBound; the log-filtering options share the names and the meaning.
 */

export interface FleetFlags {
  cube: string[];
  prometheus?: string;
  query?: string;
  methodLabel?: string;
  routeLabel?: string;
  statusLabel?: string;
  since?: string;
  until?: string;
  prometheusTimeout: string;
  prometheusCa?: string;
}

const collect = (v: string, acc: string[]): string[] => [...acc, v];

export function addFleetOptions(cmd: Command, opts: { timeRange: boolean }): Command {
  cmd
    .option('--cube <file>', 'a cube file written by `statuslint aggregate` (repeatable): cubes merge with each other and with any logs', collect, [])
    .option('--prometheus <url>', 'read request counts from a Prometheus-compatible server (query_range API), e.g. http://prometheus:9090')
    .option('--query <promql>', `PromQL returning one series per method/route/status, each point the requests in the window ending there; $window is the step (default: ${DEFAULT_QUERY})`)
    .option('--method-label <names>', `Prometheus label(s) holding the method, first present wins (default: ${DEFAULT_LABELS.method.join(',')})`)
    .option('--route-label <names>', `Prometheus label(s) holding the route (default: ${DEFAULT_LABELS.route.join(',')})`)
    .option('--status-label <names>', `Prometheus label(s) holding the status code (default: ${DEFAULT_LABELS.status.join(',')})`)
    .option('--prometheus-timeout <duration>', 'timeout of each Prometheus request', '60s')
    .option('--prometheus-ca <file>', 'PEM CA certificate(s) to trust for an https Prometheus, beside the system ones');
  if (opts.timeRange) {
    cmd
      .option('--since <time>', 'start of the time range: ISO 8601 (2026-11-16T00:00Z) or a duration ago (24h, 7d); for --prometheus the default is 24h')
      .option('--until <time>', 'end of the time range: ISO 8601 or a duration ago (default: now)');
  }
  return cmd;
}

export const FLEET_HELP = `
Fleets:
  statuslint aggregate /var/log/nginx/access.log* -o web-1.cube.json     (on each node)
  statuslint --cube web-1.cube.json --cube web-2.cube.json               (anywhere)
  statuslint --prometheus http://prometheus:9090 --since 24h
Prometheus credentials come from the environment, never from arguments:
  ${TOKEN_ENV}=<bearer token>, ${HEADERS_ENV}=<"Name: value" lines>`;

const labelList = (v: string | undefined): string[] | undefined => {
  if (v === undefined) return undefined;
  const names = v.split(',').map((x) => x.trim()).filter((x) => x.length > 0);
  if (names.length === 0 || names.some((n) => !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(n))) throw new InputError(`label options expect Prometheus label names separated by commas, got "${v}"`);
  return names;
};

/** without --since, a Prometheus query covers the last day: enough baseline for the spike rules */
export const DEFAULT_PROMETHEUS_RANGE = '24h';

/** the cube files and Prometheus options the flags ask for (undefined: not asked) */
export function fleetSources(flags: FleetFlags, now: number): { cubes: string[]; prometheus?: PrometheusOptions } {
  const cubes = flags.cube;
  const promOnly = [flags.query && '--query', flags.methodLabel && '--method-label', flags.routeLabel && '--route-label', flags.statusLabel && '--status-label', flags.prometheusCa && '--prometheus-ca'].filter(Boolean);
  if (flags.prometheus === undefined) {
    if (promOnly.length > 0) throw new InputError(`${promOnly.join(', ')} only appl${promOnly.length === 1 ? 'ies' : 'y'} with --prometheus URL`);
    return { cubes };
  }
  const since = parseTimeBound(flags.since ?? DEFAULT_PROMETHEUS_RANGE, now);
  const until = parseTimeBound(flags.until ?? 'now', now);
  if (since === null) throw new InputError(`--since expects an ISO 8601 time (2026-11-16T00:00Z) or a duration ago (24h), got "${flags.since}"`);
  if (until === null) throw new InputError(`--until expects an ISO 8601 time (2026-11-16T06:00Z) or a duration ago (1h), got "${flags.until}"`);
  if (until <= since) throw new InputError(`--until (${new Date(until).toISOString()}) must be after --since (${new Date(since).toISOString()})`);
  const timeoutMs = parseDuration(flags.prometheusTimeout);
  if (timeoutMs === null) throw new InputError(`--prometheus-timeout expects a duration such as 30s or 2m, got "${flags.prometheusTimeout}"`);
  let ca: Buffer | undefined;
  if (flags.prometheusCa !== undefined) {
    try {
      ca = readFileSync(flags.prometheusCa);
    } catch (e) {
      throw new InputError(`--prometheus-ca ${flags.prometheusCa}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
  }
  const labels: PrometheusOptions['labels'] = {};
  const method = labelList(flags.methodLabel);
  const route = labelList(flags.routeLabel);
  const status = labelList(flags.statusLabel);
  if (method) labels.method = method;
  if (route) labels.route = route;
  if (status) labels.status = status;
  return {
    cubes,
    prometheus: {
      url: flags.prometheus,
      query: flags.query,
      since,
      until,
      labels,
      timeoutMs: timeoutMs ?? DEFAULT_TIMEOUT_MS,
      headers: authHeadersFromEnv(),
      ca,
    },
  };
}
