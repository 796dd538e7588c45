import { describe, expect, it } from 'vitest';
import rule from '../../rules/cloudflare-code-from-origin.js';
import { analyzeLines } from '../../src/index.js';
import { clf, ruleTester } from './rule-tester.js';

const T = '2026-11-16T03:00:00Z';
const j = (status: number, upstream: number | string | null, path = '/', minute = 0): string =>
  JSON.stringify({ time: new Date(Date.parse(T) + minute * 60_000).toISOString(), remote_addr: '198.51.100.4', method: 'GET', path, status, upstream_status: upstream ?? '-', body_bytes_sent: 0 });

describe('cloudflare-code-from-origin', () => {
  ruleTester(rule, {
    valid: [
      { name: 'no upstream status in the log (not applicable)', lines: [clf({ time: T, path: '/', status: 521 })] },
      { name: 'the edge produced 522 itself: no origin answer recorded', lines: [j(522, null), j(200, 200, '/', 1)] },
      { name: 'the edge produced 520 from an origin 0 (no usable response)', lines: [j(520, 0)] },
      { name: 'the edge produced 524 while the origin took too long to answer 200', lines: [j(524, 200)] },
      { name: 'gateway codes are another rule\'s concern', lines: [j(502, 502)] },
    ],
    invalid: [
      {
        name: 'the origin answered 521 itself',
        lines: [j(521, 521, '/shop'), j(521, 521, '/shop', 1), j(200, 200, '/shop', 2)],
        findings: [{
          severity: 'warning', method: 'GET', route: '/shop', status: [521], count: 2,
          message: expect.stringContaining('Web server is down'),
          evidence: { fromUpstream: { 521: 2 }, fromProxyInFront: {}, upstreamNotRecorded: 0 },
          advice: expect.stringContaining('503 with Retry-After'),
        }],
      },
      {
        name: 'origin and edge 52x mixed: only the origin\'s are counted',
        lines: [j(520, 520, '/api'), j(520, null, '/api', 1), j(522, 0, '/api', 2)],
        findings: [{ status: [520], count: 1, evidence: { fromUpstream: { 520: 1 }, fromProxyInFront: { 522: 1 }, upstreamNotRecorded: 1 } }],
      },
    ],
  });

  it('is not applicable without an upstream status', () => {
    const r = analyzeLines([clf({ time: T, path: '/', status: 521 })], { ruleSet: [rule] });
    expect(r.summary.notApplicable).toEqual([{ ruleId: 'cloudflare-code-from-origin', reason: expect.stringContaining('no upstream/origin status') }]);
  });
});
