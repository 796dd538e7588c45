// Numbers outside the IANA registry that products put in their logs. Only codes the vendor
// really defines: nginx 444/494–497/499 (not 498, which is not an nginx code), AWS Application
// Load Balancer 460/463/464/561, Cloudflare 520–527/530. IIS uses registered codes with a
// sub-status field; those are in IIS_SUB_STATUSES, keyed by the dotted form ("403.14").

import type { StatusEntry } from './entry.js';
import type { IisSubStatus } from './types.js';

const NGINX_REWRITE = {
  doc: 'nginx: ngx_http_rewrite_module, "return"',
  url: 'https://nginx.org/en/docs/http/ngx_http_rewrite_module.html#return',
};
const NGINX_SSL = {
  doc: 'nginx: ngx_http_ssl_module, "Error processing"',
  url: 'https://nginx.org/en/docs/http/ngx_http_ssl_module.html#errors',
};
const NGINX_CORE = {
  doc: 'nginx: ngx_http_core_module, large_client_header_buffers',
  url: 'https://nginx.org/en/docs/http/ngx_http_core_module.html#large_client_header_buffers',
};
const NGINX_SOURCE = {
  doc: 'nginx source: src/http/ngx_http_request.h (NGX_HTTP_CLIENT_CLOSED_REQUEST)',
  url: 'https://github.com/nginx/nginx/blob/master/src/http/ngx_http_request.h',
};
const ALB = {
  doc: 'AWS: Troubleshoot your Application Load Balancers (HTTP errors)',
  url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html',
};
const CF = {
  doc: 'Cloudflare: Cloudflare 5xx errors',
  url: 'https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/',
};

// Cloudflare's own 5xx answers, seen by visitors in place of the origin's response.
const CF_CLIENTS = {
  browsers: 'Show Cloudflare\'s error page naming the failing side (browser, Cloudflare, host).',
  apiClients: 'A 5xx like any other; the body is HTML, which breaks JSON parsing.',
  automated: 'Crawlers treat it as a server error on your site, slow down, and drop URLs that keep failing.',
};
const CF_SEO = 'A server error on your site for crawlers: crawling slows, lasting errors drop URLs.';
const CF_NOTE =
  'Generated at Cloudflare\'s edge, so it appears in Cloudflare logs, not in the origin\'s access log; an origin that logs this number emits it itself.';

const ENTRIES: StatusEntry[] = [
  // ───────────────────────────── nginx ─────────────────────────────
  {
    code: 444,
    name: 'No Response',
    kind: 'vendor',
    vendor: 'nginx',
    spec: NGINX_REWRITE,
    summary:
      'nginx closed the connection without sending any response. It is the log entry of `return 444`, used to drop unwanted requests (bad Host header, scanners).',
    whenToUse:
      'In nginx configuration, to silently drop traffic you do not want to answer. Never in an application: there is no status line on the wire.',
    clients: {
      browsers: 'Show a connection error such as "empty response"; there is no page to render.',
      apiClients: 'Get a connection error, not a status; many libraries retry idempotent requests on it automatically.',
      automated: 'Scanners move on; crawlers record the URL as unreachable.',
    },
    cacheable: 'never',
    cacheNote: 'No response reaches the client, so there is nothing to store.',
    seo: 'A crawler sees a failed connection; if it hits real pages, they are treated as unreachable.',
    retry: { safe: false, when: 'Not applicable: the server chose not to answer.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 494,
    name: 'Request Header Too Large',
    kind: 'vendor',
    vendor: 'nginx',
    spec: NGINX_CORE,
    summary:
      'nginx\'s internal code for a request line or header field larger than large_client_header_buffers allows (often big cookies).',
    whenToUse:
      'Never sent as such: nginx answers the client with 400 Bad Request ("Request Header Or Cookie Too Large"). The internal number is what `error_page 494` matches.',
    clients: {
      browsers: 'See a 400 page; the user stays stuck until the cookie is cleared.',
      apiClients: 'See 400; send smaller headers.',
      automated: 'See 400.',
    },
    cacheable: 'explicit-only',
    seo: 'Rare: crawlers send small headers.',
    retry: { safe: false, when: 'Only with smaller headers.' },
    headers: { required: [], expected: [] },
    notes: ['The registered code for the same condition is 431 Request Header Fields Too Large.'],
  },
  {
    code: 495,
    name: 'SSL Certificate Error',
    kind: 'vendor',
    vendor: 'nginx',
    spec: NGINX_SSL,
    summary: 'nginx\'s internal code for a client certificate that failed verification (mutual TLS).',
    whenToUse:
      'Never sent as such: the client receives 400 Bad Request; `error_page 495` can serve a custom page.',
    clients: {
      browsers: 'See a 400 page about the certificate.',
      apiClients: 'See 400; the client certificate is invalid, expired or from an untrusted CA.',
      automated: 'See 400.',
    },
    cacheable: 'explicit-only',
    seo: 'None: crawlers do not present client certificates.',
    retry: { safe: false, when: 'Only with a valid client certificate.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 496,
    name: 'SSL Certificate Required',
    kind: 'vendor',
    vendor: 'nginx',
    spec: NGINX_SSL,
    summary: 'nginx\'s internal code for a client that did not present the client certificate mutual TLS requires.',
    whenToUse: 'Never sent as such: the client receives 400 Bad Request; `error_page 496` can serve a custom page.',
    clients: {
      browsers: 'See a 400 page.',
      apiClients: 'See 400; configure the client certificate.',
      automated: 'See 400.',
    },
    cacheable: 'explicit-only',
    seo: 'None: crawlers do not present client certificates.',
    retry: { safe: false, when: 'Only with a client certificate.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 497,
    name: 'HTTP Request Sent to HTTPS Port',
    kind: 'vendor',
    vendor: 'nginx',
    spec: NGINX_SSL,
    summary: 'nginx\'s internal code for a plain-HTTP request that arrived on a port configured for HTTPS.',
    whenToUse:
      'Never sent as such: the client receives 400 Bad Request. A common configuration is `error_page 497 https://$host$request_uri;` to redirect instead.',
    clients: {
      browsers: 'See a 400 page (or the redirect, when error_page 497 is configured).',
      apiClients: 'Use https:// for that port.',
      automated: 'Scanners often cause it.',
    },
    cacheable: 'explicit-only',
    seo: 'Only if links point to http:// on the HTTPS port; fix the links or redirect.',
    retry: { safe: false, when: 'Only over HTTPS.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 499,
    name: 'Client Closed Request',
    kind: 'vendor',
    vendor: 'nginx',
    spec: NGINX_SOURCE,
    summary:
      'The client closed the connection before nginx sent the response, usually because the client timed out or the user navigated away while the upstream was still working.',
    whenToUse:
      'Never sent: nginx logs it when nobody is left to answer. A surge of 499s means clients give up faster than the upstream answers; compare client timeouts with upstream latency.',
    clients: {
      browsers: 'Nothing to see: the user navigated away or the page cancelled the request before the answer came.',
      apiClients: 'The client\'s own timeout fired, or the call was cancelled; it reports a timeout, not a status, and may retry.',
      automated: 'Health checks and monitors with short timeouts record a timeout; a load balancer may mark the node unhealthy.',
    },
    cacheable: 'never',
    cacheNote: 'No response reaches the client, so there is nothing to store.',
    seo: 'A crawler that gives up records a timeout: slow pages get crawled less.',
    retry: {
      safe: 'conditional',
      when: 'The client decides: idempotent requests may be retried, but if the upstream finished the work a retried write runs twice.',
    },
    headers: { required: [], expected: [] },
    notes: ['The upstream may have completed the request: 499 says nothing about the upstream\'s outcome.'],
  },

  // ───────────────────────────── AWS Application Load Balancer ─────────────────────────────
  {
    code: 460,
    name: 'Client Closed Connection',
    kind: 'vendor',
    vendor: 'aws-alb',
    spec: ALB,
    summary:
      'The ALB received a request, but the client closed the connection before the load balancer\'s idle timeout elapsed, typically while the target was still working on it.',
    whenToUse:
      'Never sent: the ALB logs it as elb_status_code. Check whether client timeouts are shorter than the target\'s response time. The ALB counterpart of nginx 499.',
    clients: {
      browsers: 'Nothing to see: the page was closed or the request cancelled before the answer came.',
      apiClients: 'The client\'s own timeout fired, or the call was cancelled; it reports a timeout and may retry.',
      automated: 'Monitors with short timeouts record a timeout.',
    },
    cacheable: 'never',
    cacheNote: 'No response reaches the client, so there is nothing to store.',
    seo: 'Crawlers that time out on slow pages crawl less.',
    retry: {
      safe: 'conditional',
      when: 'The client decides; the target may have finished the work, so retried writes can run twice.',
    },
    headers: { required: [], expected: [] },
  },
  {
    code: 463,
    name: 'X-Forwarded-For Too Long',
    kind: 'vendor',
    vendor: 'aws-alb',
    spec: ALB,
    summary: 'The ALB rejected a request whose X-Forwarded-For header lists more than 30 IP addresses.',
    whenToUse:
      'Never by an application. A burst usually means a proxy loop (the request passes through the same proxies again and again) or a spoofing attempt.',
    clients: {
      browsers: 'See the ALB\'s error response.',
      apiClients: 'See a 4xx; the proxy chain in front of the ALB is the problem.',
      automated: 'Counted as a client error.',
    },
    cacheable: 'explicit-only',
    seo: 'None unless a proxy loop affects crawler traffic.',
    retry: { safe: false, when: 'Not until the proxy chain is fixed.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 464,
    name: 'Incompatible Protocol Version',
    kind: 'vendor',
    vendor: 'aws-alb',
    spec: ALB,
    summary:
      'The ALB received a request whose protocol does not match the target group\'s protocol version (for example gRPC to an HTTP/1.1 target group, or HTTP/1.1 to a gRPC one).',
    whenToUse: 'Never by an application: a listener / target group configuration mismatch.',
    clients: {
      browsers: 'See the ALB\'s error response.',
      apiClients: 'See a 4xx; check the target group protocol version.',
      automated: 'Counted as a client error.',
    },
    cacheable: 'explicit-only',
    seo: 'Only if crawlers are routed to a gRPC-only target group.',
    retry: { safe: false, when: 'Not until the configuration is fixed.' },
    headers: { required: [], expected: [] },
  },
  {
    code: 561,
    name: 'Unauthorized (IdP error)',
    kind: 'vendor',
    vendor: 'aws-alb',
    spec: ALB,
    summary:
      'A listener rule authenticates users (OIDC or Cognito), and the identity provider returned an error code during authentication.',
    whenToUse: 'Never by an application: check the IdP configuration and the ALB authenticate action.',
    clients: {
      browsers: 'See the ALB\'s error page after the login redirect.',
      apiClients: 'API clients usually should not go through an interactive authenticate action at all.',
      automated: 'Counted as a server error, though the cause is authentication at the IdP.',
    },
    cacheable: 'explicit-only',
    seo: 'Crawlers cannot log in; pages behind the authenticate action are not indexed either way.',
    retry: { safe: false, when: 'Not until the IdP problem is fixed.' },
    headers: { required: [], expected: [] },
  },

  // ───────────────────────────── Cloudflare ─────────────────────────────
  {
    code: 520,
    name: 'Web Server Returned an Unknown Error',
    kind: 'vendor',
    vendor: 'cloudflare',
    spec: CF,
    summary:
      'Cloudflare got an empty, malformed or unexpected response from the origin (connection reset after the request, invalid headers, headers too large).',
    whenToUse: 'Never by an origin. Look for origin crashes, resets or oversized response headers at that time.',
    clients: CF_CLIENTS,
    cacheable: 'explicit-only',
    seo: CF_SEO,
    retry: { safe: 'conditional', when: 'Idempotent requests with backoff.' },
    headers: { required: [], expected: [] },
    notes: [CF_NOTE],
  },
  {
    code: 521,
    name: 'Web Server Is Down',
    kind: 'vendor',
    vendor: 'cloudflare',
    spec: CF,
    summary: 'The origin refused Cloudflare\'s connection: the server is down or a firewall blocks Cloudflare\'s addresses.',
    whenToUse: 'Never by an origin.',
    clients: CF_CLIENTS,
    cacheable: 'explicit-only',
    seo: CF_SEO,
    retry: { safe: true, when: 'With backoff: the request never reached the application.' },
    headers: { required: [], expected: [] },
    notes: [CF_NOTE],
  },
  {
    code: 522,
    name: 'Connection Timed Out',
    kind: 'vendor',
    vendor: 'cloudflare',
    spec: CF,
    summary: 'Cloudflare could not complete a TCP connection to the origin in time (overloaded, firewalled or unroutable origin).',
    whenToUse: 'Never by an origin.',
    clients: CF_CLIENTS,
    cacheable: 'explicit-only',
    seo: CF_SEO,
    retry: { safe: true, when: 'With backoff: the request never reached the application.' },
    headers: { required: [], expected: [] },
    notes: [CF_NOTE],
  },
  {
    code: 523,
    name: 'Origin Is Unreachable',
    kind: 'vendor',
    vendor: 'cloudflare',
    spec: CF,
    summary: 'Cloudflare cannot reach the origin at all, typically a wrong origin IP in DNS or a routing problem.',
    whenToUse: 'Never by an origin.',
    clients: CF_CLIENTS,
    cacheable: 'explicit-only',
    seo: CF_SEO,
    retry: { safe: 'conditional', when: 'After the DNS or routing problem is fixed; the request never reached the application.' },
    headers: { required: [], expected: [] },
    notes: [CF_NOTE],
  },
  {
    code: 524,
    name: 'A Timeout Occurred',
    kind: 'vendor',
    vendor: 'cloudflare',
    spec: CF,
    summary:
      'Cloudflare connected to the origin, but the origin did not send an HTTP response before Cloudflare\'s proxy read timeout (100 seconds by default).',
    whenToUse: 'Never by an origin. Long jobs should answer 202 and be polled, instead of holding the request open.',
    clients: CF_CLIENTS,
    cacheable: 'explicit-only',
    seo: CF_SEO,
    retry: {
      safe: 'conditional',
      when: 'Idempotent requests only: the origin may still complete the work.',
    },
    headers: { required: [], expected: [] },
    notes: [CF_NOTE],
  },
  {
    code: 525,
    name: 'SSL Handshake Failed',
    kind: 'vendor',
    vendor: 'cloudflare',
    spec: CF,
    summary: 'The TLS handshake between Cloudflare and the origin failed.',
    whenToUse: 'Never by an origin. Check the origin\'s TLS configuration (SNI, ciphers, certificate presence).',
    clients: CF_CLIENTS,
    cacheable: 'explicit-only',
    seo: CF_SEO,
    retry: { safe: false, when: 'Not until the origin\'s TLS configuration is fixed.' },
    headers: { required: [], expected: [] },
    notes: [CF_NOTE],
  },
  {
    code: 526,
    name: 'Invalid SSL Certificate',
    kind: 'vendor',
    vendor: 'cloudflare',
    spec: CF,
    summary: 'In Full (strict) TLS mode, Cloudflare could not validate the origin\'s certificate (expired, self-signed, wrong host name).',
    whenToUse: 'Never by an origin. Renew or fix the origin certificate.',
    clients: CF_CLIENTS,
    cacheable: 'explicit-only',
    seo: CF_SEO,
    retry: { safe: false, when: 'Not until the origin certificate is valid.' },
    headers: { required: [], expected: [] },
    notes: [CF_NOTE],
  },
  {
    code: 527,
    name: 'Railgun Error',
    kind: 'vendor',
    vendor: 'cloudflare',
    spec: CF,
    summary:
      'Historical: the connection between Cloudflare and the origin\'s Railgun listener failed. Railgun has been discontinued, so the code should no longer appear.',
    whenToUse: 'Never. Seeing it in current logs means an old setup or a misattributed number.',
    clients: CF_CLIENTS,
    cacheable: 'explicit-only',
    seo: CF_SEO,
    retry: { safe: false, when: 'Not applicable.' },
    headers: { required: [], expected: [] },
    notes: [CF_NOTE],
  },
  {
    code: 530,
    name: 'Origin Error (with 1xxx error)',
    kind: 'vendor',
    vendor: 'cloudflare',
    spec: CF,
    summary:
      'Returned together with a Cloudflare 1xxx error in the body (for example 1016, origin DNS error, or a Cloudflare Tunnel that is down); the 1xxx number says what failed.',
    whenToUse: 'Never by an origin. Look up the 1xxx error shown on the page.',
    clients: CF_CLIENTS,
    cacheable: 'explicit-only',
    seo: CF_SEO,
    retry: { safe: 'conditional', when: 'Depends on the 1xxx error; DNS and tunnel problems need fixing first.' },
    headers: { required: [], expected: [] },
    notes: [CF_NOTE],
  },
];

export const VENDOR_ENTRIES: readonly StatusEntry[] = ENTRIES;

export const IIS_SUBSTATUS_DOC = {
  doc: 'Microsoft: The HTTP status code in IIS 7 and later versions',
  url: 'https://learn.microsoft.com/en-us/troubleshoot/developer/webapps/iis/www-administration-management/http-status-code',
};

/**
 * IIS writes the status and a sub-status in two W3C log fields (`sc-status`, `sc-substatus`);
 * its error pages and documentation join them as "403.14". The sub-status never goes on the
 * wire: clients see only the three-digit code. statuslint's pipeline keeps integer statuses,
 * so sub-statuses are looked up separately (getIisSubStatus).
 */
export const IIS_SUBSTATUS_FORM =
  'IIS logs a sub-status beside the status (W3C fields sc-status and sc-substatus), written "403.14". Only the three-digit code is sent to the client; the sub-status tells the administrator which IIS check produced it.';

const iis = (code: string, meaning: string): IisSubStatus => {
  const [s, sub] = code.split('.');
  return { code, status: Number(s), subStatus: Number(sub), meaning };
};

export const IIS_SUB_STATUSES: readonly IisSubStatus[] = [
  iis('400.1', 'Invalid Destination header (WebDAV)'),
  iis('400.2', 'Invalid Depth header (WebDAV)'),
  iis('400.3', 'Invalid If header (WebDAV)'),
  iis('400.4', 'Invalid Overwrite header (WebDAV)'),
  iis('400.5', 'Invalid Translate header'),
  iis('400.6', 'Invalid request body'),
  iis('400.7', 'Invalid Content-Length'),
  iis('400.8', 'Invalid timeout'),
  iis('400.9', 'Invalid lock token'),
  iis('401.1', 'Logon failed: the credentials were rejected'),
  iis(
    '401.2',
    'Logon failed due to server configuration: no accepted authentication method was offered. An anonymous request answered 401.2 and then 200 from the same client is usually the normal Windows-authentication handshake',
  ),
  iis('401.3', 'Unauthorized due to an ACL (file system permissions) on the resource'),
  iis('401.4', 'Authorization failed by a filter'),
  iis('401.5', 'Authorization failed by an ISAPI/CGI application'),
  iis('403.1', 'Execute access forbidden'),
  iis('403.2', 'Read access forbidden'),
  iis('403.3', 'Write access forbidden'),
  iis('403.4', 'SSL required'),
  iis('403.5', 'SSL 128 required'),
  iis('403.6', 'IP address rejected'),
  iis('403.7', 'Client certificate required'),
  iis('403.8', 'Site access denied (DNS name restriction)'),
  iis('403.12', 'Mapper denied access (client certificate mapping)'),
  iis('403.13', 'Client certificate revoked'),
  iis('403.14', 'Directory listing denied: no default document and directory browsing is off'),
  iis('403.16', 'Client certificate is untrusted or invalid'),
  iis('403.17', 'Client certificate has expired or is not yet valid'),
  iis('403.18', 'The requested URL cannot be executed in the current application pool'),
  iis('403.19', 'CGI applications cannot be executed for the client in this application pool'),
  iis('403.20', 'Passport logon failed'),
  iis('403.502', 'Too many requests from the same client IP: Dynamic IP Restriction limit reached'),
  iis('403.503', 'Rejected by an IP address restriction'),
  iis('404.0', 'Not found'),
  iis('404.1', 'Site not found (no site bound to that host, IP and port)'),
  iis('404.2', 'Denied by the ISAPI and CGI restrictions list'),
  iis('404.3', 'MIME type restriction: no MIME map for the file extension'),
  iis('404.4', 'No handler configured for the request'),
  iis('404.5', 'Denied by request filtering: URL sequence denied'),
  iis('404.6', 'Denied by request filtering: verb denied'),
  iis('404.7', 'Denied by request filtering: file extension denied'),
  iis('404.8', 'Denied by request filtering: hidden namespace (for example bin, App_Data)'),
  iis('404.10', 'Denied by request filtering: request header too long'),
  iis('404.11', 'Denied by request filtering: URL contains a double escape sequence'),
  iis('404.12', 'Denied by request filtering: URL contains high-bit characters'),
  iis('404.13', 'Denied by request filtering: content length too large'),
  iis('404.14', 'Denied by request filtering: URL too long'),
  iis('404.15', 'Denied by request filtering: query string too long'),
  iis('404.17', 'Dynamic content mapped to the static file handler'),
  iis('404.18', 'Denied by request filtering: query string sequence denied'),
  iis('404.19', 'Denied by a request filtering rule'),
  iis('404.20', 'Denied by request filtering: too many URL segments'),
  iis('500.0', 'Module or ISAPI error'),
  iis('500.11', 'Application is shutting down'),
  iis('500.12', 'Application is busy restarting'),
  iis('500.13', 'Web server is too busy'),
  iis('500.15', 'Direct requests for Global.asax are not allowed'),
  iis('500.19', 'Configuration data is invalid (web.config)'),
  iis('500.21', 'Module not recognized'),
  iis('500.22', 'An ASP.NET httpModules setting does not apply in Integrated pipeline mode'),
  iis('500.23', 'An ASP.NET httpHandlers setting does not apply in Integrated pipeline mode'),
  iis('500.24', 'An ASP.NET impersonation setting does not apply in Integrated pipeline mode'),
  iis('500.50', 'URL Rewrite error during RQ_BEGIN_REQUEST'),
  iis('500.100', 'Internal ASP error'),
  iis('502.1', 'CGI application timeout'),
  iis('502.2', 'CGI application exited prematurely'),
  iis('502.3', 'Application Request Routing: forwarder connection error'),
  iis('502.4', 'Application Request Routing: no server available'),
  iis('503.0', 'Application pool unavailable (stopped or crashed)'),
  iis('503.2', 'Concurrent request limit exceeded'),
];
