import type { Cube } from '../src/cube/cube.js';
import { holm, logBinomialTail } from '../src/engine/changepoint.js';
import { sumByRoute, type RouteSum } from '../src/engine/groups.js';
import { hhmm, pct } from '../src/engine/spikes.js';
import { numberOption, withDefaults, type OptionSpecs } from '../src/engine/options.js';
import { defineRule, type FindingDraft } from '../src/engine/types.js';
import { isCredentialPath } from '../src/enrich/session.js';

/**
 * 401 to clients whose credentials work. Enrichment remembers each client's 401/403 and
 * learns from what the client does next: a token refresh or login, or a success on the
 * same route, explains the refusal (expired token, mistyped password); a success on
 * another protected route with neither confirms the credentials worked. A refusal counts
 * as "to working credentials" when confirmed, or when the request carried a user identity
 * and the refusal was never explained. Login/token routes are left out (a 401 there is a
 * failed login).
 * Routes where that share is high, and far higher than on the other routes, are refusing
 * permission, which is 403.
 */

const OPTIONS = {
  minCount: { type: 'number', default: 5, min: 1, description: 'least 401s to working credentials on a route' },
  minShare: { type: 'number', default: 0.5, min: 0, above: true, max: 1, description: "least share of the route's 401s that went to working credentials" },
  alpha: { type: 'number', default: 0.01, min: 0, above: true, max: 0.5, description: 'family-wise error rate over the routes compared' },
} as const satisfies OptionSpecs;

export interface ForbiddenRoute {
  group: RouteSum;
  /** 401s to working credentials: confirmed after, or authenticated before and never explained by a refresh */
  toWorking: number;
  share: number;
  /** the same share over every other route's 401s */
  rest: number;
  log10P: number;
}

/**
 * The routes whose 401s went to working credentials far more than the other routes' did.
 * Comparing with the rest of the log is what tells "this route refuses permission" from
 * "credentials broke everywhere" (a rotation that fails some requests at random also sends
 * 401s to clients that succeed elsewhere — on every route alike).
 */
export function forbiddenRoutes(cube: Cube, options: Readonly<Record<string, unknown>> = withDefaults(OPTIONS)): ForbiddenRoute[] {
  const minCount = numberOption(options, 'minCount');
  const minShare = numberOption(options, 'minShare');
  const alpha = numberOption(options, 'alpha');
  const groups = sumByRoute(cube, (s, _m, route) => s === 401 && !isCredentialPath(route), { focus: 'credentialsValid' });
  const working = (g: RouteSum): number => Math.min(g.m.count, g.m.credentialsValid + Math.max(0, g.m.withIdentity - g.m.refusalExplained - g.m.credentialsValid));
  let allN = 0;
  let allW = 0;
  for (const g of groups) {
    allN += g.m.count;
    allW += working(g);
  }
  const cands: ForbiddenRoute[] = [];
  for (const g of groups) {
    const w = working(g);
    const share = w / g.m.count;
    const restN = allN - g.m.count;
    const restW = allW - w;
    const rest = (restW + 0.5) / (restN + 1);
    if (w < minCount || share < minShare || share < rest + 0.3) continue;
    cands.push({ group: g, toWorking: w, share, rest: restN > 0 ? restW / restN : 0, log10P: logBinomialTail(w, g.m.count, rest) / Math.LN10 });
  }
  const keep = holm(cands.map((c) => c.log10P * Math.LN10), groups.length, alpha);
  return cands.filter((_, i) => keep[i]);
}

export default defineRule({
  meta: {
    id: 'unauthorized-for-forbidden',
    severity: 'warning',
    description: '401 answered to clients that are authenticated: refusing permission is 403',
    codes: [401, 403],
    references: ['RFC 9110 §15.5.2', 'RFC 9110 §15.5.4', 'RFC 6750 §3.1'],
    options: OPTIONS,
  },
  check(cube, ctx) {
    const lack = cube.lacks('credentialsValid', 'refusalExplained', 'withIdentity');
    if (lack !== null) return { notApplicable: lack };
    const findings: FindingDraft[] = [];
    for (const f of forbiddenRoutes(cube, ctx.options)) {
      const g = f.group;
      const start = g.windows[0]!;
      const end = g.windows[g.windows.length - 1]! + cube.windowMs;
      const who = cube.whoOnRoute(g.method, g.route, 401);
      findings.push({
        message:
          `${g.method} ${g.route} answered 401 to clients whose credentials worked: ${f.toWorking} of its ${g.m.count} 401s (${pct(f.share)}, against ${pct(f.rest)} on the other routes) ` +
          `carried a user identity or were followed by the same client being served on another protected route, with no refresh or login in between ` +
          `(${hhmm(start)}–${hhmm(end)} UTC). The route is refusing permission, not authentication.`,
        advice:
          'Answer 403 Forbidden when the caller is authenticated but not allowed (RFC 9110 §15.5.4; for bearer tokens, 403 with error="insufficient_scope", RFC 6750 §3.1). ' +
          '401 tells the client its credentials are missing or invalid: well-behaved clients then drop the token, refresh it or send the user back to the login page, ' +
          'which cannot help and churns tokens and sessions. Keep 401 + WWW-Authenticate for missing, expired or invalid credentials.',
        method: g.method,
        route: g.route,
        status: [401],
        window: { start, end },
        count: f.toWorking,
        evidence: {
          unauthorized: g.m.count,
          toWorkingCredentials: f.toWorking,
          confirmedBySuccessElsewhere: g.m.credentialsValid,
          withIdentity: g.m.withIdentity,
          withIdentityOrRecentSuccess: g.m.authenticated,
          explainedByRefreshOrRetry: g.m.refusalExplained,
          share: f.share,
          shareOnOtherRoutes: f.rest,
          log10P: f.log10P,
          clients: who?.distinctClients() ?? null,
          topClients: who?.clients.sorted().slice(0, 5) ?? [],
          topAgents: who?.agents.sorted().slice(0, 5) ?? [],
        },
        samples: g.samples,
      });
    }
    return findings;
  },
});
