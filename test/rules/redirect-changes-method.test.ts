import { describe, expect } from 'vitest';
import rule from '../../rules/redirect-changes-method.js';
import { clf, ruleTester } from './rule-tester.js';

const T = '2026-11-16T03:05:00Z';
const t = (s: number): string => new Date(Date.parse(T) + s * 1000).toISOString();

describe('redirect-changes-method', () => {
  ruleTester(rule, {
    valid: [
      { name: 'GET and HEAD redirected with 301/302', lines: [clf({ time: T, path: '/old', status: 301 }), clf({ time: T, method: 'HEAD', path: '/old', status: 302 })] },
      { name: 'post/redirect/get done right with 303', lines: [clf({ time: t(0), method: 'POST', path: '/contact', status: 303 }), clf({ time: t(1), path: '/thanks', status: 200 })] },
      { name: 'method-preserving 307/308 on writes', lines: [clf({ time: T, method: 'PUT', path: '/api/v1/items/7', status: 308 }), clf({ time: T, method: 'POST', path: '/api/v1/upload', status: 307 })] },
      { name: 'off by override', severity: 'off', lines: [clf({ time: T, method: 'POST', path: '/login', status: 302 })] },
    ],
    invalid: [
      {
        name: 'a 302 after a form POST is flagged with the 303 advice, and the follow-up GET is cited',
        lines: [
          clf({ time: t(0), ip: '198.51.100.1', method: 'POST', path: '/contact', status: 302 }),
          clf({ time: t(1), ip: '198.51.100.1', path: '/thanks', status: 200 }),
          clf({ time: t(5), ip: '198.51.100.2', method: 'POST', path: '/contact', status: 302 }),
          clf({ time: t(6), ip: '198.51.100.2', path: '/thanks', status: 200 }),
        ],
        findings: [
          {
            severity: 'warning',
            method: 'POST',
            route: '/contact',
            status: [302],
            count: 2,
            message: expect.stringContaining('2 of them were followed by a GET of another path'),
            advice: expect.stringContaining('303 See Other'),
            evidence: expect.objectContaining({ followedByGet: 2, advisedStatus: 303, clients: 2 }),
            samples: [{ file: 'case.log', line: 1 }, { file: 'case.log', line: 3 }],
          },
        ],
      },
      {
        name: 'a POST 302 without a follow-up still gets the 303 advice (the classic form flow) and mentions 307',
        lines: [clf({ time: T, method: 'POST', path: '/login', status: 302 })],
        findings: [{ evidence: expect.objectContaining({ followedByGet: 0, advisedStatus: 303 }), advice: expect.stringMatching(/303 See Other[\s\S]*307/) }],
      },
      {
        name: '301 on PUT: keep the method with 308',
        lines: [clf({ time: T, method: 'PUT', path: '/api/v1/items/42', status: 301 }), clf({ time: T, method: 'PUT', path: '/api/v1/items/43', status: 301 })],
        findings: [{ method: 'PUT', route: '/api/v1/items/:id', status: [301], count: 2, evidence: expect.objectContaining({ advisedStatus: 308 }), advice: expect.stringContaining('308 Permanent Redirect') }],
      },
      {
        name: '302 on DELETE: keep the method with 307; a GET of the same path is not a follow-up of another path',
        lines: [clf({ time: t(0), method: 'DELETE', path: '/api/v1/items/9', status: 302 }), clf({ time: t(1), path: '/api/v1/items/9', status: 404 })],
        findings: [{ method: 'DELETE', evidence: expect.objectContaining({ followedByGet: 0, advisedStatus: 307 }) }],
      },
      {
        name: 'a GET long after the redirect, or from another client, is not counted',
        lines: [
          clf({ time: t(0), ip: '198.51.100.1', method: 'PATCH', path: '/api/v1/me', status: 301 }),
          clf({ time: t(1), ip: '198.51.100.9', path: '/home', status: 200 }),
          clf({ time: t(300), ip: '198.51.100.1', path: '/home', status: 200 }),
        ],
        findings: [{ method: 'PATCH', evidence: expect.objectContaining({ followedByGet: 0, advisedStatus: 308 }) }],
      },
      {
        name: 'a 301 on POST that browsers follow with GET: post/redirect/get, 303',
        lines: [clf({ time: t(0), method: 'POST', path: '/search', status: 301 }), clf({ time: t(1), path: '/results', status: 200 })],
        findings: [{ status: [301], evidence: expect.objectContaining({ followedByGet: 1, advisedStatus: 303 }) }],
      },
      {
        name: 'one finding per method, route and status',
        lines: [clf({ time: T, method: 'POST', path: '/a', status: 301 }), clf({ time: T, method: 'POST', path: '/a', status: 302 }), clf({ time: T, method: 'PUT', path: '/a', status: 302 })],
        findings: [{ method: 'POST', status: [301] }, { method: 'POST', status: [302] }, { method: 'PUT', status: [302] }],
      },
    ],
  });
});
