import { headerRule } from './lib/headers.js';

/** RFC 9110 §15.5.6: "The origin server MUST generate an Allow header field in a 405 response". */
export default headerRule({
  id: 'missing-allow',
  header: 'Allow',
  severity: 'warning',
  description: '405 without Allow (when the log records response headers)',
  references: ['RFC 9110 §15.5.6', 'RFC 9110 §10.2.1'],
  statuses: new Map([[405, undefined]]),
  why: () => 'RFC 9110 requires Allow on every 405, listing the methods the resource supports, so a client can correct the request.',
  advice: (_s, method, route) =>
    `Send \`Allow\` with the methods ${route} supports (e.g. \`Allow: GET, HEAD\`) on every 405 (RFC 9110 §15.5.6, §10.2.1); the request used ${method}. ` +
    'Routers that know a route\'s methods (Express with app.route().all(), Spring, ASP.NET, nginx limit_except) can add it for you. (statuslint explain 405)',
});
