import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileTemplate, heuristicTemplate, isIdSegment, RouteTemplateError, RouteTemplater } from '../../src/enrich/routes.js';

describe('heuristicTemplate', () => {
  it.each([
    ['/api/v1/users/42', '/api/v1/users/:id'],
    ['/api/v1/orders/3f2a1b9c-4d5e-4f60-8a7b-9c0d1e2f3a4b/items/7', '/api/v1/orders/:id/items/:id'],
    ['/objects/5f1d7c2e9a8b4c3d', '/objects/:id'],
    ['/share/AbCdEfGhIjKlMnOpQrStUv12', '/share/:id'],
    ['/static/app.3f2a1b9c4d5e.js', '/static/app.:hash.js'],
    ['/component---src-pages-index-js-4b15624544f97cf0bb8f.js', '/component---src-pages-index-js-:hash.js'],
    ['/presentations/logstash-puppetconf-2012/images/x.png', '/presentations/logstash-puppetconf-2012/images/x.png'],
    ['/api/v2/health', '/api/v2/health'],
    ['/downloads/product_1', '/downloads/product_1'],
    ['/blog/2024/05/my-post', '/blog/:id/:id/my-post'],
    ['/', '/'],
    ['*', '*'],
  ])('%s → %s', (path, route) => {
    expect(heuristicTemplate(path)).toBe(route);
  });

  it('replaces exactly the hex runs of 12+ characters with both a digit and a letter, in segments that are not ids', () => {
    // the model reads each segment on its own with a regex; the scan reads each character
    // once and skips the run search for segments with too few hex or no decimal digits
    const model = (path: string): string =>
      path
        .split('/')
        .map((seg, i) => (i > 0 && isIdSegment(seg) ? ':id' : seg.replace(/[0-9a-fA-F]{12,}/g, (run) => (/[0-9]/.test(run) && /[a-fA-F]/.test(run) ? ':hash' : run))))
        .join('/');
    const piece = fc.oneof(
      fc.constantFrom('/', '-', '.', '_', 'x', 'Z', 'é', 'api', 'app.', '.js'),
      fc.stringMatching(/^[0-9a-f]{10,14}$/),
      fc.stringMatching(/^[0-9A-F]{11,13}$/),
      fc.stringMatching(/^[a-f]{12}$/),
      fc.stringMatching(/^[0-9]{12}$/),
      fc.stringMatching(/^[a-f]{6}[0-9][a-f]{5}$/),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const path = '/' + pieces.join('');
        expect(heuristicTemplate(path)).toBe(model(path));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps words, slugs and short versions literal', () => {
    for (const s of ['users', 'v1', 'h264', 'blue-shirt', 'index.html', 'deadbeef-cafe']) expect(isIdSegment(s)).toBe(false);
  });
});

describe('user templates', () => {
  it('win over the heuristics, segment by segment', () => {
    const t = new RouteTemplater(['/api/users/:id', '/files/*', '/p/{slug}']);
    expect(t.template('/api/users/alice')).toBe('/api/users/:id');
    expect(t.template('/files/a/b/c.txt')).toBe('/files/*');
    expect(t.template('/p/blue-shirt')).toBe('/p/{slug}');
    expect(t.template('/api/users/alice/orders')).toBe('/api/users/alice/orders');
    expect(t.template('/api/users/')).toBe('/api/users/');
    expect(t.template(null)).toBe('-');
  });

  it('rejects templates that are not paths or misplace *', () => {
    expect(() => compileTemplate('api/users')).toThrow(RouteTemplateError);
    expect(() => compileTemplate('/a/*/b')).toThrow(RouteTemplateError);
  });

  it('matches in linear time on a hostile path (no regex built from input)', () => {
    const t = new RouteTemplater(['/' + ':a/'.repeat(200) + 'x']);
    const path = '/' + 'a/'.repeat(30_000);
    expect(t.template(path)).toBe(heuristicTemplate(path));
  });
});
