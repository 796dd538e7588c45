import { describe, expect, it } from 'vitest';
import { epochToMs, parseAnyTime, parseClfTime, parseIsoTime } from '../../src/formats/time.js';
import { analyzeLines } from '../../src/index.js';
import { clf } from '../rules/rule-tester.js';

describe('time is right', () => {
  it.each([
    ['UTC', '16/Nov/2026:03:05:00 +0000', '2026-11-16T03:05:00.000Z'],
    ['negative offset', '01/Jul/1995:00:00:01 -0400', '1995-07-01T04:00:01.000Z'],
    ['half-hour offset', '22/Jan/2019:03:56:14 +0330', '2019-01-22T00:26:14.000Z'],
    ['offset crossing the new year', '31/Dec/2026:23:30:00 -0100', '2027-01-01T00:30:00.000Z'],
    ['offset crossing back a year', '01/Jan/2027:00:30:00 +0100', '2026-12-31T23:30:00.000Z'],
    ['leap day', '29/Feb/2024:12:00:00 +0000', '2024-02-29T12:00:00.000Z'],
    ['DST day in Berlin, logged with its offset', '29/Mar/2026:03:30:00 +0200', '2026-03-29T01:30:00.000Z'],
    ['the hour before the switch', '29/Mar/2026:01:59:59 +0100', '2026-03-29T00:59:59.000Z'],
  ])('CLF %s', (_name, text, iso) => {
    expect(new Date(parseClfTime(text)).toISOString()).toBe(iso);
  });

  it.each(['29/Feb/2023:12:00:00 +0000', '31/Apr/2026:00:00:00 +0000', '16/Foo/2026:03:05:00 +0000', '16/Nov/2026:24:00:00 +0000', '16/Nov/2026:03:05:00 0000'])('rejects impossible CLF time %s', (text) => {
    expect(parseClfTime(text)).toBeNaN();
  });

  it.each([
    ['2026-11-16T03:05:00Z', '2026-11-16T03:05:00.000Z'],
    ['2026-11-16T03:05:00.1234567+01:00', '2026-11-16T02:05:00.123Z'],
    ['2026-11-16 03:05:00-0700', '2026-11-16T10:05:00.000Z'],
    ['2026-03-29T02:30:00+02:00', '2026-03-29T00:30:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('ISO %s', (text, iso) => {
    expect(new Date(parseIsoTime(text)).toISOString()).toBe(iso);
  });

  it('reads epoch seconds, ms, µs and ns by magnitude', () => {
    const t = Date.UTC(2026, 10, 16, 3, 5, 0);
    expect(epochToMs(t / 1000)).toBe(t);
    expect(epochToMs(t)).toBe(t);
    expect(epochToMs(t * 1000)).toBe(t);
    expect(epochToMs(t * 1e6)).toBe(t);
    expect(parseAnyTime('1712790000123000000')).toBe(1712790000123);
  });

  it('windows align to UTC whatever the offsets of the lines, across midnight and new year', () => {
    const lines = [
      '1.2.3.4 - - [31/Dec/2026:23:59:59 -0100] "GET / HTTP/1.1" 511 1 "-" "x"',
      '1.2.3.4 - - [01/Jan/2027:02:00:00 +0200] "GET / HTTP/1.1" 511 1 "-" "x"',
    ];
    const r = analyzeLines(lines, { windowMs: 3_600_000 });
    expect(r.summary.timeRange).toEqual({ start: '2027-01-01T00:00:00.000Z', end: '2027-01-01T00:59:59.000Z' });
    expect(r.findings[0]!.window).toEqual({ start: '2027-01-01T00:00:00.000Z', end: '2027-01-01T01:00:00.000Z' });
  });

  it('out-of-order lines land in the same windows as sorted ones', () => {
    const times = ['2026-11-16T03:05:00Z', '2026-11-16T01:00:00Z', '2026-11-16T03:06:00Z', '2026-11-15T23:00:00Z'];
    const lines = times.map((time) => clf({ time, path: '/x', status: 511 }));
    const shuffled = analyzeLines(lines);
    const sorted = analyzeLines([...lines].sort((a, b) => Date.parse(a.slice(a.indexOf('[') + 1, a.indexOf(']')).replace(':', ' ')) - Date.parse(b.slice(b.indexOf('[') + 1, b.indexOf(']')).replace(':', ' '))));
    expect(shuffled.summary).toEqual(sorted.summary);
    expect(shuffled.findings.map((f) => [f.window, f.count])).toEqual(sorted.findings.map((f) => [f.window, f.count]));
  });
});
