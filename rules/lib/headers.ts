import type { Cube } from '../../src/cube/cube.js';
import { defineRule, type FindingDraft, type Rule } from '../../src/engine/types.js';
import type { Severity } from '../../src/report/types.js';
import { groupByKey, pct, plural, samplesOf, span, spanText, sum, whoEvidence } from './catalogue.js';

/**
 * The header-aware rules (missing-retry-after, missing-allow, missing-location) share one
 * shape: for the responses whose status calls for a header (the builder's
 * `expectedHeader()`), count those the log recorded headers for (`headersKnown`) and of
 * those, how many carried the header (`withExpectedHeader`).
 *
 * A log without response headers makes the rule not applicable, said once. A log that
 * records some headers but never this one on any response that calls for it may simply not
 * log it (nginx `$sent_http_…` fields are chosen one by one): findings are then lowered to
 * info and say so, instead of crying wolf.
 */

export interface HeaderRuleSpec {
  id: string;
  header: string;
  severity: Severity;
  description: string;
  references: string[];
  /** statuses the rule checks, and the severity for each (defaults to the rule's) */
  statuses: ReadonlyMap<number, Severity | undefined>;
  why(status: number): string;
  advice(status: number, method: string, route: string): string;
}

export function headerRule(spec: HeaderRuleSpec): Rule {
  return defineRule({
    meta: { id: spec.id, severity: spec.severity, description: spec.description, codes: [...spec.statuses.keys()], references: spec.references },
    check(cube: Cube) {
      const lack = cube.lacks('headersKnown', 'withExpectedHeader');
      if (lack !== null) return { notApplicable: lack };
      if (cube.measureTotal('headersKnown') === 0) return { notApplicable: 'the log has no response headers' };
      const relevant = cube.cells((s) => spec.statuses.has(s)).filter((c) => c.m.headersKnown > 0);
      // did any response that calls for this header carry it? if not, the log may not record it
      const everSeen = relevant.some((c) => c.m.withExpectedHeader > 0);
      const findings: FindingDraft[] = [];
      for (const g of groupByKey(relevant)) {
        const known = sum(g.cells, 'headersKnown');
        const missing = known - sum(g.cells, 'withExpectedHeader');
        if (missing <= 0) continue;
        const sp = span(g.cells, cube.windowMs);
        const sev = spec.statuses.get(g.status) ?? undefined;
        const msg =
          `${g.method} ${g.route} answered ${g.status} without ${spec.header} in ${missing} of ${plural(known, 'response')} with logged headers (${pct(missing / known)}), ${spanText(sp)}: ${spec.why(g.status)}` +
          (everSeen ? '' : ` No response in this log carries ${spec.header}; if the log format records only selected headers, add it before trusting this finding.`);
        findings.push({
          message: msg,
          advice: spec.advice(g.status, g.method, g.route),
          method: g.method,
          route: g.route,
          status: [g.status],
          window: sp,
          count: missing,
          severity: everSeen ? sev : 'info',
          evidence: { header: spec.header.toLowerCase(), missing, headersLogged: known, headerSeenElsewhere: everSeen, ...whoEvidence(cube.whoOnRoute(g.method, g.route, g.status)) },
          samples: samplesOf(g.cells),
        });
      }
      return findings;
    },
  });
}
