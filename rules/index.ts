import type { Rule } from '../src/engine/types.js';
import clientClosedSpike from './client-closed-spike.js';
import missingChallenge from './missing-challenge.js';
import origin511 from './origin-511.js';
import serverErrorSpike from './server-error-spike.js';
import unauthorizedForForbidden from './unauthorized-for-forbidden.js';
import unauthorizedRetryStorm from './unauthorized-retry-storm.js';
import unauthorizedSpike from './unauthorized-spike.js';

/** every rule, sorted by id; a rule is one file beside this one with its doc (`<id>.md`) */
export const RULES: readonly Rule[] = [
  origin511,
  unauthorizedSpike,
  unauthorizedRetryStorm,
  unauthorizedForForbidden,
  missingChallenge,
  serverErrorSpike,
  clientClosedSpike,
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
