// Hand-written types for traffic.mjs (plain ESM JavaScript, so the benchmark runner can
// import it without a TypeScript loader). Named .d.mts, not .d.ts: under
// moduleResolution NodeNext, TypeScript looks up `./traffic.mjs` as `./traffic.d.mts` and
// never reads a `traffic.d.ts`.

/** One generated request. Field names follow src/formats/types.ts LogRecord, plus generator-only fields. */
export declare class TrafficEvent {
  constructor(
    time: number, client: string, user: string | null, method: string, path: string, status: number, bytes: number,
    userAgent: string | null, referer: string | null, durationMs: number, host: string, upstreamStatus: number | null,
    headers: Readonly<Record<string, string>>, route: string | null, protocol: string, safe?: number,
  );
  /** epoch ms, UTC; events come out in non-decreasing time order */
  time: number;
  /** client address (IPv4 or IPv6) */
  client: string;
  /** user id / remote user when the request carried a logged identity, else null */
  user: string | null;
  method: string;
  /** path as requested, with the query string when there is one */
  path: string;
  status: number;
  /** body bytes ($body_bytes_sent): 0 for 204/304/HEAD unless an injection says otherwise */
  bytes: number;
  userAgent: string | null;
  referer: string | null;
  durationMs: number;
  host: string;
  /** the status the upstream/app answered; null when nginx answered itself (static files, 499, gateway errors it generated) */
  upstreamStatus: number | null;
  /** response headers, lower-case names; shared frozen objects — do not mutate */
  headers: Readonly<Record<string, string>>;
  /** id of the injection that produced or changed this event (GroundTruth.id), null for ordinary traffic */
  truth: string | null;
  /** route template the generator used (`/api/v1/orders/{uuid}`), the bare path for unrouted requests, null for scanner probes */
  route: string | null;
  /** `HTTP/1.1` or `HTTP/2.0`, as nginx writes it in `$request` */
  protocol: string;
  /** writer hint: bit mask of string fields known to need no escaping (1 path, 2 user, 4 referer, 8 userAgent); 0 = scan all */
  safe: number;
}

export type InjectionName =
  | 'tokenRotation' | 'brief401Spike' | 'expiredServiceCredential' | 'clientReleaseNoRefresh' | 'retryStorm'
  | 'unauthorizedForForbidden' | 'missingChallenge' | 'origin511AsServerError' | 'origin511AsAuth' | 'redirectOnPost'
  | 'bodyOnBodyless' | 'unregisteredStatus' | 'notFoundForWrongMethod' | 'unavailableForRateLimit' | 'preflightAuthFailure'
  | 'crawlerErrors' | 'temporaryRedirectForPermanent' | 'softNotFound' | 'serverErrorSpike' | 'clientClosedSpike'
  | 'missingRetryAfter' | 'gatewayCodeFromOrigin';

/** A time: epoch ms, an ISO 8601 string, or `HH:MM` (wall clock at the log's offset, on the start's local date). */
export type TimeSpec = number | string;

/**
 * An injection. Common parameters: `at` (start), `minutes` (duration; omitted = lasts to the
 * end of the log), `routes` (route templates from the catalogue), `intensity` (share of
 * matching requests changed), `clients` (how many new clients, or their addresses). Each
 * pattern has its own extras (see traffic.mjs INJECTIONS, e.g. `version`, `k`, `status`, `codes`).
 */
export interface InjectionSpec {
  pattern: InjectionName;
  /** label written into TrafficEvent.truth; default the pattern name (`name#2` for a second one) */
  id?: string;
  at?: TimeSpec;
  minutes?: number;
  until?: TimeSpec;
  routes?: string[];
  intensity?: number;
  clients?: number | string[];
  [param: string]: unknown;
}

/** What an injection did: compare a rule's findings with this. */
export interface GroundTruth {
  id: string;
  pattern: InjectionName;
  /** epoch ms of the onset (for clientReleaseNoRefresh: the first token expiry after the release) */
  start: number;
  /** epoch ms of the end, null when it lasts to the end of the log (a level shift) */
  end: number | null;
  /** route templates affected (softNotFound: path prefixes followed by `*`) */
  routes: string[];
  /** methods affected when the pattern is method-specific, else null */
  methods: string[] | null;
  /** the client addresses driving it when it is a few clients, null when it is many */
  clients: string[] | null;
  /** their user agents, when it is a few clients */
  userAgents: string[] | null;
  /** status codes the labelled events carry */
  statuses: number[];
  /** who drives it: many clients, a few, or one */
  scope: 'many' | 'few' | 'one';
  /** the injection's effective parameters */
  params: Record<string, unknown>;
  /** observed while iterating: labelled events so far, and their first/last time */
  count: number;
  firstTime: number | null;
  lastTime: number | null;
}

export interface NoiseOptions {
  expiredToken: number;
  failedLogin: number;
  serverError: number;
  clientClosed: number;
  rateLimited: number;
  anonymousProbe: number;
}

export type Profile = 'api' | 'website' | 'mixed';

export interface TrafficOptions {
  seed?: string | number;
  /** default 2026-11-16T00:00:00Z */
  start?: TimeSpec;
  /** window length (default 24 h) */
  hours?: number;
  durationMs?: number;
  /** about how many lines the window holds (default 100 000, or `lines`) */
  requests?: number;
  /** stop after exactly this many lines; generation continues past the window if needed */
  lines?: number;
  profile?: Profile;
  /** arrival weights: browserWeb, browserApi, mobile, sdk, crawler, scanner */
  mix?: Partial<Record<'browserWeb' | 'browserApi' | 'mobile' | 'sdk' | 'crawler' | 'scanner', number>>;
  /** day/night volume; `night` is the trough's share of the peak (default 0.08 at 04:00 local) */
  diurnal?: boolean | { night?: number; troughHour?: number };
  /** the log's local offset: drives the diurnal shape and `HH:MM` times (writers take their own) */
  tzOffsetMinutes?: number;
  /** share of authenticated clients whose identity is logged (JSON user_id, combined $remote_user); default 0.8 */
  userShare?: number;
  /** service accounts (svc-billing, …) at a steady rate; default true */
  services?: boolean;
  /** their share of the volume (default 0.05) */
  serviceShare?: number;
  /** kube-probe every 15 s and an uptime monitor's HEAD / every minute; default true */
  healthChecks?: boolean;
  noise?: Partial<NoiseOptions>;
  /** synthetic extra API route templates (benchmarks) */
  extraRoutes?: number;
  injections?: InjectionSpec[];
}

export interface Traffic {
  /** ground truth, one per injection (counts fill in while iterating) */
  truth: GroundTruth[];
  /** the normalized options */
  config: Record<string, unknown>;
  /** mean lines per arrival measured by the calibration pilot */
  perArrival: number;
  /** time-ordered events; re-iterable, each iteration regenerates the same events from the seed */
  events: Iterable<TrafficEvent>;
  /** the fastest way through: calls fn for each event, in order (same events as `events`) */
  forEach(fn: (ev: TrafficEvent) => void): number;
}

export interface Scenario extends Traffic {
  /** canonical (kebab-case) scenario name */
  name: string;
}

export declare const DEFAULT_NOISE: Readonly<NoiseOptions>;
export declare const PROFILES: Readonly<Record<Profile, Record<string, number>>>;
export declare const SERVICE_ACCOUNTS: ReadonlyArray<{ user: string; ip: string; ua: string; intervalMs: number; calls: [string, string][] }>;
export declare const INJECTION_NAMES: readonly InjectionName[];
export declare const SCENARIO_NAMES: readonly string[];
export declare const API_HOST: string;
export declare const WEB_HOST: string;
/** the `sent_http_*` header keys every JSON line carries (null when absent) */
export declare const JSON_HEADER_KEYS: readonly ['www-authenticate', 'retry-after', 'location', 'allow'];

export declare function generateTraffic(options?: TrafficOptions): Traffic;

/**
 * A named scenario: `clean-api`, `clean-low-volume`, `mixed-website`, or one per injection
 * (`token-rotation`, …; the camelCase injection name works too). Injected scenarios cover
 * 06:00–14:00 UTC on 2026-11-16 with about 40 000 lines, the pattern from 10:00 (`08:00` for
 * temporary-redirect-for-permanent). `overrides.inject` changes the injection's parameters.
 */
export declare function scenario(name: string, seed?: string | number, overrides?: TrafficOptions & { inject?: Partial<InjectionSpec> }): Scenario;

export declare function resolveTime(x: TimeSpec | undefined, base: number, offsetMinutes?: number): number;

export interface CombinedOptions { tzOffsetMinutes?: number }
export interface JsonOptions {
  tzOffsetMinutes?: number;
  /** false: leave out the sent_http_* keys (a JSON log that does not record response headers) */
  headers?: boolean;
  /** N: one user in N (by a hash of the name, the same on every line) is logged under a non-Latin name (Han, Hangul, Cyrillic, …); 0 (default): none */
  nonLatinUsers?: number;
}

/** nginx combined, no trailing newline: `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"` */
export declare function toCombined(ev: TrafficEvent, options?: CombinedOptions): string;
/**
 * One JSON object, no trailing newline. Keys: time (ISO 8601, ms, offset), remote_addr, user_id,
 * method, uri (with query), status, body_bytes_sent, request_time (s), http_user_agent, http_referer,
 * host, upstream_status, then sent_http_www_authenticate, sent_http_retry_after, sent_http_location,
 * sent_http_allow (null when absent) and sent_http_<name> for any other header.
 */
export declare function toJsonLine(ev: TrafficEvent, options?: JsonOptions): string;
/** a writer with its own per-second time cache (use one per output stream) */
export declare function createCombinedWriter(options?: CombinedOptions): (ev: TrafficEvent) => string;
export declare function createJsonWriter(options?: JsonOptions): (ev: TrafficEvent) => string;
/** nginx's escape=default: `"`, `\`, control bytes and bytes >= 0x7F as `\xHH` (upper-case hex, UTF-8 bytes) */
export declare function nginxEscape(s: string): string;
export declare function formatTimeLocal(ms: number, offsetMinutes?: number): string;
export declare function formatIsoLocal(ms: number, offsetMinutes?: number): string;

export declare class Rng {
  constructor(seed: string | number);
  u32(): number;
  next(): number;
  int(n: number): number;
  range(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(arr: readonly T[]): T;
  pickSkewed<T>(arr: readonly T[], skew?: number): T;
  exp(mean: number): number;
  around(median: number, spread: number): number;
  hex(n: number): string;
  uuid(): string;
  fork(label: string): Rng;
}

export declare class Weighted<T> {
  constructor(entries: ReadonlyArray<readonly [T, number]>);
  sample(rng: Rng): T;
}
