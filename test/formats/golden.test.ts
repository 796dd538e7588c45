import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectFormat, isDetection } from '../../src/formats/detect.js';
import { FORMATS, STATUSLESS_FORMATS } from '../../src/formats/index.js';
import { emptyRecord, type LogFormat } from '../../src/formats/types.js';

/**
 * Golden files: every field of every record (or the skip reason) for each format's
 * example lines and for each fixture file, kept in test/formats/golden/. A change to any
 * field shows up as a diff to review; `vitest run -u` rewrites them after a deliberate change.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(here, '..', '..', 'fixtures', 'formats');

function readBack(format: LogFormat, lines: readonly string[], fresh: boolean): unknown[] {
  let p = format.createParser();
  const rec = emptyRecord();
  return lines.map((line) => {
    if (fresh) p = format.createParser();
    const reason = p.parse(line, rec);
    const time = Number.isNaN(rec.time) ? null : new Date(rec.time).toISOString();
    return reason === undefined ? { line, record: { ...rec, time } } : { line, skip: reason };
  });
}

describe('golden: format examples', () => {
  it.each([...FORMATS, ...STATUSLESS_FORMATS].map((f) => [f.id, f] as const))('%s', async (id, format) => {
    const out = readBack(format, format.examples.map((e) => e.line), true);
    await expect(JSON.stringify(out, null, 2) + '\n').toMatchFileSnapshot(path.join(here, 'golden', `examples.${id}.json`));
  });
});

describe('golden: fixtures', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.log')).sort();
  it.each(files)('%s', async (file) => {
    const lines = readFileSync(path.join(FIXTURES, file), 'utf8').split('\n').filter((l, i, a) => i < a.length - 1 || l.length > 0);
    const det = detectFormat(lines);
    expect(isDetection(det)).toBe(true);
    if (!isDetection(det)) return;
    const out = { format: det.format.id, lines: readBack(det.format, lines, false) };
    await expect(JSON.stringify(out, null, 2) + '\n').toMatchFileSnapshot(path.join(here, 'golden', `fixture.${file}.json`));
  });
});
