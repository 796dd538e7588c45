import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoTime, parseIsoTimeGeneral } from '../../src/formats/time.js';
import { parseTimeZone, UTC } from '../../src/formats/zone.js';

/**
 * parseIsoTime reads the common fixed-width shape by char codes and keeps the day's
 * midnight between calls; every answer must equal the pattern-based reader's, valid or
 * not, in whatever order days arrive.
 */
const two = (n: number): string => String(n).padStart(2, '0');
const isoLike = fc
  .record({
    y: fc.integer({ min: 1969, max: 2101 }),
    mo: fc.integer({ min: 0, max: 13 }),
    d: fc.integer({ min: 0, max: 32 }),
    h: fc.integer({ min: 0, max: 25 }),
    mi: fc.integer({ min: 0, max: 61 }),
    s: fc.integer({ min: 0, max: 61 }),
    sep: fc.constantFrom('T', ' ', 't', '_'),
    frac: fc.constantFrom('', '.5', '.123', ',25', '.123456789', '.1234567890', '.'),
    zone: fc.constantFrom('', 'Z', 'z', '+02:00', '-0530', '+01', ' +0200', '+2', '+02:0', 'ZZ', '-00:00', '+14:00'),
  })
  .map((p) => `${p.y}-${two(p.mo)}-${two(p.d)}${p.sep}${two(p.h)}:${two(p.mi)}:${two(p.s)}${p.frac}${p.zone}`);

describe('parseIsoTime', () => {
  it.each([
    ['2026-11-16T03:05:00Z', Date.UTC(2026, 10, 16, 3, 5, 0)],
    ['2026-11-16 03:05:00.5+02:00', Date.UTC(2026, 10, 16, 1, 5, 0, 500)],
    ['2024-02-29T23:59:59.999-0100', Date.UTC(2024, 2, 1, 0, 59, 59, 999)],
    ['2026-02-29T00:00:00Z', NaN],
    ['2026-11-16T24:00:00Z', NaN],
    ['2026-11-16T03:05Z', Date.UTC(2026, 10, 16, 3, 5)],
    // a leap second reads as the next minute's first, across a day's end too; 61 is no second
    ['2016-12-31T23:59:60Z', Date.UTC(2017, 0, 1, 0, 0, 0)],
    ['2016-12-31 23:59:60.5+00:00', Date.UTC(2017, 0, 1, 0, 0, 0, 500)],
    ['2026-11-16T03:05:60Z', Date.UTC(2026, 10, 16, 3, 6, 0)],
    ['2026-11-16T03:05:61Z', NaN],
    ['2026-11-16T23:59:61Z', NaN],
  ])('%s', (s, want) => {
    expect(parseIsoTime(s)).toBe(want);
  });

  it('agrees with the pattern reader on near-valid times, days in any order', () => {
    const berlin = parseTimeZone('Europe/Berlin')!;
    fc.assert(
      fc.property(fc.array(isoLike, { minLength: 1, maxLength: 20 }), fc.boolean(), (times, local) => {
        const zone = local ? berlin : UTC;
        for (const t of times) expect(parseIsoTime(t, zone), t).toBe(parseIsoTimeGeneral(t, zone));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the pattern reader on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (t) => {
        expect(parseIsoTime(t)).toBe(parseIsoTimeGeneral(t));
      }),
      { numRuns: 2000 },
    );
  });
});
