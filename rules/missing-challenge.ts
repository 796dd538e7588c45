import { sumByRoute } from '../src/engine/groups.js';
import { hhmm, pct } from '../src/engine/spikes.js';
import { defineRule, type FindingDraft } from '../src/engine/types.js';

/**
 * 401 without WWW-Authenticate. RFC 9110 §15.5.2: the server generating a 401 MUST send a
 * WWW-Authenticate header with at least one challenge. Only judged where the log records
 * response headers (nginx $sent_http_www_authenticate, JSON logs with a headers object);
 * otherwise the rule says once that it could not check.
 */

export default defineRule({
  meta: {
    id: 'missing-challenge',
    severity: 'warning',
    description: '401 without WWW-Authenticate (when the log records response headers)',
    codes: [401],
    references: ['RFC 9110 §15.5.2', 'RFC 9110 §11.6.1', 'RFC 6750 §3'],
  },
  check(cube) {
    const lack = cube.lacks('headersKnown', 'withExpectedHeader');
    if (lack !== null) return { notApplicable: lack };
    if (cube.measureTotal('headersKnown') === 0) return { notApplicable: 'not checked: no response headers in this log (nginx: log $sent_http_www_authenticate; JSON: a resp_headers object)' };
    const groups = sumByRoute(cube, (s) => s === 401, { only: 'headersKnown' });
    const anyChallenge = groups.some((g) => g.m.withExpectedHeader > 0);
    const findings: FindingDraft[] = [];
    for (const g of groups) {
      const missing = g.m.headersKnown - g.m.withExpectedHeader;
      if (missing <= 0) continue;
      const share = missing / g.m.headersKnown;
      const start = g.windows[0]!;
      const end = g.windows[g.windows.length - 1]! + cube.windowMs;
      findings.push({
        message:
          `${g.method} ${g.route} answered ${missing} × 401 without a WWW-Authenticate challenge (${pct(share)} of its 401s with headers logged), ${hhmm(start)}–${hhmm(end)} UTC.` +
          (anyChallenge ? '' : ' No 401 in this log carries the header: either the app never sends it, or the log format does not record it — check before fixing.'),
        advice:
          'Send WWW-Authenticate with every 401 (RFC 9110 §15.5.2 makes it a MUST): `Bearer realm="api"` for tokens (add error="invalid_token" when one was sent and ' +
          'rejected, RFC 6750 §3), `Basic realm="…"` for passwords. Clients and libraries decide from the challenge how to authenticate; without it some treat the 401 as ' +
          'fatal, some browsers show nothing useful. If the request is refused for lack of permission rather than credentials, the status is 403, which needs no challenge.',
        method: g.method,
        route: g.route,
        status: [401],
        window: { start, end },
        count: missing,
        evidence: { unauthorizedWithHeadersLogged: g.m.headersKnown, withoutChallenge: missing, share, logRecordsTheHeader: anyChallenge ? true : 'unknown' },
        samples: g.samples,
      });
    }
    return findings;
  },
});
