import { describe, expect, it } from 'vitest';
import { CubeBuilder } from '../../src/enrich/builder.js';
import { RedirectFollowUps, REDIRECT_FOLLOW_UP_MS } from '../../src/enrich/redirects.js';
import { emptyRecord, type LogRecord } from '../../src/formats/types.js';

const T0 = Date.UTC(2026, 10, 16, 3, 5);

function rec(time: number, method: string, path: string, status: number, client = '198.51.100.1'): LogRecord {
  return { ...emptyRecord(), time, method, path, status, client, bytes: 0, userAgent: 'Mozilla/5.0 Firefox/128.0' };
}

function followed(b: CubeBuilder): number {
  return b.cube.cells().reduce((n, c) => n + c.m.redirectFollowedByGet, 0);
}

describe('redirect follow-ups (evidence for redirect-changes-method)', () => {
  it('counts a GET of another path right after a redirected write, on the redirect cell', () => {
    const b = new CubeBuilder();
    b.add(rec(T0, 'POST', '/contact', 302), 0, 1, 'body');
    b.add(rec(T0 + 1000, 'GET', '/thanks', 200), 0, 2, 'body');
    const cell = b.cube.cells().find((c) => c.method === 'POST')!;
    expect(cell.m.redirectFollowedByGet).toBe(1);
    expect(b.cube.cells().find((c) => c.method === 'GET')!.m.redirectFollowedByGet).toBe(0);
  });

  it('needs the same client, a GET, another path, and the next request within the limit', () => {
    const cases: LogRecord[][] = [
      [rec(T0, 'POST', '/a', 302), rec(T0 + 1000, 'GET', '/b', 200, '192.0.2.1')],
      [rec(T0, 'POST', '/a', 302), rec(T0 + 1000, 'POST', '/b', 200)],
      [rec(T0, 'POST', '/a', 302), rec(T0 + 1000, 'GET', '/a', 200)],
      [rec(T0, 'POST', '/a', 302), rec(T0 + REDIRECT_FOLLOW_UP_MS + 1, 'GET', '/b', 200)],
      [rec(T0, 'PUT', '/a', 301), rec(T0 + 1000, 'GET', '/b', 200)],
      [rec(T0, 'POST', '/a', 303), rec(T0 + 1000, 'GET', '/b', 200)],
      [rec(T0, 'GET', '/a', 302), rec(T0 + 1000, 'GET', '/b', 200)],
    ];
    const got = cases.map((lines) => {
      const b = new CubeBuilder();
      lines.forEach((r, i) => b.add(r, 0, i + 1, 'body'));
      return followed(b);
    });
    // other client, not a GET, same path, too late: no; PUT 301 then GET /b: yes; 303 or a redirected GET: not tracked
    expect(got).toEqual([0, 0, 0, 0, 1, 0, 0]);
  });

  it('survives coarsening: the redirect cell is found again by its key, not its old slot', () => {
    const b = new CubeBuilder({ windowMs: 1000, maxWindows: 3 });
    for (let i = 0; i < 5; i++) b.add(rec(T0 + i * 1000, 'GET', '/x', 200, '192.0.2.9'), 0, i + 1, 'body');
    b.add(rec(T0 + 5000, 'POST', '/form', 302), 0, 6, 'body');
    for (let i = 0; i < 5; i++) b.add(rec(T0 + 6000 + i * 1000, 'GET', '/y', 200, '192.0.2.9'), 0, 7 + i, 'body');
    b.add(rec(T0 + 6500, 'GET', '/done', 200), 0, 20, 'body');
    expect(b.cube.windowMs).toBeGreaterThan(1000);
    expect(followed(b)).toBe(1);
  });

  it('compares paths by their hash pair, a missing path being unlike any other', () => {
    const follows = (first: string | null, then: string | null): boolean => {
      const f = new RedirectFollowUps(100);
      f.observe(1, 3, 'POST', first, 302, T0, 0, 0);
      return f.observe(1, 3, 'GET', then, 200, T0 + 1000, 0, 0) !== null;
    };
    expect([follows('/a', '/b'), follows('/a', '/a'), follows(null, '/b'), follows('/a', null), follows(null, null)]).toEqual([true, false, true, true, false]);
  });

  it('is bounded: pending redirects of clients that never come back are dropped by generation', () => {
    const f = new RedirectFollowUps(100);
    for (let i = 0; i < 10_000; i++) f.observe(`c${i}`, 'POST', '/a', 302, T0 + i, 0, 0);
    // the map holds at most its budget (two generations of half the budget each)
    expect((f as unknown as { pending: { size: number } }).pending.size).toBeLessThanOrEqual(100);
  });
});
