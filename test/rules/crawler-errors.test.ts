import { describe, expect } from 'vitest';
import rule from '../../rules/crawler-errors.js';
import { clf, ruleTester, withOptions } from './rule-tester.js';
import { AHREFS, BINGBOT, GOOGLEBOT, at, times } from './web-helpers.js';

const T = '2026-11-16T03:00:00Z';
const g = (i: number, path: string, status: number, ua = GOOGLEBOT, ip = '66.249.66.1'): string =>
  clf({ time: at(T, i * 7), path, status, ua, ip, bytes: status >= 500 ? 0 : 4096 });

describe('crawler-errors', () => {
  ruleTester(rule, {
    valid: [
      { name: '404, 410 and 301 to crawlers are the right answers', lines: [g(0, '/old', 404), g(1, '/gone', 410), g(2, '/moved', 301), g(3, '/', 200)] },
      { name: 'a single 500 to Googlebot on a page is noise, not a finding', lines: [g(0, '/products/42', 500), ...times(20).map((i) => g(i + 1, '/products/42', 200))] },
      { name: 'browsers get 500s, crawlers are served', lines: [...times(8).map((i) => clf({ time: at(T, i), path: '/checkout', status: 500 })), g(9, '/checkout', 200)] },
      { name: 'an SEO tool (not a search crawler) getting 5xx', lines: times(10).map((i) => g(i, '/products/42', 503, AHREFS, '54.36.149.41')) },
      { name: 'one asset error', lines: [g(0, '/static/app.css', 502)] },
      { name: 'a crawler user agent POSTing to a login form is not crawling', lines: times(9).map((i) => clf({ time: at(T, i), method: 'POST', path: '/login', status: 401, ua: GOOGLEBOT })) },
      { name: 'a crawler refused twice on a protected route nobody is served', lines: [g(0, '/admin', 403), g(1, '/admin', 403)] },
      { name: 'a single 401/403 on robots.txt', lines: [g(0, '/robots.txt', 403)] },
      { name: 'off by override', severity: 'off', lines: times(6).map((i) => g(i, '/products/42', 500)) },
    ],
    invalid: [
      {
        name: 'Googlebot keeps getting 500 on a page',
        lines: times(6).map((i) => g(i, `/products/${40 + i}`, 500)),
        findings: [{
          severity: 'warning', method: 'GET', route: '/products/:id', status: [500], count: 6,
          evidence: expect.objectContaining({ errorClass: 'server', routeKind: 'page', crawlers: { Googlebot: 6 }, crawlerRequestsOnRoute: 6, errorShare: 1 }),
          advice: expect.stringContaining('503 with Retry-After'),
          samples: [{ file: 'case.log', line: 1 }, { file: 'case.log', line: 2 }, { file: 'case.log', line: 3 }],
        }],
      },
      {
        name: 'two Googlebot 500s on a .txt file are info (the apache_logs case)',
        lines: [g(0, '/misc/Title.php.txt', 500), g(3, '/misc/Title.php.txt', 500), g(5, '/', 200)],
        findings: [{ severity: 'info', route: '/misc/Title.php.txt', count: 2, evidence: expect.objectContaining({ crawlers: { Googlebot: 2 } }) }],
      },
      {
        name: 'crawlers refused on a page browsers are served: bot protection blocking them',
        lines: [
          ...times(5).map((i) => g(i, '/blog/why-status-codes-matter', 403, BINGBOT, '157.55.39.1')),
          ...times(3).map((i) => clf({ time: at(T, i), path: '/blog/why-status-codes-matter', status: 200 })),
        ],
        findings: [{
          severity: 'warning', status: [403], count: 5,
          evidence: expect.objectContaining({ errorClass: 'auth', crawlers: { Bingbot: 5 }, otherClients2xx: 3 }),
          advice: expect.stringContaining('reverse DNS'),
        }],
      },
      {
        name: 'robots.txt failing with 5xx twice',
        lines: [g(0, '/robots.txt', 503), g(20, '/robots.txt', 503)],
        findings: [{ severity: 'warning', route: '/robots.txt', evidence: expect.objectContaining({ routeKind: 'robots' }), advice: expect.stringContaining('404') }],
      },
      {
        name: 'one 5xx on robots.txt is info',
        lines: [g(0, '/robots.txt', 500)],
        findings: [{ severity: 'info', route: '/robots.txt' }],
      },
      {
        name: 'several crawlers are named and counted, server and auth errors reported apart',
        lines: [
          ...times(3).map((i) => g(i, '/p', 502)),
          ...times(3).map((i) => g(i + 3, '/p', 504, BINGBOT, '157.55.39.2')),
          ...times(2).map((i) => g(i + 6, '/p', 401)),
          clf({ time: T, path: '/p', status: 200 }),
        ],
        findings: [
          { severity: 'warning', status: [502, 504], count: 6, evidence: expect.objectContaining({ crawlers: { Bingbot: 3, Googlebot: 3 }, byStatus: { 502: 3, 504: 3 } }) },
          { severity: 'info', status: [401], count: 2, evidence: expect.objectContaining({ errorClass: 'auth' }) },
        ],
      },
      {
        name: 'a low error share on a busy route is info',
        lines: [...times(5).map((i) => g(i, '/search', 500)), ...times(60).map((i) => g(i + 5, '/search', 200))],
        findings: [{ severity: 'info', count: 5, evidence: expect.objectContaining({ crawlerRequestsOnRoute: 65 }) }],
      },
      {
        name: 'crawlers hammering a protected area nobody is served',
        lines: times(5).map((i) => g(i, '/admin/settings', 401)),
        findings: [{ severity: 'info', status: [401], advice: expect.stringContaining('Disallow') }],
      },
      {
        name: 'single 5xx on many pages add up for the host',
        // one 503 in every four crawler requests, each on another page
        lines: times(24).map((i) => (i % 4 === 0 ? g(i, `/blog/post-${'x'.repeat(i)}`, 503) : g(i, '/', 200))),
        findings: [{ severity: 'warning', route: null, method: null, status: [503], count: 6, evidence: expect.objectContaining({ routes: 6, crawlers: { Googlebot: 6 } }), advice: expect.stringContaining('add Retry-After') }],
      },
      {
        name: 'scattered 5xx that are a small share of the crawl are info',
        lines: times(100).map((i) => (i % 20 === 0 ? g(i, `/blog/post-${'x'.repeat(i)}`, 500) : g(i, '/', 200))),
        findings: [{ severity: 'info', route: null, count: 5 }],
      },
      {
        name: 'repeated asset errors are info',
        lines: [g(0, '/static/app.js', 500), g(1, '/static/app.js', 500)],
        findings: [{ severity: 'info', evidence: expect.objectContaining({ routeKind: 'asset' }) }],
      },
    ],
  });
});

describe('crawler-errors with { minErrors: 2 }', () => {
  ruleTester(withOptions(rule, { minErrors: 2 }), {
    valid: [{ name: 'one error is still nothing', lines: [g(0, '/p', 500)] }],
    invalid: [{ name: 'two errors on a page are a warning', lines: [g(0, '/p', 500), g(1, '/p', 500)], findings: [{ severity: 'warning', count: 2 }] }],
  });
});
