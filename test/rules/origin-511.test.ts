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
