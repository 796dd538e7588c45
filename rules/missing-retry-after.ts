import { headerRule } from './lib/headers.js';

/**
 * 429 (RFC 6585 §4) and 503 (RFC 9110 §15.6.4) tell a client to come back later; Retry-After
 * (RFC 9110 §10.2.3) tells it when. Without it clients guess: they retry at once (making an
 * overload worse) or give up.
 */
export default headerRule({
  id: 'missing-retry-after',
  header: 'Retry-After',
  severity: 'warning',
  description: '429/503 without Retry-After (when the log records response headers)',
  references: ['RFC 9110 §10.2.3', 'RFC 6585 §4', 'RFC 9110 §15.6.4'],
  statuses: new Map([[429, undefined], [503, undefined]]),
  why: (s) =>
    s === 429
      ? 'a throttled client is not told when it may try again, so it retries blindly or gives up.'
      : 'clients and crawlers are not told when the service will be back, so they retry at once and deepen the overload, or give up.',
  advice: (s) =>
    `Send \`Retry-After: <seconds>\` (or an HTTP date) with every ${s}, computed from the limit window or the expected recovery (RFC 9110 §10.2.3${s === 429 ? ', RFC 6585 §4' : ''}). ` +
    'Well-behaved SDKs, crawlers (Googlebot slows down on 503 + Retry-After) and proxies honour it. (statuslint explain ' + s + ')',
});
