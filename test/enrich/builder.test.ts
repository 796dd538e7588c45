import { describe, expect, it } from 'vitest';
import { OTHER_ROUTE } from '../../src/cube/cube.js';
import { CubeBuilder } from '../../src/enrich/builder.js';
import { emptyRecord } from '../../src/formats/types.js';

function rec(time: number, path: string, status = 200, client = '10.0.0.1') {
  return { ...emptyRecord(), time, method: 'GET', path, status, client, bytes: 10 };
}

const T0 = Date.UTC(2026, 10, 16);

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
});
