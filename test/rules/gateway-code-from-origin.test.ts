import { describe, expect, it } from 'vitest';
import rule from '../../rules/gateway-code-from-origin.js';
import { analyzeLines } from '../../src/index.js';
import { clf, ruleTester, withOptions } from './rule-tester.js';

const T = '2026-11-16T03:00:00Z';
/** a JSON access line with an upstream status (null: not recorded, as `-`) */
const j = (status: number, upstream: number | string | null, path = '/api/pay', method = 'POST', minute = 0): string =>
  JSON.stringify({ time: new Date(Date.parse(T) + minute * 60_000).toISOString(), remote_addr: '203.0.113.7', method, path, status, upstream_status: upstream ?? '-', body_bytes_sent: 0 });

const trusted = { trustUpstreamStatus: true };

describe('gateway-code-from-origin', () => {
  ruleTester(rule, {
    valid: [
      { name: 'no upstream status in the log (not applicable)', lines: [clf({ time: T, path: '/api/pay', method: 'POST', status: 502 })] },
      { name: 'nginx-style upstream field without trust: nginx writes 502 there itself on connect failures', lines: [j(502, 502), j(502, 502)] },
      { name: 'the proxy produced the 502 (upstream not recorded)', options: trusted, lines: [j(502, null), j(200, 200, '/api/pay', 'POST', 1)] },
      { name: 'the proxy turned an upstream 500 into 502', options: trusted, lines: [j(502, 500)] },
      { name: '503 from the app is not a gateway code', options: trusted, lines: [j(503, 503)] },
      { name: '500 from the app is what we advise', options: trusted, lines: [j(500, 500)] },
    ],
    invalid: [
      {
        name: 'the app answered 502 and 504 itself',
        options: trusted,
        lines: [j(502, 502), j(502, 502, '/api/pay', 'POST', 1), j(504, 504, '/api/pay', 'POST', 2), j(502, '-', '/api/pay', 'POST', 3)],
        findings: [{
          severity: 'info', method: 'POST', route: '/api/pay', status: [502, 504], count: 3,
          evidence: expect.objectContaining({ fromUpstream: { 502: 2, 504: 1 }, upstreamNotRecorded: 1 }),
          advice: expect.stringContaining('answer 500'),
          samples: [{ file: 'case.log', line: 1 }, { file: 'case.log', line: 2 }, { file: 'case.log', line: 3 }],
        }],
      },
      {
        name: 'one finding per route',
        options: trusted,
        lines: [j(502, 502, '/a', 'GET'), j(504, 504, '/b', 'GET')],
        findings: [{ route: '/a', status: [502] }, { route: '/b', status: [504] }],
      },
    ],
  });

  it('says why it cannot judge nginx-written upstream statuses, and when the log has none', () => {
    const nginx = analyzeLines([j(502, 502)], { ruleSet: [rule] });
    expect(nginx.summary.notApplicable).toEqual([{ ruleId: 'gateway-code-from-origin', reason: expect.stringContaining('502 when it cannot connect') }]);
    const clfOnly = analyzeLines([clf({ time: T, path: '/', status: 502 })], { ruleSet: [withOptions(rule, trusted)] });
    expect(clfOnly.summary.notApplicable).toEqual([{ ruleId: 'gateway-code-from-origin', reason: expect.stringContaining('no upstream/origin status') }]);
  });
});
