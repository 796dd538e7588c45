import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/formats/index.js';
import { emptyRecord } from '../../src/formats/types.js';

// Each format's examples are its documentation; here they are also its tests.
describe.each(FORMATS.map((f) => [f.id, f] as const))('format %s', (_id, format) => {
  it('has examples, valid and hostile', () => {
    expect(format.examples.some((e) => e.skip === undefined)).toBe(true);
    expect(format.examples.some((e) => e.skip !== undefined)).toBe(true);
  });

  it.each(format.examples.map((e) => [e.line.slice(0, 80), e] as const))('%s', (_label, example) => {
    const parser = format.createParser();
    const rec = emptyRecord();
    const reason = parser.parse(example.line, rec);
    if (example.skip !== undefined) {
      expect(reason).toBe(example.skip);
    } else {
      expect(reason).toBeUndefined();
      expect(rec).toMatchObject(example.expect ?? {});
    }
  });
});
