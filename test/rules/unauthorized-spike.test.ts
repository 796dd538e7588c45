import { describe, expect } from 'vitest';
import rule from '../../rules/unauthorized-spike.js';
import { clf, ruleTester } from './rule-tester.js';
import { traffic } from './traffic.js';

const AT = Date.parse('2026-11-16T10:00:00Z');
/** 24 windows from 08:00; the change starts in window 24 (10:00) */
const rotation = (shareAfter: number, until = Infinity) =>
  traffic({ windows: 36, perWindow: 40, status: (w, i) => (w >= 24 && w < until && i % 10 < shareAfter * 10 ? 401 : i === 7 && w % 5 === 0 ? 401 : 200) });

describe('unauthorized-spike', () => {
  ruleTester(rule, {
    valid: [
      { name: 'no 401 at all', lines: traffic({ windows: 30, perWindow: 20, status: () => 200 }) },
      {
        name: 'ordinary failed logins and refreshed tokens at a steady rate',
        lines: traffic({ windows: 48, perWindow: 30, routes: ['/login', '/api/v1/orders', '/oauth/token', '/api/v1/orders'], status: (w, i) => ((w * 30 + i) % 23 === 0 ? 401 : 200) }),
      },
      {
        name: 'night-time: 2 of 3 requests are 401 in a quiet window',
        lines: [
          ...traffic({ windows: 24, perWindow: 20, status: (w, i) => (i === 3 && w % 4 === 0 ? 401 : 200) }),
          clf({ time: '2026-11-16T03:00:00Z', path: '/api/v1/orders', status: 401, ip: '192.0.2.9' }),
          clf({ time: '2026-11-16T03:00:05Z', path: '/api/v1/orders', status: 401, ip: '192.0.2.9' }),
          clf({ time: '2026-11-16T03:00:09Z', path: '/api/v1/orders', status: 200, ip: '192.0.2.9' }),
        ],
      },
      {
        name: 'a burst that starts with the log has no "before": no claim',
        lines: traffic({ windows: 12, perWindow: 30, status: (w, i) => (w < 4 && i % 2 === 0 ? 401 : 200) }),
      },
      {
        name: 'a time-shifted log (every hour squeezed into minute :05) with a steady share',
        lines: traffic({ windows: 24, perWindow: 200, windowMs: 3_600_000, start: '2026-11-16T00:05:00Z', status: (w, i) => ((w + i) % 25 === 0 ? 401 : 200) }),
      },
      {
        name: 'a small rise (1% → 2%) is not worth a finding',
        lines: traffic({ windows: 48, perWindow: 100, status: (w, i) => ((w < 24 ? i % 100 === 0 : i % 50 === 0) ? 401 : 200) }),
      },
      { name: 'off by override', severity: 'off', lines: rotation(0.5) },
    ],
    invalid: [
      {
        name: 'key rotation: many clients on every route, lasting (a level shift)',
        lines: rotation(0.5),
        findings: [
          {
            severity: 'error',
            route: null,
            status: [401],
            window: { start: new Date(AT).toISOString(), end: '2026-11-16T11:00:00.000Z' },
            evidence: expect.objectContaining({ cause: 'many-clients', shape: 'level-shift', routes: 4 }),
            advice: expect.stringContaining('rotated without overlap'),
          },
        ],
      },
      {
        name: 'a brief spike that falls back',
        lines: rotation(0.5, 27),
        findings: [{ severity: 'error', window: { start: new Date(AT).toISOString(), end: '2026-11-16T10:15:00.000Z' }, evidence: expect.objectContaining({ shape: 'spike', durationMinutes: 15 }) }],
      },
      {
        name: 'named after the event it follows',
        lines: rotation(0.5),
        events: [{ name: 'token-rotation', time: AT - 4 * 60_000 }, { name: 'earlier-deploy', time: AT - 5 * 3_600_000 }],
        findings: [{ message: expect.stringContaining('began 4 min after token-rotation'), evidence: expect.objectContaining({ event: expect.objectContaining({ name: 'token-rotation', minutesBefore: 4 }) }) }],
      },
      {
        name: 'one service account whose credential expired',
        lines: [
          ...traffic({ windows: 36, perWindow: 30, clients: 30, status: (w, i) => (i === 5 && w % 6 === 0 ? 401 : 200) }),
          ...Array.from({ length: 36 * 5 }, (_, k) =>
            clf({ ip: '10.20.3.11', time: new Date(Date.parse('2026-11-16T08:00:00Z') + k * 60_000).toISOString(), path: '/api/v1/reports', status: k >= 120 ? 401 : 200, ua: 'acme-billing/4.2.0' }),
          ),
        ],
        findings: [{ severity: 'warning', route: '/api/v1/reports', evidence: expect.objectContaining({ cause: 'one-client', clientSucceededBefore: true }), advice: expect.stringContaining('expired') }],
      },
      {
        name: 'one app release that stopped refreshing',
        lines: traffic({
          windows: 36,
          perWindow: 60,
          clients: 40,
          ua: (c) => (c % 4 === 0 ? 'AcmeApp/5.3.0 (Android 14)' : c % 4 === 1 ? 'AcmeApp/5.2.1 (iOS 17)' : 'Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0.0.0 Safari/537.36'),
          status: (w, _i, c) => (w >= 24 && c % 4 === 0 ? 401 : 200),
        }),
        findings: [{ severity: 'error', evidence: expect.objectContaining({ cause: 'one-agent', topAgents: [['AcmeApp/5.3.0', expect.any(Number)]] }), advice: expect.stringContaining('AcmeApp/5.3.0') }],
      },
      {
        name: 'the same in JSON lines',
        lines: traffic({ windows: 36, perWindow: 40, json: () => ({}), status: (w, i) => (w >= 24 && i % 2 === 0 ? 401 : 200) }),
        findings: [{ severity: 'error', evidence: expect.objectContaining({ cause: 'many-clients' }) }],
      },
    ],
  });
});
