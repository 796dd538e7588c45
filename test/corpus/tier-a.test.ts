import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { repoRoot } from '../cli/run-cli.js';

/**
 * The real third-party logs in ../shared/corpus/real (not in the repository: a fresh clone
 * has no ../shared, and then this suite is skipped visibly). Expected counts are the
 * independent ones in SOURCES.md.
 */
export const corpusDir = resolve(repoRoot, '..', 'shared', 'corpus', 'real');
const present = existsSync(join(corpusDir, 'SOURCES.md'));

const TIER_A: { file: string; format: string; lines: number; statusCounts: Record<string, number> }[] = [
  { file: 'elastic-examples/apache_logs.log', format: 'combined', lines: 10_000, statusCounts: { 200: 9126, 206: 45, 301: 164, 304: 445, 403: 2, 404: 213, 416: 2, 500: 3 } },
  { file: 'elastic-nginx-logs/nginx_logs.head14575.log', format: 'combined', lines: 14_575, statusCounts: { 200: 1138, 206: 53, 304: 3746, 403: 16, 404: 9622 } },
  { file: 'nasa-http/NASA_access_log_Jul95.head4000.log', format: 'common', lines: 4000, statusCounts: { 200: 3566, 302: 193, 304: 216, 404: 25 } },
  { file: 'monitorware-apache/access_log_2004.log', format: 'common', lines: 1535, statusCounts: { 200: 1269, 302: 5, 304: 133, 401: 123, 404: 5 } },
  // zanbil.ir shop: combined plus a trailing "$http_x_forwarded_for" field, +0330 offset
  { file: 'lnav/logfile_shop_access_log.0', format: 'combined', lines: 1000, statusCounts: { 200: 938, 301: 11, 302: 20, 304: 7, 404: 24 } },
];

describe.skipIf(!present)('tier-A corpus (../shared/corpus/real)', () => {
  it.each(TIER_A.map((t) => [t.file, t] as const))('%s: format, every line accounted for, per-status counts as SOURCES.md', async (_f, t) => {
    const report = await analyze({ inputs: [join(corpusDir, t.file)] });
    const f = report.summary.files[0]!;
    expect(f.format).toBe(t.format);
    expect(f.lines).toBe(t.lines);
    expect(f.requests + f.skipped).toBe(f.lines);
    expect(report.summary.statusCounts).toEqual(Object.fromEntries(Object.entries(t.statusCounts).map(([k, v]) => [k, v])));
  });

  it('the Aug95 copy with corrupted line breaks: fragments are counted as malformed, nothing crashes', async () => {
    const report = await analyze({ inputs: [join(corpusDir, 'nasa-http/NASA_access_log_Aug95.mangled.log')] });
    const f = report.summary.files[0]!;
    expect(f.format).toBe('common');
    expect(f.requests + f.skipped).toBe(f.lines);
    // SOURCES.md: 1843 entries with a status, 87 fragments it could not parse. We read one
    // fewer: line 308 is a fragment whose client is on the line before ("…[01/Aug/199" +
    // "5:00:01:39 -0400] …"); SOURCES counts its 200, which was served, but the line alone has
    // no client or complete time, so it is malformed here (88).
    expect(f.requests).toBe(1842);
    expect(report.summary.skipped.malformed).toBe(88);
  });
});

if (!present) {
  describe('tier-A corpus', () => {
    it.skip(`skipped: ${corpusDir} is absent (a fresh clone has no ../shared)`, () => {});
  });
}
