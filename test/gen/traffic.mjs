// Deterministic, seeded traffic generator for statuslint's rule tests and benchmarks.
//
// The model: arrivals (a page view, an app session, an SDK batch, a crawler fetch, a
// scanner burst) follow a Poisson process whose rate follows the time of day. Each arrival
// schedules its requests on a min-heap keyed by time (assets after the page, the token
// refresh after a 401, the retried request after the refresh), periodic sources (service
// accounts, health checks) reschedule themselves on the same heap, and the heap is drained
// in time order — so the output is time-ordered and streaming: memory is bounded by the
// few hundred requests in flight, never by the number of lines.
//
// Injections change or add requests inside a window and label them (`event.truth`), and
// each returns its ground truth. Every injection draws from its own forked random stream,
// so the base traffic of an injected scenario is (almost) the same as the clean one with
// the same seed.

import { Rng, Weighted } from './rng.mjs';
import * as C from './catalog.mjs';

export { Rng, Weighted } from './rng.mjs';
export {
  toCombined, toJsonLine, createCombinedWriter, createJsonWriter, nginxEscape, formatTimeLocal, formatIsoLocal,
  JSON_HEADER_KEYS,
} from './writers.mjs';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** kube-probe interval: fixed, whatever the traffic */
const HEALTH_EVERY_MS = 15_000;

export const API_HOST = 'api.acme.example';
export const WEB_HOST = 'www.acme.example';
const WEB_ORIGIN = 'https://www.acme.example';
// Referers as ready-made constants: built per request they were a measurable allocation.
const EXTERNAL_REFERERS = ['https://www.google.com/', 'https://www.bing.com/', 'https://duckduckgo.com/', 'https://t.co/x7Qp2LmZ'];
const INTERNAL_REFERERS = ['/', '/products', '/cart', '/search?q=gift'].map((p) => WEB_ORIGIN + p);
const SPA_REFERERS = ['/', '/account', '/cart', '/products', '/orders'].map((p) => WEB_ORIGIN + p);

/** One request as the generator produced it. See traffic.d.mts for the field contract. */
export class TrafficEvent {
  /**
   * @param {number} time @param {string} client @param {string|null} user @param {string} method
   * @param {string} path @param {number} status @param {number} bytes @param {string|null} userAgent
   * @param {string|null} referer @param {number} durationMs @param {string} host
   * @param {number|null} upstreamStatus @param {Readonly<Record<string, string>>} headers
   * @param {string|null} route @param {string} protocol @param {number} [safe]
   */
  constructor(time, client, user, method, path, status, bytes, userAgent, referer, durationMs, host, upstreamStatus, headers, route, protocol, safe = 0) {
    this.time = time;
    this.client = client;
    this.user = user;
    this.method = method;
    this.path = path;
    this.status = status;
    this.bytes = bytes;
    this.userAgent = userAgent;
    this.referer = referer;
    this.durationMs = durationMs;
    this.host = host;
    this.upstreamStatus = upstreamStatus;
    this.headers = headers;
    /** @type {string|null} */
    this.truth = null;
    this.route = route;
    this.protocol = protocol;
    /**
     * Writer hint, a bit mask of the string fields known to hold only printable ASCII
     * without `"` or `\` (1 path, 2 user, 4 referer, 8 userAgent), so writers skip the
     * escape scan. The generator sets it; events built by hand leave it 0 (always scanned).
     */
    this.safe = safe;
  }
}

// Shared, frozen header objects: most responses carry none of the headers the rules look
// at, and one object per line would be the single biggest allocation of the generator.
const NO_HEADERS = Object.freeze({});
const H_BEARER = Object.freeze({ 'www-authenticate': 'Bearer realm="api"' });
const H_EXPIRED = Object.freeze({ 'www-authenticate': 'Bearer realm="api", error="invalid_token", error_description="The access token expired"' });
const H_BAD_SIGNATURE = Object.freeze({ 'www-authenticate': 'Bearer realm="api", error="invalid_token", error_description="Signature verification failed"' });
const H_INVALID_TOKEN = Object.freeze({ 'www-authenticate': 'Bearer realm="api", error="invalid_token"' });
const H_INSUFFICIENT_SCOPE = Object.freeze({ 'www-authenticate': 'Bearer realm="api", error="insufficient_scope"' });
const H_OAUTH_CLIENT = Object.freeze({ 'www-authenticate': 'Basic realm="oauth", error="invalid_client"' });
/** Form logins answer 401 with a challenge of their own scheme, so the clean traffic has no challenge-less 401. */
const H_FORM = Object.freeze({ 'www-authenticate': 'Form realm="acme"' });
const H_RETRY_30 = Object.freeze({ 'retry-after': '30' });
const H_RETRY_5 = Object.freeze({ 'retry-after': '5' });

/** Every string field of generator-built events is plain ASCII (see TrafficEvent.safe). */
const SAFE_ALL = 15;
const UNSAFE_CHAR = /[^\x20-\x7e]|["\\]/;
/** @param {string} s */
const isSafe = (s) => !UNSAFE_CHAR.test(s);
/** Scanner probes with their escape-safety decided once (some are hostile on purpose). */
const SCANNER_PATHS = C.SCANNER_PATHS.map(([p, st, m]) => /** @type {const} */ ([p, st, m, isSafe(p) ? 1 : 0]));

// ───────────────────────────── time helpers ─────────────────────────────

/**
 * Accepts epoch ms, an ISO 8601 string, or `HH:MM` (wall clock in the log's offset on the
 * local date of `base`).
 * @param {number|string|undefined} x @param {number} base @param {number} offsetMinutes
 * @returns {number}
 */
export function resolveTime(x, base, offsetMinutes = 0) {
  if (typeof x === 'number') return x;
  if (x === undefined) return base;
  const m = /^(\d{1,2}):(\d{2})$/.exec(x);
  if (m !== null) {
    const off = offsetMinutes * MINUTE;
    const localDay = Math.floor((base + off) / (24 * HOUR)) * 24 * HOUR;
    return localDay + Number(m[1]) * HOUR + Number(m[2]) * MINUTE - off;
  }
  const t = Date.parse(x);
  if (Number.isNaN(t)) throw new Error(`traffic: cannot read time ${JSON.stringify(x)}`);
  return t;
}

// ───────────────────────────── routes ─────────────────────────────

/**
 * @typedef {{ method: string, weight: number, status: number, bytes: number, ms: number, bad: number }} MethodSpec
 * @typedef {{ name: string, host: string, kind: 'api'|'page'|'static'|'auth'|'health'|'admin',
 *   auth: boolean, admin: boolean, weight: number, methods: MethodSpec[], pickMethod: Weighted<MethodSpec>,
 *   notFound: number, makePath: (rng: Rng) => string }} Route
 */

/**
 * @param {string} name @param {object} spec
 * @param {(part: string) => (rng: Rng) => string} filler
 * @returns {Route}
 */
function route(name, spec, filler) {
  const s = /** @type {any} */ (spec);
  // The template compiles into alternating literal/placeholder parts once, so a path costs
  // one concatenation per placeholder at generation time.
  const parts = name.split(/\{(\w+)\}/);
  /** @type {Array<string | ((rng: Rng) => string)>} */
  const seq = parts.map((p, i) => (i % 2 === 1 ? filler(p) : p));
  const query = s.query ?? null;
  /** @param {Rng} rng */
  const makePath = (rng) => {
    let out = '';
    for (const p of seq) out += typeof p === 'string' ? p : p(rng);
    return query === null ? out : out + query(rng);
  };
  /** @type {MethodSpec[]} */
  const methods = (s.methods ?? [['GET', 1, 200, 1000, 30]]).map((/** @type {any[]} */ m) => ({
    method: m[0], weight: m[1], status: m[2], bytes: m[3], ms: m[4], bad: m[5] ?? 0,
  }));
  return {
    name, host: s.host ?? API_HOST, kind: s.kind ?? 'api', auth: s.auth ?? false, admin: s.admin ?? false,
    weight: s.weight ?? 1, methods, pickMethod: new Weighted(methods.map((m) => /** @type {const} */ ([m, m.weight]))),
    notFound: s.notFound ?? 0, makePath,
  };
}

/** @param {Rng} rng */
const q = (rng) => rng.next();

// ───────────────────────────── the generator ─────────────────────────────

/**
 * @typedef {{ ip: string, ua: string|null, family: string, kind: string, user: string|null,
 *   logsUser: boolean, admin: boolean, returning: boolean, protocol: string, version?: string,
 *   expireAt?: number, svc?: any }} Client
 */

/** Default noise rates: ordinary traffic that must not be flagged. */
export const DEFAULT_NOISE = Object.freeze({
  /** authenticated API request finds its access token expired → 401, refresh, retry */
  expiredToken: 0.004,
  /** share of form logins / token grants that fail with 401 (wrong password, bad client secret) */
  failedLogin: 0.1,
  /** 5xx share on API and page requests */
  serverError: 0.0008,
  /** 499 share (client gave up) */
  clientClosed: 0.0002,
  /** 429 share for SDK clients (rate limit, with Retry-After) */
  rateLimited: 0.0006,
  /** share of anonymous SPA visitors that probe /api/v1/users/me (→ 401) */
  anonymousProbe: 0.3,
});

export const PROFILES = Object.freeze({
  api: { browserWeb: 12, browserApi: 18, mobile: 36, sdk: 22, crawler: 2.5, scanner: 0.25 },
  website: { browserWeb: 72, browserApi: 8, mobile: 6, sdk: 2, crawler: 10, scanner: 0.6 },
  mixed: { browserWeb: 40, browserApi: 14, mobile: 22, sdk: 12, crawler: 6, scanner: 0.4 },
});

export const SERVICE_ACCOUNTS = Object.freeze([
  { user: 'svc-billing', ip: '10.20.3.11', ua: 'acme-billing/4.2.0 (+https://acme.example/svc)', intervalMs: 2000,
    calls: [['GET', '/api/v1/orders'], ['GET', '/api/v1/invoices/{id}'], ['POST', '/api/v1/invoices']] },
  { user: 'svc-reports', ip: '10.20.3.12', ua: 'python-requests/2.31.0', intervalMs: 6000,
    calls: [['GET', '/api/v1/orders'], ['GET', '/api/v1/users/{id}']] },
  { user: 'svc-search-indexer', ip: '10.20.4.21', ua: 'Apache-HttpClient/4.5.14 (Java/17.0.9)', intervalMs: 3000,
    calls: [['GET', '/api/v1/products'], ['GET', '/api/v1/products/{id}']] },
  { user: 'svc-notifications', ip: '10.20.4.30', ua: 'Go-http-client/1.1', intervalMs: 10000,
    calls: [['GET', '/api/v1/users/{id}'], ['GET', '/api/v1/notifications']] },
]);

/**
 * Clients as one class, so every hot access (`c.ip`, `c.ua`, `c.user`, …) sees one hidden
 * class; object literals of slightly different shapes made those accesses megamorphic.
 */
class ClientRec {
  /** @param {any} o */
  constructor(o) {
    this.ip = /** @type {string} */ (o.ip);
    this.ua = /** @type {string|null} */ (o.ua);
    this.family = /** @type {string} */ (o.family);
    this.kind = /** @type {string} */ (o.kind);
    this.user = /** @type {string|null} */ (o.user);
    this.logsUser = /** @type {boolean} */ (o.logsUser);
    this.admin = /** @type {boolean} */ (o.admin);
    this.returning = /** @type {boolean} */ (o.returning);
    this.protocol = /** @type {string} */ (o.protocol);
    this.version = /** @type {string|undefined} */ (o.version);
    /** @type {number|undefined} */
    this.expireAt = undefined;
    this.svc = o.svc;
  }
}
/** @param {any} o @returns {Client} */
const mkClient = (o) => new ClientRec(o);

class Task {
  /** @param {number} time @param {(gen: TrafficModel, t: number) => void} run */
  constructor(time, run) { this.time = time; this.run = run; }
}

/** @typedef {TrafficEvent | Task} HeapItem */

/** @param {HeapItem[]} h @param {HeapItem} x */
function heapPush(h, x) {
  let i = h.length;
  h.push(x);
  const t = x.time;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p].time <= t) break;
    h[i] = h[p];
    i = p;
  }
  h[i] = x;
}

/** @param {HeapItem[]} h */
function heapPop(h) {
  const top = h[0];
  const last = /** @type {HeapItem} */ (h.pop());
  const n = h.length;
  if (n > 0) {
    let i = 0;
    const t = last.time;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && h[c + 1].time < h[c].time) c++;
      if (h[c].time >= t) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = last;
  }
  return top;
}

class TrafficModel {
  /** @param {any} cfg normalized options @param {Map<string, any>} truthById */
  constructor(cfg, truthById) {
    this.cfg = cfg;
    this.rng = new Rng(cfg.seed);
    this.start = cfg.start;
    this.end = cfg.end;
    this.extend = cfg.lines !== Infinity;
    this.noise = cfg.noise;
    this.off = cfg.tzOffsetMinutes;
    /** @type {HeapItem[]} */
    this.heap = [];
    /** @type {Array<(ev: TrafficEvent, c: Client) => void>} */
    this.transforms = [];
    this.truthById = truthById;
    this.pilotMode = false;
    this.pilotCount = 0;
    const r = this.rng.fork('setup');
    this.buildRoutes(r);
    this.buildClients(r);
    this.mix = new Weighted(Object.entries(cfg.mix).map(([k, w]) => /** @type {const} */ ([k, /** @type {number} */ (w)])));
    this.scale = 0;
    this.nextArrival = Infinity;
    this.n = 0;
  }

  // ── catalogue ──

  /** @param {Rng} r */
  buildRoutes(r) {
    const nOrders = Math.min(50_000, Math.max(500, Math.round(this.cfg.requests / 20)));
    /** @type {string[]} */
    this.orderIds = Array.from({ length: nOrders }, () => r.uuid());
    const nSlugs = 1500;
    /** @type {string[]} */
    this.slugs = Array.from({ length: nSlugs }, () => `${r.pick(C.PRODUCT_WORDS)}-${r.pick(C.PRODUCT_WORDS)}-${r.range(100, 999)}`);
    this.assetHash = r.hex(8);
    const self = this;
    /** @param {string} part */
    const filler = (part) => {
      switch (part) {
        case 'id': return (/** @type {Rng} */ rng) => String(1000 + Math.floor(Math.pow(rng.next(), 2) * 900_000));
        case 'uuid': return (/** @type {Rng} */ rng) => rng.pickSkewed(self.orderIds, 1.5);
        case 'slug': return (/** @type {Rng} */ rng) => rng.pickSkewed(self.slugs, 2);
        case 'hash': return () => self.assetHash;
        case 'img': return (/** @type {Rng} */ rng) => rng.pickSkewed(self.slugs, 2.5);
        case 'help': return (/** @type {Rng} */ rng) => rng.pick(C.HELP_SLUGS);
        default: throw new Error(`traffic: unknown placeholder {${part}}`);
      }
    };
    const R = (/** @type {string} */ n, /** @type {object} */ s) => route(n, s, filler);
    const page = { host: WEB_HOST, kind: 'page' };
    const stat = { host: WEB_HOST, kind: 'static' };
    /** @type {Route[]} */
    const api = [
      R('/api/v1/users/me', { weight: 14, auth: true, methods: [['GET', 1, 200, 420, 18]] }),
      R('/api/v1/users/{id}', { weight: 9, auth: true, notFound: 0.01, methods: [['GET', 8, 200, 650, 25], ['PATCH', 1, 200, 680, 60, 0.02]] }),
      R('/api/v1/orders', { weight: 12, auth: true, query: (/** @type {Rng} */ rng) => (q(rng) < 0.6 ? `?page=${rng.range(1, 6)}&limit=20` : ''),
        methods: [['GET', 8, 200, 7800, 70], ['POST', 2, 201, 950, 140, 0.02]] }),
      R('/api/v1/orders/{uuid}', { weight: 13, auth: true, notFound: 0.006, methods: [['GET', 10, 200, 1800, 35], ['PUT', 1, 200, 1800, 90, 0.015], ['DELETE', 0.5, 204, 0, 45]] }),
      R('/api/v1/products', { weight: 10, query: (/** @type {Rng} */ rng) => (q(rng) < 0.5 ? `?category=${rng.pick(C.CATEGORIES)}&page=${rng.range(1, 4)}` : `?q=${rng.pick(C.SEARCH_TERMS)}`),
        methods: [['GET', 1, 200, 12000, 90]] }),
      R('/api/v1/products/{id}', { weight: 12, notFound: 0.01, methods: [['GET', 1, 200, 2400, 22]] }),
      R('/api/v1/cart', { weight: 6, auth: true, methods: [['GET', 1, 200, 1300, 20]] }),
      R('/api/v1/cart/items', { weight: 3, auth: true, methods: [['POST', 1, 201, 310, 40, 0.02]] }),
      R('/api/v1/cart/items/{id}', { weight: 1.5, auth: true, methods: [['DELETE', 1, 204, 0, 30]] }),
      R('/api/v1/notifications', { weight: 4, auth: true, query: (/** @type {Rng} */ rng) => `?since=${rng.range(1700000000, 1763000000)}`, methods: [['GET', 1, 200, 700, 30]] }),
      R('/api/v1/invoices/{id}', { weight: 2, auth: true, notFound: 0.01, methods: [['GET', 1, 200, 3100, 45]] }),
      R('/api/v1/invoices', { weight: 0.5, auth: true, methods: [['POST', 1, 201, 400, 120, 0.01]] }),
      R('/api/v1/admin/users', { weight: 0.25, auth: true, admin: true, kind: 'admin', query: (/** @type {Rng} */ rng) => `?page=${rng.range(1, 30)}`, methods: [['GET', 1, 200, 15000, 110]] }),
      R('/api/v1/admin/audit-log', { weight: 0.15, auth: true, admin: true, kind: 'admin', methods: [['GET', 1, 200, 22000, 160]] }),
    ];
    for (let i = 0; i < this.cfg.extraRoutes; i++) {
      const a = C.EXTRA_NOUNS[i % C.EXTRA_NOUNS.length];
      const b = C.EXTRA_NOUNS[Math.floor(i / C.EXTRA_NOUNS.length) % C.EXTRA_NOUNS.length];
      const shape = Math.floor(i / (C.EXTRA_NOUNS.length * C.EXTRA_NOUNS.length)) % 3;
      const name = shape === 0 ? `/api/v2/${a}/{id}/${b}` : shape === 1 ? `/api/v2/${b}/${a}/{id}` : `/api/v3/${a}/{uuid}/${b}/{id}`;
      api.push(R(name, { weight: 20 / (i + 10), auth: true, notFound: 0.005, methods: [['GET', 6, 200, 900, 30], ['POST', 1, 201, 300, 70, 0.01]] }));
    }
    const auth = [
      R('/oauth/token', { kind: 'auth', methods: [['POST', 1, 200, 880, 60]] }),
      R('/login', { host: WEB_HOST, kind: 'auth', methods: [['POST', 1, 303, 0, 90]] }),
    ];
    /** @type {Route[]} */
    const pages = [
      R('/', { ...page, weight: 12, methods: [['GET', 1, 200, 31000, 40]] }),
      R('/products/{slug}', { ...page, weight: 30, notFound: 0.012, methods: [['GET', 1, 200, 46000, 55]] }),
      R('/products', { ...page, weight: 9, query: (/** @type {Rng} */ rng) => `?category=${rng.pick(C.CATEGORIES)}${q(rng) < 0.5 ? `&page=${rng.range(2, 9)}` : ''}`, methods: [['GET', 1, 200, 52000, 70]] }),
      R('/search', { ...page, weight: 6, query: (/** @type {Rng} */ rng) => `?q=${rng.pick(C.SEARCH_TERMS)}`, methods: [['GET', 1, 200, 38000, 120]] }),
      R('/help/{help}', { ...page, weight: 3, methods: [['GET', 1, 200, 18000, 25]] }),
      R('/cart', { ...page, weight: 5, methods: [['GET', 1, 200, 21000, 45]] }),
      R('/account', { ...page, weight: 4, auth: true, methods: [['GET', 1, 200, 24000, 60]] }),
      R('/login', { ...page, weight: 4, methods: [['GET', 1, 200, 9000, 15]] }),
    ];
    const extraPages = [
      R('/robots.txt', { ...stat, methods: [['GET', 1, 200, 310, 1]] }),
      R('/sitemap.xml', { ...page, methods: [['GET', 1, 200, 88000, 30]] }),
      R('/checkout', { ...page, methods: [['POST', 1, 303, 0, 240, 0.02]] }),
      R('/checkout/complete', { ...page, methods: [['GET', 1, 200, 16000, 50]] }),
      R('/shop/{slug}', { ...page, methods: [['GET', 1, 302, 0, 3]] }),
      R('/health', { kind: 'health', methods: [['GET', 1, 200, 15, 1]] }),
    ];
    const assets = [
      R('/static/app.{hash}.js', { ...stat, weight: 10, methods: [['GET', 1, 200, 184000, 3]] }),
      R('/static/app.{hash}.css', { ...stat, weight: 10, methods: [['GET', 1, 200, 41000, 2]] }),
      R('/static/img/{img}.webp', { ...stat, weight: 16, methods: [['GET', 1, 200, 36000, 2]] }),
      R('/favicon.ico', { ...stat, weight: 2, methods: [['GET', 1, 200, 4286, 1]] }),
    ];
    this.apiRoutes = api;
    this.apiAll = new Weighted(api.map((x) => /** @type {const} */ ([x, x.weight])));
    this.apiPublic = new Weighted(api.filter((x) => !x.auth).map((x) => /** @type {const} */ ([x, x.weight])));
    this.apiNoAdmin = new Weighted(api.filter((x) => !x.admin).map((x) => /** @type {const} */ ([x, x.weight])));
    this.pages = new Weighted(pages.map((x) => /** @type {const} */ ([x, x.weight])));
    this.assets = new Weighted(assets.map((x) => /** @type {const} */ ([x, x.weight])));
    /** @type {Map<string, Route>} */
    this.routeByName = new Map();
    for (const x of [...api, ...pages, ...extraPages, ...assets]) this.routeByName.set(x.host === WEB_HOST ? `www:${x.name}` : x.name, x);
    this.tokenRoute = auth[0];
    this.loginRoute = auth[1];
  }

  /** @param {string} name @param {boolean} [web] */
  r(name, web = false) {
    const x = this.routeByName.get(web ? `www:${name}` : name) ?? this.routeByName.get(name) ?? this.routeByName.get(`www:${name}`);
    if (x === undefined) throw new Error(`traffic: unknown route ${name}`);
    return x;
  }

  /** @param {Rng} r @param {boolean} v6ok */
  makeIp(r, v6ok) {
    if (v6ok && r.chance(0.12)) {
      const prefix = r.pick(['2a01:cb1d', '2a02:810d', '2001:16b8', '2600:1700', '2601:19b', '2804:14c', '2a00:23c7']);
      return `${prefix}:${r.hex(4)}:${r.hex(3)}0:${r.hex(4).replace(/^0+/, '') || '0'}:${r.hex(4).replace(/^0+/, '') || '0'}:${r.hex(4).replace(/^0+/, '') || '0'}:${r.hex(4).replace(/^0+/, '') || '0'}`;
    }
    return `${r.pick(C.PUBLIC_FIRST_OCTETS)}.${r.int(256)}.${r.int(256)}.${1 + r.int(254)}`;
  }

  /** @param {Rng} r */
  buildClients(r) {
    const cfg = this.cfg;
    const n = cfg.requests;
    const clamp = (/** @type {number} */ x, /** @type {number} */ lo, /** @type {number} */ hi) => Math.max(lo, Math.min(hi, Math.round(x)));
    const browserUa = new Weighted(C.BROWSER_UAS.map(([f, ua, w]) => /** @type {const} */ ([[f, ua], w])));
    const sdkUa = new Weighted(C.SDK_UAS.map(([f, ua, w]) => /** @type {const} */ ([[f, ua], w])));
    const appVer = new Weighted(C.APP_VERSIONS.map(([v, w]) => /** @type {const} */ ([v, w])));
    let nextUser = 1000;
    const newUser = () => `u${(nextUser += 1 + r.int(40))}`;
    /** @type {Client[]} */
    this.browsers = [];
    for (let i = 0, m = clamp(n / 25, 40, 40_000); i < m; i++) {
      const [family, ua] = browserUa.sample(r);
      const loggedIn = r.chance(0.45);
      this.browsers.push(mkClient({ ip: this.makeIp(r, true), ua, family, kind: 'browser', user: loggedIn ? newUser() : null,
        logsUser: r.chance(cfg.userShare), admin: loggedIn && r.chance(0.02), returning: r.chance(0.6), protocol: r.chance(0.8) ? 'HTTP/2.0' : 'HTTP/1.1' }));
    }
    /** @type {Client[]} */
    this.mobiles = [];
    for (let i = 0, m = clamp(n / 40, 30, 25_000); i < m; i++) this.mobiles.push(this.newMobile(r, appVer.sample(r), newUser()));
    /** @type {Client[]} */
    this.sdks = [];
    for (let i = 0, m = clamp(n / 500, 8, 3000); i < m; i++) {
      const [family, ua] = sdkUa.sample(r);
      this.sdks.push(mkClient({ ip: this.makeIp(r, false), ua, family, kind: 'sdk', user: `org-${1000 + r.int(9000)}`,
        logsUser: r.chance(cfg.userShare), admin: r.chance(0.08), returning: true, protocol: 'HTTP/1.1' }));
    }
    /** @type {Client[]} */
    this.crawlers = [];
    const crawlerPick = new Weighted(C.CRAWLERS.map((c) => /** @type {const} */ ([c, c.weight])));
    for (let i = 0; i < 60; i++) {
      const c = crawlerPick.sample(r);
      this.crawlers.push(mkClient({ ip: r.pick(c.prefixes) + (1 + r.int(254)), ua: c.ua, family: c.name, kind: 'crawler', user: null,
        logsUser: false, admin: false, returning: true, protocol: 'HTTP/1.1' }));
    }
    /** @type {Client[]} */
    this.scanners = [];
    for (let i = 0, m = clamp(n / 2000, 5, 400); i < m; i++) {
      this.scanners.push(mkClient({ ip: this.makeIp(r, false), ua: r.pick(C.SCANNER_UAS), family: 'scanner', kind: 'scanner', user: null,
        logsUser: false, admin: false, returning: false, protocol: 'HTTP/1.1' }));
    }
    /** @type {Client[]} */
    this.services = (cfg.services ? SERVICE_ACCOUNTS : []).map((s) => (mkClient({ ip: s.ip, ua: s.ua, family: s.user, kind: 'service',
      user: s.user, logsUser: true, admin: false, returning: true, protocol: 'HTTP/1.1', svc: s })));
    this.nextUser = newUser;
    this.browserUa = browserUa;
    this.sdkUa = sdkUa;
  }

  /** @param {Rng} r @param {string} version @param {string} user @returns {Client} */
  newMobile(r, version, user) {
    const ios = r.chance(0.55);
    const os = ios ? r.pick(C.IOS_VERSIONS) : r.pick(C.ANDROID_VERSIONS);
    return mkClient({ ip: this.makeIp(r, true), ua: C.appUserAgent(version, ios, os), family: 'AcmeApp', version, kind: 'mobile', user,
      logsUser: r.chance(this.cfg.userShare), admin: false, returning: true, protocol: 'HTTP/2.0' });
  }

  // ── volume ──

  /** @param {number} t @returns {number} relative request rate at t (1 at the afternoon peak) */
  shape(t) {
    const d = this.cfg.diurnal;
    if (d === false) return 1;
    const h = (((t + this.off * MINUTE) / HOUR) % 24 + 24) % 24;
    const x = (1 - Math.cos((2 * Math.PI * (h - d.troughHour)) / 24)) / 2;
    return d.night + (1 - d.night) * Math.pow(x, 1.5);
  }

  /** Sets the arrival rate so the window holds about cfg.requests lines. */
  calibrate() {
    // Mean lines per arrival: a pilot of arrivals on a scratch heap, with a forked stream
    // so the pilot does not move the real one.
    const saveRng = this.rng, saveHeap = this.heap;
    this.rng = saveRng.fork('pilot');
    this.heap = [];
    this.pilotMode = true;
    this.pilotCount = 0;
    const N = 1500;
    const mid = this.start + 12 * HOUR;
    for (let i = 0; i < N; i++) this.arrival(mid);
    const perArrival = this.pilotCount / N;
    this.pilotMode = false;
    this.rng = saveRng;
    this.heap = saveHeap;
    const span = this.end - this.start;
    let periodic = 0;
    for (const c of this.services) periodic += span / this.serviceInterval(c);
    if (this.cfg.healthChecks) periodic += span / HEALTH_EVERY_MS + span / 60_000;
    const target = Math.max(1, this.cfg.requests - periodic);
    let integral = 0;
    for (let t = this.start; t < this.end; t += MINUTE) integral += this.shape(t + MINUTE / 2) * Math.min(MINUTE, this.end - t);
    this.perArrival = perArrival;
    this.scale = target / perArrival / integral;
  }

  /**
   * A service account's mean interval: the catalogue's intervals are for a service share of
   * `serviceShare` at 12 requests/s; a smaller log gets slower services, so machines stay a
   * minority of the traffic whatever the volume (they are steady, day and night).
   * @param {Client} c
   */
  serviceInterval(c) {
    const avgPerSec = this.cfg.requests / ((this.end - this.start) / 1000);
    let baseRate = 0;
    for (const s of SERVICE_ACCOUNTS) baseRate += 1000 / s.intervalMs;
    const f = (this.cfg.serviceShare * avgPerSec) / baseRate;
    return Math.max(200, /** @type {any} */ (c).svc.intervalMs / f);
  }

  // ── emission ──

  /** Applies injections, then queues the event. @param {TrafficEvent} ev @param {Client} c */
  push(ev, c) {
    if (this.pilotMode) { this.pilotCount++; return; }
    const tf = this.transforms;
    for (let i = 0; i < tf.length && ev.truth === null; i++) tf[i](ev, c);
    heapPush(this.heap, ev);
  }

  /** @param {number} time @param {(gen: TrafficModel, t: number) => void} run */
  schedule(time, run) {
    if (this.pilotMode) return;
    heapPush(this.heap, new Task(time, run));
  }

  /**
   * Runs `fn` at Poisson times (mean `meanMs` apart) in [start, end), or strictly
   * periodically with ±20% jitter when `periodic`.
   * @param {number} start @param {number} end @param {number} meanMs @param {(t: number) => void} fn
   * @param {{ periodic?: boolean, rng?: Rng }} [o]
   */
  every(start, end, meanMs, fn, o = {}) {
    const rng = o.rng ?? this.rng;
    const step = () => (o.periodic ? meanMs * (0.8 + 0.4 * rng.next()) : rng.exp(meanMs));
    const first = start + (o.periodic ? rng.next() * meanMs : step());
    const run = (/** @type {TrafficModel} */ g, /** @type {number} */ t) => {
      fn(t);
      const nt = t + step();
      if (nt < end) g.schedule(nt, run);
    };
    if (first < end) this.schedule(first, run);
  }

  /** @param {number} t @param {Client} c @param {string} method @param {string} path @param {number} status
   *  @param {number} bytes @param {string|null} referer @param {number} ms @param {Route|null} rt
   *  @param {Readonly<Record<string,string>>} headers @param {number|null} upstream @param {boolean} withUser */
  ev(t, c, method, path, status, bytes, referer, ms, rt, headers, upstream, withUser) {
    return new TrafficEvent(Math.floor(t), c.ip, withUser && c.logsUser ? c.user : null, method, path, status, bytes, c.ua, referer,
      Math.max(0, Math.round(ms)), rt === null ? WEB_HOST : rt.host, upstream, headers, rt === null ? null : rt.name, c.protocol, SAFE_ALL);
  }

  /** POST /oauth/token. @param {number} t @param {Client} c @param {boolean} ok */
  tokenCall(t, c, ok) {
    const rng = this.rng;
    const e = ok
      ? this.ev(t, c, 'POST', '/oauth/token', 200, Math.round(rng.around(880, 0.1)), null, rng.around(60, 0.4), this.tokenRoute, NO_HEADERS, 200, false)
      : this.ev(t, c, 'POST', '/oauth/token', 401, 89, null, rng.around(45, 0.4), this.tokenRoute, H_OAUTH_CLIENT, 401, false);
    this.push(e, c);
    return e;
  }

  /**
   * One API request with ordinary outcomes; returns the event (after injections).
   * @param {number} t @param {Client} c @param {Route} rt @param {MethodSpec} m @param {string|null} referer
   * @param {{ path?: string, anonymous?: boolean, noRefresh?: boolean }} [o]
   */
  apiCall(t, c, rt, m, referer, o) {
    const rng = this.rng;
    const noise = this.noise;
    const path = o?.path ?? rt.makePath(rng);
    const hasToken = c.user !== null && o?.anonymous !== true;
    // The occasional expired access token, handled correctly: 401 with a challenge, a
    // refresh within seconds, then the same request again. Ordinary; must not be flagged.
    if (rt.auth && hasToken && o?.noRefresh !== true && rng.next() < noise.expiredToken) {
      this.push(this.ev(t, c, m.method, path, 401, 70 + rng.int(20), referer, rng.around(6, 0.4), rt, H_EXPIRED, 401, false), c);
      t += 30 + rng.int(1500);
      this.tokenCall(t, c, true);
      t += 20 + rng.int(400);
    }
    let status = m.status;
    let bytes = m.bytes === 0 ? 0 : Math.round(rng.around(m.bytes, 0.35));
    let ms = rng.around(m.ms, 0.55);
    /** @type {Readonly<Record<string,string>>} */
    let headers = NO_HEADERS;
    /** @type {number|null} */
    let upstream = 0;
    let withUser = hasToken;
    const r = rng.next();
    if (rt.auth && !hasToken) {
      status = 401; bytes = 58; ms = rng.around(4, 0.4); headers = H_BEARER; withUser = false;
    } else if (rt.admin && !c.admin) {
      status = 403; bytes = 96; ms = rng.around(8, 0.4);
    } else if (r < rt.notFound) {
      status = 404; bytes = 62; ms *= 0.5;
    } else if (r < rt.notFound + m.bad) {
      status = rng.chance(0.6) ? 422 : 400; bytes = 140 + rng.int(200);
    } else if (r < rt.notFound + m.bad + noise.serverError) {
      const x = rng.next();
      if (x < 0.55) { status = 500; bytes = 71; }
      else if (x < 0.75) { status = 502; bytes = 157; upstream = null; ms = rng.around(3, 0.5); }
      else if (x < 0.87) { status = 503; bytes = 53; headers = H_RETRY_30; }
      else { status = 504; bytes = 167; upstream = null; ms = 60000 + rng.int(20); }
    } else if (r > 1 - noise.clientClosed) {
      status = 499; bytes = 0; upstream = null; ms = rng.around(9000, 0.6);
    } else if (c.kind === 'sdk' && r > 1 - noise.clientClosed - noise.rateLimited) {
      status = 429; bytes = 72; headers = H_RETRY_5; ms = 1;
    } else if (status === 201) {
      headers = { location: `${rt.name.replace(/\{\w+\}/g, 'x')}/${rng.pick(this.orderIds)}` };
    }
    if (upstream === 0) upstream = status;
    const e = this.ev(t, c, m.method, path, status, bytes, referer, ms, rt, headers, upstream, withUser);
    this.push(e, c);
    this.followRedirect(e, c);
    return e;
  }

  /** Clients follow a redirect with a GET of its Location (browsers and most HTTP clients do, also after a POST). @param {TrafficEvent} e @param {Client} c */
  followRedirect(e, c) {
    const loc = e.headers.location;
    if (loc === undefined || e.status < 300 || e.status > 308 || e.status === 304) return;
    if (e.status === 201) return;
    const rng = this.rng;
    const path = loc.startsWith('http') ? loc.replace(/^https?:\/\/[^/]+/, '') : loc;
    const name = path.split('?')[0];
    const rt = this.routeByName.get(`www:${name}`) ?? this.routeByName.get(name) ?? null;
    const bytes = rt === null ? Math.round(rng.around(20000, 0.3)) : Math.round(rng.around(rt.methods[0].bytes, 0.3));
    const f = new TrafficEvent(e.time + 20 + rng.int(300), c.ip, e.user, 'GET', path, 200, bytes, c.ua, e.referer,
      Math.round(rng.around(40, 0.5)), e.host, 200, NO_HEADERS, rt === null ? name : rt.name, c.protocol, SAFE_ALL);
    this.push(f, c);
  }

  // ── arrivals ──

  /** @param {number} t */
  arrival(t) {
    switch (this.mix.sample(this.rng)) {
      case 'browserWeb': return this.browserWeb(t, this.rng.pickSkewed(this.browsers, 1.6));
      case 'browserApi': return this.browserApi(t, this.rng.pickSkewed(this.browsers, 1.6));
      case 'mobile': return this.appSession(t, this.rng.pickSkewed(this.mobiles, 1.8), 1, 5, 200, 4000);
      case 'sdk': return this.appSession(t, this.rng.pickSkewed(this.sdks, 2.2), 1, 8, 40, 900);
      case 'crawler': return this.crawl(t, this.rng.pick(this.crawlers));
      case 'scanner': return this.scan(t, this.rng.pick(this.scanners));
      default: throw new Error('traffic: unknown arrival kind');
    }
  }

  /** @param {number} t @param {Client} c */
  browserWeb(t, c) {
    const rng = this.rng;
    const rt = this.pages.sample(rng);
    const path = rt.makePath(rng);
    const x = rng.next();
    const referer = x < 0.25 ? rng.pick(EXTERNAL_REFERERS) : x < 0.75 ? rng.pick(INTERNAL_REFERERS) : null;
    let status = 200, bytes = Math.round(rng.around(rt.methods[0].bytes, 0.2));
    /** @type {Readonly<Record<string,string>>} */
    let headers = NO_HEADERS;
    if (rt.auth && c.user === null) {
      status = 302; bytes = 0; headers = { location: `/login?next=${encodeURIComponent(path)}` };
    } else if (rng.chance(rt.notFound)) {
      status = 404; bytes = 3194;
    } else if (c.returning && rng.chance(0.12)) {
      status = 304; bytes = 0;
    } else if (rng.chance(this.noise.serverError)) {
      status = 500; bytes = 2310;
    }
    const e = this.ev(t, c, 'GET', path, status, bytes, referer, rng.around(rt.methods[0].ms, 0.5), rt, headers, status, rt.auth);
    this.push(e, c);
    this.followRedirect(e, c);
    if (e.status !== 200 && e.status !== 304) return;
    // the page's assets, revalidated (304, no body) by returning visitors
    const pageUrl = WEB_ORIGIN + path;
    for (let i = 0, k = 2 + rng.int(4); i < k; i++) {
      const a = this.assets.sample(rng);
      const cached = c.returning && rng.chance(0.7);
      const ae = this.ev(t + 30 + rng.int(900), c, 'GET', a.makePath(rng), cached ? 304 : 200,
        cached ? 0 : Math.round(rng.around(a.methods[0].bytes, 0.3)), pageUrl, rng.around(2, 0.6), a, NO_HEADERS, null, false);
      this.push(ae, c);
    }
    if (rt.name === '/login' && rng.chance(0.7)) {
      // the form is submitted: success redirects with 303 (post/redirect/get), failure is 401
      const ok = !rng.chance(this.noise.failedLogin);
      const le = this.ev(t + 4000 + rng.int(25000), c, 'POST', '/login', ok ? 303 : 401, ok ? 0 : 5400, pageUrl, rng.around(90, 0.4),
        this.loginRoute, ok ? { location: '/account' } : H_FORM, ok ? 303 : 401, false);
      this.push(le, c);
      this.followRedirect(le, c);
    } else if (rt.name === '/cart' && c.user !== null && rng.chance(0.25)) {
      // checkout: POST answered 303 See Other, the browser GETs the confirmation
      const ce = this.ev(t + 8000 + rng.int(40000), c, 'POST', '/checkout', 303, 0, pageUrl, rng.around(240, 0.4),
        this.r('/checkout', true), { location: '/checkout/complete' }, 303, true);
      this.push(ce, c);
      this.followRedirect(ce, c);
    }
  }

  /** A single-page app calling the API from the browser (cross-origin: writes are preflighted). @param {number} t @param {Client} c */
  browserApi(t, c) {
    const rng = this.rng;
    const referer = rng.pick(SPA_REFERERS);
    if (c.user === null) {
      // anonymous visitor: public catalogue, and the SPA asks "am I logged in?" (401, correct)
      if (rng.chance(this.noise.anonymousProbe)) this.apiCall(t, c, this.r('/api/v1/users/me'), this.r('/api/v1/users/me').methods[0], referer);
      for (let i = 0, k = 1 + rng.int(3); i < k; i++) {
        t += 100 + rng.int(2500);
        const rt = this.apiPublic.sample(rng);
        this.apiCall(t, c, rt, rt.pickMethod.sample(rng), referer);
      }
      return;
    }
    for (let i = 0, k = 1 + rng.int(4); i < k; i++) {
      const rt = this.apiNoAdmin.sample(rng);
      const m = rt.pickMethod.sample(rng);
      if (m.method !== 'GET') {
        if (!this.preflight(t, c, rt, referer)) return;
        t += 10 + rng.int(80);
      }
      this.apiCall(t, c, rt, m, referer);
      t += 100 + rng.int(3000);
    }
  }

  /** CORS preflight; false when it failed (the browser then never sends the request). @param {number} t @param {Client} c @param {Route} rt @param {string} referer @param {string} [path] */
  preflight(t, c, rt, referer, path) {
    const rng = this.rng;
    const e = this.ev(t, c, 'OPTIONS', path ?? rt.makePath(rng), 204, 0, referer, rng.around(2, 0.5), rt, NO_HEADERS, 204, false);
    this.push(e, c);
    return e.status < 300;
  }

  /** Mobile app or SDK: a few API calls close together. @param {number} t @param {Client} c
   *  @param {number} kMin @param {number} kMax @param {number} gapMin @param {number} gapMax */
  appSession(t, c, kMin, kMax, gapMin, gapMax) {
    const rng = this.rng;
    if (rng.chance(0.02)) { this.tokenCall(t, c, !rng.chance(this.noise.failedLogin * 0.2)); t += 50 + rng.int(300); }
    const table = c.admin ? this.apiAll : this.apiNoAdmin;
    for (let i = 0, k = rng.range(kMin, kMax); i < k; i++) {
      const rt = table.sample(rng);
      this.apiCall(t, c, rt, rt.pickMethod.sample(rng), null);
      t += gapMin + rng.int(gapMax - gapMin);
    }
  }

  /** @param {number} t @param {Client} c */
  crawl(t, c) {
    const rng = this.rng;
    const x = rng.next();
    const rt = x < 0.03 ? this.r('/robots.txt', true) : x < 0.05 ? this.r('/sitemap.xml', true) : this.pages.sample(rng);
    const path = rt.makePath(rng);
    let status = 200, bytes = Math.round(rng.around(rt.methods[0].bytes, 0.2));
    /** @type {Readonly<Record<string,string>>} */
    let headers = NO_HEADERS;
    if (rt.auth) { status = 302; bytes = 0; headers = { location: `/login?next=${encodeURIComponent(path)}` }; }
    else if (rng.chance(rt.notFound * 2)) { status = 404; bytes = 3194; }
    else if (rng.chance(0.1)) { status = 304; bytes = 0; }
    else if (rt.name === '/products/{slug}' && rng.chance(0.01)) { status = 301; bytes = 0; headers = { location: `/products/${rng.pick(this.slugs)}` }; }
    this.push(this.ev(t, c, 'GET', path, status, bytes, null, rng.around(rt.methods[0].ms, 0.5), rt, headers, status === 404 && rt.kind === 'static' ? null : status, false), c);
  }

  /** A vulnerability scanner's burst of probes (mostly 404). @param {number} t @param {Client} c */
  scan(t, c) {
    const rng = this.rng;
    for (let i = 0, k = rng.range(5, 40); i < k; i++) {
      const [path, status, method, safe] = rng.pick(SCANNER_PATHS);
      const bytes = method === 'HEAD' ? 0 : status === 200 ? 31000 : status === 400 ? 157 : status === 403 ? 153 : 146;
      const e = new TrafficEvent(Math.floor(t), c.ip, null, method, path, status, bytes, c.ua, null, rng.int(3), WEB_HOST,
        status === 200 ? 200 : null, NO_HEADERS, path === '/' ? '/' : null, 'HTTP/1.1', safe | (c.ua === null || isSafe(c.ua) ? 8 : 0) | 6);
      this.push(e, c);
      t += 30 + rng.int(600);
    }
  }

  // ── periodic sources ──

  startPeriodic() {
    const end = this.extend ? Infinity : this.end;
    for (const c of this.services) {
      const s = /** @type {any} */ (c).svc;
      const calls = s.calls.map((/** @type {[string, string]} */ [method, name]) => {
        const rt = this.r(name);
        return /** @type {const} */ ([rt, rt.methods.find((m) => m.method === method) ?? rt.methods[0]]);
      });
      // steady rate, day and night: machines do not sleep
      this.every(this.start, end, this.serviceInterval(c), (t) => {
        const [rt, m] = this.rng.pick(calls);
        this.apiCall(t, c, rt, m, null, { noRefresh: true });
      }, { periodic: true });
      // client-credentials token, renewed before it expires
      this.every(this.start, end, 50 * MINUTE, (t) => { this.tokenCall(t, c, true); }, { periodic: true });
    }
    if (this.cfg.healthChecks) {
      const probe = mkClient({ ip: '10.20.0.1', ua: 'kube-probe/1.29', family: 'kube-probe', kind: 'health', user: null, logsUser: false, admin: false, returning: true, protocol: 'HTTP/1.1' });
      const health = this.r('/health');
      this.every(this.start, end, HEALTH_EVERY_MS, (t) => {
        this.push(new TrafficEvent(Math.floor(t), probe.ip, null, 'GET', '/health', 200, 15, probe.ua, null, 1, '10.20.1.7', 200, NO_HEADERS, health.name, 'HTTP/1.1', SAFE_ALL), probe);
      }, { periodic: true });
      const monitor = mkClient({ ip: '69.162.124.231', ua: 'Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)', family: 'UptimeRobot', kind: 'monitor', user: null, logsUser: false, admin: false, returning: true, protocol: 'HTTP/1.1' });
      this.every(this.start, end, 60_000, (t) => {
        this.push(new TrafficEvent(Math.floor(t), monitor.ip, null, 'HEAD', '/', 200, 0, monitor.ua, null, Math.round(this.rng.around(30, 0.4)), WEB_HOST, 200, NO_HEADERS, '/', 'HTTP/1.1', SAFE_ALL), monitor);
      }, { periodic: true });
    }
  }

  /**
   * The next event in time order, or null at the end. A plain method rather than a
   * generator: the benchmark pulls millions of events and generator resumption plus the
   * iterator-result objects were a visible share of the profile.
   * @returns {TrafficEvent|null}
   */
  step() {
    if (this.n >= this.cfg.lines) return null;
    const heap = this.heap;
    for (;;) {
      const top = heap.length > 0 ? heap[0] : null;
      const topT = top === null ? Infinity : top.time;
      const next = this.nextArrival;
      if (next <= topT) {
        if (next === Infinity) return null;
        this.arrival(next);
        let nx = next + this.rng.exp(1 / (this.scale * this.shape(next)));
        if (nx >= this.end && !this.extend) nx = Infinity;
        this.nextArrival = nx;
        continue;
      }
      if (!this.extend && topT >= this.end) return null;
      heapPop(heap);
      if (top instanceof Task) { top.run(this, top.time); continue; }
      const ev = /** @type {TrafficEvent} */ (top);
      if (ev.truth !== null) {
        const tr = this.truthById.get(ev.truth);
        tr.count++;
        if (tr.firstTime === null) tr.firstTime = ev.time;
        tr.lastTime = ev.time;
      }
      this.n++;
      return ev;
    }
  }
}

// ───────────────────────────── injections ─────────────────────────────

/**
 * @typedef {{ pattern: string, id?: string, at?: number|string, minutes?: number, routes?: string[],
 *   intensity?: number, clients?: number|string[], [k: string]: any }} InjectionSpec
 * @typedef {{ id: string, pattern: string, start: number, end: number|null, routes: string[], methods: string[]|null,
 *   clients: string[]|null, userAgents: string[]|null, statuses: number[], scope: 'many'|'few'|'one',
 *   params: Record<string, unknown>, count: number, firstTime: number|null, lastTime: number|null }} GroundTruth
 */

/** Fields every injection's truth shares. @returns {GroundTruth} */
function baseTruth(/** @type {string} */ id, /** @type {string} */ pattern, /** @type {number} */ start, /** @type {number|null} */ end, /** @type {any} */ rest) {
  return { id, pattern, start, end, routes: [], methods: null, clients: null, userAgents: null, statuses: [], scope: 'many', params: {}, count: 0, firstTime: null, lastTime: null, ...rest };
}

/** A 401 in place of the event's answer (identity lost: no user logged). @param {TrafficEvent} ev @param {Readonly<Record<string,string>>} h @param {string} id */
function make401(ev, h, id) {
  ev.status = 401; ev.bytes = 70; ev.user = null; ev.headers = h; ev.upstreamStatus = 401; ev.durationMs = Math.min(ev.durationMs, 9); ev.truth = id;
}

/** @param {number} s @param {number} e @param {number} t */
const inWin = (s, e, t) => t >= s && t < e;

/**
 * Each injection: (gen, spec, rng, id, start, end) → GroundTruth; registers transforms on
 * gen (change ordinary requests in the window) and/or drivers (extra requests).
 * @type {Record<string, (g: TrafficModel, p: InjectionSpec, rng: Rng, id: string, s: number, e: number) => GroundTruth>}
 */
const INJECTIONS = {
  tokenRotation(g, p, rng, id, s, e) {
    const intensity = p.intensity ?? 0.7;
    const routes = new Set(p.routes ?? g.apiRoutes.filter((r) => r.auth && !r.admin).map((r) => r.name));
    const refresh = p.refreshShare ?? 0.3;
    g.transforms.push((ev, c) => {
      if (ev.time >= s && ev.time < e && ev.route !== null && routes.has(ev.route) && c.user !== null && ev.method !== 'OPTIONS' &&
        ev.status < 500 && rng.next() < intensity) {
        make401(ev, H_BAD_SIGNATURE, id);
        // well-behaved clients refresh their token (which works: the issuer is fine, the
        // verifier is not) — so this is a level shift, not a retry storm
        if (c.kind !== 'service' && rng.next() < refresh) g.tokenCall(ev.time + 50 + rng.int(1500), c, true);
      }
    });
    return baseTruth(id, 'tokenRotation', s, e === Infinity ? null : e, { routes: [...routes], statuses: [401], scope: 'many', params: { intensity, refreshShare: refresh } });
  },

  brief401Spike(g, p, rng, id, s, e) {
    const t = INJECTIONS.tokenRotation(g, { ...p, intensity: p.intensity ?? 0.5 }, rng, id, s, e);
    return { ...t, pattern: 'brief401Spike' };
  },

  expiredServiceCredential(g, p, rng, id, s, e) {
    const name = typeof p.client === 'string' ? p.client : 'svc-billing';
    const c = g.services.find((x) => x.user === name);
    if (c === undefined) throw new Error(`traffic: expiredServiceCredential needs service account ${name} (services enabled)`);
    g.transforms.push((ev, cl) => {
      if (cl === c && ev.time >= s && ev.time < e) make401(ev, ev.route === '/oauth/token' ? H_OAUTH_CLIENT : H_INVALID_TOKEN, id);
    });
    // it keeps trying to get a token, and keeps failing
    g.every(s, e, 60_000, (t) => { g.tokenCall(t, c, false); }, { periodic: true, rng });
    const routes = [...new Set(/** @type {any} */ (c).svc.calls.map((/** @type {string[]} */ x) => x[1])), '/oauth/token'];
    return baseTruth(id, 'expiredServiceCredential', s, e === Infinity ? null : e, {
      routes, clients: [c.ip], userAgents: [c.ua], statuses: [401], scope: 'one', params: { user: name } });
  },

  clientReleaseNoRefresh(g, p, rng, id, s, e) {
    const version = p.version ?? '5.3.0';
    const n = p.clients ?? 40;
    const lifetime = (p.tokenLifetimeMinutes ?? 60) * MINUTE;
    const sessionEvery = (p.sessionEveryMinutes ?? 4) * MINUTE;
    /** @type {Client[]} */
    const cs = [];
    let firstExpiry = Infinity;
    for (let i = 0; i < (typeof n === 'number' ? n : n.length); i++) {
      const c = g.newMobile(rng, version, g.nextUser());
      if (Array.isArray(n)) c.ip = n[i];
      // installed/updated over the first hour after release; token issued at install
      const installed = s + rng.next() * Math.min(HOUR, (e - s) / 2);
      c.expireAt = installed + rng.next() * lifetime;
      firstExpiry = Math.min(firstExpiry, c.expireAt);
      cs.push(c);
      g.every(installed, e, sessionEvery, (t) => {
        let tt = t;
        for (let k = 0, m = rng.range(1, 4); k < m; k++) {
          const rt = g.apiNoAdmin.sample(g.rng);
          g.apiCall(tt, c, rt, rt.pickMethod.sample(g.rng), null, { noRefresh: true });
          tt += 200 + rng.int(3000);
        }
      }, { rng });
    }
    const set = new Set(cs);
    g.transforms.push((ev, c) => {
      if (set.has(c) && ev.time >= /** @type {number} */ (c.expireAt) && ev.route !== null && g.routeByName.get(ev.route)?.auth) make401(ev, H_EXPIRED, id);
    });
    const routes = g.apiRoutes.filter((r) => r.auth && !r.admin).map((r) => r.name);
    return baseTruth(id, 'clientReleaseNoRefresh', Math.floor(firstExpiry), e === Infinity ? null : e, {
      routes, clients: cs.map((c) => c.ip), userAgents: [...new Set(cs.map((c) => /** @type {string} */ (c.ua)))], statuses: [401], scope: 'few',
      params: { version, releasedAt: s } });
  },

  retryStorm(g, p, rng, id, s, e) {
    const n = p.clients ?? 4;
    const rt = g.r(p.routes?.[0] ?? '/api/v1/orders/{uuid}');
    const kMin = p.k ?? 20;
    const interval = p.intervalMs ?? 800;
    const stormEvery = (p.stormEveryMinutes ?? 6) * MINUTE;
    /** @type {Client[]} */
    const cs = [];
    for (let i = 0; i < (typeof n === 'number' ? n : n.length); i++) {
      const ua = p.userAgent ?? rng.pick(['acme-node-sdk/1.7.0 node/18.19.0', 'okhttp/4.9.3', 'acme-python-sdk/2.2.1 (python 3.10.12)']);
      const c = mkClient({ ip: Array.isArray(n) ? n[i] : g.makeIp(rng, false), ua, family: ua.split('/')[0], kind: 'sdk', user: `org-${1000 + rng.int(9000)}`,
        logsUser: true, admin: false, returning: true, protocol: 'HTTP/1.1' });
      cs.push(c);
      g.every(s, e, stormEvery, (t) => {
        // the same request again and again, each answered 401, never a refresh in between
        const path = rt.makePath(rng);
        const m = rt.methods[0];
        for (let k = 0, m2 = kMin + rng.int(kMin); k < m2 && t < e; k++) {
          const ev = g.ev(t, c, m.method, path, 401, 70, null, rng.around(5, 0.4), rt, H_EXPIRED, 401, false);
          ev.truth = id;
          g.push(ev, c);
          t += interval * (0.5 + rng.next());
        }
      }, { rng });
    }
    return baseTruth(id, 'retryStorm', s, e === Infinity ? null : e, {
      routes: [rt.name], clients: cs.map((c) => c.ip), userAgents: [...new Set(cs.map((c) => c.ua))], statuses: [401], scope: 'few', params: { k: kMin, intervalMs: interval } });
  },

  unauthorizedForForbidden(g, p, rng, id, s, e) {
    const routes = new Set(p.routes ?? ['/api/v1/admin/users', '/api/v1/admin/audit-log']);
    const rts = [...routes].map((r) => g.r(r));
    g.transforms.push((ev) => {
      if (ev.status === 403 && ev.time >= s && ev.time < e && ev.route !== null && routes.has(ev.route)) {
        ev.status = 401; ev.headers = H_INSUFFICIENT_SCOPE; ev.upstreamStatus = 401; ev.truth = id;
      }
    });
    // signed-in, non-admin users open the admin pages: the API answers 401 although it knows who they are
    const pool = [...g.mobiles, ...g.browsers, ...g.sdks].filter((c) => c.user !== null && c.logsUser && !c.admin);
    g.every(s, e, (p.everySeconds ?? 20) * 1000, (t) => {
      const c = rng.pick(pool);
      const me = g.r('/api/v1/users/me');
      g.apiCall(t, c, me, me.methods[0], null, { noRefresh: true });
      const rt = rng.pick(rts);
      g.apiCall(t + 200 + rng.int(2000), c, rt, rt.methods[0], null, { noRefresh: true });
    }, { rng });
    return baseTruth(id, 'unauthorizedForForbidden', s, e === Infinity ? null : e, { routes: [...routes], statuses: [401], scope: 'many' });
  },

  missingChallenge(g, p, rng, id, s, e) {
    const routes = new Set(p.routes ?? ['/api/v1/invoices/{id}']);
    const rts = [...routes].map((r) => g.r(r));
    g.transforms.push((ev) => {
      if (ev.status === 401 && ev.time >= s && ev.time < e && ev.route !== null && routes.has(ev.route)) { ev.headers = NO_HEADERS; ev.truth = id; }
    });
    // callers without a token on those routes, so there are 401s to see
    const pool = [...g.sdks, ...g.browsers.filter((c) => c.user === null)];
    g.every(s, e, (p.everySeconds ?? 15) * 1000, (t) => {
      const rt = rng.pick(rts);
      g.apiCall(t, rng.pick(pool), rt, rt.methods[0], null, { anonymous: true });
    }, { rng });
    return baseTruth(id, 'missingChallenge', s, e === Infinity ? null : e, { routes: [...routes], statuses: [401], scope: 'many' });
  },

  origin511AsServerError(g, p, rng, id, s, e) {
    const routes = new Set(p.routes ?? ['/api/v1/orders', '/api/v1/orders/{uuid}']);
    const intensity = p.intensity ?? 0.4;
    const share511 = p.share511 ?? 0.5;
    g.transforms.push((ev) => {
      if (ev.time >= s && ev.time < e && ev.route !== null && routes.has(ev.route) && ev.method !== 'OPTIONS' && rng.next() < intensity) {
        const x = rng.next();
        if (x < share511) { ev.status = 511; ev.bytes = 94; ev.upstreamStatus = 511; ev.headers = NO_HEADERS; }
        else if (x < share511 + (1 - share511) * 0.5) { ev.status = 500; ev.bytes = 71; ev.upstreamStatus = 500; ev.headers = NO_HEADERS; }
        else if (x < share511 + (1 - share511) * 0.8) { ev.status = 503; ev.bytes = 53; ev.upstreamStatus = 503; ev.headers = H_RETRY_30; }
        else { ev.status = 504; ev.bytes = 167; ev.upstreamStatus = null; ev.durationMs = 60000; ev.headers = NO_HEADERS; }
        ev.truth = id;
      }
    });
    return baseTruth(id, 'origin511AsServerError', s, e === Infinity ? null : e, { routes: [...routes], statuses: [511, 500, 503, 504], scope: 'many', params: { intensity, share511 } });
  },

  origin511AsAuth(g, p, rng, id, s, e) {
    const routes = new Set(p.routes ?? ['/api/v1/users/me', '/login', '/oauth/token']);
    g.transforms.push((ev) => {
      if (ev.status === 401 && ev.user === null && ev.time >= s && ev.time < e && ev.route !== null && routes.has(ev.route)) {
        ev.status = 511; ev.headers = NO_HEADERS; ev.upstreamStatus = 511; ev.truth = id;
      }
    });
    // anonymous callers on those routes (the SPA probing the session, failed sign-ins)
    const anon = g.browsers.filter((c) => c.user === null);
    const me = g.r('/api/v1/users/me');
    g.every(s, e, (p.everySeconds ?? 20) * 1000, (t) => { g.apiCall(t, rng.pick(anon), me, me.methods[0], `${WEB_ORIGIN}/`); }, { rng });
    return baseTruth(id, 'origin511AsAuth', s, e === Infinity ? null : e, { routes: [...routes], statuses: [511], scope: 'many' });
  },

  redirectOnPost(g, p, rng, id, s, e) {
    const code = p.status ?? 302;
    const routes = new Set(p.routes ?? ['/checkout', '/api/v1/orders']);
    const methods = new Set(p.methods ?? ['POST']);
    g.transforms.push((ev) => {
      if (methods.has(ev.method) && ev.time >= s && ev.time < e && ev.route !== null && routes.has(ev.route) && ev.status < 400) {
        const target = ev.route === '/checkout' ? '/checkout/complete' : ev.path.split('?')[0].replace('/v1/', '/v2/');
        ev.status = code; ev.bytes = code === 302 ? 0 : 162; ev.headers = { location: target }; ev.upstreamStatus = code; ev.truth = id;
      }
    });
    // people check out more often than the base mix brings them to /cart
    const pool = g.browsers.filter((c) => c.user !== null);
    const checkout = g.r('/checkout', true);
    if (routes.has('/checkout')) {
      g.every(s, e, (p.everySeconds ?? 20) * 1000, (t) => {
        const c = rng.pick(pool);
        const ce = g.ev(t, c, 'POST', '/checkout', 303, 0, `${WEB_ORIGIN}/cart`, rng.around(240, 0.4), checkout, { location: '/checkout/complete' }, 303, true);
        g.push(ce, c);
        g.followRedirect(ce, c);
      }, { rng });
    }
    return baseTruth(id, 'redirectOnPost', s, e === Infinity ? null : e, { routes: [...routes], methods: [...methods], statuses: [code], scope: 'many', params: { followGet: true } });
  },

  bodyOnBodyless(g, p, rng, id, s, e) {
    const kind = p.kind ?? 'both';
    const r204 = new Set(p.routes ?? ['/api/v1/cart/items/{id}', '/api/v1/orders/{uuid}']);
    const routes = [];
    if (kind !== 'head') {
      for (const r of r204) routes.push(r);
      g.transforms.push((ev) => {
        if (ev.status === 204 && ev.method !== 'OPTIONS' && ev.time >= s && ev.time < e && ev.route !== null && r204.has(ev.route)) { ev.bytes = 2 + rng.int(60); ev.truth = id; }
      });
      // deletions happen more often than the base mix has them
      const pool = g.mobiles;
      const del = g.r('/api/v1/cart/items/{id}');
      g.every(s, e, (p.everySeconds ?? 20) * 1000, (t) => { g.apiCall(t, rng.pick(pool), del, del.methods[0], null); }, { rng });
    }
    if (kind !== '204') {
      // a link checker's HEAD requests answered with the full page body
      const rt = g.r('/products/{slug}', true);
      routes.push(rt.name);
      const checker = mkClient({ ip: g.makeIp(rng, false), ua: 'LinkChecker/10.2.1 (+https://linkchecker.github.io/linkchecker/)', family: 'LinkChecker', kind: 'monitor', user: null,
        logsUser: false, admin: false, returning: false, protocol: 'HTTP/1.1' });
      g.every(s, e, (p.everySeconds ?? 20) * 1000, (t) => {
        const ev = g.ev(t, checker, 'HEAD', rt.makePath(rng), 200, Math.round(rng.around(46000, 0.2)), null, rng.around(40, 0.4), rt, NO_HEADERS, 200, false);
        ev.truth = id;
        g.push(ev, checker);
      }, { rng });
    }
    return baseTruth(id, 'bodyOnBodyless', s, e === Infinity ? null : e, { routes, statuses: kind === 'head' ? [200] : kind === '204' ? [204] : [204, 200], scope: 'many', params: { kind } });
  },

  unregisteredStatus(g, p, rng, id, s, e) {
    const codes = p.codes ?? [299, 600, 418, 444];
    const routes = new Set(p.routes ?? ['/api/v1/orders', '/api/v1/products', '/api/v1/cart']);
    const intensity = p.intensity ?? 0.04;
    g.transforms.push((ev) => {
      if (ev.time >= s && ev.time < e && ev.route !== null && routes.has(ev.route) && ev.method !== 'OPTIONS' && ev.status < 400 && rng.next() < intensity) {
        const code = rng.pick(codes);
        ev.status = code; ev.upstreamStatus = code === 444 ? null : code;
        if (code === 444) ev.bytes = 0;
        ev.truth = id;
      }
    });
    return baseTruth(id, 'unregisteredStatus', s, e === Infinity ? null : e, { routes: [...routes], statuses: codes, scope: 'many', params: { intensity } });
  },

  notFoundForWrongMethod(g, p, rng, id, s, e) {
    const rt = g.r(p.routes?.[0] ?? '/api/v1/orders/{uuid}');
    const method = p.method ?? 'DELETE';
    g.transforms.push((ev) => {
      if (ev.method === method && ev.route === rt.name && ev.time >= s && ev.time < e) { ev.status = 404; ev.bytes = 62; ev.upstreamStatus = 404; ev.headers = NO_HEADERS; ev.truth = id; }
    });
    // clients that read an order and then try to delete it
    const pool = [...g.sdks, ...g.mobiles];
    const get = rt.methods.find((m) => m.method === 'GET') ?? rt.methods[0];
    const del = rt.methods.find((m) => m.method === method) ?? { method, weight: 1, status: 204, bytes: 0, ms: 40, bad: 0 };
    g.every(s, e, (p.everySeconds ?? 20) * 1000, (t) => {
      const c = rng.pick(pool);
      const path = rt.makePath(rng);
      g.apiCall(t, c, rt, get, null, { path, noRefresh: true });
      g.apiCall(t + 500 + rng.int(4000), c, rt, del, null, { path, noRefresh: true });
    }, { rng });
    return baseTruth(id, 'notFoundForWrongMethod', s, e === Infinity ? null : e, { routes: [rt.name], methods: [method], statuses: [404], scope: 'many' });
  },

  unavailableForRateLimit(g, p, rng, id, s, e) {
    const n = p.clients ?? 3;
    const routes = (p.routes ?? ['/api/v1/products', '/api/v1/products/{id}']).map((/** @type {string} */ r) => g.r(r));
    const share = p.intensity ?? 0.85;
    const perClientMs = p.intervalMs ?? 1500;
    /** @type {Client[]} */
    const cs = [];
    for (let i = 0; i < (typeof n === 'number' ? n : n.length); i++) {
      const ua = rng.pick(['python-requests/2.31.0', 'acme-python-sdk/2.3.0 (python 3.11.6)', 'Scrapy/2.11.2 (+https://scrapy.org)']);
      const c = mkClient({ ip: Array.isArray(n) ? n[i] : g.makeIp(rng, false), ua, family: ua.split('/')[0], kind: 'sdk', user: null, logsUser: false, admin: false, returning: true, protocol: 'HTTP/1.1' });
      cs.push(c);
      g.every(s, e, perClientMs, (t) => {
        const rt = rng.pick(routes);
        const ev = g.ev(t, c, 'GET', rt.makePath(rng), 200, Math.round(rng.around(rt.methods[0].bytes, 0.3)), null, rng.around(rt.methods[0].ms, 0.5), rt, NO_HEADERS, 200, false);
        if (rng.next() < share) { ev.status = 503; ev.bytes = 53; ev.upstreamStatus = 503; ev.durationMs = 1; ev.headers = H_RETRY_30; ev.truth = id; }
        g.push(ev, c);
      }, { rng });
    }
    return baseTruth(id, 'unavailableForRateLimit', s, e === Infinity ? null : e, {
      routes: routes.map((/** @type {Route} */ r) => r.name), clients: cs.map((c) => c.ip), userAgents: [...new Set(cs.map((c) => c.ua))], statuses: [503], scope: 'few' });
  },

  preflightAuthFailure(g, p, rng, id, s, e) {
    const routes = new Set(p.routes ?? ['/api/v1/orders', '/api/v1/orders/{uuid}', '/api/v1/cart/items']);
    const code = p.status ?? 401;
    g.transforms.push((ev) => {
      if (ev.method === 'OPTIONS' && ev.time >= s && ev.time < e && ev.route !== null && routes.has(ev.route)) {
        ev.status = code; ev.bytes = 58; ev.upstreamStatus = code; ev.headers = code === 401 ? H_BEARER : NO_HEADERS; ev.truth = id;
      }
    });
    const pool = g.browsers.filter((c) => c.user !== null);
    const rts = [...routes].map((r) => g.r(r));
    g.every(s, e, (p.everySeconds ?? 20) * 1000, (t) => {
      const c = rng.pick(pool);
      const rt = rng.pick(rts);
      const m = rt.methods.find((x) => x.method !== 'GET') ?? rt.methods[0];
      const ref = `${WEB_ORIGIN}/cart`;
      if (g.preflight(t, c, rt, ref)) g.apiCall(t + 30, c, rt, m, ref);
    }, { rng });
    return baseTruth(id, 'preflightAuthFailure', s, e === Infinity ? null : e, { routes: [...routes], methods: ['OPTIONS'], statuses: [code], scope: 'many' });
  },

  crawlerErrors(g, p, rng, id, s, e) {
    const names = new Set(p.crawlers ?? ['Googlebot']);
    const intensity = p.intensity ?? 0.5;
    const codes = p.codes ?? [500, 503, 403];
    const crawlers = g.crawlers.filter((c) => names.has(c.family));
    const set = new Set(crawlers);
    g.transforms.push((ev, c) => {
      if (set.has(c) && ev.time >= s && ev.time < e && rng.next() < intensity) {
        const code = rng.pick(codes);
        ev.status = code; ev.bytes = code === 403 ? 153 : 2310; ev.upstreamStatus = code; ev.headers = code === 503 ? H_RETRY_30 : NO_HEADERS; ev.truth = id;
      }
    });
    // Googlebot crawls a site this size steadily; the base mix has it as a trickle
    g.every(s, e, (p.everySeconds ?? 6) * 1000, (t) => { g.crawl(t, rng.pick(crawlers)); }, { rng });
    return baseTruth(id, 'crawlerErrors', s, e === Infinity ? null : e, {
      routes: [...g.pages.items.map((r) => r.name), '/robots.txt', '/sitemap.xml'],
      clients: crawlers.map((c) => c.ip), userAgents: [...new Set(crawlers.map((c) => /** @type {string} */ (c.ua)))], statuses: codes, scope: 'few' });
  },

  temporaryRedirectForPermanent(g, p, rng, id, s, e) {
    const rt = g.r('/shop/{slug}', true);
    const code = p.status ?? 302;
    // old shop URLs, moved for good, still answered with a temporary redirect
    const pool = [...g.browsers, ...g.crawlers];
    g.every(s, e, (p.everySeconds ?? 15) * 1000, (t) => {
      const c = rng.pick(pool);
      const slug = rng.pick(g.slugs);
      const ev = g.ev(t, c, 'GET', `/shop/${slug}`, code, 0, c.kind === 'crawler' ? null : 'https://www.google.com/', rng.around(3, 0.4), rt, { location: `/products/${slug}` }, code, false);
      ev.truth = id;
      g.push(ev, c);
      g.followRedirect(ev, c);
    }, { rng });
    return baseTruth(id, 'temporaryRedirectForPermanent', s, e === Infinity ? null : e, { routes: [rt.name], methods: ['GET'], statuses: [code], scope: 'many' });
  },

  softNotFound(g, p, rng, id, s, e) {
    const size = p.bytes ?? 1532;
    // broken links and crawlers on paths that never existed, answered by a catch-all with
    // one small "not found" page and status 200
    const pool = [...g.browsers, ...g.crawlers];
    const prefixes = p.prefixes ?? ['/products/', '/p/', '/docs/', '/blog/'];
    g.every(s, e, (p.everySeconds ?? 8) * 1000, (t) => {
      const c = rng.pick(pool);
      const path = `${rng.pick(prefixes)}${rng.pick(C.PRODUCT_WORDS)}-${rng.hex(6)}`;
      const ev = g.ev(t, c, 'GET', path, 200, size, null, rng.around(20, 0.4), null, NO_HEADERS, 200, false);
      ev.route = path;
      ev.truth = id;
      g.push(ev, c);
    }, { rng });
    return baseTruth(id, 'softNotFound', s, e === Infinity ? null : e, { routes: prefixes.map((/** @type {string} */ x) => `${x}*`), statuses: [200], scope: 'many', params: { bytes: size } });
  },

  serverErrorSpike(g, p, rng, id, s, e) {
    const routes = p.routes ? new Set(p.routes) : null;
    const intensity = p.intensity ?? 0.3;
    g.transforms.push((ev) => {
      if (ev.time >= s && ev.time < e && ev.host === API_HOST && ev.route !== null && (routes === null || routes.has(ev.route)) && ev.method !== 'OPTIONS' && ev.status < 500 && rng.next() < intensity) {
        const x = rng.next();
        if (x < 0.6) { ev.status = 500; ev.bytes = 71; ev.upstreamStatus = 500; ev.headers = NO_HEADERS; }
        else if (x < 0.75) { ev.status = 502; ev.bytes = 157; ev.upstreamStatus = null; ev.durationMs = 3; ev.headers = NO_HEADERS; }
        else if (x < 0.9) { ev.status = 503; ev.bytes = 53; ev.upstreamStatus = 503; ev.headers = H_RETRY_30; }
        else { ev.status = 504; ev.bytes = 167; ev.upstreamStatus = null; ev.durationMs = 60000; ev.headers = NO_HEADERS; }
        ev.truth = id;
      }
    });
    return baseTruth(id, 'serverErrorSpike', s, e === Infinity ? null : e, {
      routes: routes ? [...routes] : [...g.apiRoutes.map((r) => r.name), g.tokenRoute.name], statuses: [500, 502, 503, 504], scope: 'many', params: { intensity } });
  },

  clientClosedSpike(g, p, rng, id, s, e) {
    const routes = new Set(p.routes ?? ['/api/v1/products', '/api/v1/orders']);
    const intensity = p.intensity ?? 0.3;
    g.transforms.push((ev) => {
      if (ev.time >= s && ev.time < e && ev.route !== null && routes.has(ev.route) && ev.method !== 'OPTIONS' && rng.next() < intensity) {
        ev.status = 499; ev.bytes = 0; ev.upstreamStatus = null; ev.durationMs = Math.round(rng.around(15000, 0.4)); ev.headers = NO_HEADERS; ev.truth = id;
      }
    });
    return baseTruth(id, 'clientClosedSpike', s, e === Infinity ? null : e, { routes: [...routes], statuses: [499], scope: 'many', params: { intensity } });
  },

  missingRetryAfter(g, p, rng, id, s, e) {
    const code = p.status ?? 429;
    const n = p.clients ?? 3;
    const routes = (p.routes ?? ['/api/v1/orders', '/api/v1/products']).map((/** @type {string} */ r) => g.r(r));
    const share = p.intensity ?? 0.6;
    /** @type {Client[]} */
    const cs = [];
    for (let i = 0; i < (typeof n === 'number' ? n : n.length); i++) {
      const ua = rng.pick(['acme-python-sdk/2.3.0 (python 3.11.6)', 'acme-node-sdk/1.8.2 node/20.11.1', 'okhttp/4.12.0']);
      const c = mkClient({ ip: Array.isArray(n) ? n[i] : g.makeIp(rng, false), ua, family: ua.split('/')[0], kind: 'sdk', user: `org-${1000 + rng.int(9000)}`, logsUser: true, admin: false, returning: true, protocol: 'HTTP/1.1' });
      cs.push(c);
      g.every(s, e, p.intervalMs ?? 3000, (t) => {
        const rt = rng.pick(routes);
        const m = rt.methods[0];
        const ev = g.ev(t, c, m.method, rt.makePath(rng), m.status, Math.round(rng.around(m.bytes, 0.3)), null, rng.around(m.ms, 0.5), rt, NO_HEADERS, m.status, true);
        if (rng.next() < share) { ev.status = code; ev.bytes = 72; ev.upstreamStatus = code; ev.durationMs = 1; ev.truth = id; }
        g.push(ev, c);
      }, { rng });
    }
    return baseTruth(id, 'missingRetryAfter', s, e === Infinity ? null : e, {
      routes: routes.map((/** @type {Route} */ r) => r.name), clients: cs.map((c) => c.ip), userAgents: [...new Set(cs.map((c) => c.ua))], statuses: [code], scope: 'few' });
  },

  gatewayCodeFromOrigin(g, p, rng, id, s, e) {
    const routes = new Set(p.routes ?? ['/api/v1/orders/{uuid}']);
    const code = p.status ?? 502;
    const intensity = p.intensity ?? 0.1;
    g.transforms.push((ev) => {
      if (ev.time >= s && ev.time < e && ev.route !== null && routes.has(ev.route) && ev.method !== 'OPTIONS' && ev.status < 400 && rng.next() < intensity) {
        // the app itself answered 502: the upstream status is the same code, and it came back fast
        ev.status = code; ev.bytes = 118; ev.upstreamStatus = code; ev.durationMs = Math.round(rng.around(25, 0.4)); ev.headers = NO_HEADERS; ev.truth = id;
      }
    });
    return baseTruth(id, 'gatewayCodeFromOrigin', s, e === Infinity ? null : e, { routes: [...routes], statuses: [code], scope: 'many', params: { intensity } });
  },
};

/** The names of every injection, in the order the brief lists them. */
export const INJECTION_NAMES = Object.freeze(Object.keys(INJECTIONS));

// ───────────────────────────── public API ─────────────────────────────

/**
 * @typedef {{ seed?: string|number, start?: number|string, hours?: number, durationMs?: number, requests?: number,
 *   lines?: number, profile?: 'api'|'website'|'mixed', mix?: Record<string, number>, diurnal?: boolean | { night?: number, troughHour?: number },
 *   tzOffsetMinutes?: number, userShare?: number, services?: boolean, serviceShare?: number, healthChecks?: boolean, noise?: Partial<typeof DEFAULT_NOISE>,
 *   extraRoutes?: number, injections?: InjectionSpec[] }} TrafficOptions
 */

/** @param {TrafficOptions} o */
function normalize(o) {
  const start = resolveTime(o.start ?? '2026-11-16T00:00:00Z', 0, 0);
  const durationMs = o.durationMs ?? (o.hours ?? 24) * HOUR;
  const lines = o.lines ?? Infinity;
  const profile = o.profile ?? 'api';
  const d = o.diurnal ?? true;
  return {
    seed: o.seed ?? 1,
    start,
    end: start + durationMs,
    requests: o.requests ?? (lines !== Infinity ? lines : 100_000),
    lines,
    mix: { ...PROFILES[profile], ...(o.mix ?? {}) },
    diurnal: d === false ? false : { night: 0.08, troughHour: 4, ...(d === true ? {} : d) },
    tzOffsetMinutes: o.tzOffsetMinutes ?? 0,
    userShare: o.userShare ?? 0.8,
    services: o.services ?? true,
    serviceShare: o.serviceShare ?? 0.05,
    healthChecks: o.healthChecks ?? true,
    noise: { ...DEFAULT_NOISE, ...(o.noise ?? {}) },
    extraRoutes: o.extraRoutes ?? 0,
    injections: o.injections ?? [],
  };
}

/**
 * @param {ReturnType<typeof normalize>} cfg @param {Map<string, GroundTruth>} truthById
 * @param {boolean} reset zero the observed counters (a fresh iteration)
 */
function build(cfg, truthById, reset) {
  const g = new TrafficModel(cfg, truthById);
  /** @type {GroundTruth[]} */
  const truths = [];
  const used = new Map();
  for (const spec of cfg.injections) {
    const fn = INJECTIONS[spec.pattern];
    if (fn === undefined) throw new Error(`traffic: unknown injection ${spec.pattern} (known: ${INJECTION_NAMES.join(', ')})`);
    const n = (used.get(spec.pattern) ?? 0) + 1;
    used.set(spec.pattern, n);
    const id = spec.id ?? (n === 1 ? spec.pattern : `${spec.pattern}#${n}`);
    const s = resolveTime(spec.at, cfg.start, cfg.tzOffsetMinutes);
    const e = spec.minutes === undefined || spec.minutes === Infinity ? (spec.until !== undefined ? resolveTime(spec.until, cfg.start, cfg.tzOffsetMinutes) : Infinity) : s + spec.minutes * MINUTE;
    const t = fn(g, spec, g.rng.fork(`inj:${id}`), id, s, e);
    t.params = { ...t.params, ...Object.fromEntries(Object.entries(spec).filter(([k]) => k !== 'pattern' && k !== 'id')) };
    const prev = truthById.get(id);
    if (prev !== undefined) {
      if (reset) { prev.count = 0; prev.firstTime = null; prev.lastTime = null; }
      truths.push(prev);
    } else {
      truthById.set(id, t);
      truths.push(t);
    }
  }
  g.calibrate();
  g.startPeriodic();
  g.nextArrival = g.start + g.rng.exp(1 / (g.scale * g.shape(g.start)));
  return { g, truths };
}

/**
 * Generates traffic. `events` is re-iterable: each iteration regenerates the same events
 * from the seed (and resets the observed counts on `truth`). Events are produced lazily, in
 * time order; memory does not grow with the number of lines.
 * @param {TrafficOptions} [options]
 */
export function generateTraffic(options = {}) {
  const cfg = normalize(options);
  /** @type {Map<string, GroundTruth>} */
  const truthById = new Map();
  const { truths, g } = build(cfg, truthById, false);
  // The first iteration uses the model built for the truth (setup is a measurable part of
  // a short run); later iterations rebuild from the seed, which yields the same events.
  /** @type {TrafficModel|null} */
  let unused = g;
  const model = () => {
    const m = unused ?? build(cfg, truthById, true).g;
    unused = null;
    return m;
  };
  return {
    truth: truths,
    config: cfg,
    /** mean requests per arrival measured by the calibration pilot */
    perArrival: g.perArrival,
    events: {
      [Symbol.iterator]() {
        const m = model();
        return {
          next() {
            const ev = m.step();
            return ev === null ? { done: /** @type {const} */ (true), value: undefined } : { done: /** @type {const} */ (false), value: ev };
          },
          [Symbol.iterator]() { return this; },
        };
      },
    },
    /**
     * Calls `fn` for every event in time order (the fastest way through); returns the count.
     * @param {(ev: TrafficEvent) => void} fn
     */
    forEach(fn) {
      const m = model();
      let n = 0;
      for (let ev = m.step(); ev !== null; ev = m.step()) { fn(ev); n++; }
      return n;
    },
  };
}

const AT = '10:00';
/** @type {Record<string, { base: TrafficOptions, inject?: InjectionSpec, extra?: InjectionSpec[] }>} */
const SCENARIOS = {
  'clean-api': { base: { profile: 'api', hours: 24, requests: 120_000 } },
  'clean-low-volume': { base: { profile: 'api', start: '2026-11-16T00:30:00Z', hours: 5, requests: 300, services: false, healthChecks: false,
    noise: { anonymousProbe: 0.5, expiredToken: 0.01 } } },
  'mixed-website': { base: { profile: 'website', hours: 24, requests: 100_000 } },
  // For `npm run bench`: a day of API + website traffic over ~2,000 extra route templates,
  // with an incident for every rule that a one-day log can show (so the benchmark times
  // each rule finding something, not only looking): temporary-redirect-for-permanent needs
  // 24 h of redirects, and the upstream rules an upstream status they may trust (an option).
  bench: { base: { profile: 'mixed', hours: 24, requests: 1_000_000, extraRoutes: 2000 }, extra: [
    { pattern: 'brief401Spike', at: '10:00', minutes: 10 },
    { pattern: 'serverErrorSpike', at: '15:30', minutes: 20, intensity: 0.2 },
    { pattern: 'retryStorm', at: '19:00', minutes: 45 },
    { pattern: 'notFoundForWrongMethod', at: '09:00' },
    { pattern: 'redirectOnPost', at: '11:00' },
    { pattern: 'clientClosedSpike', at: '12:00', minutes: 20 },
    { pattern: 'unavailableForRateLimit', at: '13:00', minutes: 30 },
    { pattern: 'bodyOnBodyless', at: '16:30' },
    { pattern: 'origin511AsServerError', at: '17:30', minutes: 15 },
    { pattern: 'crawlerErrors', at: '21:00', minutes: 60 },
    { pattern: 'missingChallenge', at: '14:00' },
  ] },
  'token-rotation': { base: {}, inject: { pattern: 'tokenRotation', at: AT } },
  'brief-401-spike': { base: {}, inject: { pattern: 'brief401Spike', at: AT, minutes: 8 } },
  'expired-service-credential': { base: {}, inject: { pattern: 'expiredServiceCredential', at: AT, client: 'svc-billing' } },
  'client-release-no-refresh': { base: {}, inject: { pattern: 'clientReleaseNoRefresh', at: AT, version: '5.3.0' } },
  'retry-storm': { base: {}, inject: { pattern: 'retryStorm', at: AT, minutes: 30 } },
  'unauthorized-for-forbidden': { base: {}, inject: { pattern: 'unauthorizedForForbidden', at: AT } },
  'missing-challenge': { base: {}, inject: { pattern: 'missingChallenge', at: AT } },
  'origin-511-as-server-error': { base: {}, inject: { pattern: 'origin511AsServerError', at: AT, minutes: 15 } },
  'origin-511-as-auth': { base: { profile: 'mixed' }, inject: { pattern: 'origin511AsAuth', at: AT } },
  'redirect-on-post': { base: { profile: 'mixed' }, inject: { pattern: 'redirectOnPost', at: AT } },
  'body-on-bodyless': { base: { profile: 'mixed' }, inject: { pattern: 'bodyOnBodyless', at: AT } },
  'unregistered-status': { base: {}, inject: { pattern: 'unregisteredStatus', at: AT } },
  'not-found-for-wrong-method': { base: {}, inject: { pattern: 'notFoundForWrongMethod', at: AT } },
  'unavailable-for-rate-limit': { base: {}, inject: { pattern: 'unavailableForRateLimit', at: AT, minutes: 30 } },
  'preflight-auth-failure': { base: { profile: 'mixed' }, inject: { pattern: 'preflightAuthFailure', at: AT } },
  'crawler-errors': { base: { profile: 'website' }, inject: { pattern: 'crawlerErrors', at: AT, minutes: 60 } },
  'temporary-redirect-for-permanent': { base: { profile: 'website' }, inject: { pattern: 'temporaryRedirectForPermanent', at: '08:00' } },
  'soft-not-found': { base: { profile: 'website' }, inject: { pattern: 'softNotFound', at: AT, minutes: 120 } },
  'server-error-spike': { base: {}, inject: { pattern: 'serverErrorSpike', at: AT, minutes: 20 } },
  'client-closed-spike': { base: {}, inject: { pattern: 'clientClosedSpike', at: AT, minutes: 20 } },
  'missing-retry-after': { base: {}, inject: { pattern: 'missingRetryAfter', at: AT, minutes: 30 } },
  'gateway-code-from-origin': { base: {}, inject: { pattern: 'gatewayCodeFromOrigin', at: AT, minutes: 60 } },
};

/** Every scenario name `scenario()` accepts (kebab-case; the camelCase injection names are accepted too). */
export const SCENARIO_NAMES = Object.freeze(Object.keys(SCENARIOS));

/** @param {string} s */
const kebab = (s) => s.replace(/([a-z])([A-Z0-9])/g, '$1-$2').replace(/([0-9])([A-Z])/g, '$1-$2').toLowerCase();

/**
 * A named scenario. Injected scenarios cover 06:00–14:00 UTC on 2026-11-16 (~40k requests)
 * with the pattern starting at 10:00; `overrides` change any option (volume, format
 * offset, the injection's parameters via `inject`).
 * @param {string} name @param {string|number} [seed]
 * @param {TrafficOptions & { inject?: Partial<InjectionSpec> }} [overrides]
 */
export function scenario(name, seed = 1, overrides = {}) {
  const key = SCENARIOS[name] !== undefined ? name : kebab(name) === 'brief401-spike' ? 'brief-401-spike' : kebab(name).replace('origin511', 'origin-511');
  const sc = SCENARIOS[key];
  if (sc === undefined) throw new Error(`traffic: unknown scenario ${name} (known: ${SCENARIO_NAMES.join(', ')})`);
  const { inject, ...rest } = overrides;
  /** @type {TrafficOptions} */
  const base = sc.inject === undefined ? { ...sc.base } : { start: '2026-11-16T06:00:00Z', hours: 8, requests: 40_000, ...sc.base };
  const injections = sc.inject === undefined ? [...(sc.extra ?? [])] : [{ ...sc.inject, ...(inject ?? {}) }];
  // `lines` without `requests` scales the scenario's volume to that many lines
  if (rest.lines !== undefined && rest.requests === undefined) base.requests = rest.lines;
  return { name: key, ...generateTraffic({ ...base, injections, ...rest, seed }) };
}
