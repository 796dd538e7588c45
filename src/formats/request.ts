/** Helpers for the request line and URL fields that many formats share. */

const MAX_METHOD_LENGTH = 24;

/** a method token as logged, or null when it is not a token (binary junk, `-`) */
export function methodToken(m: string): string | null {
  if (m.length === 0 || m.length > MAX_METHOD_LENGTH) return null;
  for (let i = 0; i < m.length; i++) {
    const c = m.charCodeAt(i);
    // RFC 9110 tchar, minus the rarely-used punctuation that only junk produces
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95)) return null;
  }
  return m;
}

/**
 * The path of a request target without its query string or fragment. An absolute
 * URL (proxies, ALB) gives its path; `*` (OPTIONS) stays `*`.
 */
export function targetPath(target: string): string {
  let start = 0;
  if (target.charCodeAt(0) !== 47 /* / */) {
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
  return start === 0 && end === target.length ? target : target.slice(start, end);
}

/** `GET /a?b HTTP/1.1` → method and path; HTTP/0.9 lines have no protocol part. */
export function splitRequestLine(req: string): { method: string | null; path: string | null } {
  const sp = req.indexOf(' ');
  if (sp === -1) return { method: null, path: null };
  const method = methodToken(req.slice(0, sp));
  const sp2 = req.indexOf(' ', sp + 1);
  const target = sp2 === -1 ? req.slice(sp + 1) : req.slice(sp + 1, sp2);
  return { method, path: target.length > 0 ? targetPath(target) : null };
}

/** a non-negative integer field, or null for `-`, empty or non-numeric */
export function intOrNull(s: string): number | null {
  if (s.length === 0 || s.length > 15) return null;
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    v = v * 10 + c;
  }
  return v;
}

/** a status code field: three digits, or the last entry of an upstream list like `502, 200` */
export function statusOrNull(s: string): number | null {
  const comma = s.lastIndexOf(',');
  const t = (comma === -1 ? s : s.slice(comma + 1)).trim();
  // exactly three digits: a line cut inside its status (`304` → `30`) is not a status
  if (t.length !== 3) return null;
  const v = intOrNull(t);
  return v !== null && v >= 0 && v <= 999 ? v : null;
}

/** `-` and empty mean absent in access logs */
export function dashToNull(s: string): string | null {
  return s.length === 0 || s === '-' ? null : s;
}
