import { clf } from './rule-tester.js';

/**
 * Small deterministic traffic for the spike rules' table tests: `windows` five-minute
 * windows of `perWindow` requests spread over `routes` and `clients`, each answered by
 * `status(window, i)`. Enough volume for a baseline, nothing random.
 */
export interface TrafficSpec {
  start?: string;
  windows: number;
  perWindow: number;
  routes?: readonly string[];
  clients?: number;
  ua?: (client: number) => string;
  method?: string;
  status: (window: number, i: number, client: number, path: string) => number;
  /** log lines per request: 'json' writes JSON lines with the given extra fields */
  json?: (window: number, i: number) => Record<string, unknown>;
  windowMs?: number;
}

export function traffic(s: TrafficSpec): string[] {
  const t0 = Date.parse(s.start ?? '2026-11-16T08:00:00Z');
  const wms = s.windowMs ?? 300_000;
  const routes = s.routes ?? ['/api/v1/orders', '/api/v1/users/me', '/api/v1/invoices', '/api/v1/cart'];
  const nClients = s.clients ?? 40;
  const out: string[] = [];
  for (let w = 0; w < s.windows; w++) {
    for (let i = 0; i < s.perWindow; i++) {
      const client = (w * 7 + i * 13) % nClients;
      const time = new Date(t0 + w * wms + Math.floor((i * wms) / s.perWindow)).toISOString();
      const path = routes[(i + Math.floor(i / 7) + w) % routes.length]!;
      const status = s.status(w, i, client, path);
      const ua = s.ua?.(client) ?? `okhttp/4.12.${client % 3}`;
      const ip = `198.51.100.${client + 1}`;
      if (s.json !== undefined) {
        out.push(JSON.stringify({ time, remote_addr: ip, method: s.method ?? 'GET', uri: path, status, body_bytes_sent: status === 401 ? 0 : 512, http_user_agent: ua, ...s.json(w, i) }));
      } else {
        out.push(clf({ ip, time, method: s.method, path, status, bytes: status === 401 ? 0 : 512, ua }));
      }
    }
  }
  return out;
}
