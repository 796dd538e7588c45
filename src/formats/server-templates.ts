/**
 * Built-in formats that are fixed server format strings, compiled by the same code as a
 * user's pasted `log_format`: Kubernetes ingress-nginx (`upstreaminfo`, current and
 * pre-0.2x without the alternative upstream) and Traefik's CLF access log.
 *
 * Listed before `combined` in FORMATS: combined also reads their lines (it ignores the
 * tail), but these keep the upstream status and duration, and reject plain combined
 * lines because the tail they require is missing.
 */

import { nginxTemplateParts } from './nginx-log-format.js';
import { buildTemplate, K, templateParser, type CompiledTemplate } from './template.js';
import type { LineParser, LogFormat, LogRecord, ParserOptions, SkipReason } from './types.js';

/** ingress-nginx's default `log-format-upstream` (controller ≥ 0.22) */
export const INGRESS_NGINX_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length $upstream_response_time $upstream_status $req_id';
/** the default before the alternative upstream was added */
export const INGRESS_NGINX_FORMAT_OLD =
  '$remote_addr - [$the_real_ip] - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_length $request_time [$proxy_upstream_name] $upstream_addr $upstream_response_length $upstream_response_time $upstream_status $req_id';

function compile(format: string, adjust?: (t: CompiledTemplate) => void): CompiledTemplate {
  const t = buildTemplate(nginxTemplateParts(format), { json: false, source: 'nginx' });
  adjust?.(t);
  return t;
}

/** tries each template in turn; remembers the one that last worked so a file costs one walk per line */
function firstOf(templates: CompiledTemplate[]): (opts?: ParserOptions) => LineParser {
  return (opts) => {
    const parsers = templates.map((t) => templateParser(t, opts));
    let last = 0;
    return {
      parse(line: string, out: LogRecord): SkipReason | undefined {
        const r = parsers[last]!.parse(line, out);
        if (r !== 'malformed') return r;
        for (let i = 0; i < parsers.length; i++) {
          if (i === last) continue;
          const r2 = parsers[i]!.parse(line, out);
          if (r2 !== 'malformed') {
            last = i;
            return r2;
          }
        }
        return parsers[last]!.parse(line, out);
      },
    };
  };
}

const ingressTemplates = [compile(INGRESS_NGINX_FORMAT), compile(INGRESS_NGINX_FORMAT_OLD)];

export const ingressNginx: LogFormat = {
  id: 'ingress-nginx',
  description: 'Kubernetes ingress-nginx default upstreaminfo format (combined + request time, upstream addr/status lists like `502, 502`)',
  bytesField: 'body',
  hasResponseHeaders: false,
  examples: [
    {
      // elastic/beats filebeat/module/nginx/ingress_controller/test/test.log
      line: '192.168.64.1 - - [07/Feb/2020:11:48:51 +0000] "POST /products HTTP/1.1" 200 59 "-" "curl/7.54.0" 89 0.001 [default-web-8080] [] 172.17.0.5:8080 59 0.000 200 529a007902362a5f51385a5fa7049884',
      expect: { time: Date.UTC(2020, 1, 7, 11, 48, 51), method: 'POST', path: '/products', status: 200, bytes: 59, durationMs: 1, upstreamStatus: 200, client: '192.168.64.1' },
    },
    {
      line: '2a02:cf40::4e36 - - [24/Aug/2022:18:05:41 +0000] "GET /favicon.ico HTTP/2.0" 502 552 "https://localhost:8080/" "Mozilla/5.0" 27 0.000 [localhost-svc-8080] [] [2a02:cf40::::::::4e36]:500000000, [2a02:cf40::::::::4e36]:500000000 0, 0 0.000, 0.000 502, 502 b0d8b5c9d4f8f0e4',
      expect: { status: 502, upstreamStatus: 502, client: '2a02:cf40::4e36' },
    },
    { line: '192.168.64.14 - - [07/Feb/2020:12:02:42 +0000] "GET /t.mp4 HTTP/1.1" 200 61 "-" "-" 348 0.001 [default-web2-8080] [] 172.17.0.6:8080, 172.17.0.7:8080 - 0.100, - 200, - 835136ae', expect: { status: 200, upstreamStatus: 200 } },
    { line: '192.168.64.1 - - [07/Feb/2020:11:49:50 +0000] "PATCHp /products/42 HTTP/1.1" 400 163 "-" "-" 0 0.000 [] [] - - - - 4c7d2079340e68353c7d0dfff00b904b', expect: { status: 400, method: 'PATCHp', upstreamStatus: null } },
    { line: '192.168.64.1 - - [07/Feb/2020:11:48:51 +0000] "POST /products HTTP/1.1" 200 59 "-" "curl/7.54.0"', skip: 'malformed' },
    { line: '2001:db8::7 - - [07/Feb/2020:11:49:15 +0000] "GET /caf\u00e9/%E2%9C%93?q=\\x22a\\x22 HTTP/1.1" 404 0 "-" "agent \\x22quoted\\x22" 91 0.001 [default-web-8080] [] 172.17.0.5:8080 0 0.000 404 68fa971c', expect: { client: '2001:db8::7', path: '/caf\u00e9/%E2%9C%93', status: 404, upstreamStatus: 404 } },
    { line: '\u0000\u00ff\ufffd garbage', skip: 'malformed' },
  ],
  createParser: firstOf(ingressTemplates),
};

const traefikTemplate = compile(
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $traefik_count "$traefik_router" "$traefik_server" ${traefik_duration}ms',
  (t) => {
    for (const c of t.caps) if (c.name === '$traefik_duration') c.kind = K.durationMs;
  },
);

export const traefikClf: LogFormat = {
  id: 'traefik-clf',
  description: 'Traefik common log format (combined + request count, router, server URL, duration in ms)',
  bytesField: 'body',
  hasResponseHeaders: false,
  examples: [
    {
      // format from the Traefik access-log documentation
      line: '192.168.1.10 - - [10/Oct/2023:13:55:36 +0000] "GET /api/users?id=1 HTTP/1.1" 503 1234 "-" "curl/8.4.0" 42 "api-router@docker" "http://172.18.0.3:80" 3ms',
      expect: { time: Date.UTC(2023, 9, 10, 13, 55, 36), method: 'GET', path: '/api/users', status: 503, bytes: 1234, durationMs: 3, userAgent: 'curl/8.4.0' },
    },
    { line: '::1 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 404 19 "-" "-" 1 "-" "-" 0ms', expect: { client: '::1', status: 404, durationMs: 0 } },
    { line: '192.168.1.10 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "curl/8.4.0"', skip: 'malformed' },
    { line: '2001:db8::1 - - [10/Oct/2023:13:55:36 +0000] "GET /caf\u00e9 HTTP/1.1" 200 - "-" "k6 \\"load\\"" 7 "r@docker" "http://[2001:db8::2]:80" 12ms extra', expect: { client: '2001:db8::1', path: '/caf\u00e9', bytes: null, durationMs: 12 } },
    { line: '192.168.1.10 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "curl/8.4.0" 42 "api-rou', skip: 'malformed' },
    { line: '\u0000\u00ff garbage', skip: 'malformed' },
  ],
  createParser: (opts) => templateParser(traefikTemplate, opts),
};
