import { describe, expect } from 'vitest';
import rule from '../../rules/unavailable-for-rate-limit.js';
import { clf, ruleTester } from './rule-tester.js';

const T = '2026-11-16T03:05:00Z';
const t = (s: number): string => new Date(Date.parse(T) + s * 1000).toISOString();
const served = (clients: number, each: number, path = '/api/v1/search', from = 0): string[] =>
  Array.from({ length: clients * each }, (_, i) => clf({ time: t(from + (i % 200)), ip: `198.51.100.${(i % clients) + 1}`, path, status: 200 }));
const fromOne = (ip: string, n: number, status: number, path = '/api/v1/search', from = 0): string[] =>
  Array.from({ length: n }, (_, i) => clf({ time: t(from + (i % 200)), ip, path, status }));

describe('unavailable-for-rate-limit', () => {
  ruleTester(rule, {
    valid: [
      { name: 'an outage: 503 to everyone, nobody served', lines: Array.from({ length: 40 }, (_, i) => clf({ time: t(i), ip: `198.51.100.${i + 1}`, path: '/api/v1/search', status: 503 })) },
      {
        name: 'a partial outage spread over many clients while others are served',
        lines: [...served(10, 3), ...Array.from({ length: 30 }, (_, i) => clf({ time: t(i), ip: `192.0.2.${i + 1}`, path: '/api/v1/search', status: 503 }))],
      },
      { name: 'throttling already answered 429', lines: [...served(10, 3), ...fromOne('203.0.113.66', 40, 200), ...fromOne('203.0.113.66', 30, 429)] },
      { name: 'too few 503s to judge', lines: [...served(10, 3), ...fromOne('203.0.113.66', 5, 503)] },
      {
        name: 'a per-client limit hit by a few clients is a 429 done right',
        lines: [...served(20, 2), ...Array.from({ length: 12 }, (_, i) => clf({ time: t(i), ip: `198.51.100.${(i % 3) + 1}`, path: '/api/v1/search', status: 429 }))],
      },
    ],
    invalid: [
      {
        name: 'one heavy client answered 503 while ten others are served',
        lines: [...served(10, 3), ...fromOne('203.0.113.66', 40, 200), ...fromOne('203.0.113.66', 30, 503)],
        findings: [
          {
            severity: 'warning',
            method: 'GET',
            route: '/api/v1/search',
            status: [503],
            count: 30,
            advice: expect.stringContaining('429 Too Many Requests and a Retry-After'),
            evidence: expect.objectContaining({ unavailable: 30, throttledClients: [['203.0.113.66', 30]], served2xx: 70, unavailablePerThrottledClient: 30 }),
          },
        ],
      },
      {
        name: 'a route judged per method: the POSTs served on it do not count as its GETs served',
        lines: [
          ...served(10, 3),
          ...fromOne('203.0.113.66', 40, 200),
          ...fromOne('203.0.113.66', 30, 503),
          ...Array.from({ length: 20 }, (_, i) => clf({ time: t(i), ip: `192.0.2.${(i % 5) + 1}`, method: 'POST', path: '/api/v1/search', status: 201 })),
        ],
        findings: [{ method: 'GET', route: '/api/v1/search', count: 30, evidence: expect.objectContaining({ served2xx: 70 }) }],
      },
      {
        name: 'a heavy client that only ever got 503 (never served) is still throttled when it outnumbers others',
        lines: [...served(10, 2), ...fromOne('203.0.113.66', 30, 503), ...fromOne('203.0.113.67', 20, 503)],
        findings: [{ count: 50, evidence: expect.objectContaining({ served2xx: 20, servedPerClient: 2, unavailablePerThrottledClient: 25 }) }],
      },
      {
        name: 'the reverse: 429 to (nearly) every client at once is overload',
        lines: Array.from({ length: 30 }, (_, i) => clf({ time: t(i), ip: `198.51.100.${i + 1}`, path: i % 2 ? '/a' : '/b', status: i < 28 ? 429 : 200 })),
        findings: [
          {
            method: null,
            route: null,
            status: [429],
            count: 28,
            message: expect.stringMatching(/429 Too Many Requests went to about \d+ of \d+ active clients at once \(28 of 30 requests, 2 routes\)/),
            advice: expect.stringContaining('503 Service Unavailable with Retry-After'),
          },
        ],
      },
    ],
  });
});
