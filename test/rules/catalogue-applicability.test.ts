import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { Cube } from '../../src/cube/cube.js';
import { withDefaults } from '../../src/engine/options.js';
import type { Rule, RuleContext } from '../../src/engine/types.js';

/**
 * A cube from a metrics source (Prometheus) has `count` only and no per-client
 * attribution: the catalogue rules must run on it without guessing — count-only rules
 * still work, the others say "not applicable" once.
 */
const CATALOGUE = [
  'redirect-changes-method', 'body-on-bodyless-status', 'unregistered-status', 'not-found-for-wrong-method',
  'unavailable-for-rate-limit', 'preflight-auth-failure', 'missing-retry-after', 'missing-allow', 'missing-location',
];
const ctx = (rule: Rule): RuleContext => ({ severity: 'warning', options: withDefaults(rule.meta.options), events: [], formats: [] });

function countsOnlyCube(cells: [method: string, route: string, status: number, count: number][]): Cube {
  const cube = new Cube(300_000);
  for (const m of [...cube.available]) if (m !== 'count') cube.available.delete(m);
  const w = cube.windowId(Math.floor(Date.UTC(2026, 10, 16, 3) / 300_000));
  for (const [method, route, status, count] of cells) cube.add(cube.slot(w, cube.methodId(method), cube.routeId(route), status), 0, count);
  return cube;
}

describe('catalogue rules on a counts-only cube (metrics source)', () => {
  const cube = countsOnlyCube([
    ['POST', '/login', 302, 40],
    ['DELETE', '/api/items/:id', 204, 10],
    ['GET', '/api/v1/orders', 200, 50],
    ['POST', '/api/v1/orders', 404, 20],
    ['GET', '/api/search', 503, 30],
    ['OPTIONS', '/api/v1/orders', 401, 5],
    ['GET', '/teapot', 418, 3],
  ]);
  const result = (id: string) => {
    const rule = RULES.find((r) => r.meta.id === id)!;
    return rule.check(cube, ctx(rule));
  };

  it('rules that need per-request measures or attribution say so', () => {
    for (const id of ['body-on-bodyless-status', 'missing-retry-after', 'missing-allow', 'missing-location', 'unavailable-for-rate-limit']) {
      expect(result(id), id).toHaveProperty('notApplicable');
    }
  });

  it('count-only rules still find what counts show', () => {
    expect(result('redirect-changes-method')).toMatchObject([{ method: 'POST', route: '/login', count: 40, evidence: { followedByGet: null } }]);
    expect(result('unregistered-status')).toMatchObject([{ status: [418], count: 3 }]);
    // without attribution the client count is unknown, so it is not held against the 404s
    expect(result('not-found-for-wrong-method')).toMatchObject([{ method: 'POST', route: '/api/v1/orders', count: 20 }]);
    // without user agents a preflight cannot be told from a WebDAV challenge: info, with the caveat
    expect(result('preflight-auth-failure')).toMatchObject([{ route: '/api/v1/orders', count: 5, severity: 'info', message: expect.stringContaining('cannot be told') }]);
  });

  it('covers every catalogue rule', () => {
    for (const id of CATALOGUE) expect(RULES.some((r) => r.meta.id === id), id).toBe(true);
  });
});
