import { describe, expect, it } from 'vitest';
import { NOVELTY_FIRST_SEEN, NOVELTY_NONE, NOVELTY_SHARED_SIZE, SeenPaths, SharedSizes, SoftNotFoundTracker, isAssetPath } from '../../src/enrich/novelty.js';

describe('soft-404 enrichment (src/enrich/novelty.ts)', () => {
  it('tells first-seen paths from repeats', () => {
    const s = new SeenPaths(1 << 10);
    expect(s.firstSeen('/a')).toBe(true);
    expect(s.firstSeen('/a')).toBe(false);
    expect(s.firstSeen('/b')).toBe(true);
  });

  it('keeps a popular path "seen" while a million one-off paths cycle through a fixed table', () => {
    const s = new SeenPaths(1 << 12);
    s.firstSeen('/pricing');
    let forgotten = 0;
    for (let i = 0; i < 1_000_000; i++) {
      s.firstSeen(`/scan/${i}`);
      // the popular page is requested every 50 junk paths; CLOCK keeps it marked
      if (i % 50 === 0 && s.firstSeen('/pricing')) forgotten++;
    }
    expect(forgotten).toBe(0);
    // memory is the table, whatever the number of paths
    expect((s as unknown as { slots: Uint32Array }).slots.length).toBe(1 << 12);
  });

  it('calls a size shared only after several first-seen paths of different lengths', () => {
    const z = new SharedSizes();
    expect(z.observe(209, 20)).toBe(false);
    expect(z.observe(209, 25)).toBe(false);
    expect(z.observe(209, 30)).toBe(true);
    const echo = new SharedSizes();
    for (let i = 0; i < 10; i++) expect(echo.observe(378, 32)).toBe(false);
  });

  it('keeps a frequent size through a stream of unique sizes (Misra–Gries)', () => {
    const z = new SharedSizes();
    let shared = 0;
    for (let i = 0; i < 100_000; i++) {
      if (i % 20 === 0) shared += z.observe(209, 10 + (i % 7)) ? 1 : 0;
      else z.observe(10_000 + i, 30);
    }
    // 5% of the stream: well above 1/65, so nearly all its occurrences count
    expect(shared).toBeGreaterThan(4_500);
  });

  it('skips assets and repeats, without allocating per call', () => {
    const t = new SoftNotFoundTracker(1 << 10);
    expect(t.observe('/img/a.PNG', 10)).toBe(NOVELTY_NONE);
    expect(t.observe('/a', 10)).toBe(NOVELTY_FIRST_SEEN);
    expect(t.observe('/a', 10)).toBe(NOVELTY_NONE);
    expect(t.observe('/bb', 10)).toBe(NOVELTY_FIRST_SEEN);
    expect(t.observe('/ccc', 10)).toBe(NOVELTY_SHARED_SIZE);
    expect(isAssetPath('/x/app.min.js')).toBe(true);
    expect(isAssetPath('/x/report.html')).toBe(false);
    expect(isAssetPath('/v1.2/users')).toBe(false);
    expect(isAssetPath('/.env')).toBe(false);
  });

  it.each([
    ['app.js', true],
    ['/x/archive.woff2', true],
    ['/x/font.WOFF2', true],
    ['/x/.js', false],
    ['.js', false],
    ['/x/page.abcdef', false],
    ['/x/page.woff22', false],
    ['/static.js/index', false],
    ['/x/file.', false],
    ['/x/a.b.gz', true],
    ['', false],
    ['/', false],
  ])('isAssetPath(%j) is %s: only the last segment\'s extension, up to five characters', (path, expected) => {
    expect(isAssetPath(path)).toBe(expected);
  });
});
