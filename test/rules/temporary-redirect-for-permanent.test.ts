import { describe, expect } from 'vitest';
import rule, { looksConditional } from '../../rules/temporary-redirect-for-permanent.js';
import { clf, ruleTester, withOptions } from './rule-tester.js';
import { GOOGLEBOT, at, times } from './web-helpers.js';
import { it } from 'vitest';

const T = '2026-11-16T00:00:00Z';
/** n requests to `path`, one every `everyMin` minutes, from 5 rotating clients */
const series = (path: string, status: number, n: number, everyMin: number, extra: Partial<Parameters<typeof clf>[0]> = {}): string[] =>
  times(n).map((i) => clf({ time: at(T, i * everyMin), path, status, bytes: 0, ip: `198.51.100.${(i % 5) + 1}`, ...extra }));

describe('temporary-redirect-for-permanent', () => {
  ruleTester(rule, {
    valid: [
      { name: 'a redirect seen only for an hour (the NASA slice)', lines: series('/shuttle/countdown', 302, 40, 2) },
      { name: 'the route also answers 200: the redirect is conditional (anonymous visitors only)', lines: [...series('/reports', 302, 30, 60), ...series('/reports', 200, 5, 300, { user: 'alice' })] },
      { name: 'the site root redirects by locale', lines: series('/', 302, 30, 60) },
      { name: 'account pages send anonymous visitors to log in', lines: series('/account/orders', 302, 30, 60) },
      { name: 'an outbound-link redirector (target in the query string)', lines: series('/out', 302, 30, 60) },
      { name: 'an imagemap CGI redirects by the clicked point in its query string (NASA 1995)', lines: series('/cgi-bin/imagemap/countdown', 302, 40, 60) },
      { name: 'faceted filter URLs redirect by their parameters', lines: times(40).map((i) => clf({ time: at(T, i * 45), path: `/filter/p${i % 6}`, status: 302, bytes: 0, ip: `198.51.100.${(i % 9) + 1}` })) },
      { name: 'a form handler script', lines: series('/contact.php', 302, 30, 60) },
      { name: 'one client looping on a redirect', lines: series('/old', 302, 30, 60, { ip: '203.0.113.9' }) },
      { name: 'already permanent', lines: series('/old-pricing', 301, 30, 60) },
      { name: 'POST redirects are another rule\'s concern (303 after a form)', lines: series('/contact', 302, 30, 60, { method: 'POST' }) },
      { name: 'too few requests', lines: series('/old-pricing', 302, 10, 400) },
      {
        name: 'siblings are not merged when one of them also serves 200, or when there are only two',
        lines: [
          ...times(30).map((i) => clf({ time: at(T, i * 60), path: `/docs/${['a', 'b'][i % 2]}`, status: 302, bytes: 0, ip: `198.51.100.${(i % 9) + 1}` })),
          ...times(30).map((i) => clf({ time: at(T, i * 60), path: `/guide/${['a', 'b', 'c'][i % 3]}`, status: i % 3 === 2 && i > 20 ? 200 : 302, bytes: 0, ip: `198.51.100.${(i % 9) + 1}` })),
        ],
      },
      { name: 'conditional siblings stay conditional', lines: times(40).map((i) => clf({ time: at(T, i * 45), path: `/account/${['orders', 'settings', 'billing'][i % 3]}`, status: 302, bytes: 0, ip: `198.51.100.${(i % 9) + 1}` })) },
      { name: 'the redirect share is too low (other answers mixed in)', lines: [...series('/old-pricing', 302, 25, 60), ...series('/old-pricing', 404, 5, 60)] },
    ],
    invalid: [
      {
        name: 'a 302 answering every request for more than a day',
        lines: series('/old-pricing', 302, 30, 60),
        findings: [{
          severity: 'info', method: 'GET', route: '/old-pricing', status: [302], count: 30,
          window: { start: '2026-11-16T00:00:00.000Z', end: '2026-11-17T05:05:00.000Z' },
          evidence: expect.objectContaining({ requestsOnRoute: 30, redirectShare: 1, distinctClients: 5, byStatus: { 302: 30 } }),
          advice: expect.stringContaining('answer 301'),
          samples: [{ file: 'case.log', line: 1 }, { file: 'case.log', line: 2 }, { file: 'case.log', line: 3 }],
        }],
      },
      {
        name: '307 gets 308 as the advice',
        lines: series('/api/v1/catalog', 307, 30, 60),
        findings: [{ status: [307], advice: expect.stringContaining('answer 308') }],
      },
      {
        name: 'a retired section: many slug routes, each redirect-only, judged together',
        lines: times(40).map((i) => clf({ time: at(T, i * 45), path: `/shop/${['red-chair', 'blue-lamp', 'oak-table', 'wool-rug', 'tea-set'][i % 5]}`, status: 302, bytes: 0, ip: `198.51.100.${(i % 9) + 1}` })),
        findings: [{ route: '/shop/*', count: 40, message: expect.stringContaining('5 routes, each redirect-only'), evidence: expect.objectContaining({ routes: 5, distinctClients: 9 }) }],
      },
      {
        name: 'ids templated into one route, crawlers counted',
        lines: [...series('/p/1', 302, 15, 120), ...series('/p/2', 302, 15, 120, { ua: GOOGLEBOT, ip: '66.249.66.1' })],
        findings: [{ route: '/p/:id', count: 30, evidence: expect.objectContaining({ crawlerRequests: 15 }), message: expect.stringContaining('15 from search crawlers') }],
      },
    ],
  });
});

describe('temporary-redirect-for-permanent with { minSpanHours: 1 }', () => {
  ruleTester(withOptions(rule, { minSpanHours: 1 }), {
    valid: [{ name: 'still needs enough requests', lines: series('/shuttle/countdown', 302, 5, 30) }],
    invalid: [{ name: 'an hour is enough', lines: series('/shuttle/countdown', 302, 40, 2), findings: [{ route: '/shuttle/countdown', count: 40 }] }],
  });
});

it('recognises conditional routes by segment, not by substring', () => {
  expect(looksConditional('/account/orders')).not.toBeNull();
  expect(looksConditional('/login.php')).not.toBeNull();
  expect(looksConditional('/accounting/reports')).toBeNull();
  expect(looksConditional('/blog/going-further')).toBeNull();
  expect(looksConditional('/cgi-bin/imagemap/countdown')).not.toBeNull();
  expect(looksConditional('/old/page.php')).not.toBeNull();
  expect(looksConditional('/mailman')).toBeNull();
});
