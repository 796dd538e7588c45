import { headerRule } from './lib/headers.js';

/**
 * A redirect without Location leaves the client nowhere to go: RFC 9110 §15.4.2–15.4.9 say
 * the server SHOULD send it (for 301, 302, 303, 307, 308), and clients cannot follow the
 * redirect without it. 304 is not a redirect and has none. For 201 Created, Location names
 * the new resource (§15.3.2); without it the target URI is taken as the resource, so it is
 * reported as info.
 */
export default headerRule({
  id: 'missing-location',
  header: 'Location',
  severity: 'warning',
  description: '3xx redirects (301/302/303/307/308) without Location; 201 without Location as info (when the log records response headers)',
  references: ['RFC 9110 §10.2.2', 'RFC 9110 §15.4', 'RFC 9110 §15.3.2'],
  statuses: new Map([[301, undefined], [302, undefined], [303, undefined], [307, undefined], [308, undefined], [201, 'info']]),
  why: (s) =>
    s === 201
      ? 'the client is not told the URI of the resource it created, so it cannot fetch or link it without parsing the body.'
      : 'a redirect without Location cannot be followed: browsers show an empty page, SDKs fail, crawlers drop the URL.',
  advice: (s) =>
    s === 201
      ? 'Send `Location: <URI of the new resource>` with 201 Created (RFC 9110 §15.3.2), so clients can address what they created without parsing the body. (statuslint explain 201)'
      : `Send \`Location: <target URI>\` with every ${s} (RFC 9110 §10.2.2, §15.4). If there is no target, the answer is not a redirect: use 200, 204, 404 or 410 as the case may be. (statuslint explain ${s})`,
});
