import { expect } from 'vitest';
import { describe } from 'vitest';
import rule from '../../rules/origin-511.js';
import { clf, ruleTester } from './rule-tester.js';

const T = '2026-11-16T03:05:00Z';

describe('origin-511', () => {
  ruleTester(rule, {
    valid: [
      { name: 'no 511 at all', lines: [clf({ time: T, path: '/api/v1/orders', status: 401 }), clf({ time: T, path: '/', status: 200 })] },
      { name: 'a 503 during an outage', lines: [clf({ time: T, path: '/checkout', method: 'POST', status: 503 })] },
      { name: 'off by override', severity: 'off', lines: [clf({ time: T, path: '/api', status: 511 })] },
    ],
    invalid: [
      {
        name: 'missing credentials on an auth route',
        lines: [clf({ time: T, path: '/api/login', method: 'POST', status: 511 }), clf({ time: '2026-11-16T03:20:00Z', path: '/api/login', method: 'POST', status: 511 })],
        findings: [
          {
            severity: 'error',
            method: 'POST',
            route: '/api/login',
            status: [511],
            count: 2,
            window: { start: '2026-11-16T03:05:00.000Z', end: '2026-11-16T03:25:00.000Z' },
            evidence: expect.objectContaining({ usedAs: 'missing-credentials' }),
            samples: [{ file: 'case.log', line: 1 }, { file: 'case.log', line: 2 }],
          },
        ],
      },
      {
        name: 'stands in for a server error when the route also fails with 5xx',
        lines: [
          clf({ time: T, path: '/checkout', method: 'POST', status: 502, user: 'alice' }),
          clf({ time: T, path: '/checkout', method: 'POST', status: 511, user: 'bob' }),
        ],
        findings: [{ route: '/checkout', count: 1, evidence: expect.objectContaining({ usedAs: 'server-error', serverErrorsInSameWindows: 1 }), advice: expect.stringContaining('503') }],
      },
      {
        name: 'one finding per route, ids templated',
        lines: [clf({ time: T, path: '/api/v1/users/42', status: 511 }), clf({ time: T, path: '/api/v1/users/43', status: 511 }), clf({ time: T, path: '/api/v1/orders', status: 511 })],
        findings: [{ route: '/api/v1/orders', count: 1 }, { route: '/api/v1/users/:id', count: 2 }],
      },
      {
        name: 'severity override applies',
        severity: 'warning',
        lines: [clf({ time: T, path: '/api', status: 511 })],
        findings: [{ severity: 'warning' }],
      },
    ],
  });
});

describe('origin-511 (what the 511s stand for)', () => {
  const busy = (from: string, n: number, status: (i: number) => number, path = '/api/v1/orders', user = 'alice') =>
    Array.from({ length: n }, (_, i) => clf({ time: new Date(Date.parse(from) + i * 10_000).toISOString(), path, status: status(i), user, ip: `198.51.100.${(i % 20) + 1}` }));
  ruleTester(rule, {
    valid: [{ name: 'a proxy-free log without 511', lines: busy('2026-11-16T08:00:00Z', 30, () => 200) }],
    invalid: [
      {
        name: 'an outage: the route stops succeeding while it answers 511 (no other 5xx)',
        lines: [...busy('2026-11-16T08:00:00Z', 60, () => 200), ...busy('2026-11-16T10:00:00Z', 20, (i) => (i % 4 !== 0 ? 511 : 200))],
        findings: [{ evidence: expect.objectContaining({ usedAs: 'server-error', serverErrorsInSameWindows: 0 }), message: expect.stringContaining('success rate fell') }],
      },
      {
        name: 'a stray 500 on a busy route does not turn a missing-credentials 511 into a server error',
        lines: [
          ...busy('2026-11-16T08:00:00Z', 200, (i) => (i % 50 === 0 ? 500 : 200)),
          ...busy('2026-11-16T08:00:05Z', 200, (i) => (i % 20 === 0 ? 511 : 200), '/api/v1/orders', '-').map((l) => l.replace('198.51.100.', '192.0.2.')),
        ],
        findings: [{ evidence: expect.objectContaining({ usedAs: 'missing-credentials' }), advice: expect.stringContaining('WWW-Authenticate') }],
      },
      {
        name: 'when the upstream answered otherwise, a proxy in front sent it (JSON with upstream_status)',
        logFormat: 'json',
        lines: [JSON.stringify({ time: '2026-11-16T10:00:00Z', remote_addr: '203.0.113.4', method: 'GET', uri: '/api/v1/orders', status: 511, upstream_status: 200 })],
        findings: [{ severity: 'warning', evidence: expect.objectContaining({ usedAs: 'proxy', upstreamKnown: 1, upstreamAnswered511: 0 }) }],
      },
    ],
  });
});
