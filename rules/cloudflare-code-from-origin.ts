import { defineRule, type FindingDraft } from '../src/engine/types.js';
import { sameAsUpstream, upstreamBreakdown, upstreamUnknown } from './support/upstream.js';
import { earliestSamples, iso, spanOf } from './support/web.js';

/**
 * 520–530 are Cloudflare's own codes for its failure to get a usable answer from an origin
 * (520 unknown error, 521 web server down, 522 connection timed out, …). They are not in
 * the IANA registry. An origin that sends one itself makes Cloudflare's dashboards, its
 * support and every client blame the connection between the edge and the origin, while the
 * origin answered. Only judged when the log records the upstream status: nginx never
 * writes a 52x into `$upstream_status` on its own, so an equal upstream 52x is the origin's.
 */

export const CLOUDFLARE_MEANING: Readonly<Record<number, string>> = {
  520: 'Web server returned an unknown error',
  521: 'Web server is down',
  522: 'Connection timed out',
  523: 'Origin is unreachable',
  524: 'A timeout occurred',
  525: 'SSL handshake failed',
  526: 'Invalid SSL certificate',
  527: 'Railgun error',
  530: 'Origin DNS or access error (with a 1xxx error)',
};

const CLOUDFLARE = (s: number): boolean => s >= 520 && s <= 530;

export default defineRule({
  meta: {
    id: 'cloudflare-code-from-origin',
    severity: 'warning',
    description: 'an origin answered 520–530 itself (Cloudflare\'s codes for edge-to-origin failures)',
    // the codes Cloudflare documents (528 and 529 are not Cloudflare's), as in the status registry
    codes: [520, 521, 522, 523, 524, 525, 526, 527, 530],
    references: ['RFC 9110 §15.6', 'RFC 9110 §15.6.1', 'RFC 9110 §15.6.4', 'IANA HTTP Status Code Registry'],
  },
  check(cube) {
    const unknown = upstreamUnknown(cube);
    if (unknown !== null) return { notApplicable: unknown };
    const cells = cube.cells(CLOUDFLARE);
    const findings: FindingDraft[] = [];
    for (const g of sameAsUpstream(cells)) {
      const all = cells.filter((c) => c.method === g.method && c.route === g.route);
      const { fromUpstream, fromProxy, unknown: notRecorded } = upstreamBreakdown(all);
      const count = g.cells.reduce((n, c) => n + c.m.upstreamSame, 0);
      const statuses = Object.keys(fromUpstream).map(Number).sort((a, b) => a - b);
      const span = spanOf(g.cells, cube.windowMs);
      const codes = statuses.map((s) => `${fromUpstream[s]} × ${s}${CLOUDFLARE_MEANING[s] ? ` (Cloudflare: "${CLOUDFLARE_MEANING[s]}")` : ''}`).join(', ');
      findings.push({
        message:
          `The origin behind ${g.method} ${g.route} answered ${codes} itself (the upstream status recorded the same code), ${iso(span.start)} – ${iso(span.end)}: ` +
          'these are Cloudflare\'s codes for failing to reach or read the origin, not codes an origin should send.',
        advice:
          'Answer with a registered status that says what happened: 500 for an application failure, 503 with Retry-After for overload or maintenance, ' +
          '502/504 if the origin is itself a proxy whose backend failed or timed out. With a 52x from the origin, Cloudflare and its users look for a network ' +
          'or TLS fault between edge and origin that is not there, and clients cannot tell an edge failure from the app\'s. (statuslint explain 520 500)',
        method: g.method,
        route: g.route,
        status: statuses,
        window: span,
        count,
        evidence: { fromUpstream, fromProxyInFront: fromProxy, upstreamNotRecorded: notRecorded },
        samples: earliestSamples(g.cells),
      });
    }
    return findings;
  },
});
