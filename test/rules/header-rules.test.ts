import { describe, expect, it } from 'vitest';
import missingAllow from '../../rules/missing-allow.js';
import missingLocation from '../../rules/missing-location.js';
import missingRetryAfter from '../../rules/missing-retry-after.js';
import { analyzeLines } from '../../src/index.js';
import { clf, ruleTester } from './rule-tester.js';

const T = '2026-11-16T03:05:00Z';
/** a JSON access line with logged response headers (Caddy/nginx JSON style) */
const j = (method: string, uri: string, status: number, headers: Record<string, string> | null, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ time: T, remote_addr: '203.0.113.5', method, uri, status, body_bytes_sent: 0, ...(headers === null ? {} : { resp_headers: headers }), ...extra });
const CT = { 'Content-Type': 'application/json' };

describe('missing-retry-after', () => {
  ruleTester(missingRetryAfter, {
    valid: [
      { name: '429 and 503 with Retry-After', logFormat: 'json', lines: [j('GET', '/api', 429, { ...CT, 'Retry-After': '30' }), j('GET', '/api', 503, { 'Retry-After': '120' })] },
      { name: 'other statuses need none', logFormat: 'json', lines: [j('GET', '/api', 200, CT), j('GET', '/api', 500, CT)] },
      { name: 'lines without logged headers are not judged', logFormat: 'json', lines: [j('GET', '/api', 200, CT), j('GET', '/api', 429, null)] },
    ],
    invalid: [
      {
        name: '429 without Retry-After while other 429s have it: warning',
        logFormat: 'json',
        lines: [j('GET', '/api/search', 429, CT), j('GET', '/api/search', 429, CT), j('GET', '/api/other', 429, { 'Retry-After': '5' })],
        findings: [
          {
            severity: 'warning',
            method: 'GET',
            route: '/api/search',
            status: [429],
            count: 2,
            message: expect.stringContaining('without Retry-After in 2 of 2 responses'),
            advice: expect.stringContaining('Retry-After: <seconds>'),
            evidence: expect.objectContaining({ header: 'retry-after', missing: 2, headersLogged: 2, headerSeenElsewhere: true }),
            samples: [{ file: 'case.log', line: 1 }, { file: 'case.log', line: 2 }],
          },
        ],
      },
      {
        name: 'no response in the log carries it: the log may not record it, so info',
        logFormat: 'json',
        lines: [j('GET', '/api', 503, CT)],
        findings: [{ status: [503], severity: 'info', message: expect.stringContaining('No response in this log carries Retry-After') }],
      },
    ],
  });

  it('is not applicable, once, when the log has no response headers', () => {
    const r = analyzeLines([clf({ time: T, path: '/a', status: 429 }), clf({ time: T, path: '/b', status: 503 })], { ruleSet: [missingRetryAfter, missingAllow, missingLocation], name: 'case.log' });
    expect(r.findings).toEqual([]);
    expect(r.summary.notApplicable).toEqual([
      { ruleId: 'missing-retry-after', reason: 'the log has no response headers' },
      { ruleId: 'missing-allow', reason: 'the log has no response headers' },
      { ruleId: 'missing-location', reason: 'the log has no response headers' },
    ]);
  });
});

describe('missing-allow', () => {
  ruleTester(missingAllow, {
    valid: [{ name: '405 with Allow', logFormat: 'json', lines: [j('DELETE', '/login', 405, { Allow: 'GET, POST' })] }],
    invalid: [
      {
        name: '405 without Allow',
        logFormat: 'json',
        lines: [j('DELETE', '/login', 405, CT), j('PUT', '/login', 405, { Allow: 'GET, POST' })],
        findings: [{ severity: 'warning', method: 'DELETE', route: '/login', status: [405], count: 1, advice: expect.stringContaining('Allow') }],
      },
    ],
  });
});

describe('missing-location', () => {
  ruleTester(missingLocation, {
    valid: [
      { name: 'redirects with Location; 304 needs none', logFormat: 'json', lines: [j('GET', '/old', 301, { Location: '/new' }), j('POST', '/form', 303, { Location: '/thanks' }), j('GET', '/app.js', 304, CT)] },
      { name: '201 with Location', logFormat: 'json', lines: [j('POST', '/api/items', 201, { Location: '/api/items/7' })] },
    ],
    invalid: [
      {
        name: 'a redirect without Location is a warning; 201 without Location is info',
        logFormat: 'json',
        lines: [j('GET', '/old', 302, CT), j('GET', '/older', 301, { Location: '/new' }), j('POST', '/api/items', 201, CT)],
        findings: [
          { severity: 'warning', route: '/old', status: [302], advice: expect.stringContaining('Location: <target URI>') },
          { severity: 'info', route: '/api/items', status: [201] },
        ],
      },
    ],
  });
});
