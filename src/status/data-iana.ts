// The IANA HTTP Status Code Registry (https://www.iana.org/assignments/http-status-codes),
// as of RFC 9110 and the registrations after it. Text written for statuslint from the RFCs
// cited in each entry (RFC 9110, 9111, 6585, 7725, 8297, 8470, 4918, 5842, 3229, 2295, 2774,
// 2518). Crawler notes describe what the large search engines document about their crawlers.

import type { StatusEntry } from './entry.js';

const r = (rfc: number, section: string) => ({ rfc, section });

// Shared wording. Interim (1xx) responses are consumed by the HTTP stack, never shown.
const INTERIM_CLIENTS = {
  browsers: 'Handled inside the network stack; the page only ever sees the final response.',
  apiClients:
    'Most HTTP libraries swallow interim responses and return the final one; a few expose them through a hook.',
  automated: 'Invisible to crawlers and monitors, which record only the final status.',
};
const INTERIM_CACHE =
  'Interim responses are never stored: a cache stores only final responses (RFC 9111 §3).';
const INTERIM_SEO = 'None: crawlers act on the final status that follows.';
const INTERIM_RETRY = {
  safe: false,
  when: 'Not applicable: an interim response is followed by the final one on the same exchange.',
} as const;

const ENTRIES: StatusEntry[] = [
  // ───────────────────────────── 1xx informational ─────────────────────────────
  {
    code: 100,
    name: 'Continue',
    spec: r(9110, '15.2.1'),
    summary:
      'The server has received the request headers and is willing to receive the body the client is holding back.',
    whenToUse:
      'In answer to a request that carried `Expect: 100-continue`, to say "send the body"; HTTP servers and frameworks send it for you.',
    clients: INTERIM_CLIENTS,
    cacheable: 'never',
    cacheNote: INTERIM_CACHE,
    seo: INTERIM_SEO,
    retry: INTERIM_RETRY,
    headers: { required: [], expected: [] },
  },
  {
    code: 101,
    name: 'Switching Protocols',
    spec: r(9110, '15.2.2'),
    summary:
      'The server agrees to the client\'s Upgrade request and the connection continues in another protocol, such as WebSocket.',
    whenToUse:
      'To accept an `Upgrade` request (WebSocket handshake, h2c). Logs show it as the status of long-lived WebSocket connections.',
    clients: {
      browsers: 'Completes a WebSocket handshake; the page sees an open socket, not an HTTP response.',
      apiClients: 'WebSocket libraries expect exactly 101; anything else fails the handshake.',
      automated: 'Crawlers do not upgrade connections.',
    },
    cacheable: 'never',
    cacheNote: INTERIM_CACHE,
    seo: INTERIM_SEO,
    retry: {
      safe: 'conditional',
      when: 'A dropped WebSocket is reconnected by the client with a fresh handshake, with backoff.',
    },
    headers: {
      required: ['Upgrade'],
      expected: ['Connection'],
      note: 'The server MUST send Upgrade naming the protocol(s) it switches to.',
    },
  },
  {
    code: 102,
    name: 'Processing',
    spec: r(2518, '10.1'),
    summary:
      'An interim WebDAV response saying a long request is still being worked on, so the client should not time out.',
    whenToUse:
      'Rarely. It was defined for WebDAV in RFC 2518 and left out of RFC 4918; it stays registered, but 202 with a status resource is the usual pattern for long work today.',
    clients: INTERIM_CLIENTS,
    cacheable: 'never',
    cacheNote: INTERIM_CACHE,
    seo: INTERIM_SEO,
    retry: INTERIM_RETRY,
    headers: { required: [], expected: [] },
  },
  {
    code: 103,
    name: 'Early Hints',
    spec: r(8297, '2'),
    summary:
      'An interim response carrying Link headers so the client can preload or preconnect while the server prepares the real answer.',
    whenToUse:
      'To send `Link: <...>; rel=preload` (or preconnect) hints early, before a slow final response. Usually added by a CDN or the server.',
    clients: {
      browsers:
        'Browsers that support Early Hints start preloading or preconnecting; others ignore the 103.',
      apiClients: 'Ignored by nearly all API clients.',
      automated: 'Ignored by crawlers and monitors.',
    },
    cacheable: 'never',
    cacheNote: INTERIM_CACHE,
    seo: 'None directly; faster page loads can help user-experience metrics.',
    retry: INTERIM_RETRY,
    headers: { required: [], expected: ['Link'] },
  },

  // ───────────────────────────── 2xx success ─────────────────────────────
  {
    code: 200,
    name: 'OK',
    spec: r(9110, '15.3.1'),
    summary: 'The request succeeded; the body is the representation or result the method asks for.',
    whenToUse:
      'For a successful request with a body. Not for errors: an error page or `{"error": ...}` served with 200 hides the failure from clients, caches, crawlers and monitoring.',
    clients: {
      browsers: 'Renders the body.',
      apiClients: 'Treated as success; the body is parsed as the result.',
      automated: 'Monitors count it as healthy; crawlers fetch and consider the content for the index.',
    },
    cacheable: 'heuristic',
    seo: 'The page can be indexed. Error or empty pages served with 200 become "soft 404s" that waste crawl budget.',
    retry: { safe: false, when: 'Nothing to retry: the request succeeded.' },
    headers: { required: [], expected: ['Content-Type'] },
  },
  {
    code: 201,
    name: 'Created',
    spec: r(9110, '15.3.2'),
    summary: 'The request succeeded and created one or more new resources.',
    whenToUse:
      'After a POST (or PUT) that created something. Point to the new resource with `Location`; without it the created resource is the target URI itself.',
    clients: {
      browsers: 'Handled like 200 (form posts rarely produce it; fetch() sees it as ok).',
      apiClients: 'Success; clients read `Location` to find the new resource.',
      automated: 'Counted as success.',
    },
    cacheable: 'explicit-only',
    seo: 'None: crawlers do not create resources.',
    retry: {
      safe: false,
      when: 'Do not repeat: a second POST may create a duplicate unless the API uses idempotency keys.',
    },
    headers: {
      required: [],
      expected: ['Location'],
      note: 'Location identifies the created resource; absent, the target URI is assumed to be it.',
    },
  },
  {
    code: 202,
    name: 'Accepted',
    spec: r(9110, '15.3.3'),
    summary:
      'The request was accepted for processing, which has not finished and may still fail; HTTP has no way to report the outcome later.',
    whenToUse:
      'For asynchronous work (jobs, batch imports). Return a way to follow progress: a status resource in the body or in `Location`.',
    clients: {
      browsers: 'Handled like 200.',
      apiClients: 'Success for the submission only; the client polls the status resource for the outcome.',
      automated: 'Counted as success; job runners should then poll.',
    },
    cacheable: 'explicit-only',
    seo: 'None in practice.',
    retry: {
      safe: false,
      when: 'Do not resubmit; poll the status resource instead.',
    },
    headers: { required: [], expected: [] },
  },
  {
    code: 203,
    name: 'Non-Authoritative Information',
    spec: r(9110, '15.3.4'),
    summary:
      'Success, but a transforming proxy modified the content the origin sent (for example, recompressed images).',
    whenToUse: 'Only by a proxy that changed the response body; origin servers have no reason to send it.',
    clients: {
      browsers: 'Handled like 200.',
      apiClients: 'Usually handled like 200; strict clients may treat anything but 200 as unexpected.',
      automated: 'Counted as success.',
    },
    cacheable: 'heuristic',
    seo: 'Handled like 200 by crawlers.',
    retry: { safe: false, when: 'Nothing to retry: the request succeeded.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 204,
    name: 'No Content',
    spec: r(9110, '15.3.5'),
    summary: 'The request succeeded and there is deliberately no body.',
    whenToUse:
      'After a successful PUT, PATCH, DELETE or a beacon/ping where the client needs no content back. The response cannot have a body: a 204 with bytes is a protocol error.',
    clients: {
      browsers: 'Navigation to a 204 leaves the current page in place.',
      apiClients: 'Success; clients must not try to parse a body (a JSON parser on an empty body throws).',
      automated: 'Counted as success.',
    },
    cacheable: 'heuristic',
    seo: 'Nothing to index; Google may report pages that answer 204 as soft 404s.',
    retry: { safe: false, when: 'Nothing to retry: the request succeeded.' },
    headers: {
      required: [],
      expected: [],
      note: 'No body and no Content-Length other than 0 (RFC 9110 §8.6).',
    },
  },
  {
    code: 205,
    name: 'Reset Content',
    spec: r(9110, '15.3.6'),
    summary: 'Success, and the client should reset the document view that sent the request (clear the form).',
    whenToUse: 'Almost never in practice; data-entry interfaces could use it. No body is allowed.',
    clients: {
      browsers: 'Browsers do not clear forms on 205; it behaves much like 204.',
      apiClients: 'Success without content.',
      automated: 'Counted as success.',
    },
    cacheable: 'explicit-only',
    seo: 'None.',
    retry: { safe: false, when: 'Nothing to retry: the request succeeded.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 206,
    name: 'Partial Content',
    spec: r(9110, '15.3.7'),
    summary: 'The server is sending only the byte range(s) the client asked for with a Range header.',
    whenToUse:
      'Only in answer to a satisfiable `Range` request (video seeking, resumable downloads). Logs of media servers are full of them; that is normal.',
    clients: {
      browsers: 'Media elements and download managers assemble ranges; users see nothing special.',
      apiClients: 'Libraries that asked for a range expect it; a client that did not ask must not get it.',
      automated: 'Download tools resume with it; crawlers rarely send Range.',
    },
    cacheable: 'heuristic',
    cacheNote: 'Only caches that support ranges may store and combine partial responses (RFC 9111 §3.3).',
    seo: 'None: crawlers fetch whole pages.',
    retry: { safe: false, when: 'Nothing to retry: the range was served.' },
    headers: {
      required: ['Content-Range'],
      expected: [],
      note: 'A single-part 206 MUST carry Content-Range; a multipart one instead has Content-Type multipart/byteranges with Content-Range in each part.',
    },
  },
  {
    code: 207,
    name: 'Multi-Status',
    spec: r(4918, '11.1'),
    summary: 'WebDAV: the body (XML) carries a separate status for each of several resources.',
    whenToUse: 'For WebDAV operations on several resources (PROPFIND, batch moves). Not a generic "partly succeeded" for REST APIs.',
    clients: {
      browsers: 'Not used by pages; WebDAV clients (file managers, sync tools) read the XML.',
      apiClients: 'Only WebDAV clients understand it; generic clients see a 2xx and may miss the failures inside.',
      automated: 'Counted as success, even when individual parts failed.',
    },
    cacheable: 'explicit-only',
    seo: 'None.',
    retry: { safe: 'conditional', when: 'Retry only the parts whose inner status calls for it.' },
    headers: { required: [], expected: ['Content-Type'] },
  },
  {
    code: 208,
    name: 'Already Reported',
    spec: r(5842, '7.1'),
    summary:
      'WebDAV binding extension: inside a 207 body, this member was already listed earlier, so it is not repeated.',
    whenToUse: 'Only inside a 207 Multi-Status body, to avoid listing the same resource twice through several bindings.',
    clients: {
      browsers: 'Not seen by browsers.',
      apiClients: 'Meaningful only to WebDAV clients.',
      automated: 'Rare enough that a top-level 208 in a log is likely a bug.',
    },
    cacheable: 'explicit-only',
    seo: 'None.',
    retry: { safe: false, when: 'Not applicable.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 226,
    name: 'IM Used',
    spec: r(3229, '10.4.1'),
    summary:
      'Delta encoding: the server sent the result of instance-manipulations (for example a diff) applied to the current instance.',
    whenToUse: 'Only for clients that asked with `A-IM`; almost no software implements RFC 3229.',
    clients: {
      browsers: 'Browsers do not request delta encoding.',
      apiClients: 'Only clients that sent A-IM can apply the delta.',
      automated: 'Rare; unexpected in ordinary logs.',
    },
    cacheable: 'explicit-only',
    seo: 'None.',
    retry: { safe: false, when: 'Nothing to retry: the request succeeded.' },
    headers: { required: [], expected: ['IM'] },
  },

  // ───────────────────────────── 3xx redirection ─────────────────────────────
  {
    code: 300,
    name: 'Multiple Choices',
    spec: r(9110, '15.4.1'),
    summary: 'The resource has several representations and the client (or user) should pick one.',
    whenToUse: 'Seldom: no standard way to choose automatically exists. If one choice is preferred, point to it with `Location`.',
    clients: {
      browsers: 'Browsers follow `Location` if present; otherwise they show the body listing the choices.',
      apiClients: 'Generic clients do not choose; most treat it as an unexpected response.',
      automated: 'Crawlers may follow `Location` if present.',
    },
    cacheable: 'heuristic',
    seo: 'Ambiguous for crawlers; prefer a plain redirect or content negotiation.',
    retry: { safe: false, when: 'Not a failure: pick one of the offered representations.' },
    headers: { required: [], expected: ['Location'] },
  },
  {
    code: 301,
    name: 'Moved Permanently',
    spec: r(9110, '15.4.2'),
    summary: 'The resource has a new permanent URI; clients should use it from now on.',
    whenToUse:
      'For permanent moves of pages fetched with GET/HEAD (domain moves, HTTPS upgrades, URL cleanups). For other methods use 308: clients may turn a redirected POST into GET.',
    clients: {
      browsers: 'Follow it at once, turning POST into GET (historic behaviour the RFC allows), and may cache the redirect for a long time.',
      apiClients: 'Most libraries follow it; many switch POST to GET and drop the body, which silently breaks writes.',
      automated: 'Crawlers follow it and update their stored URL.',
    },
    cacheable: 'heuristic',
    cacheNote: 'Browsers keep 301s long without explicit lifetime, so a mistaken 301 is hard to undo.',
    seo: 'A strong signal that the target is the canonical URL: ranking signals move to it, and the old URL leaves the index.',
    retry: { safe: false, when: 'Follow the redirect instead of retrying.' },
    headers: {
      required: ['Location'],
      expected: [],
      note: 'RFC 9110 says SHOULD, but without Location no client can follow the redirect.',
    },
  },
  {
    code: 302,
    name: 'Found',
    spec: r(9110, '15.4.3'),
    summary: 'The resource is temporarily at another URI; keep using the original one for future requests.',
    whenToUse:
      'For temporary redirects of GET/HEAD, such as sending a logged-out user to the login page. For a redirected POST that must stay a POST, use 307; to answer a POST with a page to GET, use 303.',
    clients: {
      browsers: 'Follow it, turning POST into GET; the original URL stays in the address bar history.',
      apiClients: 'Most libraries follow it and switch POST to GET, losing the request body.',
      automated: 'Crawlers follow it but keep the original URL as the one to index.',
    },
    cacheable: 'explicit-only',
    seo: 'The original URL usually stays indexed; a 302 that never changes may eventually be treated as permanent, but do not rely on it.',
    retry: { safe: false, when: 'Follow the redirect instead of retrying.' },
    headers: {
      required: ['Location'],
      expected: [],
      note: 'RFC 9110 says SHOULD, but without Location no client can follow the redirect.',
    },
  },
  {
    code: 303,
    name: 'See Other',
    spec: r(9110, '15.4.4'),
    summary: 'The answer is at another URI, to be fetched with GET; the original request was handled.',
    whenToUse:
      'After a POST (or other unsafe request) to send the client to a result page: the post/redirect/get pattern, so a reload does not resubmit a form.',
    clients: {
      browsers: 'Fetch the Location with GET; reloading does not repeat the POST.',
      apiClients: 'Libraries follow it with GET, as intended.',
      automated: 'Crawlers follow it; the target is not treated as a replacement of the original.',
    },
    cacheable: 'explicit-only',
    seo: 'Little: crawlers mostly send GET, for which 303 acts as a temporary redirect.',
    retry: { safe: false, when: 'Follow the redirect with GET; do not repeat the original request.' },
    headers: {
      required: ['Location'],
      expected: [],
      note: 'RFC 9110 says SHOULD, but without Location no client can follow the redirect.',
    },
  },
  {
    code: 304,
    name: 'Not Modified',
    spec: r(9110, '15.4.5'),
    summary:
      'The answer to a conditional GET/HEAD: the client\'s stored copy is still current, so no body is sent.',
    whenToUse:
      'Only when an `If-None-Match` or `If-Modified-Since` condition is false. Never with a body. A healthy cacheable site logs many of them.',
    clients: {
      browsers: 'Reuse the cached copy; users see the page as usual.',
      apiClients: 'Clients with an HTTP cache reuse their copy; clients that sent no condition should never receive it.',
      automated: 'Crawlers use conditional requests to save bandwidth; 304 means "unchanged".',
    },
    cacheable: 'explicit-only',
    cacheNote: 'A 304 is not stored itself; it refreshes the stored response it validates (RFC 9111 §4.3.4).',
    seo: 'Neutral to positive: the crawler keeps its copy and spends less crawl budget.',
    retry: { safe: false, when: 'Nothing to retry: use the stored copy.' },
    headers: {
      required: [],
      expected: ['ETag', 'Cache-Control', 'Date'],
      note: 'A 304 repeats the validator and cache metadata the 200 would have carried; no body.',
    },
  },
  {
    code: 305,
    name: 'Use Proxy',
    spec: r(9110, '15.4.6'),
    summary: 'Deprecated: once told the client to repeat the request through a proxy.',
    whenToUse: 'Never. It was deprecated for security reasons: a server must not be able to choose the client\'s proxy.',
    clients: {
      browsers: 'Browsers do not honour it.',
      apiClients: 'Treated as an unknown 3xx.',
      automated: 'Ignored.',
    },
    cacheable: 'explicit-only',
    seo: 'Treated as a broken redirect.',
    retry: { safe: false, when: 'Not applicable: fix the server.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 306,
    name: '(Unused)',
    aka: ['Switch Proxy'],
    spec: r(9110, '15.4.7'),
    summary: 'Reserved: used in a draft long ago and no longer used; the number must not be assigned.',
    whenToUse: 'Never.',
    clients: {
      browsers: 'Treated as an unknown 3xx.',
      apiClients: 'Treated as an unknown 3xx.',
      automated: 'Treated as an unknown 3xx.',
    },
    cacheable: 'explicit-only',
    seo: 'Treated as a broken redirect.',
    retry: { safe: false, when: 'Not applicable: fix the server.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 307,
    name: 'Temporary Redirect',
    spec: r(9110, '15.4.8'),
    summary:
      'The resource is temporarily at another URI; repeat the same request there, same method and body, and keep using the original URI.',
    whenToUse:
      'For temporary redirects that must keep the method (a POST stays a POST), such as maintenance moves of an API endpoint.',
    clients: {
      browsers: 'Follow it with the same method and body. Browsers also show an internal 307 for HSTS upgrades; that one never reaches the server log.',
      apiClients: 'Conforming libraries resend the same method and body to Location.',
      automated: 'Crawlers treat it like 302.',
    },
    cacheable: 'explicit-only',
    seo: 'Like 302: the original URL stays the indexed one.',
    retry: { safe: false, when: 'Follow the redirect instead of retrying.' },
    headers: {
      required: ['Location'],
      expected: [],
      note: 'RFC 9110 says SHOULD, but without Location no client can follow the redirect.',
    },
  },
  {
    code: 308,
    name: 'Permanent Redirect',
    spec: r(9110, '15.4.9'),
    summary:
      'The resource has a new permanent URI; repeat the same request there, same method and body, and use the new URI from now on.',
    whenToUse:
      'For permanent moves where the method must be kept (API endpoints receiving POST/PUT), or for any permanent move when all clients are current.',
    clients: {
      browsers: 'Follow it with the same method and body and cache it like 301.',
      apiClients: 'Conforming libraries resend the same request; some very old clients do not know 308.',
      automated: 'Crawlers treat it like 301.',
    },
    cacheable: 'heuristic',
    cacheNote:
      'Heuristically cacheable by default (RFC 9110 §15.1), like 301, even though some older lists leave it out.',
    seo: 'Like 301: a strong canonical signal that moves ranking signals to the target.',
    retry: { safe: false, when: 'Follow the redirect instead of retrying.' },
    headers: {
      required: ['Location'],
      expected: [],
      note: 'RFC 9110 says SHOULD, but without Location no client can follow the redirect.',
    },
  },

  // ───────────────────────────── 4xx client error ─────────────────────────────
  {
    code: 400,
    name: 'Bad Request',
    spec: r(9110, '15.5.1'),
    summary:
      'The server will not process the request because of something the client did wrong: malformed syntax, invalid framing, a request it cannot parse.',
    whenToUse:
      'For requests that are malformed or cannot be processed and no more specific 4xx fits. Say what was wrong in the body (for APIs, RFC 9457 problem details).',
    clients: {
      browsers: 'Show the body as an error page.',
      apiClients: 'Client bug: surface the error; retrying the same request gives the same answer.',
      automated: 'Monitors count it as a client error; crawlers drop the URL.',
    },
    cacheable: 'explicit-only',
    seo: 'The URL is not indexed (4xx).',
    retry: { safe: false, when: 'Only after the client fixes the request.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 401,
    name: 'Unauthorized',
    spec: r(9110, '15.5.2'),
    summary:
      'The request lacks valid authentication credentials for the target resource: none were sent, or the ones sent (token, password, key) were rejected. Despite the name it is about authentication, not permission.',
    whenToUse:
      'When credentials are missing, expired or invalid, together with a `WWW-Authenticate` challenge that names the scheme (Bearer, Basic...). When the caller is known but not allowed, use 403.',
    clients: {
      browsers: 'With a `Basic` or `Digest` challenge, prompt for a user name and password; otherwise show the page.',
      apiClients:
        'Refresh or re-acquire the token once, then retry; if that fails, surface "authentication required". Retrying without new credentials cannot succeed.',
      automated:
        'Crawlers do not log in, so the page is not indexed. Service clients with an expired credential fail until it is renewed, which shows up as a wall of 401s.',
    },
    cacheable: 'explicit-only',
    cacheNote: 'Not stored by shared caches without explicit permission; responses to requests with Authorization are not reused by shared caches (RFC 9111 §3.5).',
    seo: 'Not indexed: crawlers cannot authenticate. Fine for private areas, harmful on pages meant to be public.',
    retry: {
      safe: 'conditional',
      when: 'Only with new or refreshed credentials. Repeating the same request is a retry storm.',
    },
    headers: {
      required: ['WWW-Authenticate'],
      expected: [],
      note: 'The server MUST send at least one WWW-Authenticate challenge with a 401.',
    },
    notes: [
      '"Unauthorized" means "unauthenticated": use 403 when the identity is known but lacks permission.',
      'A sudden rise in 401s across many clients usually follows a key or token rotation; from one client, an expired service credential.',
    ],
  },
  {
    code: 402,
    name: 'Payment Required',
    spec: r(9110, '15.5.3'),
    summary: 'Reserved for future use; some APIs use it for exhausted quotas or billing problems.',
    whenToUse:
      'Its semantics are not defined by the RFC. If your API uses it (billing lapsed), document it; generic clients will only see a 4xx.',
    clients: {
      browsers: 'Shown as an error page.',
      apiClients: 'No standard handling; only clients that know your API can act on it.',
      automated: 'Counted as a client error.',
    },
    cacheable: 'explicit-only',
    seo: 'Not indexed (4xx).',
    retry: { safe: false, when: 'Only after the account or payment problem is resolved.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 403,
    name: 'Forbidden',
    spec: r(9110, '15.5.4'),
    summary:
      'The server understood the request and refuses it. If credentials were sent, they were accepted but do not grant access; sending them again will not help.',
    whenToUse:
      'When the caller is authenticated but not permitted (wrong role, wrong tenant, IP block), or when access is refused regardless of identity. Use 404 instead if even the existence of the resource should stay hidden.',
    clients: {
      browsers: 'Show the error page; no credential prompt.',
      apiClients: 'Permission problem: do not refresh the token or retry; surface "not allowed".',
      automated: 'Crawlers drop the URL; monitors count a client error.',
    },
    cacheable: 'explicit-only',
    seo: 'Not indexed; pages that used to be indexed drop out. Blocking crawlers by 403 (WAF rules) removes pages from search.',
    retry: { safe: false, when: 'Not until permissions change; repeating it is pointless.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 404,
    name: 'Not Found',
    spec: r(9110, '15.5.5'),
    summary:
      'The server has no current representation for the target URI, or will not say whether one exists. It does not say whether the absence is temporary or permanent.',
    whenToUse:
      'For URIs that do not exist (or that you will not reveal). If it is gone for good and you know it, 410 is more precise. If the resource exists but not for this method, use 405.',
    clients: {
      browsers: 'Show the error page.',
      apiClients: 'Resource absent: clients branch on it (create instead of update, treat as deleted).',
      automated: 'Crawlers eventually drop the URL; broken-link checkers report it.',
    },
    cacheable: 'heuristic',
    seo: 'The URL drops from the index after repeated 404s; links pointing to it lose their value. Harmless for URLs that never existed.',
    retry: { safe: false, when: 'Not unless the resource is expected to appear (eventual consistency right after creation).' },
    headers: { required: [], expected: [] },
  },
  {
    code: 405,
    name: 'Method Not Allowed',
    spec: r(9110, '15.5.6'),
    summary: 'The resource exists but does not support this request method.',
    whenToUse:
      'When the URI is known but the method is not accepted (POST to a read-only collection). List the accepted methods in `Allow`. Answering 404 here misleads clients into thinking the resource is absent.',
    clients: {
      browsers: 'Show the error page.',
      apiClients: 'Client bug: wrong method or wrong URL; `Allow` tells which methods work.',
      automated: 'Crawlers use GET, so they meet it only when GET itself is not allowed.',
    },
    cacheable: 'heuristic',
    seo: 'Not indexed, if GET is the method refused.',
    retry: { safe: false, when: 'Only with a method listed in `Allow`.' },
    headers: {
      required: ['Allow'],
      expected: [],
      note: 'The server MUST send Allow with the methods the resource supports (it may be empty).',
    },
  },
  {
    code: 406,
    name: 'Not Acceptable',
    spec: r(9110, '15.5.7'),
    summary:
      'No representation matches what the client said it accepts (Accept, Accept-Language, Accept-Encoding...), and the server chose not to send a default.',
    whenToUse: 'Rarely: sending the default representation is usually more useful than refusing.',
    clients: {
      browsers: 'Show the error page.',
      apiClients: 'Client asked for a media type the API does not produce; fix the Accept header.',
      automated: 'Counted as a client error.',
    },
    cacheable: 'explicit-only',
    seo: 'Not indexed (4xx).',
    retry: { safe: false, when: 'Only with different Accept-* headers.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 407,
    name: 'Proxy Authentication Required',
    spec: r(9110, '15.5.8'),
    summary: 'Like 401, but for a proxy: the client must authenticate to the proxy it is using.',
    whenToUse: 'Only by a forward proxy that requires credentials, with a `Proxy-Authenticate` challenge. Origin servers never send it.',
    clients: {
      browsers: 'Prompt for proxy credentials, or use configured ones.',
      apiClients: 'A proxy configuration problem on the client side, not an API error.',
      automated: 'Fail until proxy credentials are configured.',
    },
    cacheable: 'explicit-only',
    seo: 'Not relevant: crawlers do not go through your forward proxy.',
    retry: { safe: 'conditional', when: 'Only with proxy credentials (Proxy-Authorization).' },
    headers: {
      required: ['Proxy-Authenticate'],
      expected: [],
      note: 'The proxy MUST send a Proxy-Authenticate challenge.',
    },
  },
  {
    code: 408,
    name: 'Request Timeout',
    spec: r(9110, '15.5.9'),
    summary: 'The server did not receive a complete request in the time it was prepared to wait, and closes the connection.',
    whenToUse:
      'Sent by servers on idle or slow connections (nginx client_header_timeout / client_body_timeout). Browsers open spare connections, so a steady trickle of 408s is normal.',
    clients: {
      browsers: 'Usually retry silently on a new connection.',
      apiClients: 'Many libraries retry automatically when the request was idempotent.',
      automated: 'Counted as a client error; bursts may point to slow networks or slowloris-style attacks.',
    },
    cacheable: 'explicit-only',
    seo: 'Rare for crawlers; repeated timeouts can slow crawling.',
    retry: { safe: 'conditional', when: 'Idempotent requests can be repeated on a new connection.' },
    headers: { required: [], expected: ['Connection'], note: 'The server sends `Connection: close`.' },
  },
  {
    code: 409,
    name: 'Conflict',
    spec: r(9110, '15.5.10'),
    summary:
      'The request conflicts with the current state of the resource (edit conflict, duplicate key, wrong state for the transition).',
    whenToUse: 'When the client can resolve the conflict and resubmit; explain the conflict in the body.',
    clients: {
      browsers: 'Show the error page.',
      apiClients: 'Reload the current state, resolve, resubmit.',
      automated: 'Counted as a client error.',
    },
    cacheable: 'explicit-only',
    seo: 'Not indexed (4xx).',
    retry: { safe: false, when: 'Only after resolving the conflict.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 410,
    name: 'Gone',
    spec: r(9110, '15.5.11'),
    summary: 'The resource used to exist here and has been removed on purpose, most likely for good, with no forwarding address.',
    whenToUse:
      'For deliberately removed content (expired offers, deleted accounts) when you want links and crawlers to forget the URL. Unsure? 404 is fine.',
    clients: {
      browsers: 'Show the error page.',
      apiClients: 'Treat as permanently deleted; stop asking.',
      automated: 'Link checkers can remove the link; crawlers drop the URL.',
    },
    cacheable: 'heuristic',
    seo: 'The URL leaves the index, possibly a little faster than after a 404.',
    retry: { safe: false, when: 'Never: the resource is gone.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 411,
    name: 'Length Required',
    spec: r(9110, '15.5.12'),
    summary: 'The server refuses a request with a body but no Content-Length.',
    whenToUse: 'When the server cannot accept chunked or unframed request bodies.',
    clients: {
      browsers: 'Rare: browsers send Content-Length.',
      apiClients: 'Send Content-Length (buffer the body) and retry.',
      automated: 'Counted as a client error.',
    },
    cacheable: 'explicit-only',
    seo: 'None: crawlers send GET without a body.',
    retry: { safe: 'conditional', when: 'With a Content-Length header.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 412,
    name: 'Precondition Failed',
    spec: r(9110, '15.5.13'),
    summary:
      'A condition in the request headers (If-Match, If-Unmodified-Since...) was false: the resource changed since the client last saw it.',
    whenToUse: 'For optimistic concurrency: the client\'s If-Match ETag no longer matches, so the update is refused.',
    clients: {
      browsers: 'Rare in browsers.',
      apiClients: 'Fetch the current version, merge, retry with the new ETag.',
      automated: 'Counted as a client error.',
    },
    cacheable: 'explicit-only',
    seo: 'None.',
    retry: { safe: 'conditional', when: 'After re-reading the resource and updating the condition.' },
    headers: { required: [], expected: ['ETag'] },
  },
  {
    code: 413,
    name: 'Content Too Large',
    aka: ['Payload Too Large', 'Request Entity Too Large'],
    spec: r(9110, '15.5.14'),
    summary: 'The request body is larger than the server is willing or able to process.',
    whenToUse: 'For uploads over a size limit (nginx client_max_body_size). If the limit is temporary, add `Retry-After`.',
    clients: {
      browsers: 'Show the error page; the upload fails.',
      apiClients: 'Split the upload or use a chunked/resumable protocol.',
      automated: 'Counted as a client error.',
    },
    cacheable: 'explicit-only',
    seo: 'None.',
    retry: { safe: 'conditional', when: 'With a smaller body, or after Retry-After when the limit is temporary.' },
    headers: { required: [], expected: [], note: 'If the condition is temporary the server SHOULD send Retry-After.' },
  },
  {
    code: 414,
    name: 'URI Too Long',
    aka: ['Request-URI Too Long'],
    spec: r(9110, '15.5.15'),
    summary: 'The target URI is longer than the server will interpret.',
    whenToUse:
      'For over-long URIs: a form using GET where POST was needed, a redirect loop that keeps appending, or probing. RFC 9110 recommends supporting at least 8000 octets.',
    clients: {
      browsers: 'Show the error page.',
      apiClients: 'Move the data into a request body (POST, or QUERY where supported).',
      automated: 'Often scanners; counted as a client error.',
    },
    cacheable: 'heuristic',
    seo: 'Not indexed; check for redirect loops that grow the URL.',
    retry: { safe: false, when: 'Only with a shorter URI.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 415,
    name: 'Unsupported Media Type',
    spec: r(9110, '15.5.16'),
    summary:
      'The server refuses the request body because of its format: its Content-Type (or Content-Encoding) is not one the resource accepts for this method.',
    whenToUse:
      'When the body\'s media type or encoding is wrong (XML sent to a JSON endpoint, missing Content-Type). If the format is right but the content is invalid, use 422 or 400.',
    clients: {
      browsers: 'Rare in pages; fetch() callers see the error.',
      apiClients: 'Send the right Content-Type; `Accept` / `Accept-Encoding` in the response can tell which.',
      automated: 'Counted as a client error.',
    },
    cacheable: 'explicit-only',
    seo: 'None: crawlers do not send bodies.',
    retry: { safe: false, when: 'Only with a supported Content-Type or encoding.' },
    headers: {
      required: [],
      expected: ['Accept', 'Accept-Encoding'],
      note: 'Accept (for media types) or Accept-Encoding (for content codings) tells the client what would work.',
    },
  },
  {
    code: 416,
    name: 'Range Not Satisfiable',
    aka: ['Requested Range Not Satisfiable'],
    spec: r(9110, '15.5.17'),
    summary: 'None of the byte ranges the client asked for overlap the current representation (for example, beyond its end).',
    whenToUse: 'In answer to a Range request past the end of the file, typically a resumed download of a file that changed or shrank.',
    clients: {
      browsers: 'Media players and download managers restart without Range.',
      apiClients: 'Read the length from Content-Range and ask again, or fetch the whole thing.',
      automated: 'Download tools restart from scratch.',
    },
    cacheable: 'explicit-only',
    seo: 'None.',
    retry: { safe: 'conditional', when: 'With a valid range, or without Range.' },
    headers: {
      required: [],
      expected: ['Content-Range'],
      note: 'For byte ranges the server SHOULD send `Content-Range: bytes */<length>`.',
    },
  },
  {
    code: 417,
    name: 'Expectation Failed',
    spec: r(9110, '15.5.18'),
    summary: 'The server (or a server on the path) cannot meet the Expect header of the request.',
    whenToUse: 'When a request carries an Expect value the server does not support (anything other than 100-continue).',
    clients: {
      browsers: 'Rare.',
      apiClients: 'Retry without Expect.',
      automated: 'Counted as a client error.',
    },
    cacheable: 'explicit-only',
    seo: 'None.',
    retry: { safe: 'conditional', when: 'Without the Expect header.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 418,
    name: '(Unused)',
    aka: ["I'm a teapot"],
    spec: r(9110, '15.5.19'),
    summary:
      'Reserved and unused: the number of an April Fools\' joke (RFC 2324, "I\'m a teapot") that so much software implements that it is kept out of real use.',
    whenToUse: 'Never in a real API. Some services use it to refuse bots; pick 403 or 429 instead.',
    clients: {
      browsers: 'Shown as a generic 4xx.',
      apiClients: 'Treated as an unknown client error.',
      automated: 'Counted as a client error.',
    },
    cacheable: 'explicit-only',
    seo: 'Not indexed (4xx).',
    retry: { safe: false, when: 'Not applicable.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 421,
    name: 'Misdirected Request',
    spec: r(9110, '15.5.20'),
    summary:
      'The request reached a server that cannot answer authoritatively for that URI, typically because a reused HTTP/2 or TLS connection is bound to another host.',
    whenToUse:
      'When the request\'s host/scheme does not match what this server (or this connection) serves, for example a connection coalesced across certificates. Proxies must not generate it.',
    clients: {
      browsers: 'Retry on a new connection automatically.',
      apiClients: 'Libraries may retry on a fresh connection, even for non-idempotent requests.',
      automated: 'Counted as a client error; often a TLS/virtual-host configuration mismatch.',
    },
    cacheable: 'heuristic',
    cacheNote: 'Its definition makes it heuristically cacheable, though RFC 9110 §15.1\'s example list does not name it.',
    seo: 'Check the virtual-host and certificate configuration if crawlers see it.',
    retry: { safe: true, when: 'On a different connection, whatever the method.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 422,
    name: 'Unprocessable Content',
    aka: ['Unprocessable Entity'],
    spec: r(9110, '15.5.21'),
    summary:
      'The request is well-formed and its content type is supported, but the instructions in it cannot be carried out (validation errors).',
    whenToUse:
      'For semantically invalid input in a syntactically valid body: a required field empty, an end date before the start date. List the failing fields in the body.',
    clients: {
      browsers: 'Form libraries display field errors from the body.',
      apiClients: 'Validation failure: show or fix the named fields; do not retry unchanged.',
      automated: 'Counted as a client error.',
    },
    cacheable: 'explicit-only',
    seo: 'None.',
    retry: { safe: false, when: 'Only after correcting the input.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 423,
    name: 'Locked',
    spec: r(4918, '11.3'),
    summary: 'WebDAV: the resource is locked and the request did not carry the right lock token.',
    whenToUse: 'For WebDAV locking; other APIs usually express it as 409.',
    clients: {
      browsers: 'Not seen by pages.',
      apiClients: 'WebDAV clients wait or ask the user; generic clients see a 4xx.',
      automated: 'Counted as a client error.',
    },
    cacheable: 'explicit-only',
    seo: 'None.',
    retry: { safe: 'conditional', when: 'After the lock is released, or with the lock token.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 424,
    name: 'Failed Dependency',
    spec: r(4918, '11.4'),
    summary: 'WebDAV: the method could not run on this resource because another action it depended on failed.',
    whenToUse: 'Inside WebDAV multi-resource operations (PROPPATCH). Not a synonym for "an upstream service failed": that is 502/503.',
    clients: {
      browsers: 'Not seen by pages.',
      apiClients: 'Look at the failed action it depended on.',
      automated: 'Counted as a client error.',
    },
    cacheable: 'explicit-only',
    seo: 'None.',
    retry: { safe: 'conditional', when: 'After fixing the action it depended on.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 425,
    name: 'Too Early',
    spec: r(8470, '5.2'),
    summary: 'The server will not process a request sent in TLS 1.3 early data (0-RTT), because a replay could be harmful.',
    whenToUse: 'For requests received as early data that are not safe to replay; the client resends after the handshake completes.',
    clients: {
      browsers: 'Retry automatically after the handshake.',
      apiClients: 'Libraries that use 0-RTT retry automatically; others never see it.',
      automated: 'Rare.',
    },
    cacheable: 'explicit-only',
    seo: 'None.',
    retry: { safe: true, when: 'Once the TLS handshake is complete (not as early data).' },
    headers: { required: [], expected: [] },
  },
  {
    code: 426,
    name: 'Upgrade Required',
    spec: r(9110, '15.5.22'),
    summary: 'The server refuses to answer over the current protocol but would after the client upgrades to the one named in Upgrade.',
    whenToUse: 'When an endpoint needs a different protocol (for example a WebSocket-only URL or a newer HTTP version).',
    clients: {
      browsers: 'Show the error page; browsers do not upgrade on their own.',
      apiClients: 'Switch protocol as the Upgrade header says.',
      automated: 'Counted as a client error.',
    },
    cacheable: 'explicit-only',
    seo: 'Not indexed (4xx).',
    retry: { safe: 'conditional', when: 'Over the protocol named in Upgrade.' },
    headers: {
      required: ['Upgrade'],
      expected: ['Connection'],
      note: 'The server MUST send Upgrade naming the required protocol(s).',
    },
  },
  {
    code: 428,
    name: 'Precondition Required',
    spec: r(6585, '3'),
    summary: 'The server requires the request to be conditional (If-Match) so that concurrent updates do not overwrite each other.',
    whenToUse: 'To force optimistic locking on writes: the client must fetch the ETag first and send If-Match.',
    clients: {
      browsers: 'Rare.',
      apiClients: 'GET the resource, then resend with If-Match.',
      automated: 'Counted as a client error.',
    },
    cacheable: 'never',
    cacheNote: 'Required by RFC 6585 §3.',
    seo: 'None.',
    retry: { safe: 'conditional', when: 'With a precondition header such as If-Match.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 429,
    name: 'Too Many Requests',
    spec: r(6585, '4'),
    summary: 'The client sent too many requests in a given time: rate limiting of this client.',
    whenToUse:
      'When one client (key, user, IP) exceeds its quota while the service itself is fine. Say when to come back with `Retry-After`. Use 503 when the whole service is overloaded.',
    clients: {
      browsers: 'Show the error page.',
      apiClients: 'Well-behaved clients wait for Retry-After (or back off exponentially) and retry.',
      automated: 'Crawlers slow down; Google treats it like a server error (temporary, reduces crawl rate) rather than a 4xx.',
    },
    cacheable: 'never',
    cacheNote: 'Required by RFC 6585 §4, so one client\'s limit is never served to others.',
    seo: 'Slows crawling; a lasting 429 can get URLs dropped. Do not rate-limit crawlers you want.',
    retry: { safe: true, when: 'After Retry-After, or with exponential backoff and jitter.' },
    headers: {
      required: [],
      expected: ['Retry-After'],
      note: 'Retry-After (MAY) tells the client how long to wait.',
    },
  },
  {
    code: 431,
    name: 'Request Header Fields Too Large',
    spec: r(6585, '5'),
    summary: 'The server refuses the request because one header field or all of them together are too large.',
    whenToUse:
      'For oversized headers, typically cookies that kept growing or huge bearer tokens. Name the field in the body if you can.',
    clients: {
      browsers: 'Show the error page; users stay stuck until the cookie is cleared.',
      apiClients: 'Send smaller headers (shorter token, fewer cookies).',
      automated: 'Counted as a client error.',
    },
    cacheable: 'never',
    cacheNote: 'Required by RFC 6585 §5.',
    seo: 'Rare: crawlers send small headers.',
    retry: { safe: false, when: 'Only with smaller header fields.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 451,
    name: 'Unavailable For Legal Reasons',
    spec: r(7725, '3'),
    summary: 'Access is refused because of a legal demand (court order, government block, takedown notice).',
    whenToUse:
      'When content is blocked for legal reasons in this jurisdiction or for this client. Explain in the body and identify the blocking party with `Link: <...>; rel="blocked-by"`.',
    clients: {
      browsers: 'Show the error page with the explanation.',
      apiClients: 'Permanent for this client unless the legal situation changes; do not retry.',
      automated: 'Crawlers treat it like other 4xx: not indexed.',
    },
    cacheable: 'heuristic',
    cacheNote: 'RFC 7725 §3: a 451 response is cacheable by default.',
    seo: 'Not indexed where it is returned.',
    retry: { safe: false, when: 'Not unless the legal situation changes.' },
    headers: {
      required: [],
      expected: ['Link'],
      note: 'RFC 7725 §4: SHOULD include Link with rel="blocked-by" identifying who applies the block.',
    },
  },

  // ───────────────────────────── 5xx server error ─────────────────────────────
  {
    code: 500,
    name: 'Internal Server Error',
    spec: r(9110, '15.6.1'),
    summary: 'The server met an unexpected condition (an unhandled exception, a bug) that prevented it from fulfilling the request.',
    whenToUse:
      'For unexpected failures in your own code when no more specific 5xx applies. Not for client mistakes (4xx) and not for "down for maintenance" (503).',
    clients: {
      browsers: 'Show the error page.',
      apiClients: 'Server failure; idempotent requests may be retried with backoff, others need care.',
      automated: 'Monitors alert on rates; crawlers retry later.',
    },
    cacheable: 'explicit-only',
    seo: 'Crawlers slow down and retry; URLs that keep failing are eventually dropped.',
    retry: {
      safe: 'conditional',
      when: 'Idempotent requests with backoff, a few times; a deterministic bug will fail again.',
    },
    headers: { required: [], expected: [] },
  },
  {
    code: 501,
    name: 'Not Implemented',
    spec: r(9110, '15.6.2'),
    summary: 'The server does not support the functionality required, typically a request method it does not recognize at all.',
    whenToUse:
      'For methods the server does not implement for any resource (an unknown method). If the method is known but not allowed on this resource, use 405.',
    clients: {
      browsers: 'Show the error page.',
      apiClients: 'Feature absent on this server; do not retry.',
      automated: 'Counted as a server error.',
    },
    cacheable: 'heuristic',
    seo: 'Not indexed if returned for GET.',
    retry: { safe: false, when: 'Not: the server lacks the feature.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 502,
    name: 'Bad Gateway',
    spec: r(9110, '15.6.3'),
    summary:
      'A gateway or proxy got an invalid response from the upstream server it contacted: connection refused or reset, malformed headers, a crashed worker.',
    whenToUse:
      'Sent by proxies and load balancers about their upstream. An application answering 502 about itself misleads whoever debugs it; an app whose own dependency failed may still use 502 or 503 deliberately.',
    clients: {
      browsers: 'Show the proxy\'s error page.',
      apiClients: 'Transient infrastructure failure; idempotent requests are usually retried.',
      automated: 'Monitors page on it; crawlers back off.',
    },
    cacheable: 'explicit-only',
    seo: 'Like other 5xx: crawling slows, lasting errors drop URLs.',
    retry: { safe: 'conditional', when: 'Idempotent requests with backoff: the upstream may be restarting.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 503,
    name: 'Service Unavailable',
    spec: r(9110, '15.6.4'),
    summary:
      'The server cannot handle the request right now because of overload or maintenance; it is expected to recover.',
    whenToUse:
      'For planned maintenance, overload shedding, or a service that is starting. Add `Retry-After`. For one client over its quota, use 429.',
    clients: {
      browsers: 'Show the error page.',
      apiClients: 'Back off and retry, honouring Retry-After.',
      automated: 'Crawlers retry later and slow down; monitors count it as unavailability.',
    },
    cacheable: 'explicit-only',
    seo: 'The right code for maintenance: crawlers keep the indexed page for a while. Lasting days, URLs start to drop.',
    retry: { safe: true, when: 'After Retry-After, or with backoff and jitter; the server expects to recover.' },
    headers: {
      required: [],
      expected: ['Retry-After'],
      note: 'Retry-After (MAY) says when to try again.',
    },
  },
  {
    code: 504,
    name: 'Gateway Timeout',
    spec: r(9110, '15.6.5'),
    summary: 'A gateway or proxy did not get a response from the upstream server in time.',
    whenToUse:
      'Sent by proxies and load balancers when the upstream is too slow (proxy_read_timeout). The upstream may still finish the work.',
    clients: {
      browsers: 'Show the proxy\'s error page.',
      apiClients: 'Outcome unknown: the upstream may have completed a write. Retry only idempotent requests.',
      automated: 'Monitors page on it; crawlers back off.',
    },
    cacheable: 'explicit-only',
    seo: 'Like other 5xx: crawling slows, lasting errors drop URLs.',
    retry: {
      safe: 'conditional',
      when: 'Idempotent requests with backoff; for writes check first whether they took effect.',
    },
    headers: { required: [], expected: [] },
  },
  {
    code: 505,
    name: 'HTTP Version Not Supported',
    spec: r(9110, '15.6.6'),
    summary: 'The server refuses the major HTTP version used in the request.',
    whenToUse: 'When a request arrives with an HTTP version the server does not speak. Most often seen for garbage or scanner traffic.',
    clients: {
      browsers: 'Not seen in practice.',
      apiClients: 'Use a supported HTTP version.',
      automated: 'Usually scanners or broken clients.',
    },
    cacheable: 'explicit-only',
    seo: 'None.',
    retry: { safe: false, when: 'Only with a supported HTTP version.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 506,
    name: 'Variant Also Negotiates',
    spec: r(2295, '8.1'),
    summary: 'Transparent content negotiation is misconfigured: the chosen variant is itself negotiable, which would loop.',
    whenToUse: 'Only by servers implementing RFC 2295 content negotiation (Apache mod_negotiation); a configuration error.',
    clients: {
      browsers: 'Show the error page.',
      apiClients: 'Server configuration error; do not retry.',
      automated: 'Counted as a server error.',
    },
    cacheable: 'explicit-only',
    seo: 'Like other 5xx.',
    retry: { safe: false, when: 'Not until the server configuration is fixed.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 507,
    name: 'Insufficient Storage',
    spec: r(4918, '11.5'),
    summary: 'WebDAV: the server cannot store what the request needs stored (disk or quota full).',
    whenToUse: 'For WebDAV writes that fail on space; usable for other storage APIs when the condition may clear.',
    clients: {
      browsers: 'Show the error page.',
      apiClients: 'Free space or wait; the request may succeed later.',
      automated: 'Counted as a server error.',
    },
    cacheable: 'explicit-only',
    seo: 'None in practice.',
    retry: { safe: 'conditional', when: 'After space is freed.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 508,
    name: 'Loop Detected',
    spec: r(5842, '7.2'),
    summary: 'WebDAV binding extension: the server found an infinite loop while processing a request with Depth: infinity.',
    whenToUse: 'Only for WebDAV bindings that form a cycle. Not for redirect loops.',
    clients: {
      browsers: 'Not seen by pages.',
      apiClients: 'WebDAV clients should not repeat the same depth-infinity request.',
      automated: 'Counted as a server error.',
    },
    cacheable: 'explicit-only',
    seo: 'None.',
    retry: { safe: false, when: 'Not unchanged: the loop is in the data.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 510,
    name: 'Not Extended',
    spec: r(2774, '7'),
    summary:
      'Obsoleted: the request did not declare an HTTP extension (RFC 2774) the server requires. RFC 2774 is now Historic and IANA marks the code obsoleted.',
    whenToUse: 'Never in new work.',
    clients: {
      browsers: 'Show the error page.',
      apiClients: 'Treated as a generic 5xx.',
      automated: 'Counted as a server error.',
    },
    cacheable: 'explicit-only',
    seo: 'Like other 5xx.',
    retry: { safe: false, when: 'Not applicable.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 511,
    name: 'Network Authentication Required',
    spec: r(6585, '6'),
    summary:
      'Sent by an intercepting proxy that controls access to the network (a captive portal on hotel, airport or guest Wi-Fi): the client must log in to the network before it can reach anything. It is not a server failure, and origin servers and APIs should not send it.',
    whenToUse:
      'Only in a captive portal or other network-access gateway, with a body that links to the login page. An application answering 511 is misusing it: for missing or bad credentials use 401 with a challenge; for a failure on the server side, 500 or 503.',
    clients: {
      browsers:
        'Show the portal\'s page so the user can sign in to the network. Operating systems detect captive portals with their own probes, not by this code.',
      apiClients:
        'Nothing the API client can fix through the API: the network in front of it needs a login. An API that returns 511 sends clients down the wrong path.',
      automated:
        'A crawler behind a captive portal sees 511 for every site; a server that sends 511 to crawlers is reporting a fault that is not there.',
    },
    cacheable: 'never',
    cacheNote: 'Required by RFC 6585 §6, so that a portal page never replaces the real content in a cache.',
    seo: 'A 511 from your own site tells crawlers the network blocked them; treated as an error, repeated ones drop pages. Origins should never send it.',
    retry: {
      safe: 'conditional',
      when: 'After the user has logged in to the network (portal). Retrying an origin\'s 511 unchanged is retrying a mislabelled error.',
    },
    headers: {
      required: [],
      expected: [],
      note: 'The body should link to the portal\'s login page; RFC 6585 §6 advises against putting a WWW-Authenticate challenge or the login form itself in the 511.',
    },
    notes: [
      'Not a generic server error: RFC 6585 §6 reserves 511 for intercepting proxies that control network access, and says origin servers should not send it.',
      'When an origin answers 511, the real condition is usually 401 (credentials missing or invalid) or 500/503 (the server failed).',
    ],
  },
];

export const IANA_ENTRIES: readonly StatusEntry[] = ENTRIES;

/** numbers of the registry entries that are deprecated/obsoleted or reserved "(Unused)" */
export const IANA_DEPRECATED: ReadonlySet<number> = new Set([305, 510]);
export const IANA_RESERVED: ReadonlySet<number> = new Set([306, 418]);
