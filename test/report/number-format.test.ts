import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { num } from '../../src/report/formatters/common.js';

/**
 * num groups counts by hand and leaves every other number to Intl: each answer must be
 * Intl.NumberFormat('en-US')'s, so reports read the same as when Intl wrote them all.
 */
const intl = new Intl.NumberFormat('en-US');

describe('num', () => {
  it('writes integers as Intl.NumberFormat en-US does, at every length and sign', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), fc.double({ min: -1, max: 1, noNaN: true }), (digits, f) => {
        const n = Math.trunc(f * 10 ** digits);
        expect(num(n)).toBe(intl.format(n));
      }),
      { numRuns: 5000 },
    );
    for (const n of [0, 1, -1, 999, 1000, -1000, 999_999, 1_000_000, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) expect(num(n)).toBe(intl.format(n));
  });

  it('gives anything else to Intl: fractions, -0, unsafe integers, NaN and infinities', () => {
    fc.assert(
      fc.property(fc.double(), (n) => {
        expect(num(n)).toBe(intl.format(n));
      }),
      { numRuns: 5000 },
    );
    for (const n of [-0, 0.5, 1234.5678, -2.5, 2 ** 53, 1e21, NaN, Infinity, -Infinity]) expect(num(n)).toBe(intl.format(n));
  });
});
