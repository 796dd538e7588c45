import { describe, expect } from 'vitest';
import rule from '../../rules/server-error-spike.js';
import { ruleTester } from './rule-tester.js';
import { traffic } from './traffic.js';

describe('server-error-spike', () => {
  ruleTester(rule, {
    valid: [
      { name: 'a steady trickle of 500s', lines: traffic({ windows: 48, perWindow: 40, status: (w, i) => ((w * 40 + i) % 97 === 0 ? 500 : 200) }) },
      { name: 'a busy hour with the same error share', lines: traffic({ windows: 36, perWindow: 30, status: (w, i) => (i % 30 === 0 ? 503 : 200) }).concat(traffic({ start: '2026-11-16T11:00:00Z', windows: 6, perWindow: 300, status: (_w, i) => (i % 30 === 0 ? 503 : 200) })) },
      { name: '511 is origin-511\'s', lines: traffic({ windows: 36, perWindow: 40, status: (w, i) => (w >= 24 && i % 2 === 0 ? 511 : 200) }) },
      { name: 'errors from the first line on: no baseline', lines: traffic({ windows: 10, perWindow: 40, status: (_w, i) => (i % 2 === 0 ? 502 : 200) }) },
    ],
    invalid: [
      {
        name: 'an incident on every route that ends',
        lines: traffic({ windows: 36, perWindow: 40, status: (w, i) => (w >= 24 && w < 28 ? (i % 3 === 0 ? 503 : i % 3 === 1 ? 502 : 200) : 200) }),
        events: [{ name: 'deploy-v2', time: Date.parse('2026-11-16T09:58:00Z') }],
        findings: [
          {
            severity: 'warning',
            route: null,
            status: [502, 503],
            window: { start: '2026-11-16T10:00:00.000Z', end: '2026-11-16T10:20:00.000Z' },
            message: expect.stringContaining('began 2 min after deploy-v2'),
            evidence: expect.objectContaining({ shape: 'spike', durationMinutes: 20, codes: { '502': expect.any(Number), '503': expect.any(Number) }, ongoingAtEndOfLog: false }),
          },
        ],
      },
      {
        name: 'one route degraded until the end of the log (JSON)',
        lines: traffic({ windows: 36, perWindow: 40, routes: ['/api/v1/orders', '/api/v1/users/me', '/api/v1/search', '/api/v1/cart'], json: () => ({ request_time: 0.05 }), status: (w, i, _c, path) => (w >= 24 && path === '/api/v1/search' && i % 2 === 0 ? 504 : 200) }),
        findings: [{ route: '/api/v1/search', status: [504], advice: expect.stringContaining('upstream'), evidence: expect.objectContaining({ shape: 'level-shift', ongoingAtEndOfLog: true }) }],
      },
    ],
  });
});
