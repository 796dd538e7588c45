import { describe, expect } from 'vitest';
import rule from '../../rules/not-found-for-wrong-method.js';
import { clf, ruleTester } from './rule-tester.js';

const T = '2026-11-16T03:05:00Z';
const t = (s: number): string => new Date(Date.parse(T) + s * 1000).toISOString();
/** n lines of one method/path/status from distinct clients */
const many = (n: number, method: string, path: (i: number) => string, status: number, from = 0): string[] =>
  Array.from({ length: n }, (_, i) => clf({ time: t(from + i), ip: `198.51.100.${i + 1}`, method, path: path(i), status }));

describe('not-found-for-wrong-method', () => {
  ruleTester(rule, {
    valid: [
      { name: 'GET on a templated route: some ids exist, others 404 (same method)', lines: [...many(10, 'GET', (i) => `/api/users/${i}`, 200), ...many(10, 'GET', (i) => `/api/users/${100 + i}`, 404, 20)] },
      { name: 'deleted resources: the route only ever succeeds for DELETE, then GETs 404', lines: [...many(6, 'DELETE', (i) => `/api/items/${i}`, 204), ...many(6, 'GET', (i) => `/api/items/${i}`, 404, 10)] },
      { name: 'too few 404s to call it consistent', lines: [...many(10, 'GET', () => '/login', 200), ...many(4, 'POST', () => '/login', 404, 20)] },
      { name: 'the method sometimes succeeds: inconsistent, not a missing handler', lines: [...many(10, 'GET', () => '/cart', 200), ...many(8, 'POST', () => '/cart', 404, 20), clf({ time: t(40), method: 'POST', path: '/cart', status: 201 })] },
      { name: 'already 405', lines: [...many(10, 'GET', () => '/login', 200), ...many(10, 'DELETE', () => '/login', 405, 20)] },
      { name: 'non-standard method tokens (scanners) are not judged', lines: [...many(10, 'GET', () => '/', 200), ...many(10, 'PROPFIND', () => '/', 404, 20)] },
      { name: 'one client alone (a script retrying a typo of the method) is not enough', lines: [...many(10, 'GET', () => '/login', 200), ...Array.from({ length: 6 }, (_, i) => clf({ time: t(20 + i), ip: '192.0.2.9', method: 'PUT', path: '/login', status: 404 }))] },
      { name: 'a route served for nothing', lines: [...many(10, 'GET', () => '/nope', 404), ...many(10, 'POST', () => '/nope', 404, 20)] },
    ],
    invalid: [
      {
        name: 'POST 404s consistently on a route served for GET: 405 + Allow',
        lines: [...many(8, 'GET', () => '/api/v1/orders', 200), ...many(6, 'POST', () => '/api/v1/orders', 404, 20)],
        findings: [
          {
            severity: 'warning',
            method: 'POST',
            route: '/api/v1/orders',
            status: [404],
            count: 6,
            advice: expect.stringContaining('405 Method Not Allowed with `Allow: GET, HEAD`'),
            evidence: expect.objectContaining({ servedMethods: ['GET'], served2xx: 8, notFound: 6, suggestedAllow: 'GET, HEAD', clients: 6 }),
            samples: [{ file: 'case.log', line: 9 }, { file: 'case.log', line: 10 }, { file: 'case.log', line: 11 }],
          },
        ],
      },
      {
        name: 'DELETE not implemented on a templated route where GET and PUT work',
        lines: [...many(5, 'GET', (i) => `/api/users/${i}`, 200), ...many(5, 'PUT', (i) => `/api/users/${i}`, 200, 10), ...many(7, 'DELETE', (i) => `/api/users/${i}`, 404, 20)],
        findings: [{ method: 'DELETE', route: '/api/users/:id', evidence: expect.objectContaining({ servedMethods: ['GET', 'PUT'], suggestedAllow: 'GET, HEAD, PUT' }) }],
      },
      {
        name: 'a release drops the DELETE handler: 404 since then, while GET is still served',
        windowMs: 60_000,
        lines: [
          ...many(4, 'GET', (i) => `/api/orders/${i}`, 200),
          ...many(3, 'DELETE', (i) => `/api/orders/${i}`, 204, 5),
          ...many(6, 'GET', (i) => `/api/orders/${10 + i}`, 200, 600),
          ...many(6, 'DELETE', (i) => `/api/orders/${10 + i}`, 404, 610),
        ],
        findings: [
          {
            method: 'DELETE',
            route: '/api/orders/:id',
            count: 6,
            message: expect.stringContaining('since 2026-11-16T03:15:00.000Z, although it succeeded before (a handler went missing)'),
            advice: expect.stringContaining('restore it'),
            evidence: expect.objectContaining({ servedMethods: ['GET'], served2xx: 6, since: '2026-11-16T03:15:00.000Z' }),
          },
        ],
      },
      {
        name: 'HEAD answered 404 where GET is served (servers must support HEAD for GET resources)',
        lines: [...many(5, 'GET', () => '/downloads/app.zip', 200), ...many(5, 'HEAD', () => '/downloads/app.zip', 404, 10)],
        findings: [{ method: 'HEAD', status: [404], advice: expect.stringContaining('Answer HEAD exactly like GET') }],
      },
      {
        name: 'OPTIONS answered 404 on a served route: describe the methods instead',
        lines: [...many(5, 'GET', () => '/api/v1/catalog', 200), ...many(5, 'OPTIONS', () => '/api/v1/catalog', 404, 10)],
        findings: [{ method: 'OPTIONS', advice: expect.stringContaining('Answer OPTIONS with 204 and `Allow: GET, HEAD, OPTIONS`') }],
      },
      {
        name: '501 for a standard method the route serves for others, and the server serves elsewhere',
        lines: [...many(5, 'GET', () => '/api/v1/profile', 200), ...many(3, 'PATCH', () => '/api/v1/settings', 200, 10), clf({ time: t(20), method: 'PATCH', path: '/api/v1/profile', status: 501 })],
        findings: [{ method: 'PATCH', route: '/api/v1/profile', status: [501], count: 1, evidence: expect.objectContaining({ methodServedElsewhere: true }), advice: expect.stringContaining('405') }],
      },
    ],
  });
});
