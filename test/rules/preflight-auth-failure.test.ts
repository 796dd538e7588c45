import { describe, expect } from 'vitest';
import rule from '../../rules/preflight-auth-failure.js';
import { clf, ruleTester } from './rule-tester.js';

const T = '2026-11-16T03:05:00Z';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const WEBDAV = 'Microsoft-WebDAV-MiniRedir/10.0.19045';
const OFFICE = 'Microsoft Office Protocol Discovery';

describe('preflight-auth-failure', () => {
  ruleTester(rule, {
    valid: [
      { name: 'preflights answered 204', lines: [clf({ time: T, method: 'OPTIONS', path: '/api/v1/orders', status: 204, ua: CHROME })] },
      { name: 'OPTIONS answered 500 by Office Protocol Discovery (apache_logs): not an auth failure', lines: [clf({ time: T, method: 'OPTIONS', path: '/', status: 500, ua: OFFICE })] },
      { name: 'WebDAV clients answering a 401 challenge on OPTIONS: the normal auth dance', lines: [clf({ time: T, method: 'OPTIONS', path: '/dav/', status: 401, ua: WEBDAV }), clf({ time: T, method: 'OPTIONS', path: '/dav/', status: 200, user: 'alice', ua: WEBDAV })] },
      { name: 'the real request answered 401 after a good preflight', lines: [clf({ time: T, method: 'OPTIONS', path: '/api', status: 204, ua: CHROME }), clf({ time: T, method: 'GET', path: '/api', status: 401, ua: CHROME })] },
    ],
    invalid: [
      {
        name: 'browser preflights answered 401',
        lines: [
          clf({ time: T, ip: '198.51.100.1', method: 'OPTIONS', path: '/api/v1/orders', status: 401, ua: CHROME }),
          clf({ time: T, ip: '198.51.100.2', method: 'OPTIONS', path: '/api/v1/orders', status: 401, ua: FIREFOX }),
        ],
        findings: [
          {
            severity: 'warning',
            method: 'OPTIONS',
            route: '/api/v1/orders',
            status: [401],
            count: 2,
            advice: expect.stringContaining('Let OPTIONS through the authentication layer'),
            evidence: expect.objectContaining({ optionsRequests: 2, fromBrowsers: 2, fromOtherAgents: 0, clients: 2 }),
            samples: [{ file: 'case.log', line: 1 }, { file: 'case.log', line: 2 }],
          },
        ],
      },
      {
        name: '403 on preflights; non-browser OPTIONS on the same route are counted apart',
        lines: [clf({ time: T, method: 'OPTIONS', path: '/graphql', status: 403, ua: CHROME }), clf({ time: T, method: 'OPTIONS', path: '/graphql', status: 403, ua: 'curl/8.5.0' })],
        findings: [{ status: [403], count: 1, message: expect.stringContaining('(of 2 OPTIONS; 1 from non-browser agents)'), evidence: expect.objectContaining({ fromBrowsers: 1, fromOtherAgents: 1 }) }],
      },
      {
        name: 'one finding per route and status',
        lines: [clf({ time: T, method: 'OPTIONS', path: '/a', status: 401, ua: CHROME }), clf({ time: T, method: 'OPTIONS', path: '/a', status: 403, ua: CHROME }), clf({ time: T, method: 'OPTIONS', path: '/b', status: 401, ua: CHROME })],
        findings: [{ route: '/a', status: [401] }, { route: '/a', status: [403] }, { route: '/b', status: [401] }],
      },
    ],
  });
});
