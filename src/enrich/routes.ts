/**
 * Path → route template. User templates (`/api/users/:id`, `/files/*`) win; otherwise
 * segments that look like identifiers become `:id` and hash runs inside file names
 * become `:hash`, so `/api/v1/users/42/orders/9f1c…` and `/api/v1/users/7/orders/…`
 * count as one route.
 *
 * No RegExp is ever built from user input or log content: user templates are matched
 * segment by segment, which is linear in the path length whatever the pattern.
 */

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

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function isHexChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** 8-4-4-4-12 hex */
function isUuid(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!isHexChar(c)) return false;
  }
  return true;
}

/**
 * An identifier-like segment: digits, a UUID, a hex string of 8+ characters with a digit
 * (hashes, Mongo ids), or a long opaque token (20+ characters of base64url with both
 * letters and digits: API keys, session ids). Words and slugs stay literal.
 */
export function isIdSegment(s: string): boolean {
  if (s.length === 0) return false;
  if (isDigits(s)) return true;
  if (isUuid(s)) return true;
  let hex = true;
  let digits = 0;
  let upper = 0;
  let lower = 0;
  let dashes = 0;
  let other = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 97 && c <= 122) lower++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c === 45) dashes++;
    else if (c !== 95) other++;
    if (!isHexChar(c)) hex = false;
  }
  if (hex && s.length >= 8 && digits > 0) return true;
  if (other > 0 || digits === 0) return false;
  // long opaque tokens: digit-heavy, or base64-like mixed case without word dashes;
  // slugs such as `logstash-puppetconf-2012` stay literal
  if (s.length >= 20 && lower + upper > 0 && (digits * 4 >= s.length || (upper > 0 && lower > 0 && dashes === 0))) return true;
  // long digit-heavy mixes are ids; short ones (v1, 2x, h264) stay literal
  if (s.length >= 10 && digits * 2 >= s.length) return true;
  return false;
}

/** replaces a run of 12+ hex characters (with a digit) inside a segment, e.g. app.3f2a1b9c4d5e.js */
function templateHashRun(s: string): string {
  let runStart = -1;
  let runDigits = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : -1;
    if (c !== -1 && isHexChar(c)) {
      if (runStart === -1) {
        runStart = i;
        runDigits = 0;
      }
      if (c <= 57) runDigits++;
    } else {
      if (runStart !== -1 && i - runStart >= 12 && runDigits > 0 && runDigits < i - runStart) {
        return s.slice(0, runStart) + HASH + templateHashRun(s.slice(i));
      }
      runStart = -1;
    }
  }
  return s;
}

export function heuristicTemplate(path: string): string {
  if (path.length === 0 || path.charCodeAt(0) !== 47) return path;
  const parts = path.split('/');
  let changed = false;
  for (let i = 1; i < parts.length; i++) {
    const s = parts[i]!;
    if (isIdSegment(s)) {
      parts[i] = ID;
      changed = true;
    } else if (s.length >= 12) {
      const t = templateHashRun(s);
      if (t !== s) {
        parts[i] = t;
        changed = true;
      }
    }
  }
  return changed ? parts.join('/') : path;
}

export class RouteTemplater {
  private readonly user: UserTemplate[];

  constructor(userTemplates: readonly string[] = []) {
    this.user = userTemplates.map(compileTemplate);
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
