import { describe, expect, it } from 'vitest';
import { OTHER_ROUTE } from '../../src/cube/cube.js';
import { CubeBuilder } from '../../src/enrich/builder.js';
import { emptyRecord } from '../../src/formats/types.js';

function rec(time: number, path: string, status = 200, client = '10.0.0.1') {
  return { ...emptyRecord(), time, method: 'GET', path, status, client, bytes: 10 };
}

const T0 = Date.UTC(2026, 10, 16);

describe('CubeBuilder reads', () => {
  it('a cube read while it is being built counts the lines added after the read', () => {
    // the cube caches what it has read (status totals, cell order); adding must drop that
    const b = new CubeBuilder();
    b.add(rec(T0, '/a', 401), 0, 1, 'body');
    expect(b.cube.statusCounts().get(401)).toBe(1);
    expect(b.cube.cells().map((c) => c.count)).toEqual([1]);
    b.add(rec(T0 + 1000, '/a', 401), 0, 2, 'body');
    expect(b.cube.statusCounts().get(401)).toBe(2);
    expect(b.cube.cells().map((c) => c.count)).toEqual([2]);
    expect(b.cube.totalRequests()).toBe(2);
  });
});

describe('CubeBuilder bounds', () => {
  it('folds routes past the cap into (other) and counts what folded', () => {
    const b = new CubeBuilder({ routeCap: 3 });
    for (let i = 0; i < 10; i++) b.add(rec(T0, `/page-${'abcdefghij'[i]}`), 0, i + 1, 'body');
    expect(b.cube.routes).toEqual(['/page-a', '/page-b', '/page-c', OTHER_ROUTE]);
    expect(b.cube.pathsFolded).toBe(7);
    expect(b.cube.requestsFolded).toBe(7);
    expect(b.cube.totalRequests()).toBe(10);
  });

  it('coarsens windows when distinct windows exceed the cap, keeping every count', () => {
    const b = new CubeBuilder({ windowMs: 60_000, maxWindows: 100 });
    for (let i = 0; i < 1000; i++) b.add(rec(T0 + i * 60_000, '/'), 0, i + 1, 'body');
    expect(b.cube.windowMs).toBeGreaterThan(60_000);
    expect(b.cube.windows.length).toBeLessThanOrEqual(100);
    expect(b.cube.totalRequests()).toBe(1000);
  });

  it('coarsens windows when cells exceed the cap (thousands of routes × windows)', () => {
    const b = new CubeBuilder({ windowMs: 60_000, maxCells: 2000, routeCap: 5000 });
    for (let w = 0; w < 60; w++) for (let r = 0; r < 100; r++) b.add(rec(T0 + w * 60_000, `/r${String.fromCharCode(97 + (r % 26))}${Math.floor(r / 26)}x`), 0, 1, 'body');
    expect(b.cube.size).toBeLessThanOrEqual(2000);
    expect(b.cube.windowMs).toBeGreaterThanOrEqual(5 * 60_000);
    expect(b.cube.totalRequests()).toBe(6000);
  });

  it('timestamps jumping across years stay bounded', () => {
    const b = new CubeBuilder({ maxWindows: 1000 });
    for (let i = 0; i < 5000; i++) b.add(rec(Date.UTC(1990 + (i % 40), i % 12, 1 + (i % 28)), '/'), 0, i + 1, 'body');
    expect(b.cube.windows.length).toBeLessThanOrEqual(1000);
    expect(b.cube.totalRequests()).toBe(5000);
  });

  it('each request lands in its own window and route attributions, with more route keys than cache slots and windows interleaved', () => {
    // 2000 routes × 2 methods × 5 statuses: 20k route × status keys, more than the 8192
    // slots of the builder's direct-mapped cache, so keys share slots; times jump between
    // six windows, so the current-window cache keeps changing
    const letters = (i: number): string => (i < 26 ? '' : letters(Math.floor(i / 26) - 1)) + String.fromCharCode(97 + (i % 26));
    const statuses = [200, 201, 404, 500, 503];
    const b = new CubeBuilder({ routeCap: 5000 });
    let seed = 7;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let i = 0; i < 60_000; i++) {
      const r = { ...rec(T0 + next(6) * 300_000 + next(1000), `/${letters(next(2000))}`, statuses[next(5)]!, `10.0.${next(4)}.${next(200)}`), method: next(2) === 0 ? 'GET' : 'POST' };
      b.add(r, 0, i + 1, 'body');
    }
    const cube = b.cube;
    expect(cube.routes.length).toBe(2000);
    const byRoute = new Map<string, number>();
    const byWindow = new Map<string, number>();
    for (const c of cube.cells()) {
      const rk = `${c.method} ${c.route} ${c.status}`;
      byRoute.set(rk, (byRoute.get(rk) ?? 0) + c.count);
      const wk = `${c.window} ${c.status}`;
      byWindow.set(wk, (byWindow.get(wk) ?? 0) + c.count);
    }
    expect(byRoute.size).toBeGreaterThan(8192);
    for (const [k, n] of byRoute) {
      const [method, route, status] = k.split(' ');
      expect(cube.whoOnRoute(method!, route!, Number(status))!.clients.total()).toBe(n);
    }
    for (const [k, n] of byWindow) {
      const [window, status] = k.split(' ').map(Number);
      expect(cube.whoInWindow(window!, status!)!.clients.total()).toBe(n);
    }
  });
});

describe('CubeBuilder soft-404 evidence', () => {
  // the path table is keyed by a hash of the path that the route lookup computes on the
  // way: with or without user templates, distinct paths of one route must stay distinct
  for (const routes of [[], ['/products/:id']]) {
    it(`counts the first 200 of each distinct path once (${routes.length === 0 ? 'heuristic routes' : 'user templates'})`, () => {
      const b = new CubeBuilder({ routes });
      const paths = ['/products/1', '/products/2', '/products/1', '/products/3', '/products/2', '/products/4'];
      paths.forEach((p, i) => b.add(rec(T0, p), 0, i + 1, 'body'));
      const [cell] = b.cube.cells();
      expect(b.cube.cells()).toHaveLength(1);
      expect(cell!.route).toBe('/products/:id');
      expect(cell!.m.firstSeen200).toBe(4);
    });
  }
});

describe('CubeBuilder finish', () => {
  it('hands its path table to the next builder emptied: a second file of the same paths finds them all new again', () => {
    const paths = ['/products/1', '/products/2', '/products/1', '/products/3'];
    const firstSeen = (): number => {
      const b = new CubeBuilder();
      paths.forEach((p, i) => b.add(rec(T0, p), 0, i + 1, 'body'));
      const cube = b.finish();
      expect(() => b.add(rec(T0, '/products/9'), 0, 9, 'body')).toThrow(/after finish/);
      return cube.cells()[0]!.m.firstSeen200;
    };
    expect(firstSeen()).toBe(3);
    expect(firstSeen()).toBe(3);
  });
});

describe('CubeBuilder credential paths', () => {
  /** a 401 on /api/orders, then a 200 on `refreshPath` a second later: is the refusal explained as an expired credential? */
  function explained(refreshPath: string, routes: string[] = []): number {
    const b = new CubeBuilder({ routes });
    b.add(rec(T0, '/api/orders', 401), 0, 1, 'body');
    b.add(rec(T0 + 1000, refreshPath, 200), 0, 2, 'body');
    return b.cube.measureTotal('refusalExplained');
  }

  it.each([
    // the route's template tells, judged once per route
    ['/oauth/token', [], 1],
    ['/api/v1/Auth/refresh', [], 1],
    ['/app.0123456789ab/login', [], 1],
    ['/api/products', [], 0],
    // the template /s/:id hides the word: judged per path
    ['/s/sessionAB12cd34EF56gh', [], 1],
    ['/s/catalogAB12cd34EF56gh', [], 0],
    // a user template hides it too
    ['/p/login', ['/p/:page'], 1],
    ['/p/about', ['/p/:page'], 0],
  ] as const)('a 2xx on %s (user templates %j) after a 401 explains it: %i', (path, routes, want) => {
    expect(explained(path, [...routes])).toBe(want);
  });

  it('judges a folded route (other) per path', () => {
    const b = new CubeBuilder({ routeCap: 2 });
    b.add(rec(T0, '/api/orders', 401), 0, 1, 'body');
    b.add(rec(T0 + 500, '/a', 200, '10.9.9.9'), 0, 2, 'body');
    // past the cap: both land on (other), one a login and one not
    b.add(rec(T0 + 1000, '/about', 200), 0, 3, 'body');
    expect(b.cube.measureTotal('refusalExplained')).toBe(0);
    b.add(rec(T0 + 2000, '/login', 200), 0, 4, 'body');
    expect(b.cube.routes).toContain(OTHER_ROUTE);
    expect(b.cube.measureTotal('refusalExplained')).toBe(1);
  });
});
