import { describe, expect, it } from 'vitest';
import { Cube, MEASURE_INDEX } from '../../src/cube/cube.js';
import { timeline } from '../../src/report/build.js';

describe('timeline', () => {
  it('counts each window by status class, with 401s and 5xx apart', () => {
    const c = new Cube(60_000);
    const t0 = Date.UTC(2026, 10, 16) / 60_000;
    const put = (windowIndex: number, status: number, n: number): void => {
      c.add(c.slot(c.windowId(windowIndex), c.methodId('GET'), c.routeId('/x'), status), MEASURE_INDEX.count, n);
    };
    // one window with every class and two codes outside 100-599, a later one with a 5xx only
    for (const [status, n] of [[101, 1], [204, 2], [302, 3], [401, 4], [404, 5], [503, 6], [599, 7], [99, 8], [600, 9]] as const) put(t0, status, n);
    put(t0 + 2, 500, 10);
    expect(timeline(c)).toEqual([
      { start: '2026-11-16T00:00:00.000Z', requests: 45, classes: { '1xx': 1, '2xx': 2, '3xx': 3, '4xx': 9, '5xx': 13, other: 17 }, unauthorized: 4, serverErrors: 13 },
      { start: '2026-11-16T00:02:00.000Z', requests: 10, classes: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 10, other: 0 }, unauthorized: 0, serverErrors: 10 },
    ]);
  });
});
