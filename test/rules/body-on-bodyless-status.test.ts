import { describe, expect } from 'vitest';
import rule from '../../rules/body-on-bodyless-status.js';
import { analyzeLines } from '../../src/index.js';
import { clf, ruleTester } from './rule-tester.js';
import { it } from 'vitest';

const T = '2026-11-16T03:05:00Z';
/** a body-less answer elsewhere in the log: real logs always have some, header-inclusive sizes never do */
const zero = clf({ time: T, path: '/health', status: 304, bytes: 0 });
const json = (o: Record<string, unknown>): string => JSON.stringify({ time: T, remote_addr: '203.0.113.5', ...o });

describe('body-on-bodyless-status', () => {
  ruleTester(rule, {
    valid: [
      { name: '204 and 304 with 0 or - bytes', lines: [clf({ time: T, method: 'DELETE', path: '/api/items/1', status: 204, bytes: 0 }), clf({ time: T, path: '/', status: 304, bytes: '-' })] },
      { name: 'HEAD with 0 bytes (nginx) or - (Apache)', lines: [clf({ time: T, method: 'HEAD', path: '/downloads/a', status: 200, bytes: 0 }), clf({ time: T, method: 'HEAD', path: '/', status: 200, bytes: '-' })] },
      { name: '101 Switching Protocols counts the WebSocket stream, not a body', lines: [zero, clf({ time: T, path: '/ws', status: 101, bytes: 48213 })] },
      { name: '200 with a body', lines: [clf({ time: T, path: '/', status: 200, bytes: 5120 })] },
    ],
    invalid: [
      {
        name: '204 with a body',
        lines: [zero, clf({ time: T, method: 'DELETE', path: '/api/items/1', status: 204, bytes: 17 }), clf({ time: T, method: 'DELETE', path: '/api/items/2', status: 204, bytes: 0 })],
        findings: [
          {
            severity: 'error',
            method: 'DELETE',
            route: '/api/items/:id',
            status: [204],
            count: 1,
            message: expect.stringContaining('1 of 2 responses (50%)'),
            advice: expect.stringContaining('200'),
            evidence: expect.objectContaining({ withBody: 1, bodyKnown: 2 }),
            samples: [{ file: 'case.log', line: 2 }, { file: 'case.log', line: 3 }],
          },
        ],
      },
      { name: '304 with a body', lines: [clf({ time: T, path: '/app.js', status: 304, bytes: 1200 }), clf({ time: T, path: '/app.js', status: 304, bytes: 0 })], findings: [{ status: [304], count: 1, severity: 'warning', message: expect.stringContaining('Content-Length'), advice: expect.stringContaining('ETag') }] },
      { name: 'HEAD answered with a body', lines: [zero, clf({ time: T, method: 'HEAD', path: '/report.pdf', status: 200, bytes: 90210 })], findings: [{ method: 'HEAD', route: null, status: [200], severity: 'warning', advice: expect.stringContaining('§9.3.2') }] },
      { name: 'a final 100 logged with a body', lines: [zero, clf({ time: T, method: 'POST', path: '/upload', status: 100, bytes: 30 })], findings: [{ status: [100] }] },
      {
        name: 'JSON logs with body_bytes_sent',
        logFormat: 'json',
        lines: [json({ method: 'GET', uri: '/a', status: 304, body_bytes_sent: 0 }), json({ method: 'PUT', uri: '/a', status: 204, body_bytes_sent: 2 })],
        findings: [{ method: 'PUT', status: [204] }],
      },
    ],
  });

  it('is not applicable, said once, when no response has a body byte count', () => {
    const r = analyzeLines([json({ method: 'DELETE', uri: '/a', status: 204 }), json({ method: 'GET', uri: '/b', status: 200 })], { ruleSet: [rule], logFormat: 'json', name: 'case.log' });
    expect(r.findings).toEqual([]);
    expect(r.summary.notApplicable).toEqual([{ ruleId: 'body-on-bodyless-status', reason: 'the log records no body byte counts' }]);
  });

  it('never flags from a size that includes headers: a log where no response is ever 0 bytes', () => {
    // nginx `$bytes_sent` in a combined-looking format: every answer carries its headers' size
    const lines = [
      clf({ time: T, path: '/', status: 200, bytes: 5400 }),
      clf({ time: T, method: 'DELETE', path: '/api/items/1', status: 204, bytes: 143 }),
      clf({ time: T, path: '/app.js', status: 304, bytes: 188 }),
      clf({ time: T, method: 'HEAD', path: '/', status: 200, bytes: 231 }),
    ];
    const r = analyzeLines(lines, { ruleSet: [rule], name: 'case.log' });
    expect(r.findings).toEqual([]);
    expect(r.summary.notApplicable[0]?.reason).toMatch(/header-inclusive/);
  });
});
