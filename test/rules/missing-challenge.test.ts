import { describe, expect, it } from 'vitest';
import rule from '../../rules/missing-challenge.js';
import { analyzeLines } from '../../src/index.js';
import { clf, ruleTester } from './rule-tester.js';

const j = (o: Record<string, unknown>): string => JSON.stringify({ time: '2026-11-16T10:00:00Z', remote_addr: '203.0.113.9', method: 'GET', uri: '/api/v1/orders', body_bytes_sent: 0, ...o });

describe('missing-challenge', () => {
  ruleTester(rule, {
    valid: [
      { name: 'every 401 carries a challenge (nginx sent_http_*)', logFormat: 'json', lines: [j({ status: 401, sent_http_www_authenticate: 'Bearer realm="api"' }), j({ status: 200, sent_http_www_authenticate: '' })] },
      { name: 'a headers object with the challenge', logFormat: 'json', lines: [j({ status: 401, resp_headers: { 'WWW-Authenticate': ['Basic realm="x"'] } })] },
      { name: 'headers logged, no 401 at all', logFormat: 'json', lines: [j({ status: 200, resp_headers: { 'content-type': 'text/html' } })] },
      { name: '403 needs no challenge', logFormat: 'json', lines: [j({ status: 403, resp_headers: {} })] },
    ],
    invalid: [
      {
        name: 'a 401 without the header, where other 401s have it',
        logFormat: 'json',
        lines: [j({ status: 401, resp_headers: { 'content-type': 'application/json' } }), j({ uri: '/api/v1/users/me', status: 401, resp_headers: { 'www-authenticate': 'Bearer' } })],
        findings: [{ severity: 'warning', route: '/api/v1/orders', count: 1, evidence: expect.objectContaining({ withoutChallenge: 1, logRecordsTheHeader: true }), samples: [{ file: 'case.log', line: 1 }] }],
      },
      {
        name: 'no 401 in the log has the header: the finding says the format may not record it',
        logFormat: 'json',
        lines: [j({ status: 401, sent_http_www_authenticate: '-' }), j({ status: 401, sent_http_www_authenticate: '-' })],
        findings: [{ count: 2, message: expect.stringContaining('log format does not record it'), evidence: expect.objectContaining({ logRecordsTheHeader: 'unknown' }) }],
      },
    ],
  });

  it('says once that it could not check when the log has no response headers', () => {
    const r = analyzeLines([clf({ time: '2026-11-16T10:00:00Z', path: '/api', status: 401 }), clf({ time: '2026-11-16T10:00:01Z', path: '/api', status: 401 })], { ruleSet: [rule] });
    expect(r.findings).toEqual([]);
    expect(r.summary.notApplicable).toEqual([{ ruleId: 'missing-challenge', reason: expect.stringContaining('not checked: no response headers in this log') }]);
  });
});
