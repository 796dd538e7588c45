import { describe, expect, it } from 'vitest';
import rule, { commonPrefix } from '../../rules/soft-not-found.js';
import { analyzeLines } from '../../src/index.js';
import { clf, ruleTester } from './rule-tester.js';
import { GOOGLEBOT, at, times } from './web-helpers.js';

const T = '2026-11-16T03:00:00Z';
/** junk paths of different lengths, as a scanner or a crawler following broken links requests them */
const junk = (i: number): string => ['/wp-login.php', '/.env', '/admin/config.bak', '/phpmyadmin/index.php', '/old/page-', '/x'][i % 6] + (i >= 6 ? String(i) : '');
const get = (i: number, path: string, bytes: number | '-', status = 200, extra: Partial<Parameters<typeof clf>[0]> = {}): string =>
  clf({ time: at(T, i), path, status, bytes, ip: `192.0.2.${(i % 7) + 1}`, ...extra });

describe('soft-not-found', () => {
  ruleTester(rule, {
    valid: [
      { name: 'real pages: distinct paths, different sizes', lines: times(40).map((i) => get(i, `/articles/${['a', 'bb', 'ccc'][i % 3]}-${i}`, 3000 + i * 17)) },
      { name: 'directory listings that echo their path (equal size only at equal path length)', lines: times(40).map((i) => get(i, `/shuttle/missions/sts-${10 + i}/sounds/`, 378)) },
      { name: 'one placeholder image for many products (assets are not pages)', lines: times(40).map((i) => get(i, `/img/product-${i}.png`, 4321)) },
      { name: 'the same page requested again and again', lines: times(40).map((i) => get(i, '/pricing', 9000)) },
      { name: 'junk paths answered 404: the right answer', lines: times(40).map((i) => get(i, junk(i), 1234, 404)) },
      { name: 'too few shared-size paths', lines: times(15).map((i) => get(i, junk(i), 1234)) },
      { name: 'a body too large to be an error page', lines: times(40).map((i) => get(i, junk(i), 300_000)) },
      { name: 'HEAD and POST are not counted', lines: times(40).map((i) => get(i, junk(i), 1234, 200, { method: i % 2 ? 'HEAD' : 'POST' })) },
      { name: 'no body sizes logged (not applicable)', lines: times(40).map((i) => get(i, junk(i), '-')) },
    ],
    invalid: [
      {
        name: 'scanner junk on many literal routes answered with one 1234-byte page',
        lines: [...times(40).map((i) => get(i, junk(i), 1234)), get(41, '/', 15000), get(42, '/missing', 1234, 404)],
        findings: [{
          severity: 'warning', route: null, method: 'GET', status: [200], count: 38,
          evidence: expect.objectContaining({ sizeBytes: 1234, sizeSpreadBytes: 0, routes: 38, notFoundAnswersOnSite: 1 }),
          advice: expect.stringContaining('404'),
        }],
      },
      {
        name: 'unknown product ids answered 200 with the "not found" page',
        lines: [...times(40).map((i) => get(i, `/products/${i * 37}`, 5120)), ...times(3).map((i) => get(50 + i, '/products/37', 5120))],
        findings: [{ route: '/products/:id', count: 38, message: expect.stringContaining('38 of the 40 distinct'), evidence: expect.objectContaining({ firstSeenPaths: 40, sizeBytes: 5120 }) }],
      },
      {
        name: 'a single-page app catch-all looks the same (see "When not to use it")',
        lines: times(30).map((i) => get(i, `/app/${['settings', 'users', 'x', 'billing/plan', 'a/b/c'][i % 5]}${i}`, 2048, 200, { ua: GOOGLEBOT })),
        findings: [{ route: '/app/*', count: 28 }],
      },
    ],
  });

  it('says why it cannot run without body sizes', () => {
    const r = analyzeLines(times(5).map((i) => get(i, junk(i), '-')), { ruleSet: [rule] });
    expect(r.summary.notApplicable).toEqual([{ ruleId: 'soft-not-found', reason: expect.stringContaining('no body byte counts') }]);
  });

  it('names the common prefix of scattered routes', () => {
    expect(commonPrefix(['/twiki/bin/oops/Main/A', '/twiki/bin/oops/TWiki/B'])).toBe('/twiki/bin/oops/*');
    expect(commonPrefix(['/wp-login.php', '/.env'])).toBeNull();
    expect(commonPrefix(['/a/b'])).toBe('/a/*');
  });
});
