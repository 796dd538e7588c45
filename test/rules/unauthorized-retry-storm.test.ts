import { describe, expect } from 'vitest';
import rule from '../../rules/unauthorized-retry-storm.js';
import { clf, ruleTester } from './rule-tester.js';

const T0 = Date.parse('2026-11-16T10:00:00Z');
const at = (s: number): string => new Date(T0 + s * 1000).toISOString();
const loop = (ip: string, n: number, everySec: number, path = '/api/v1/reports', ua = 'billing-sync/2.1') =>
  Array.from({ length: n }, (_, k) => clf({ ip, time: at(k * everySec), path, status: 401, bytes: 0, ua }));

describe('unauthorized-retry-storm', () => {
  ruleTester(rule, {
    valid: [
      {
        name: 'one 401, a refresh, a success: the correct pattern',
        lines: Array.from({ length: 20 }, (_, k) => [
          clf({ ip: `198.51.100.${k}`, time: at(k * 60), path: '/api/v1/orders', status: 401, bytes: 0 }),
          clf({ ip: `198.51.100.${k}`, time: at(k * 60 + 1), method: 'POST', path: '/oauth/token', status: 200 }),
          clf({ ip: `198.51.100.${k}`, time: at(k * 60 + 2), path: '/api/v1/orders', status: 200 }),
        ]).flat(),
      },
      { name: 'failed logins repeated on a login route are not a token retry storm', lines: loop('198.51.100.7', 30, 5, '/login') },
      { name: 'a few retries, then a success', lines: [...loop('198.51.100.7', 4, 2), clf({ ip: '198.51.100.7', time: at(10), path: '/api/v1/reports', status: 200, ua: 'billing-sync/2.1' })] },
      { name: '401s more than 5 minutes apart are not a storm', lines: loop('198.51.100.7', 20, 400) },
      {
        name: 'parallel requests that all fail once before the refresh (3 deep) are ordinary',
        lines: Array.from({ length: 30 }, (_, k) => [
          ...loop(`198.51.100.${k}`, 3, 0).map((l) => l.replace('10:00:00', `10:${String(k).padStart(2, '0')}:00`)),
          clf({ ip: `198.51.100.${k}`, time: at(k * 60 + 1), method: 'POST', path: '/oauth/token', status: 200, ua: 'billing-sync/2.1' }),
        ]).flat(),
      },
    ],
    invalid: [
      {
        name: 'a job retrying every 5 s with a dead token',
        lines: loop('10.1.2.3', 40, 5),
        findings: [
          {
            severity: 'warning',
            route: '/api/v1/reports',
            status: [401],
            count: 38,
            evidence: expect.objectContaining({ storms: 1, topClients: [['10.1.2.3', 40]], topAgents: [['billing-sync/2.1', 40]] }),
            samples: [{ file: 'case.log', line: 1 }, { file: 'case.log', line: 2 }, { file: 'case.log', line: 3 }],
          },
        ],
      },
      {
        name: 'several clients, each stuck in a loop, counted as storms',
        lines: [...loop('10.1.2.3', 15, 4), ...loop('10.1.2.4', 15, 4), ...loop('10.1.2.5', 15, 4)],
        findings: [{ count: 39, evidence: expect.objectContaining({ storms: 3, meanStreak: 15 }) }],
      },
      {
        name: 'refreshing the token does not help if it keeps failing: each refresh starts a new streak, long ones still count',
        lines: [...loop('10.1.2.3', 12, 3), clf({ ip: '10.1.2.3', time: at(40), method: 'POST', path: '/oauth/token', status: 200, ua: 'billing-sync/2.1' }), ...loop('10.1.2.3', 12, 3).map((l) => l.replace('10:00:', '10:01:'))],
        findings: [{ evidence: expect.objectContaining({ storms: 2 }) }],
      },
    ],
  });
});
