import type { Rule } from '../src/engine/types.js';
import cloudflareCodeFromOrigin from './cloudflare-code-from-origin.js';
import crawlerErrors from './crawler-errors.js';
import gatewayCodeFromOrigin from './gateway-code-from-origin.js';
import origin511 from './origin-511.js';
import softNotFound from './soft-not-found.js';
import temporaryRedirectForPermanent from './temporary-redirect-for-permanent.js';
// issue 5, catalogue
import bodyOnBodylessStatus from './body-on-bodyless-status.js';
import missingAllow from './missing-allow.js';
import missingLocation from './missing-location.js';
import missingRetryAfter from './missing-retry-after.js';
import notFoundForWrongMethod from './not-found-for-wrong-method.js';
import preflightAuthFailure from './preflight-auth-failure.js';
import redirectChangesMethod from './redirect-changes-method.js';
import unavailableForRateLimit from './unavailable-for-rate-limit.js';
import unregisteredStatus from './unregistered-status.js';

/** every rule, sorted by id; a rule is one file beside this one with its doc (`<id>.md`) */
export const RULES: readonly Rule[] = [
  origin511,
  // issue 5, catalogue: redirects, bodies, codes, methods, rate limits, preflights, headers
  redirectChangesMethod,
  bodyOnBodylessStatus,
  unregisteredStatus,
  notFoundForWrongMethod,
  unavailableForRateLimit,
  preflightAuthFailure,
  missingRetryAfter,
  missingAllow,
  missingLocation,
  // issue 5, web: crawlers, permanent-in-practice redirects, soft 404s, upstream-emitted codes
  crawlerErrors,
  temporaryRedirectForPermanent,
  softNotFound,
  gatewayCodeFromOrigin,
  cloudflareCodeFromOrigin,
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
