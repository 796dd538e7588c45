import type { Rule } from '../src/engine/types.js';
import cloudflareCodeFromOrigin from './cloudflare-code-from-origin.js';
import crawlerErrors from './crawler-errors.js';
import gatewayCodeFromOrigin from './gateway-code-from-origin.js';
import origin511 from './origin-511.js';
import softNotFound from './soft-not-found.js';
import temporaryRedirectForPermanent from './temporary-redirect-for-permanent.js';

/** every rule, sorted by id; a rule is one file beside this one with its doc (`<id>.md`) */
export const RULES: readonly Rule[] = [origin511, crawlerErrors, temporaryRedirectForPermanent, gatewayCodeFromOrigin, cloudflareCodeFromOrigin, softNotFound].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
