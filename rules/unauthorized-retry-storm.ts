import { sumByRoute } from '../src/engine/groups.js';
import { duration, hhmm } from '../src/engine/spikes.js';
import { defineRule, type FindingDraft } from '../src/engine/types.js';
import { numberOption } from '../src/engine/options.js';
import { DEFAULT_STREAK_K, isCredentialPath, STREAK_GAP_MS } from '../src/enrich/session.js';

/**
 * Clients that keep sending a request that keeps getting 401, with no success and no
 * token refresh between: retrying without fixing the cause. Enrichment marks every 401
 * that is at least the k-th consecutive failure of one client on one route (gaps of at
 * most STREAK_GAP_MS) and counts each streak once when it reaches k; this rule keeps the
 * routes where such retries are numerous and deep. One 401, a refresh and a success is the
 * correct pattern and never forms a streak. Login routes are left out: repeated failed
 * logins are people mistyping (or credential stuffing), not a client that forgot to refresh.
 */

export default defineRule({
  meta: {
    id: 'unauthorized-retry-storm',
    severity: 'warning',
    description: 'clients repeating a request that keeps getting 401 without refreshing credentials',
    codes: [401],
    references: ['RFC 9110 §15.5.2', 'RFC 6750 §3.1'],
    options: {
      minRetries: { type: 'number', default: 10, min: 1, description: 'least retries (401s past the 2nd in a streak) on a route' },
      minDepth: { type: 'number', default: 8, min: 1, description: 'least mean number of consecutive 401s per storm' },
    },
  },
  check(cube, ctx) {
    const lack = cube.lacks('retryStreak', 'retryStormStarts');
    if (lack !== null) return { notApplicable: lack };
    const minRetries = numberOption(ctx.options, 'minRetries');
    const minDepth = numberOption(ctx.options, 'minDepth');
    const k = DEFAULT_STREAK_K;
    const findings: FindingDraft[] = [];
    const groups = sumByRoute(cube, (s, _m, route) => s === 401 && !isCredentialPath(route), { focus: 'retryStreak' });
    for (const g of groups) {
      const retries = g.m.retryStreak;
      const storms = Math.max(1, g.m.retryStormStarts);
      // a storm that reached k failures and then `retries / storms` more
      const depth = k - 1 + retries / storms;
      if (retries < minRetries || depth < minDepth) continue;
      const start = g.focusWindows[0]!;
      const end = g.focusWindows[g.focusWindows.length - 1]! + cube.windowMs;
      const who = cube.whoOnRoute(g.method, g.route, 401);
      const topClients = who?.clients.sorted().slice(0, 5) ?? [];
      const topAgents = who?.agents.sorted().slice(0, 5) ?? [];
      const minutes = Math.max(1, (end - start) / 60_000);
      const perMin = retries / minutes;
      const top = topClients[0];
      findings.push({
        message:
          `${g.method} ${g.route}: ${storms === 1 ? 'a client' : `${storms} clients`} kept retrying after 401 without refreshing credentials — ` +
          `${retries} retries (storms of ~${Math.round(depth)} consecutive 401s) between ${hhmm(start)} and ${hhmm(end)} UTC (${duration(end - start)}, ~${perMin < 1 ? perMin.toFixed(2) : Math.round(perMin)}/min)` +
          `${top !== undefined ? `; top client ${top[0]}${topAgents[0] !== undefined ? ` (${topAgents[0][0]})` : ''} with ${top[1]} × 401` : ''}.`,
        advice:
          'A 401 means "these credentials do not work": retrying the same request with them cannot succeed. Clients should refresh the token (or re-authenticate) ' +
          'once, retry once, and then stop and surface the error — with exponential backoff and jitter, never a tight loop. ' +
          'On the server, say why in the challenge (WWW-Authenticate: Bearer error="invalid_token"), and throttle clients that ignore it with 429 + Retry-After.',
        method: g.method,
        route: g.route,
        status: [401],
        window: { start, end },
        count: retries,
        evidence: {
          retries,
          storms: g.m.retryStormStarts,
          meanStreak: Math.round(depth * 10) / 10,
          streakThreshold: k,
          streakGapSeconds: STREAK_GAP_MS / 1000,
          unauthorizedOnRoute: g.m.count,
          retriesPerMinute: Math.round(perMin * 100) / 100,
          clients: who?.distinctClients() ?? null,
          topClients,
          topAgents,
        },
        samples: g.samples,
      });
    }
    return findings;
  },
});
