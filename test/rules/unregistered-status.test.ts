import { describe, expect, it } from 'vitest';
import { Cube } from '../../src/cube/cube.js';
import rule from '../../rules/unregistered-status.js';
import { clf, ruleTester } from './rule-tester.js';

const T = '2026-11-16T03:05:00Z';

describe('unregistered-status', () => {
  ruleTester(rule, {
    valid: [
      { name: 'registered codes in use', lines: [200, 201, 204, 301, 304, 308, 404, 405, 422, 429, 451, 500, 503, 511].map((s) => clf({ time: T, path: '/', status: s })) },
      {
        name: 'status 0 is not a request (Envoy TCP lines), never a finding',
        lines: [clf({ time: T, path: '/', status: 200 }), '1.2.3.4 - - [16/Nov/2026:03:05:00 +0000] "GET / HTTP/1.1" 0 0 "-" "-"'],
      },
      { name: 'off by override', severity: 'off', lines: [clf({ time: T, path: '/', status: 599 })] },
    ],
    invalid: [
      {
        name: 'an unassigned code: warning, read as x00 of its class, nearest codes suggested',
        lines: [clf({ time: T, path: '/api/v1/orders', status: 432 }), clf({ time: T, path: '/api/v1/orders', status: 432 })],
        findings: [
          {
            severity: 'warning',
            method: null,
            route: null,
            status: [432],
            count: 2,
            message: expect.stringContaining('GET /api/v1/orders answered it 2 times'),
            advice: expect.stringContaining('nearest registered or known'),
            evidence: expect.objectContaining({ kind: 'unassigned', routes: [['GET /api/v1/orders', 2]] }),
            samples: [{ file: 'case.log', line: 1 }, { file: 'case.log', line: 2 }],
          },
        ],
      },
      {
        name: 'deprecated 305 and reserved 306 and 418: warnings',
        lines: [clf({ time: T, path: '/a', status: 305 }), clf({ time: T, path: '/b', status: 306 }), clf({ time: T, path: '/c', status: 418 })],
        findings: [
          { status: [305], severity: 'warning', evidence: expect.objectContaining({ kind: 'deprecated' }), advice: expect.stringContaining('307') },
          { status: [306], severity: 'warning', evidence: expect.objectContaining({ kind: 'reserved' }) },
          { status: [418], severity: 'warning', message: expect.stringContaining('teapot'), evidence: expect.objectContaining({ kind: 'reserved' }) },
        ],
      },
      {
        name: 'vendor codes are explained, as info (nginx 444/499, ALB 460, Cloudflare 520)',
        lines: [clf({ time: T, path: '/a', status: 444 }), clf({ time: T, path: '/a', status: 499 }), clf({ time: T, path: '/a', status: 460 }), clf({ time: T, path: '/a', status: 520 })],
        findings: [
          { status: [444], severity: 'info', evidence: expect.objectContaining({ kind: 'vendor', vendor: 'nginx' }), message: expect.stringContaining('nginx code, not an HTTP status') },
          { status: [460], severity: 'info', evidence: expect.objectContaining({ vendor: 'aws-alb' }) },
          { status: [499], severity: 'info', message: expect.stringContaining('Client Closed Request') },
          { status: [520], severity: 'info', evidence: expect.objectContaining({ vendor: 'cloudflare' }) },
        ],
      },
      {
        name: 'outside 100–599 (LinkedIn-style 999): warning',
        lines: [clf({ time: T, path: '/in/someone', status: 999 })],
        findings: [{ status: [999], severity: 'warning', evidence: expect.objectContaining({ kind: 'out-of-range' }), message: expect.stringContaining('outside 100–599') }],
      },
      {
        name: 'one finding per code whatever the routes; the heaviest routes as evidence',
        lines: [clf({ time: T, path: '/a', status: 299 }), clf({ time: T, path: '/b', status: 299 }), clf({ time: T, path: '/b', status: 299 })],
        findings: [{ status: [299], count: 3, message: expect.stringContaining('2 routes'), evidence: expect.objectContaining({ routes: [['GET /b', 2], ['GET /a', 1]] }) }],
      },
    ],
  });
});

describe('unregistered-status on cubes from other sources', () => {
  // the parsers now skip a line cut inside its status (NASA's mangled `" 30` + `4 0`), but a
  // cube merged from elsewhere may still carry one: it is called a damaged line, as info
  it('a two-digit status is a damaged line, not a server choice', () => {
    const cube = new Cube(300_000);
    const w = cube.windowId(Math.floor(Date.parse(T) / 300_000));
    cube.add(cube.slot(w, cube.methodId('GET'), cube.routeId('/images/construct.gif'), 30), 0, 1);
    cube.add(cube.slot(w, cube.methodId('GET'), cube.routeId('/x'), 0), 0, 4);
    const got = rule.check(cube, { severity: 'warning', options: {}, events: [], formats: [] });
    expect(got).toMatchObject([{ status: [30], severity: 'info', count: 1, message: expect.stringContaining('truncated or corrupted') }]);
  });
});
