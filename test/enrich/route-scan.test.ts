import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CubeBuilder } from '../../src/enrich/builder.js';
import { heuristicTemplate, TemplateScan } from '../../src/enrich/routes.js';
import { emptyRecord, type LogRecord } from '../../src/formats/types.js';

/**
 * The heuristic templater scans a path in place (TemplateScan) instead of splitting it.
 * This reference is the string version it replaced: split on `/`, judge each segment,
 * replace hex runs recursively, join. The scan must agree with it on any path.
 */
function referenceIsDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
function referenceIsHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
function referenceIsUuid(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!referenceIsHex(c)) return false;
  }
  return true;
}
function referenceIsId(s: string): boolean {
  if (s.length === 0) return false;
  if (referenceIsDigits(s) || referenceIsUuid(s)) return true;
  let hex = true;
  let digits = 0;
  let upper = 0;
  let lower = 0;
  let dashes = 0;
  let other = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 97 && c <= 122) lower++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c === 45) dashes++;
    else if (c !== 95) other++;
    if (!referenceIsHex(c)) hex = false;
  }
  if (hex && s.length >= 8 && digits > 0) return true;
  if (other > 0 || digits === 0) return false;
  if (s.length >= 20 && lower + upper > 0 && (digits * 4 >= s.length || (upper > 0 && lower > 0 && dashes === 0))) return true;
  return s.length >= 10 && digits * 2 >= s.length;
}
function referenceHashRun(s: string): string {
  let runStart = -1;
  let runDigits = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : -1;
    if (c !== -1 && referenceIsHex(c)) {
      if (runStart === -1) {
        runStart = i;
        runDigits = 0;
      }
      if (c <= 57) runDigits++;
    } else {
      if (runStart !== -1 && i - runStart >= 12 && runDigits > 0 && runDigits < i - runStart) {
        return s.slice(0, runStart) + ':hash' + referenceHashRun(s.slice(i));
      }
      runStart = -1;
    }
  }
  return s;
}
function referenceTemplate(path: string): string {
  if (path.length === 0 || path.charCodeAt(0) !== 47) return path;
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    const s = parts[i]!;
    if (referenceIsId(s)) parts[i] = ':id';
    else if (s.length >= 12) parts[i] = referenceHashRun(s);
  }
  return parts.join('/');
}
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

// segments made to land near every boundary of the heuristics: digits, hex runs around
// 12, UUID shapes, mixed case tokens around 20, dashes, underscores and other bytes
const segment = fc.oneof(
  // every length up to 40 equally likely (fc.string alone favours short strings)
  fc.nat(40).chain((n) => fc.string({ unit: fc.constantFrom('0', '7', 'a', 'f', 'F', 'g', 'Z', 'q', '-', '_', '.', '~', 'é'), minLength: n, maxLength: n })),
  fc.uuid(),
  fc.stringMatching(/^[a-z]{0,4}\.?[0-9a-f]{10,14}\.?[a-z]{0,3}$/),
  fc.stringMatching(/^[a-z]{1,3}[._-][0-9]{11,13}([._-][a-f]{1,3})?$/),
  fc.constantFrom('', 'users', 'v1', 'h264', ':id', ':hash', 'logstash-puppetconf-2012'),
);
const path = fc.oneof(
  fc.array(segment, { maxLength: 8 }).map((segs) => '/' + segs.join('/')),
  fc.string({ maxLength: 12 }),
);

describe('TemplateScan', () => {
  it('templates every path as the split-and-join reference does, with the hash of that text and of the path', () => {
    fc.assert(
      fc.property(path, (p) => {
        const scan = new TemplateScan();
        scan.scan(p);
        const expected = referenceTemplate(p);
        expect(scan.text()).toBe(expected);
        expect(heuristicTemplate(p)).toBe(expected);
        expect(scan.hash).toBe(fnv(expected));
        expect(scan.pathHash).toBe(fnv(p));
        expect(scan.sameAs(expected)).toBe(true);
      }),
      { numRuns: 4000 },
    );
  });

  it('tells a template apart from every other, compared in place', () => {
    fc.assert(
      fc.property(path, path, (a, b) => {
        const scan = new TemplateScan();
        scan.scan(a);
        const mine = referenceTemplate(a);
        const other = referenceTemplate(b);
        // and from itself with one token changed: tokens are compared as text, not only by length
        const tokenVariants = [mine.replace(':id', ':ix'), mine.replace(':id', ':hash'), mine.replace(':hash', ':id'), mine.replace(':hash', ':hasx')];
        for (const t of [other, other + '/', other.slice(0, -1), mine + 'x', mine.slice(1), ...tokenVariants]) expect(scan.sameAs(t)).toBe(mine === t);
      }),
      { numRuns: 4000 },
    );
  });
});

describe('CubeBuilder route ids', () => {
  function record(path: string | null, time: number): LogRecord {
    return { ...emptyRecord(), time, method: 'GET', path, status: 200, client: '192.0.2.1' };
  }

  it('match the templates past the route cap, after the template table was emptied, and across coarsening', () => {
    // 40k distinct folded templates (slugs are not ids) fill the 32k-slot table more than
    // twice; a minute per line over 20 windows at most coarsens the cube (and renumbers
    // route ids) again and again
    const b = new CubeBuilder({ routeCap: 50, windowMs: 60_000, maxWindows: 20 });
    const paths: (string | null)[] = [];
    for (let i = 0; i < 40_000; i++) paths.push(`/kept-${i % 50}/${i % 7}`, `/folded/item-x${i}`, `/kept-${i % 50}/page`, null);
    paths.forEach((p, i) => b.add(record(p, Date.UTC(2026, 10, 16) + i * 60_000), 0, i + 1, 'body'));
    expect(b.cube.windowMs).toBeGreaterThan(60_000);
    const cube = b.cube;
    const counted = new Map<string, number>();
    for (const c of cube.cells()) counted.set(c.route, (counted.get(c.route) ?? 0) + c.count);
    // the first 50 templates met are kept, every later one is (other)
    const kept = new Set<string>();
    const expected = new Map<string, number>();
    for (const p of paths) {
      const t = p === null ? '-' : referenceTemplate(p);
      if (!kept.has(t) && kept.size < 50) kept.add(t);
      const route = kept.has(t) ? t : '(other)';
      expected.set(route, (expected.get(route) ?? 0) + 1);
    }
    expect(counted).toEqual(expected);
    expect(cube.requestsFolded).toBe(expected.get('(other)'));
  });
});
