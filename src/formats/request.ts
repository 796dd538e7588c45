/** Helpers for the request line and URL fields that many formats share. */

const MAX_METHOD_LENGTH = 24;

/** a method token as logged, or null when it is not a token (binary junk, `-`) */
export function methodToken(m: string): string | null {
  return methodIn(m, 0, m.length);
}

/**
 * methodToken of `s` from `start` to `end`. A common method comes back as this module's
 * constant, matched in place: no string is cut for it, and the cube's method map hashes a
 * constant once, where a fresh copy per line was hashed on every lookup.
 */
export function methodIn(s: string, start: number, end: number): string | null {
  const common = commonMethod(s.charCodeAt(start), end - start);
  if (common !== undefined && sameCharsAt(s, start, common)) return common;
  return tokenOrNull(s.slice(start, end));
}

/** the common method that starts with char code `first` and has `length` characters, if any */
function commonMethod(first: number, length: number): string | undefined {
  switch (first) {
    case 71 /* G */: return length === 3 ? 'GET' : undefined;
    case 80 /* P */: return length === 4 ? 'POST' : length === 3 ? 'PUT' : length === 5 ? 'PATCH' : undefined;
    case 72 /* H */: return length === 4 ? 'HEAD' : undefined;
    case 68 /* D */: return length === 6 ? 'DELETE' : undefined;
    case 79 /* O */: return length === 7 ? 'OPTIONS' : undefined;
    default: return undefined;
  }
}

function sameCharsAt(s: string, at: number, word: string): boolean {
  for (let j = 1; j < word.length; j++) if (s.charCodeAt(at + j) !== word.charCodeAt(j)) return false;
  return true;
}

function tokenOrNull(m: string): string | null {
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
  return targetPathIn(target, 0, target.length);
}

/** targetPath of `s` from `start` to `end` (exclusive), cutting only the path itself out of `s` */
function targetPathIn(s: string, start: number, end: number): string {
  if (s.charCodeAt(start) !== 47 /* / */) {
    const scheme = s.indexOf('://', start);
    if (scheme > start && scheme < start + 10 && scheme + 3 <= end) {
      const slash = s.indexOf('/', scheme + 3);
      if (slash === -1 || slash >= end) return '/';
      start = slash;
    }
  }
  const q = s.indexOf('?', start);
  if (q !== -1 && q < end) end = q;
  const h = s.indexOf('#', start);
  if (h !== -1 && h < end) end = h;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** `GET /a?b HTTP/1.1` → method and path; HTTP/0.9 lines have no protocol part. */
export function splitRequestLine(req: string): { method: string | null; path: string | null } {
  const out = { method: null as string | null, path: null as string | null };
  readRequestLine(req, 0, req.length, out);
  return out;
}

/**
 * splitRequestLine of the request line between `start` and `end` of `s`, into `out`:
 * a parser reads it in place, without cutting the request line out first (one string
 * less per log line)
 */
export function readRequestLine(s: string, start: number, end: number, out: { method: string | null; path: string | null }): void {
  const sp = s.indexOf(' ', start);
  if (sp === -1 || sp >= end) {
    out.method = null;
    out.path = null;
    return;
  }
  out.method = sp - start > 0 && sp - start <= MAX_METHOD_LENGTH ? methodIn(s, start, sp) : null;
  let sp2 = s.indexOf(' ', sp + 1);
  if (sp2 === -1 || sp2 > end) sp2 = end;
  out.path = sp2 > sp + 1 ? targetPathIn(s, sp + 1, sp2) : null;
}

/** a non-negative integer field, or null for `-`, empty or non-numeric */
export function intOrNull(s: string): number | null {
  return intIn(s, 0, s.length);
}

/** intOrNull of `s` from `start` to `end` (exclusive), read in place */
export function intIn(s: string, start: number, end: number): number | null {
  if (end <= start || end - start > 15) return null;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    v = v * 10 + c;
  }
  return v;
}

/** a status code field: three digits, or the last entry of an upstream list like `502, 200` */
export function statusOrNull(s: string): number | null {
  return statusIn(s, 0, s.length);
}

/** what String.prototype.trim removes */
function isTrimmed(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** statusOrNull of `s` from `start` to `end` (exclusive), read in place */
export function statusIn(s: string, start: number, end: number): number | null {
  // the last comma of the field only: lastIndexOf would search back to the line's start
  for (let i = end - 1; i >= start; i--) {
    if (s.charCodeAt(i) === 44 /* , */) {
      start = i + 1;
      break;
    }
  }
  while (start < end && isTrimmed(s.charCodeAt(start))) start++;
  while (end > start && isTrimmed(s.charCodeAt(end - 1))) end--;
  // exactly three digits: a line cut inside its status (`304` → `30`) is not a status
  return end - start === 3 ? intIn(s, start, end) : null;
}

/** `-` and empty mean absent in access logs */
export function dashToNull(s: string): string | null {
  return s.length === 0 || s === '-' ? null : s;
}
