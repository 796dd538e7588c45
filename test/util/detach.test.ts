import { describe, expect, it } from 'vitest';
import { detach } from '../../src/util/detach.js';
import { fullGarbageCollection } from '../../src/util/collect-garbage.js';

const collectGarbage = fullGarbageCollection();

describe('detach', () => {
  it.each([
    ['empty', ''],
    ['short', 'GET'],
    ['a path', '/api/v1/users/42/orders?page=2'],
    ['quotes and backslashes', 'x \\"quoted\\" agent "y"'],
    ['control characters', 'a\u0000b\u001b[31mc\r\n\t'],
    ['non-Latin-1', 'Mozilla/5.0 (\u6f22\u5b57; \u{1f600})'],
    ['lone surrogates', 'a\ud800b\udfffc'],
    ['long', 'x'.repeat(70_000)],
  ])('copies %s exactly', (_, s) => {
    const line = `prefix ${s} suffix`;
    const cut = line.slice(7, 7 + s.length);
    expect(detach(cut)).toBe(s);
  });

  it('keeps nothing of the text it was cut from', () => {
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const keys = ((): string[] => {
      const piece = 'y'.repeat(16 << 20) + Math.random(); // 16 MiB of log text
      return [detach(piece.slice(1000, 1040)), detach(piece.slice(5000, 5100))];
    })();
    collectGarbage();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(1 << 20);
    expect(keys.map((k) => k.length)).toEqual([40, 100]);
  });

  it('costs about its own characters: no wrapper around a longer copy', () => {
    // 100k kept keys of 40 one-byte characters: a flat string is 56 bytes; a sliced string
    // over a copy (the former way) is 96 bytes
    const source = Array.from({ length: 1000 }, (_, i) => `10.${i % 250}.${i >> 8}.7 `.padEnd(40, 'k') + i).join('\n');
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const kept: string[] = [];
    for (let r = 0; r < 100; r++) for (let i = 0; i < 1000; i++) kept.push(detach(source.slice(i * 43, i * 43 + 40)));
    collectGarbage();
    const perKey = (process.memoryUsage().heapUsed - before) / kept.length - 8; // minus the array's slot
    expect(kept).toHaveLength(100_000);
    expect(perKey).toBeLessThan(76);
  });
});
