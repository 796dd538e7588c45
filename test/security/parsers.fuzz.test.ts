import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/formats/index.js';
import { emptyRecord, type LogRecord } from '../../src/formats/types.js';

/**
 * Log lines are attacker-controlled. Every parser must return a skip reason or a sane
 * record for any string, never throw, and never hang. Runs are bounded so CI stays fast;
 * raise FUZZ_RUNS locally to search harder.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const REASONS = new Set(['malformed', 'no-status', 'directive', 'blank', 'bad-time', 'no-time', 'bad-status']);

function checkSane(reason: unknown, rec: LogRecord): void {
  if (reason !== undefined) {
    expect(REASONS.has(reason as string)).toBe(true);
    return;
  }
  expect(Number.isInteger(rec.status) && rec.status >= 0 && rec.status <= 999).toBe(true);
  expect(Number.isFinite(rec.time)).toBe(true);
  if (rec.bytes !== null) expect(rec.bytes >= 0).toBe(true);
  if (rec.durationMs !== null) expect(rec.durationMs >= 0).toBe(true);
  if (rec.path !== null) expect(rec.path.includes('?')).toBe(false);
}

/** near-valid lines: a valid example with characters inserted, deleted or replaced */
function mutations(seed: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat(seed.length), fc.nat(seed.length), fc.string({ maxLength: 8, unit: 'binary' }), fc.constantFrom('insert', 'delete', 'replace', 'truncate'))
    .map(([a, b, s, op]) => {
      const [i, j] = a <= b ? [a, b] : [b, a];
      if (op === 'insert') return seed.slice(0, i) + s + seed.slice(i);
      if (op === 'delete') return seed.slice(0, i) + seed.slice(j);
      if (op === 'truncate') return seed.slice(0, i);
      return seed.slice(0, i) + s + seed.slice(i + s.length);
    });
}

const CRAFTED_64K: [string, string][] = [
  ['quotes', '"'.repeat(65_536)],
  ['backslash-quote', '\\"'.repeat(32_768)],
  ['brackets', ' ['.repeat(32_768)],
  ['spaces', ' '.repeat(65_536)],
  ['digits', '9'.repeat(65_536)],
  ['nested json', '{"a":'.repeat(13_000) + '1' + '}'.repeat(13_000)],
  ['json strings', '{"status":200,"path":"' + '\\u0041'.repeat(10_000) + '"}'],
  ['clf prefix then junk', '1.2.3.4 - - [16/Nov/2026:03:05:00 +0000] "' + 'GET / HTTP/1.1\\" '.repeat(4000)],
  ['tokens', 'a=b '.repeat(16_384)],
  ['tabs', '\t'.repeat(65_536)],
  ['hash fields', '#Fields: ' + 'x '.repeat(32_000)],
];

describe.each(FORMATS.map((f) => [f.id, f] as const))('parser %s under hostile input', (_id, format) => {
  it('never throws on arbitrary strings', () => {
    const parser = format.createParser();
    const rec = emptyRecord();
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'binary' }), (line) => {
        checkSane(parser.parse(line, rec), rec);
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on near-valid lines (mutated examples)', () => {
    const seeds = format.examples.map((e) => e.line).filter((l) => l.length > 0);
    const parser = format.createParser();
    const rec = emptyRecord();
    fc.assert(
      fc.property(fc.constantFrom(...seeds).chain(mutations), (line) => {
        checkSane(parser.parse(line, rec), rec);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it.each(CRAFTED_64K)('parses a crafted 64 KiB line (%s) without hanging', (_name, line) => {
    const parser = format.createParser();
    const rec = emptyRecord();
    const start = process.hrtime.bigint();
    checkSane(parser.parse(line, rec), rec);
    // a hang guard, not a performance test: linear parsing takes well under a millisecond,
    // catastrophic backtracking on 64 KiB would take minutes
    expect(Number(process.hrtime.bigint() - start) / 1e9).toBeLessThan(2);
  });
});
