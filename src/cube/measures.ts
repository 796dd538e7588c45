/**
 * The additive measures every cube cell carries beside its key. Each is a plain sum,
 * so merging two cubes adds them and the cube of `a ++ b` equals `merge(cube(a), cube(b))`.
 * Add a measure here and in enrichment; rules read it by name.
 */
export const MEASURES = [
  /** requests */
  'count',
  /** requests whose body byte count is known (format logs body bytes, value not `-`) */
  'bodyKnown',
  /** responses whose body bytes > 0 (only from formats that log body bytes, never header-inclusive sizes) */
  'withBody',
  /** requests that carried an identity: remote user / user id, or a client recently served 2xx on an auth-protected route */
  'authenticated',
  /** 401/403 answers that were at least the k-th consecutive failure of one client on one route with no success or refresh between */
  'retryStreak',
  /** requests from known search crawlers */
  'crawler',
  /** requests whose duration is known, and the sum of those durations in ms */
  'durationKnown',
  'durationSumMs',
  /** requests from a format that records response headers */
  'headersKnown',
  /** of those, responses that carried the header their status calls for (401 WWW-Authenticate, 405 Allow, 3xx Location, 429/503 Retry-After) */
  'withExpectedHeader',
  /** requests whose upstream/origin status is known, and of those, where the upstream answered the same status */
  'upstreamKnown',
  'upstreamSame',
  /**
   * 301/302 answers to POST/PUT/PATCH/DELETE after which the same client's next request,
   * within REDIRECT_FOLLOW_UP_MS, was a GET of another path: the user agent turned the
   * write into a GET (redirect-changes-method cites it). Counted on the redirect's cell.
   */
  'redirectFollowedByGet',
  /** GET 200s with a known body to a page path not seen before (bounded table, src/enrich/novelty.ts) */
  'firstSeen200',
  /** of those, bodies whose size other first-seen paths of other lengths also got (one fixed page: a soft 404?) */
  'sharedSize200',
  /** the body bytes of those, and their squares: mean and spread of the shared size */
  'sharedSizeBytes',
  'sharedSizeBytesSq',
  /** 401/403 streaks that reached the k-th failure (one per client × route streak): retryStreak / this = retries per storm */
  'retryStormStarts',
  /**
   * 401/403 answered to a client whose credentials were shown to work: after it, the same
   * client was served 2xx on another auth-protected route with no token refresh and no
   * success on this route between (counted when that later success arrives)
   */
  'credentialsValid',
  /**
   * 401/403 that the same client followed with a token refresh or login, or with a success
   * on the same route, before any other success (an expired token, a mistyped password):
   * credited to the refusal's cell when that follow-up arrives
   */
  'refusalExplained',
  /** requests that carried a remote user / user id */
  'withIdentity',
] as const;

export type Measure = (typeof MEASURES)[number];

export const MEASURE_INDEX: Readonly<Record<Measure, number>> = Object.fromEntries(
  MEASURES.map((m, i) => [m, i]),
) as Record<Measure, number>;

/**
 * Measures that are sums of values (not of requests): stored as doubles. Every other
 * measure counts requests and is stored as a 32-bit unsigned integer, half the memory;
 * a count past 2^32 - 1 in one cell (only a merged cube could get there) is refused
 * rather than wrapped.
 */
export const SUM_MEASURES: ReadonlySet<Measure> = new Set<Measure>(['durationSumMs', 'sharedSizeBytes', 'sharedSizeBytesSq']);
export const COUNT_MEASURES: readonly Measure[] = MEASURES.filter((m) => !SUM_MEASURES.has(m));
const SUM_LIST: readonly Measure[] = MEASURES.filter((m) => SUM_MEASURES.has(m));
/** per measure index: its column in the count or in the sum storage */
export const MEASURE_COLUMN: readonly number[] = MEASURES.map((m) => (SUM_MEASURES.has(m) ? SUM_LIST.indexOf(m) : COUNT_MEASURES.indexOf(m)));
export const COUNT_STRIDE = COUNT_MEASURES.length;
export const SUM_STRIDE = SUM_LIST.length;
export const MAX_CELL_COUNT = 0xffff_ffff;
