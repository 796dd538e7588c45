import { sumByRoute } from '../src/engine/groups.js';
import { hhmm, pct } from '../src/engine/spikes.js';
import { defineRule, type FindingDraft } from '../src/engine/types.js';

/**
 * 401 to clients whose credentials work: enrichment remembers each client's 401/403 and,
 * when the same client is next served 2xx on another auth-protected route without a token
 * refresh or login in between (and without the refused route succeeding first), credits
 * the refusal as "credentials valid". An expired token that is refreshed, a wrong password
 * typed again, a retry that succeeds: none of them count. Routes where many refusals went
 * to working credentials are refusing permission, which is 403.
 */

const num = (v: unknown, d: number, hi = Infinity): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= hi ? v : d);

export default defineRule({
  meta: {
    id: 'unauthorized-for-forbidden',
    severity: 'warning',
    description: '401 answered to clients that are authenticated: refusing permission is 403',
    codes: [401, 403],
    references: ['RFC 9110 §15.5.2', 'RFC 9110 §15.5.4', 'RFC 6750 §3.1'],
  },
  check(cube, ctx) {
    const lack = cube.lacks('credentialsValid');
    if (lack !== null) return { notApplicable: lack };
    const minCount = num(ctx.options.minCount, 5);
    const minShare = num(ctx.options.minShare, 0.3, 1);
    const findings: FindingDraft[] = [];
    for (const g of sumByRoute(cube.cells(), (c) => c.status === 401, 'credentialsValid')) {
      const valid = g.m.credentialsValid;
      const share = valid / g.m.count;
      if (valid < minCount || share < minShare) continue;
      const start = g.focusWindows[0]!;
      const end = g.focusWindows[g.focusWindows.length - 1]! + cube.windowMs;
      const who = cube.whoOnRoute(g.method, g.route, 401);
      const ok = cube.whoOnRoute(g.method, g.route, 200);
      findings.push({
        message:
          `${g.method} ${g.route} answered 401 to clients whose credentials worked: ${valid} of its ${g.m.count} 401s (${pct(share)}) went to clients that, ` +
          `without refreshing or logging in again, were served 2xx on other protected routes right after (${hhmm(start)}–${hhmm(end)} UTC). ` +
          `The route is refusing permission, not authentication.`,
        advice:
          'Answer 403 Forbidden when the caller is authenticated but not allowed (RFC 9110 §15.5.4; for bearer tokens, 403 with error="insufficient_scope", RFC 6750 §3.1). ' +
          '401 tells the client its credentials are missing or invalid: well-behaved clients then drop the token, refresh it or send the user back to the login page, ' +
          'which cannot help and churns tokens and sessions. Keep 401 + WWW-Authenticate for missing, expired or invalid credentials.',
        method: g.method,
        route: g.route,
        status: [401],
        window: { start, end },
        count: valid,
        evidence: {
          unauthorized: g.m.count,
          toWorkingCredentials: valid,
          share,
          withIdentity: g.m.authenticated,
          servedOkOnThisRoute: ok === undefined ? 0 : ok.clients.sorted().reduce((n, [, v]) => n + v, ok.clients.other),
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
