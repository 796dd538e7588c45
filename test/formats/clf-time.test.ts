import { describe, expect, it } from 'vitest';
import { ClfTimeReader, parseClfTime } from '../../src/formats/time.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/**
 * Times as a log gives them: mostly the minute of the line before with another second,
 * sometimes the same clock time on another day or in another zone, sometimes a broken
 * second or separator. The cached reader must agree with the uncached parse on every one.
 */
function timeStream(seed: number, n: number): string[] {
  const r = rng(seed);
  let day = '16/Nov/2026';
  let hm = '13:55';
  let zone = '+0000';
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = r();
    if (x < 0.05) day = pick(r, ['16/Nov/2026', '17/Nov/2026', '16/Dec/2026', '16/Nov/2025', '31/Feb/2026', '16/Xyz/2026']);
    else if (x < 0.1) hm = pick(r, ['13:55', '13:56', '14:55', '00:00', '23:59', '24:00', '13:5x']);
    else if (x < 0.13) zone = pick(r, ['+0000', '-0700', '+0130', '+00x0', '*0000']);
    const second = r() < 0.9 ? String(Math.floor(r() * 61)).padStart(2, '0') : pick(r, ['/:', ':/', '6a', '61', '99', '-1', '  ']);
    const sep = r() < 0.97 ? ':' : pick(r, ['/', ' ', '.']);
    out.push(`${day}:${hm}${sep}${second} ${zone}`);
  }
  return out;
}

describe('ClfTimeReader', () => {
  it.each([1, 2, 3, 4])('seed %i: the minute cache reads every time as the uncached parse does', (seed) => {
    const reader = new ClfTimeReader();
    for (const t of timeStream(seed, 4000)) {
      const line = `10.0.0.1 - - [${t}] "GET / HTTP/1.1" 200 5`;
      const got = reader.read(line, line.indexOf('[') + 1);
      const want = parseClfTime(t);
      expect(Number.isNaN(got) ? 'NaN' : got, t).toBe(Number.isNaN(want) ? 'NaN' : want);
    }
  });

  it('reads a leap second as the first second of the next minute, at the end of a day too, cached or not', () => {
    const newYear = Date.UTC(2027, 0, 1);
    expect(parseClfTime('31/Dec/2026:23:59:60 +0000')).toBe(newYear);
    expect(parseClfTime('31/Dec/2026:12:00:60 +0000')).toBe(Date.UTC(2026, 11, 31, 12, 1));
    const reader = new ClfTimeReader();
    const line = (t: string): string => `1.2.3.4 - - [${t}] "GET / HTTP/1.1" 200 5`;
    for (const t of ['31/Dec/2026:23:59:60 +0000', '31/Dec/2026:23:59:59 +0000', '31/Dec/2026:23:59:60 +0000']) {
      expect(reader.read(line(t), 13)).toBe(parseClfTime(t));
    }
    expect(parseClfTime('31/Feb/2026:00:00:00 +0000')).toBeNaN();
  });

  it('does not read past the end of a line cut inside its time', () => {
    const reader = new ClfTimeReader();
    const full = '1.2.3.4 - - [16/Nov/2026:13:55:36 +0000] "GET / HTTP/1.1" 200 5';
    const at = full.indexOf('[') + 1;
    expect(reader.read(full, at)).toBe(Date.UTC(2026, 10, 16, 13, 55, 36));
    for (const cut of [at + 17, at + 19, at + 22, at + 25]) expect(reader.read(full.slice(0, cut), at)).toBeNaN();
  });
});
