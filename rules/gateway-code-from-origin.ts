import { defineRule, type FindingDraft } from '../src/engine/types.js';
import { proxyWritesUpstreamStatus, sameAsUpstream, upstreamBreakdown, upstreamUnknown } from './support/upstream.js';
import { earliestSamples, iso, spanOf } from './support/web.js';
import { booleanOption } from '../src/engine/options.js';

/**
 * 502 Bad Gateway and 504 Gateway Timeout say that a gateway or proxy got a bad answer, or
 * none in time, from the server behind it (RFC 9110 §15.6.3, §15.6.5). When the log records
 * the upstream's own status and it is the same 502/504, the app produced the gateway code
 * itself. That is right when the app is a gateway to something it calls (a payment API,
 * another service) and misleading when it stands for the app's own failure: monitoring and
 * on-call then look for a proxy that cannot reach the app, while the app was reachable.
 */

const GATEWAY = (s: number): boolean => s === 502 || s === 504;

export default defineRule({
  meta: {
    id: 'gateway-code-from-origin',
    severity: 'info',
    description: 'the app (upstream) itself answered 502/504, when the log records the upstream status',
    codes: [502, 504],
    references: ['RFC 9110 §15.6.3', 'RFC 9110 §15.6.5', 'RFC 9110 §15.6.1', 'RFC 9110 §15.6.4'],
    options: {
      trustUpstreamStatus: { type: 'boolean', default: false, description: "the log's upstream status only ever holds statuses the upstream sent (e.g. your own JSON field filled by the app), so nginx-style sources are judged too" },
    },
  },
  check(cube, ctx) {
    const unknown = upstreamUnknown(cube);
    if (unknown !== null) return { notApplicable: unknown };
    const trust = booleanOption(ctx.options, 'trustUpstreamStatus');
    const ambiguous = ctx.formats.filter(proxyWritesUpstreamStatus);
    if (!trust && ambiguous.length > 0) {
      return {
        notApplicable:
          `the upstream status of ${ambiguous.join(', ')} logs can be written by nginx itself (502 when it cannot connect, 504 on a timeout), ` +
          'so an equal upstream 502/504 does not show that the app sent it; set the option trustUpstreamStatus if your upstream field only holds answers the upstream sent',
      };
    }
    const cells = cube.cells(GATEWAY);
    const findings: FindingDraft[] = [];
    for (const g of sameAsUpstream(cells)) {
      const all = cells.filter((c) => c.method === g.method && c.route === g.route);
      const { fromUpstream, fromProxy, unknown: notRecorded } = upstreamBreakdown(all);
      const count = g.cells.reduce((n, c) => n + c.m.upstreamSame, 0);
      const statuses = Object.keys(fromUpstream).map(Number).sort((a, b) => a - b);
      const span = spanOf(g.cells, cube.windowMs);
      const codes = statuses.map((s) => `${fromUpstream[s]} × ${s}`).join(', ');
      findings.push({
        message:
          `The upstream behind ${g.method} ${g.route} answered ${codes} itself (the logged upstream status is the same code), ${iso(span.start)} – ${iso(span.end)}: ` +
          'a gateway code from the app (or from another proxy in front of it), not from the proxy that wrote this log.',
        advice:
          'If the app failed on its own, answer 500 (503 with Retry-After when it is overloaded or in maintenance), so that 502/504 keep meaning "the proxy could not get an answer from the app". ' +
          'If the app is itself a gateway to a service it calls (a payment provider, another API), or the upstream is another proxy (a CDN\'s origin is often your own nginx), 502/504 are right: ' +
          'name the failing hop in the response body and in logs so on-call looks in the right place. (statuslint explain 502 500)',
        method: g.method,
        route: g.route,
        status: statuses,
        window: span,
        count,
        evidence: {
          fromUpstream,
          fromProxyInFront: fromProxy,
          upstreamNotRecorded: notRecorded,
          trustUpstreamStatus: trust,
          formats: [...ctx.formats],
        },
        samples: earliestSamples(g.cells),
      });
    }
    return findings;
  },
});
