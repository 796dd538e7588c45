import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intIn, methodIn, readRequestLine, statusIn } from '../../src/formats/request.js';

/**
 * The parsers read status, byte count and request line in place (a range of the log
 * line) instead of cutting each out first. These references are the string versions they
 * replaced; the range readers must agree with them whatever surrounds the range.
 */
function referenceInt(s: string): number | null {
  if (s.length === 0 || s.length > 15) return null;
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    v = v * 10 + c;
  }
  return v;
}

function referenceStatus(s: string): number | null {
  const comma = s.lastIndexOf(',');
  const t = (comma === -1 ? s : s.slice(comma + 1)).trim();
  return t.length === 3 ? referenceInt(t) : null;
}

function referenceTarget(target: string): string {
  let start = 0;
  if (target.charCodeAt(0) !== 47) {
    const scheme = target.indexOf('://');
    if (scheme > 0 && scheme < 10) {
      const slash = target.indexOf('/', scheme + 3);
      if (slash === -1) return '/';
      start = slash;
    }
  }
  let end = target.length;
  const q = target.indexOf('?', start);
  if (q !== -1) end = q;
  const h = target.indexOf('#', start);
  if (h !== -1 && h < end) end = h;
  return target.slice(start, end);
}

/** RFC 9110 tchar letters, digits, `-` and `_`, at most 24 of them */
function referenceMethod(m: string): string | null {
  return /^[A-Za-z0-9_-]{1,24}$/.test(m) ? m : null;
}

function referenceRequest(req: string): { method: string | null; path: string | null } {
  const sp = req.indexOf(' ');
  if (sp === -1) return { method: null, path: null };
  const sp2 = req.indexOf(' ', sp + 1);
  const target = sp2 === -1 ? req.slice(sp + 1) : req.slice(sp + 1, sp2);
  return { method: referenceMethod(req.slice(0, sp)), path: target.length > 0 ? referenceTarget(target) : null };
}

// the characters that matter to these readers, and some that do not
const piece = fc.string({ unit: fc.constantFrom(' ', ',', '/', '?', '#', ':', '-', '0', '2', '5', '9', 'a', 'G', 'E', 'T', 'h', 't', 'p', '\t', '\u00a0', '\u3000', '"'), maxLength: 30 });
const surrounded = fc.tuple(piece, piece, piece);

describe('range readers agree with the string readers they replaced', () => {
  it('status', () => {
    fc.assert(
      fc.property(surrounded, ([before, s, after]) => {
        expect(statusIn(before + s + after, before.length, before.length + s.length)).toBe(referenceStatus(s));
      }),
      { numRuns: 5000 },
    );
    expect(statusIn('x 502, 200 y', 2, 10)).toBe(200);
  });

  it('integers', () => {
    fc.assert(
      fc.property(surrounded, ([before, s, after]) => {
        expect(intIn(before + s + after, before.length, before.length + s.length)).toBe(referenceInt(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('request lines', () => {
    fc.assert(
      fc.property(surrounded, ([before, s, after]) => {
        const out = { method: 'x' as string | null, path: 'x' as string | null };
        readRequestLine(before + s + after, before.length, before.length + s.length, out);
        expect(out).toEqual(referenceRequest(s));
      }),
      { numRuns: 5000 },
    );
    const out = { method: null as string | null, path: null as string | null };
    readRequestLine('"GET http://h/a?b HTTP/1.1" 200', 1, 26, out);
    expect(out).toEqual({ method: 'GET', path: '/a' });
  });

  // the common methods are matched in place; anything near them must still read as logged
  const methodish = fc.string({ unit: fc.constantFrom('G', 'E', 'T', 'P', 'O', 'S', 'U', 'A', 'C', 'H', 'D', 'L', 'I', 'N', 'e', 't', '-', '_', '0', ' ', '\u00c9'), maxLength: 9 });
  it('methods', () => {
    fc.assert(
      fc.property(fc.tuple(piece, methodish, piece), ([before, m, after]) => {
        expect(methodIn(before + m + after, before.length, before.length + m.length)).toBe(referenceMethod(m));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('methodIn', () => {
  it.each(['GET', 'POST', 'PUT', 'PATCH', 'HEAD', 'DELETE', 'OPTIONS', 'PROPFIND', 'get', 'GETS', 'PUTS', 'POSTS', 'DELETED', 'G', 'OPTION'])('%s reads as logged', (m) => {
    expect(methodIn(`x ${m} /`, 2, 2 + m.length)).toBe(m);
  });
  it.each([['', null], ['GE T', null], ['G\u00c9T', null], ['A'.repeat(25), null]])('%j is no method', (m, expected) => {
    expect(methodIn(`x ${m} /`, 2, 2 + m.length)).toBe(expected);
  });
});
