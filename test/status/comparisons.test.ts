import { describe, expect, it } from 'vitest';
import { allComparisons, comparedWith, CONTRAST_DIMENSIONS, findComparison } from '../../src/status/comparisons.js';
import { getStatus } from '../../src/status/registry.js';

// The pairs issue 6 asks for, written here independently of the data.
const REQUIRED_PAIRS: Array<[number, number]> = [
  [401, 403], [401, 511], [401, 407], [403, 404], [404, 410], [301, 302], [301, 308],
  [302, 303], [302, 307], [307, 308], [400, 422], [400, 415], [200, 204], [429, 503],
  [500, 502], [502, 504], [503, 504], [500, 503], [499, 504], [405, 501],
];

describe('comparisons', () => {
  it.each(REQUIRED_PAIRS)('%i/%i exists, in either order, with codes in the registry', (a, b) => {
    const c = findComparison(a, b);
    expect(c).toBeDefined();
    expect(findComparison(b, a)).toBe(c);
    expect(c!.codes).toEqual([Math.min(a, b), Math.max(a, b)]);
    expect(getStatus(a)).toBeDefined();
    expect(getStatus(b)).toBeDefined();
  });

  it('has exactly the required pairs (no accidental duplicates)', () => {
    expect(allComparisons()).toHaveLength(REQUIRED_PAIRS.length);
  });

  it.each(allComparisons().map((c) => [`${c.codes[0]}/${c.codes[1]}`, c] as const))(
    '%s has a decision rule, a common mistake and at least two contrasts',
    (_k, c) => {
      expect(c.decisionRule.length).toBeGreaterThan(40);
      expect(c.commonMistake.length).toBeGreaterThan(40);
      const dims = Object.keys(c.contrasts);
      expect(dims.length).toBeGreaterThanOrEqual(2);
      for (const d of dims) expect(CONTRAST_DIMENSIONS).toContain(d);
      // the decision rule talks about both codes
      expect(c.decisionRule).toContain(String(c.codes[0]));
      expect(c.decisionRule).toContain(String(c.codes[1]));
    },
  );

  it('unknown pairs are undefined; comparedWith lists partners', () => {
    expect(findComparison(200, 404)).toBeUndefined();
    expect(findComparison(401, 401)).toBeUndefined();
    expect(comparedWith(401)).toEqual([403, 407, 511]);
    expect(comparedWith(418)).toEqual([]);
  });

  it('401/511 states the RFC 6585 §6 rule', () => {
    const c = findComparison(511, 401)!;
    expect(c.decisionRule).toMatch(/RFC 6585 §6/);
    expect(c.decisionRule).toMatch(/captive portal/);
  });
});
