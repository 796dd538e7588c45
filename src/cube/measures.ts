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
] as const;

export type Measure = (typeof MEASURES)[number];

export const MEASURE_INDEX: Readonly<Record<Measure, number>> = Object.fromEntries(
  MEASURES.map((m, i) => [m, i]),
) as Record<Measure, number>;
