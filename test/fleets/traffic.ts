import { clf } from '../rules/rule-tester.js';

/**
 * A small seeded traffic model for the fleet tests: several servers, clients sticky to
 * one server (as behind a load balancer with session affinity), anonymous visitors on
 * public routes and signed-in users on API routes, plus the incidents the rules look for.
 * The same events become log lines (one file per server) and Prometheus counters.
 *
 * Per-client measures (`authenticated`, `retryStreak`) come from per-client session state,
 * so they merge exactly only when each client's requests stay in one shard: clients are
 * sticky here, and anonymous clients never get a 2xx on a route that answers 401 to
 * others (enrichment remembers such routes across clients).
 */
export interface TrafficEvent {
  /** epoch ms, whole seconds */
  time: number;
  server: number;
  client: string;
  user: string | null;
  ua: string;
  method: string;
  path: string;
  /** the route template statuslint derives from `path` (the `route` label of the metric) */
  route: string;
  status: number;
  bytes: number;
}

export interface TrafficOptions {
  seed: number;
  /** epoch ms, a multiple of the window */
  start: number;
  minutes: number;
  servers: number;
  /** clients in all (at most 16 keeps attribution exact) */
  clients: number;
  /** mean requests per minute, all servers together */
  perMinute: number;
  /** from this time on, most API requests of signed-in users get 401 (a key rotation) */
  unauthorizedFrom?: number;
  /** in [start, end) a share of /api/orders requests fail with 502/503 */
  serverErrors?: { start: number; end: number };
  /** in [start, end) logins answer 511 */
  login511?: { start: number; end: number };
}

/** mulberry32: small, fast, deterministic */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'okhttp/4.12.0',
];

export function generateTraffic(o: TrafficOptions): TrafficEvent[] {
  const r = rng(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const clients = Array.from({ length: o.clients }, (_, i) => ({
    ip: `198.51.100.${10 + i}`,
    server: i % o.servers,
    user: i % 3 === 0 ? null : `user${i}`,
    ua: AGENTS[i % AGENTS.length]!,
  }));
  const out: TrafficEvent[] = [];
  const total = Math.round(o.minutes * o.perMinute);
  const span = o.minutes * 60;
  for (let k = 0; k < total; k++) {
    const time = o.start + Math.floor(r() * span) * 1000;
    const c = pick(clients);
    let method = 'GET';
    let path: string;
    let route: string;
    let status = 200;
    let bytes = 512 + Math.floor(r() * 4000);
    if (c.user === null) {
      const x = r();
      if (x < 0.3) [path, route] = ['/', '/'];
      else if (x < 0.55) {
        [path, route] = ['/static/app.js', '/static/app.js'];
        if (r() < 0.3) [status, bytes] = [304, 0];
      } else {
        const id = 1 + Math.floor(r() * 500);
        [path, route] = [`/api/products/${id}`, '/api/products/:id'];
        if (r() < 0.05) status = 404;
      }
    } else {
      const x = r();
      if (x < 0.1) {
        [method, path, route] = ['POST', '/api/login', '/api/login'];
        if (o.login511 && time >= o.login511.start && time < o.login511.end) status = 511;
      } else if (x < 0.55) {
        [path, route] = ['/api/orders', '/api/orders'];
        if (r() < 0.2) method = 'POST';
        if (method === 'POST') status = 201;
      } else {
        const id = 1 + Math.floor(r() * 500);
        [path, route] = [`/api/users/${id}`, '/api/users/:id'];
      }
      if (route !== '/api/login' && o.unauthorizedFrom !== undefined && time >= o.unauthorizedFrom && r() < 0.6) [status, bytes] = [401, 0];
      if (route === '/api/orders' && o.serverErrors && time >= o.serverErrors.start && time < o.serverErrors.end && r() < 0.5) status = r() < 0.5 ? 502 : 503;
    }
    out.push({ time, server: c.server, client: c.ip, user: c.user, ua: c.ua, method, path, route, status, bytes });
  }
  // stable order by time: a server writes its log in time order
  return out.map((e, i) => [e, i] as const).sort((a, b) => a[0].time - b[0].time || a[1] - b[1]).map(([e]) => e);
}

export function toLine(e: TrafficEvent): string {
  return clf({ ip: e.client, user: e.user ?? '-', time: new Date(e.time).toISOString(), method: e.method, path: e.path, status: e.status, bytes: e.bytes, ua: e.ua });
}

/** log lines per server */
export function linesByServer(events: readonly TrafficEvent[], servers: number): string[][] {
  const out: string[][] = Array.from({ length: servers }, () => []);
  for (const e of events) out[e.server]!.push(toLine(e));
  return out;
}

/**
 * The same traffic as Prometheus would have scraped it from each server: one counter
 * `http_requests_total{instance, method, route, status}` per series, sampled every
 * `scrapeMs` from `start` to `end` inclusive, the value at t counting requests before t.
 * Every series is present from the start (value 0), as with pre-initialised counters.
 */
export function toOpenMetrics(events: readonly TrafficEvent[], start: number, end: number, scrapeMs: number): string {
  const series = new Map<string, number[]>();
  for (const e of events) {
    const key = `instance="web-${e.server}",method="${e.method}",route="${e.route}",status="${e.status}"`;
    let times = series.get(key);
    if (times === undefined) series.set(key, (times = []));
    times.push(e.time);
  }
  const lines: string[] = ['# HELP http_requests Requests served.', '# TYPE http_requests counter'];
  for (const key of [...series.keys()].sort()) {
    const times = series.get(key)!.sort((a, b) => a - b);
    let i = 0;
    for (let t = start; t <= end; t += scrapeMs) {
      while (i < times.length && times[i]! < t) i++;
      lines.push(`http_requests_total{${key}} ${i} ${t / 1000}`);
    }
  }
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}
