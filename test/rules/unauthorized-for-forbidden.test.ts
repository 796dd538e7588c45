import { describe, expect } from 'vitest';
import rule from '../../rules/unauthorized-for-forbidden.js';
import { clf, ruleTester } from './rule-tester.js';

const T0 = Date.parse('2026-11-16T10:00:00Z');
const at = (s: number): string => new Date(T0 + s * 1000).toISOString();
/** ordinary expired tokens on the other routes: 401 → refresh → 200 */
const refreshed = (n: number, route = '/api/v1/orders') =>
  Array.from({ length: n }, (_, k) => [
    clf({ ip: `192.0.2.${k + 1}`, time: at(k * 90), path: route, status: 401, bytes: 0 }),
    clf({ ip: `192.0.2.${k + 1}`, time: at(k * 90 + 1), method: 'POST', path: '/oauth/token', status: 200 }),
    clf({ ip: `192.0.2.${k + 1}`, time: at(k * 90 + 2), path: route, status: 200 }),
  ]).flat();
/** a signed-in client refused on `route`, then served elsewhere 40 s later without a refresh */
const refusedThenServed = (k: number, route = '/api/v1/admin/users', user = '-') => [
  clf({ ip: `198.51.100.${k + 1}`, user, time: at(k * 120), path: '/api/v1/users/me', status: 200 }),
  clf({ ip: `198.51.100.${k + 1}`, user, time: at(k * 120 + 1), path: route, status: 401, bytes: 0 }),
  clf({ ip: `198.51.100.${k + 1}`, user, time: at(k * 120 + 45), path: '/api/v1/orders', status: 200 }),
];

describe('unauthorized-for-forbidden', () => {
  ruleTester(rule, {
    valid: [
      { name: 'expired tokens refreshed', lines: refreshed(20) },
      {
        name: 'a wrong password typed again (401 then 200 on the same route)',
        lines: Array.from({ length: 10 }, (_, k) => [
          clf({ ip: `198.51.100.${k + 1}`, user: 'bob', time: at(k * 60), path: '/admin', status: 401, bytes: 0 }),
          clf({ ip: `198.51.100.${k + 1}`, user: 'bob', time: at(k * 60 + 8), path: '/admin', status: 200 }),
          clf({ ip: `198.51.100.${k + 1}`, user: 'bob', time: at(k * 60 + 50), path: '/wiki', status: 200 }),
        ]).flat(),
      },
      {
        name: 'a parallel request already in flight succeeds, then the client refreshes (not working credentials)',
        lines: [
          ...refreshed(5),
          ...Array.from({ length: 10 }, (_, k) => [
            clf({ ip: `198.51.100.${k + 1}`, time: at(k * 60), path: '/api/v1/orders', status: 200 }),
            clf({ ip: `198.51.100.${k + 1}`, time: at(k * 60 + 1), path: '/api/v1/invoices', status: 401, bytes: 0 }),
            clf({ ip: `198.51.100.${k + 1}`, time: at(k * 60 + 1), path: '/api/v1/cart', status: 200 }),
            clf({ ip: `198.51.100.${k + 1}`, time: at(k * 60 + 2), method: 'POST', path: '/oauth/token', status: 200 }),
            clf({ ip: `198.51.100.${k + 1}`, time: at(k * 60 + 40), path: '/api/v1/orders', status: 200 }),
          ]).flat(),
        ],
      },
      {
        name: 'a key rotation that fails requests at random on every route alike',
        lines: Array.from({ length: 40 }, (_, k) =>
          ['/api/v1/orders', '/api/v1/cart', '/api/v1/invoices'].map((r, j) => clf({ ip: `198.51.100.${(k % 10) + 1}`, time: at(k * 40 + j), path: r, status: (k + j) % 2 === 0 ? 401 : 200 })),
        ).flat(),
      },
      { name: '403 is the right answer', lines: [...refreshed(5), ...Array.from({ length: 8 }, (_, k) => refusedThenServed(k).map((l) => l.replace('" 401 ', '" 403 '))).flat()] },
    ],
    invalid: [
      {
        name: 'signed-in users refused on an admin route and served elsewhere right after',
        lines: [...refreshed(6), ...Array.from({ length: 8 }, (_, k) => refusedThenServed(k)).flat()],
        findings: [
          {
            severity: 'warning',
            route: '/api/v1/admin/users',
            status: [401],
            count: 8,
            evidence: expect.objectContaining({ unauthorized: 8, toWorkingCredentials: 8, confirmedBySuccessElsewhere: 8, shareOnOtherRoutes: 0 }),
            advice: expect.stringContaining('403'),
          },
        ],
      },
      {
        name: 'a 401 that carries the user id and is never explained by a refresh (JSON app log)',
        logFormat: 'json',
        lines: [
          ...Array.from({ length: 6 }, (_, k) => JSON.stringify({ time: at(k * 30), remote_addr: `192.0.2.${k + 1}`, method: 'GET', uri: '/api/v1/orders', status: 401 })),
          ...Array.from({ length: 6 }, (_, k) => JSON.stringify({ time: at(k * 30 + 1), remote_addr: `192.0.2.${k + 1}`, method: 'POST', uri: '/oauth/token', status: 200 })),
          ...Array.from({ length: 7 }, (_, k) => JSON.stringify({ time: at(k * 30 + 5), remote_addr: `198.51.100.${k + 1}`, user_id: `u${k}`, method: 'DELETE', uri: '/api/v1/projects/42', status: 401 })),
        ],
        findings: [{ method: 'DELETE', route: '/api/v1/projects/:id', evidence: expect.objectContaining({ withIdentity: 7, toWorkingCredentials: 7 }) }],
      },
    ],
  });
});
