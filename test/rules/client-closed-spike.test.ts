import { describe, expect } from 'vitest';
import rule from '../../rules/client-closed-spike.js';
import { ruleTester } from './rule-tester.js';
import { traffic } from './traffic.js';

/** a well-mixed deterministic number per request, so a steady share has no phase pattern */
const scatter = (w: number, i: number): number => Math.imul((w * 7919 + i * 104729) ^ 0x5bd1e995, 2654435761) >>> 8;

const ROUTES = ['/api/v1/search', '/api/v1/orders', '/api/v1/events/poll', '/api/v1/cart'];

describe('client-closed-spike', () => {
  ruleTester(rule, {
    valid: [
      { name: 'no 499 at all', lines: traffic({ windows: 20, perWindow: 20, status: () => 200 }) },
      { name: 'a steady share of cancelled searches', lines: traffic({ windows: 48, perWindow: 40, routes: ROUTES, status: (w, i) => (scatter(w, i) % 20 === 0 ? 499 : 200) }) },
    ],
    invalid: [
      {
        name: 'clients give up while the upstream slows down (with latency, JSON)',
        lines: traffic({
          windows: 36,
          perWindow: 40,
          routes: ['/api/v1/search', '/api/v1/orders', '/api/v1/cart', '/api/v1/users/me'],
          json: (w, i) => ({ request_time: w >= 24 ? (i % 2 === 0 ? 30 : 8) : 0.12 }),
          status: (w, i) => (w >= 24 && i % 2 === 0 ? 499 : 200),
        }),
        findings: [
          {
            severity: 'info',
            route: null,
            status: [499],
            window: { start: '2026-11-16T10:00:00.000Z', end: '2026-11-16T11:00:00.000Z' },
            message: expect.stringContaining('Clients gave up after 30.0 s on average'),
            evidence: expect.objectContaining({ longPoll: false, closedMeanMs: 30000, meanMsBefore: 120 }),
          },
        ],
      },
      {
        name: 'ALB 460 counts too',
        lines: traffic({ windows: 36, perWindow: 40, status: (w, i) => (w >= 24 && i % 3 === 0 ? 460 : 200) }),
        findings: [{ status: [460] }],
      },
      {
        name: 'a route whose successes take 25 s on average holds requests open, whatever its name (JSON with durations)',
        lines: traffic({
          windows: 36,
          perWindow: 40,
          routes: ['/api/v1/sync'],
          json: () => ({ request_time: 25 }),
          status: (w, i) => (w >= 24 && i % 2 === 0 ? 499 : 200),
        }),
        findings: [{ severity: 'info', route: '/api/v1/sync', evidence: expect.objectContaining({ longPoll: true }), message: expect.stringContaining('how a poll ends') }],
      },
      {
        name: '499 on a long-poll route stays info even when the rule is raised, and says why',
        severity: 'warning',
        lines: traffic({ windows: 36, perWindow: 40, routes: ['/api/v1/events/poll'], status: (w, i) => (w >= 24 && i % 2 === 0 ? 499 : 200) }),
        findings: [{ severity: 'info', route: '/api/v1/events/poll', evidence: expect.objectContaining({ longPoll: true }), message: expect.stringContaining('how a poll ends') }],
      },
    ],
  });
});
