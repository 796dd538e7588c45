// The pairs of status codes people confuse, with the rule that decides between them, the
// mistake seen in logs, and how the two differ on each dimension `explain` shows.

export type ContrastDimension = 'meaning' | 'clients' | 'caching' | 'seo' | 'api' | 'retry' | 'headers';

export const CONTRAST_DIMENSIONS: readonly ContrastDimension[] = [
  'meaning',
  'clients',
  'caching',
  'seo',
  'api',
  'retry',
  'headers',
];

export const CONTRAST_LABEL: Readonly<Record<ContrastDimension, string>> = {
  meaning: 'Meaning',
  clients: 'Client behaviour',
  caching: 'Caching',
  seo: 'SEO / crawlers',
  api: 'API impact',
  retry: 'Retry',
  headers: 'Headers',
};

export interface Comparison {
  /** the pair, lower code first */
  codes: readonly [number, number];
  /** how to choose, in one or two sentences */
  decisionRule: string;
  /** the mistake statuslint sees in logs, and what it costs */
  commonMistake: string;
  /** how the two differ, per dimension (only the dimensions where the difference matters) */
  contrasts: Partial<Record<ContrastDimension, string>>;
}

const PAIRS: Comparison[] = [
  {
    codes: [401, 403],
    decisionRule:
      'Ask "would different credentials change the answer?" If the caller has not proved who it is (no token, expired, invalid), 401 with a WWW-Authenticate challenge. If the caller is known and still not allowed, 403.',
    commonMistake:
      'Answering 401 to an authenticated user who lacks a role. Clients then refresh tokens and retry in a loop, users get logged out, and dashboards report an authentication outage that is really a permission rule.',
    contrasts: {
      meaning: '401: "who are you?" (authentication). 403: "I know who you are, and no" (authorization).',
      clients:
        '401 makes browsers prompt (Basic/Digest) and API clients refresh the token; 403 makes them stop and report "not allowed".',
      api: 'SDKs branch on them: 401 triggers the re-login path, 403 the permission-denied path.',
      retry: '401: retry once with new credentials. 403: retrying does not help until permissions change.',
      headers: '401 must carry WWW-Authenticate; 403 has no required header.',
    },
  },
  {
    codes: [401, 511],
    decisionRule:
      'If your application or API needs the caller\'s credentials, the answer is 401 (with a challenge). 511 belongs only to a captive portal or other intercepting proxy that controls network access (RFC 6585 §6): if you are not that proxy, do not send it.',
    commonMistake:
      'Origins sending 511 for a missing token, or as a catch-all error. Clients, monitors and crawlers then blame the network (a Wi-Fi login), nobody refreshes the credential, and the error is counted as a server fault.',
    contrasts: {
      meaning:
        '401: the origin wants credentials for this resource. 511: the network in front of the client wants a login before any traffic passes.',
      clients:
        '401 leads to a credential prompt or token refresh; 511 leads browsers to show a portal page, which makes no sense coming from your site.',
      caching: '401 is not stored unless explicitly allowed; 511 must never be stored (RFC 6585 §6).',
      seo: 'Crawlers treat 401 as a private page; a 511 from your site looks like a network block on their side.',
      api: 'Clients have a code path for 401 (refresh, re-login); almost none has one for 511, so it surfaces as an unexplained failure.',
      retry: '401: retry with new credentials. 511: only after a person logs in to the network.',
      headers: '401 must carry WWW-Authenticate; 511 should not carry a challenge and should link to the portal in the body.',
    },
  },
  {
    codes: [401, 407],
    decisionRule:
      'The origin server that owns the resource asks for credentials with 401 (WWW-Authenticate). A forward proxy between the client and the internet asks with 407 (Proxy-Authenticate).',
    commonMistake:
      'An API gateway or reverse proxy answering 407 for a missing API key. The gateway acts for the origin, so its answer is 401; 407 tells the client to fix its proxy settings.',
    contrasts: {
      meaning: '401: credentials for the origin. 407: credentials for the proxy the client is using.',
      clients: 'Clients send Authorization after a 401 and Proxy-Authorization after a 407.',
      headers: '401 must carry WWW-Authenticate; 407 must carry Proxy-Authenticate.',
    },
  },
  {
    codes: [403, 404],
    decisionRule:
      'Use 403 when it is fine for the caller to know the resource exists but they may not have it. Use 404 when its existence itself is private (other tenants\' objects, admin URLs) or it does not exist.',
    commonMistake:
      'Leaking existence with 403 on guessable IDs (another customer\'s invoice), or hiding a permission problem behind 404 so support cannot tell "missing" from "not allowed".',
    contrasts: {
      meaning: '403: exists, refused. 404: not found, or not admitted to exist.',
      caching: '404 is heuristically cacheable; 403 is stored only with explicit freshness.',
      seo: 'Both keep the URL out of the index; 404 is the normal signal for dead links.',
      api: 'Clients treat 404 as "absent" (may create it); 403 as "permission denied".',
    },
  },
  {
    codes: [404, 410],
    decisionRule:
      'If you deliberately removed the resource and it will not come back, 410. If it never existed, or you do not know, 404.',
    commonMistake:
      'Sending 410 for URLs that never existed (typos, scanners) or for content that may return; or keeping 404 for mass-removed content you want crawlers to forget quickly.',
    contrasts: {
      meaning: '404: not here (maybe never was, maybe temporarily). 410: was here, removed on purpose, for good.',
      seo: 'Both remove the URL from the index; 410 is the more explicit signal and may act slightly faster.',
      api: 'A client seeing 410 can delete its reference for good; after 404 it may try again later.',
    },
  },
  {
    codes: [301, 302],
    decisionRule:
      'Will the old URL ever serve this content again? No: 301 (or 308). Yes, or you are not sure: 302 (or 307).',
    commonMistake:
      'Using 302 for permanent moves (HTTP→HTTPS, domain migrations), so crawlers keep the old URL and link equity does not move; or a hasty 301 that browsers cache for months and that cannot be taken back.',
    contrasts: {
      meaning: '301: the new URI is permanent. 302: temporary, keep using the old one.',
      caching: '301 is heuristically cacheable and browsers keep it; 302 is stored only with explicit freshness.',
      seo: '301 passes ranking signals to the target and replaces the old URL; 302 keeps the old URL indexed.',
      clients: 'Both let clients change POST to GET; for method-preserving redirects use 308 / 307.',
    },
  },
  {
    codes: [301, 308],
    decisionRule:
      'Both are permanent. If the redirected request may be anything but GET/HEAD (API writes, form posts) and must keep its method and body, 308. For plain page moves either works; 301 also suits very old clients.',
    commonMistake:
      'A 301 on an API endpoint that receives POST: clients follow it with GET, the body is lost and the write silently never happens.',
    contrasts: {
      meaning: 'Same permanence; 308 forbids changing the method, 301 historically allows POST→GET.',
      caching: 'Both are heuristically cacheable by default (RFC 9110 §15.1).',
      seo: 'Search engines treat them alike: a strong signal to index the target.',
      api: '308 keeps POST/PUT intact; 301 may turn them into a GET without a body.',
    },
  },
  {
    codes: [302, 303],
    decisionRule:
      'After handling a POST, to send the client to a page it should GET (a receipt, the created item), use 303. For a temporary redirect of a GET, 302.',
    commonMistake:
      'Using 302 for post/redirect/get. Browsers happen to switch to GET, but the RFC does not require it and some API clients repeat the POST to the new URI.',
    contrasts: {
      meaning: '303: the result is elsewhere, fetch it with GET. 302: the resource is temporarily elsewhere.',
      clients: '303 always leads to a GET; after a 302 some clients keep the method.',
    },
  },
  {
    codes: [302, 307],
    decisionRule: 'Both are temporary. If the method and body must survive the redirect, 307. For GET/HEAD only, 302 works as well.',
    commonMistake:
      'Redirecting POST/PUT with 302 during maintenance or load-balancing: clients replay it as GET and the write is lost without an error.',
    contrasts: {
      meaning: 'Same "temporary" meaning; 307 forbids changing the method, 302 allows POST→GET.',
      api: '307 is safe for writes; 302 is not.',
    },
  },
  {
    codes: [307, 308],
    decisionRule: 'Both keep the method. Temporary move: 307. Permanent move: 308.',
    commonMistake: 'A permanent API move announced with 307: clients never update their stored URL, and every call pays the extra round-trip forever.',
    contrasts: {
      meaning: '307: keep using the original URI. 308: use the new URI from now on.',
      caching: '308 is heuristically cacheable; 307 only with explicit freshness.',
      seo: '308 moves ranking signals to the target; 307 keeps the original URL indexed.',
    },
  },
  {
    codes: [400, 422],
    decisionRule:
      'If the request cannot be parsed (malformed JSON, wrong framing, bad syntax), 400. If it parses but its content fails validation or business rules, 422 with the fields named.',
    commonMistake:
      'Answering every input problem with 400 and no detail, so clients cannot tell a broken serializer from a user typo; or 422 for malformed JSON, which the client cannot "correct" field by field.',
    contrasts: {
      meaning: '400: I cannot read this. 422: I read it, and it is not acceptable.',
      api: 'Clients show 422 field errors to the user; 400 usually signals a client bug to log.',
    },
  },
  {
    codes: [400, 415],
    decisionRule:
      'If the body is in a format the endpoint does not accept (Content-Type or Content-Encoding), 415. If the format is right but the content is broken, 400 (or 422).',
    commonMistake: 'Returning 400 for a missing or wrong Content-Type, so the client hunts for a bug in the body instead of fixing one header.',
    contrasts: {
      meaning: '415: wrong format. 400: malformed request.',
      headers: 'A 415 can list what works in Accept / Accept-Encoding; a 400 has no such header.',
    },
  },
  {
    codes: [200, 204],
    decisionRule: 'If the response has content the client needs, 200 with the body. If there is nothing to send back, 204 and no body at all.',
    commonMistake:
      'A 204 that carries bytes (a protocol error that can corrupt the next response on a kept-alive connection), or a 200 with an empty body that JSON clients fail to parse.',
    contrasts: {
      meaning: 'Both are success; 204 promises there is no content.',
      clients: 'Navigation to a 204 keeps the current page; a 200 renders whatever came back.',
      seo: 'A 200 page can be indexed; a 204 has nothing to index and is reported as a soft 404.',
      api: 'Clients must not parse a body on 204; on 200 they will try.',
    },
  },
  {
    codes: [429, 503],
    decisionRule:
      'If one client is over its limit while others are served normally, 429. If the service as a whole cannot serve anyone right now (overload, maintenance), 503. Both with Retry-After.',
    commonMistake:
      'Rate limiting with 503: monitors report an outage, crawlers slow down for the whole site, and the one noisy client is not told it is the problem.',
    contrasts: {
      meaning: '429: you are sending too much. 503: we cannot serve anyone right now.',
      caching: '429 must not be stored (RFC 6585 §4); 503 is stored only with explicit freshness.',
      seo: 'Both slow crawling; 503 is the right signal for maintenance.',
      api: 'Clients back off per key for 429; 503 means the dependency is down for everyone.',
      retry: 'Both: retry after Retry-After, with backoff.',
    },
  },
  {
    codes: [500, 502],
    decisionRule:
      'If your own code failed, 500. If you are a proxy or gateway and the server behind you sent garbage or closed the connection, 502.',
    commonMistake:
      'Applications returning 502 when a downstream call fails inside them, so on-call engineers look at the load balancer instead of the application.',
    contrasts: {
      meaning: '500: this server failed. 502: the server behind this one answered badly.',
      api: 'Where to look: 500 points at the application, 502 at the proxy-to-upstream hop.',
    },
  },
  {
    codes: [502, 504],
    decisionRule: 'The gateway got an invalid answer or a reset: 502. It got no answer within its timeout: 504.',
    commonMistake: 'Treating 504s as harmless and retrying writes: the upstream may well have finished the work after the gateway gave up.',
    contrasts: {
      meaning: '502: bad or broken response from upstream. 504: no response in time.',
      retry: 'After 502 the request usually never ran; after 504 it may have, so only idempotent requests are safe to repeat.',
    },
  },
  {
    codes: [503, 504],
    decisionRule: 'If the server knows it cannot serve now (maintenance, shedding load), 503 with Retry-After. If a gateway waited for an upstream and gave up, 504.',
    commonMistake: 'Letting requests hang until the proxy times out (504) instead of shedding load early with 503 and Retry-After.',
    contrasts: {
      meaning: '503: refused quickly, by design. 504: a gateway timed out waiting.',
      retry: '503 says when to come back; after 504 the outcome is unknown.',
      headers: '503 should carry Retry-After; 504 has none.',
    },
  },
  {
    codes: [500, 503],
    decisionRule: 'Unexpected failure (a bug, an exception): 500. A known, temporary inability to serve (maintenance, overload, starting up): 503 with Retry-After.',
    commonMistake: 'Serving maintenance pages with 500 (or, worse, 200): crawlers see errors or replace content, and clients do not know to come back.',
    contrasts: {
      meaning: '500: something broke. 503: temporarily unavailable, expected to recover.',
      seo: 'A short 503 protects the index during maintenance; 500s are errors.',
      retry: '503 invites a retry at Retry-After; a 500 from a bug will fail again.',
    },
  },
  {
    codes: [499, 504],
    decisionRule:
      'These are two sides of one slow upstream. 499 (nginx) is logged when the client gave up first; 504 is sent when the proxy\'s own upstream timeout fired first. Neither is chosen by the application.',
    commonMistake:
      'Reading 499 as "client problem" and ignoring it: a surge of 499s usually means the upstream got slower than clients\' timeouts, the same incident that produces 504s.',
    contrasts: {
      meaning: '499: the client hung up. 504: the proxy hung up on the upstream.',
      clients: 'With 499 the client saw its own timeout or cancellation; with 504 it received an error response.',
      retry: 'In both cases the upstream may still have done the work.',
    },
  },
  {
    codes: [405, 501],
    decisionRule: 'If the server knows the method but this resource does not support it, 405 with Allow. If the server does not implement the method anywhere, 501.',
    commonMistake: 'Returning 501 for a method a route simply does not handle (or 404), so clients do not learn which methods the resource does support.',
    contrasts: {
      meaning: '405: not on this resource. 501: not on this server.',
      headers: '405 must carry Allow; 501 has no required header.',
      api: '405 is a client error to fix; 501 counts as a server error in dashboards.',
    },
  },
];

const KEY = (a: number, b: number) => (a < b ? `${a}/${b}` : `${b}/${a}`);

const BY_PAIR: ReadonlyMap<string, Comparison> = new Map(
  PAIRS.map((p) => {
    Object.freeze(p.contrasts);
    Object.freeze(p.codes);
    return [KEY(p.codes[0], p.codes[1]), Object.freeze(p)];
  }),
);

/** the comparison of two codes, in either order; undefined if the pair is not a known one */
export function findComparison(a: number, b: number): Comparison | undefined {
  return BY_PAIR.get(KEY(a, b));
}

export function allComparisons(): Comparison[] {
  return [...BY_PAIR.values()];
}

/** codes that `code` is commonly confused with, for "see also" links */
export function comparedWith(code: number): number[] {
  const out: number[] = [];
  for (const p of BY_PAIR.values()) {
    if (p.codes[0] === code) out.push(p.codes[1]);
    else if (p.codes[1] === code) out.push(p.codes[0]);
  }
  return out.sort((x, y) => x - y);
}
