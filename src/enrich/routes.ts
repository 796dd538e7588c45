/**
 * Path → route template. User templates (`/api/users/:id`, `/files/*`) win; otherwise
 * segments that look like identifiers become `:id` and hash runs inside file names
 * become `:hash`, so `/api/v1/users/42/orders/9f1c…` and `/api/v1/users/7/orders/…`
 * count as one route.
 *
 * No RegExp is ever built from user input or log content: user templates are matched
 * segment by segment, which is linear in the path length whatever the pattern.
 */

import { FNV_OFFSET, FNV_PRIME, fnv1a } from '../util/fnv.js';
import { CREDENTIAL_WORD_STARTS } from './session.js';

export const ID = ':id';
const HASH = ':hash';

interface UserTemplate {
  template: string;
  /** literal segment, `null` for a `:param` (one segment), or '*' for the rest of the path */
  segments: (string | null)[];
  wildcardTail: boolean;
}

export class RouteTemplateError extends Error {}

export function compileTemplate(template: string): UserTemplate {
  if (!template.startsWith('/')) throw new RouteTemplateError(`route template must start with "/": ${template}`);
  const parts = template.split('/').slice(1);
  const segments: (string | null)[] = [];
  let wildcardTail = false;
  parts.forEach((s, i) => {
    if (s === '*' || s === '**') {
      if (i !== parts.length - 1) throw new RouteTemplateError(`"*" may only end a route template: ${template}`);
      wildcardTail = true;
    } else if (s.startsWith(':') || (s.startsWith('{') && s.endsWith('}'))) {
      segments.push(null);
    } else {
      segments.push(s);
    }
  });
  return { template, segments, wildcardTail };
}

function matches(t: UserTemplate, parts: readonly string[]): boolean {
  if (t.wildcardTail ? parts.length < t.segments.length : parts.length !== t.segments.length) return false;
  for (let i = 0; i < t.segments.length; i++) {
    const s = t.segments[i];
    if (s !== null && s !== parts[i]) return false;
    if (s === null && parts[i]!.length === 0) return false;
  }
  return true;
}

function isHexChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/**
 * Character classes of ASCII for isIdAt, as bits: one table load and three bit operations
 * a character, where the chain of range compares (and isHexChar's) it replaced branched
 * on every character of every path segment (the scan took 260 ns a path of the bench log).
 * C_DIGIT is bit 0 and C_DASH bit 1 so that they count by addition.
 */
const C_DIGIT = 1;
const C_DASH = 2;
const C_LOWER = 4;
const C_UPPER = 8;
/** not a letter, digit, `-` or `_` */
const C_SYMBOL = 16;
const C_NOT_HEX = 32;
/** a hex digit (counted by addition, in units of C_HEX) */
const C_HEX = 64;
const C_OTHER = C_SYMBOL | C_NOT_HEX;
const CHAR_CLASS = (() => {
  const t = new Uint8Array(128).fill(C_OTHER);
  for (let c = 0; c < 128; c++) {
    if (c >= 48 && c <= 57) t[c] = C_DIGIT | C_HEX;
    else if (c >= 97 && c <= 122) t[c] = C_LOWER | (isHexChar(c) ? C_HEX : C_NOT_HEX);
    else if (c >= 65 && c <= 90) t[c] = C_UPPER | (isHexChar(c) ? C_HEX : C_NOT_HEX);
    else if (c === 45) t[c] = C_DASH | C_NOT_HEX;
    else if (c === 95) t[c] = C_NOT_HEX;
  }
  return t;
})();

/** 1 at the char codes of CREDENTIAL_WORD_STARTS */
const CREDENTIAL_WORD_START = (() => {
  const t = new Uint8Array(128);
  for (const c of CREDENTIAL_WORD_STARTS) t[c.charCodeAt(0)] = 1;
  return t;
})();

/** 8-4-4-4-12 hex, at `start` (36 characters) */
function isUuidAt(s: string, start: number): boolean {
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(start + i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!isHexChar(c)) return false;
  }
  return true;
}

/** piece codes of a TemplateScan (a literal piece is a start offset, ≥ 0) */
const PIECE_ID = -1;
const PIECE_HASH = -2;

function tokenText(piece: number): string {
  return piece === PIECE_ID ? ID : HASH;
}

/**
 * The heuristic template of a path, as pieces of the path itself: literal ranges, and
 * `:id` for an identifier segment or `:hash` for a run of 12+ hex characters (with a
 * digit, not only digits) inside a segment, e.g. app.3f2a1b9c4d5e.js. Also the FNV-1a
 * hash of the template's text.
 *
 * Why pieces: with ids in paths about a third of the lines carry a path never seen
 * before, and splitting, joining and looking up each one as a string cost a fifth of the
 * cube build (0.73 µs a line). A scan into this reused buffer lets the builder find a
 * known route by hash and compare it in place (`sameAs`); the template string is built
 * (`text`) only for a template not met before.
 */
export class TemplateScan {
  private path = '';
  /** pairs: (start, end) of a literal range of the path, or (PIECE_ID | PIECE_HASH, 0) */
  private pieces = new Int32Array(64);
  private used = 0;
  /** FNV-1a of the template's text */
  hash = 0;
  /**
   * FNV-1a of the path itself (not finished), for the soft-404 tracker's path table: a
   * second chain in the same loop is nearly free, where a pass of its own over the path
   * cost about 90 ns on each GET 200.
   */
  pathHash = 0;
  /**
   * Whether a segment replaced by `:id` starts with a letter a credential word can start
   * with (see isCredentialPath): only then can the template hide one that the path has.
   */
  idMayHideCredentialWord = false;
  /** where the last segment isIdAt read ends, and the hash continued over it */
  private segmentEnd = 0;
  private segmentHash = 0;
  /** how many characters of that segment are hex digits and decimal digits */
  private segmentHexDigits = 0;
  private segmentDigits = 0;

  scan(path: string): void {
    this.path = path;
    this.used = 0;
    this.idMayHideCredentialWord = false;
    const end = path.length;
    if (end === 0 || path.charCodeAt(0) !== 47 /* / */) {
      this.literal(0, end);
      this.hash = this.pathHash = fnv1a(FNV_OFFSET, path, 0, end);
      return;
    }
    let literalFrom = 0;
    let segStart = 1;
    // the hash runs along the scan (each character is read once): a literal segment's
    // characters are hashed while it is judged, a replaced one is hashed as its token
    let h = Math.imul(FNV_OFFSET ^ 47, FNV_PRIME);
    this.pathHash = h;
    for (;;) {
      const isId = this.isIdAt(path, segStart, end, h);
      const segEnd = this.segmentEnd;
      if (isId) {
        if (CREDENTIAL_WORD_START[path.charCodeAt(segStart) | 0x20] === 1) this.idMayHideCredentialWord = true;
        this.literal(literalFrom, segStart);
        this.token(PIECE_ID);
        literalFrom = segEnd;
        h = fnv1a(h, ID, 0, ID.length);
      } else if (this.segmentHexDigits >= 12 && this.segmentDigits > 0) {
        // a replaced run needs 12 hex digits, one of them decimal: most long segments
        // (words, slugs, app.1dd75700.js) have fewer, and skip the second read
        const from = this.hashRuns(segStart, segEnd, literalFrom, h);
        h = from === literalFrom ? this.segmentHash : this.hash;
        literalFrom = from;
      } else h = this.segmentHash;
      if (segEnd === end) break;
      h = Math.imul(h ^ 47, FNV_PRIME);
      this.pathHash = Math.imul(this.pathHash ^ 47, FNV_PRIME);
      segStart = segEnd + 1;
    }
    this.literal(literalFrom, end);
    this.hash = h;
  }

  /**
   * isIdSegment of the segment of `s` that starts at `start` and ends at the next `/` or
   * at `end` (left in segmentEnd), in one pass that also continues hash `h` over the
   * segment's characters (left in segmentHash), and pathHash: one read of each character,
   * no indexOf.
   */
  isIdAt(s: string, start: number, end: number, h: number): boolean {
    let p = this.pathHash;
    let seen = 0;
    let digits = 0;
    let dashes = 0;
    let hexes = 0;
    let i = start;
    for (; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c === 47) break;
      h = Math.imul(h ^ c, FNV_PRIME);
      p = Math.imul(p ^ c, FNV_PRIME);
      const k = c < 128 ? CHAR_CLASS[c]! : C_OTHER;
      seen |= k;
      digits += k & C_DIGIT;
      dashes += (k & C_DASH) >> 1;
      hexes += k & C_HEX;
    }
    const hex = (seen & C_NOT_HEX) === 0;
    const lower = (seen & C_LOWER) !== 0;
    const upper = (seen & C_UPPER) !== 0;
    this.segmentEnd = i;
    this.segmentHash = h;
    this.pathHash = p;
    this.segmentHexDigits = hexes / C_HEX;
    this.segmentDigits = digits;
    const length = i - start;
    if (length === 0) return false;
    if (digits === length) return true;
    if (length === 36 && dashes === 4 && isUuidAt(s, start)) return true;
    if (hex && length >= 8 && digits > 0) return true;
    if ((seen & C_SYMBOL) !== 0 || digits === 0) return false;
    // long opaque tokens: digit-heavy, or base64-like mixed case without word dashes;
    // slugs such as `logstash-puppetconf-2012` stay literal
    if (length >= 20 && (lower || upper) && (digits * 4 >= length || (upper && lower && dashes === 0))) return true;
    // long digit-heavy mixes are ids; short ones (v1, 2x, h264) stay literal
    if (length >= 10 && digits * 2 >= length) return true;
    return false;
  }

  /**
   * Replaces each maximal hex run of a segment that qualifies; returns where the pending
   * literal starts (unchanged when no run qualified), and leaves in `hash` hash `h`
   * continued over the segment as templated.
   */
  private hashRuns(start: number, end: number, literalFrom: number, h: number): number {
    const path = this.path;
    let runStart = -1;
    let runDigits = 0;
    let hashedTo = start;
    for (let i = start; i <= end; i++) {
      const c = i < end ? path.charCodeAt(i) : -1;
      if (c !== -1 && isHexChar(c)) {
        if (runStart === -1) {
          runStart = i;
          runDigits = 0;
        }
        if (c <= 57) runDigits++;
      } else {
        if (runStart !== -1 && i - runStart >= 12 && runDigits > 0 && runDigits < i - runStart) {
          this.literal(literalFrom, runStart);
          this.token(PIECE_HASH);
          literalFrom = i;
          h = fnv1a(fnv1a(h, path, hashedTo, runStart), HASH, 0, HASH.length);
          hashedTo = i;
        }
        runStart = -1;
      }
    }
    this.hash = fnv1a(h, path, hashedTo, end);
    return literalFrom;
  }

  private literal(start: number, end: number): void {
    if (end > start) this.push(start, end);
  }

  private token(code: number): void {
    this.push(code, 0);
  }

  private push(a: number, b: number): void {
    if (this.used + 2 > this.pieces.length) {
      const bigger = new Int32Array(this.pieces.length * 2);
      bigger.set(this.pieces);
      this.pieces = bigger;
    }
    this.pieces[this.used++] = a;
    this.pieces[this.used++] = b;
  }

  /**
   * Whether the scanned path's template is `template`, piece by piece: each literal range
   * and token compared as a substring with ===, one native compare (of sliced strings,
   * without copying pieces of 13 characters or more). A charCodeAt loop over the sliced
   * path and startsWith at an offset cost more: with the CLF time change, parse + build of
   * 600k lines went from 16.74G to 15.34G instructions under callgrind.
   */
  sameAs(template: string): boolean {
    const path = this.path;
    const pieces = this.pieces;
    let at = 0;
    for (let p = 0; p < this.used; p += 2) {
      const a = pieces[p]!;
      if (a >= 0) {
        const b = pieces[p + 1]!;
        const end = at + b - a;
        if (end > template.length || path.substring(a, b) !== template.substring(at, end)) return false;
        at = end;
      } else {
        const t = tokenText(a);
        if (template.substring(at, at + t.length) !== t) return false;
        at += t.length;
      }
    }
    return at === template.length;
  }

  /** the template's text */
  text(): string {
    const pieces = this.pieces;
    let out = '';
    for (let p = 0; p < this.used; p += 2) {
      const a = pieces[p]!;
      out += a >= 0 ? this.path.slice(a, pieces[p + 1]!) : tokenText(a);
    }
    return out;
  }
}

const oneScan = new TemplateScan();

/**
 * An identifier-like segment: digits, a UUID, a hex string of 8+ characters with a digit
 * (hashes, Mongo ids), or a long opaque token (20+ characters of base64url with both
 * letters and digits: API keys, session ids). Words and slugs stay literal.
 */
export function isIdSegment(s: string): boolean {
  if (s.includes('/')) return false;
  return oneScan.isIdAt(s, 0, s.length, 0);
}

export function heuristicTemplate(path: string): string {
  oneScan.scan(path);
  return oneScan.text();
}

export class RouteTemplater {
  private readonly user: UserTemplate[];

  constructor(userTemplates: readonly string[] = []) {
    this.user = userTemplates.map(compileTemplate);
  }

  get hasUserTemplates(): boolean {
    return this.user.length > 0;
  }

  template(path: string | null): string {
    if (path === null) return '-';
    if (this.user.length > 0) {
      const parts = path.split('/').slice(1);
      for (const t of this.user) if (matches(t, parts)) return t.template;
    }
    return heuristicTemplate(path);
  }
}
