import type { LogRecord } from '../formats/types.js';

/**
 * Filters applied to parsed records before they reach the cube: the --since/--until time
 * range and the config's ignored paths and clients. User patterns are matched by a
 * wildcard matcher without backtracking blow-up (never a RegExp built from user or log
 * text), so no pattern can hang a run.
 */
export type RecordFilter = (rec: LogRecord) => 'out-of-range' | 'ignored' | undefined;

export interface FilterOptions {
  since?: number;
  until?: number;
  ignorePaths?: readonly string[];
  ignoreClients?: readonly string[];
}

/**
 * `*` matches any run of characters (including `/`), everything else itself. Iterative with
 * one remembered star: O(pattern × text) at worst, no recursion, no RegExp.
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

function ipv4(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let v = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    v = v * 256 + n;
  }
  return v;
}

export interface ClientMatcher {
  (client: string): boolean;
}

/** `192.0.2.7` (exact, IPv4 or IPv6 text) or `10.0.0.0/8` (IPv4 CIDR); returns null when malformed */
export function parseClientPattern(spec: string): ClientMatcher | null {
  const slash = spec.indexOf('/');
  if (slash === -1) {
    if (spec.length === 0 || /\s/.test(spec)) return null;
    const lower = spec.toLowerCase();
    return (c) => c.toLowerCase() === lower;
  }
  const base = ipv4(spec.slice(0, slash));
  const bitsText = spec.slice(slash + 1);
  if (base === null || !/^\d{1,2}$/.test(bitsText) || Number(bitsText) > 32) return null;
  const bits = Number(bitsText);
  const size = 2 ** (32 - bits);
  const lo = Math.floor(base / size) * size;
  return (c) => {
    const v = ipv4(c);
    return v !== null && v >= lo && v < lo + size;
  };
}

export function recordFilter(opts: FilterOptions): RecordFilter | null {
  const since = opts.since;
  const until = opts.until;
  const paths = opts.ignorePaths ?? [];
  const clients = (opts.ignoreClients ?? []).map((c) => {
    const m = parseClientPattern(c);
    if (m === null) throw new Error(`invalid client pattern "${c}"`);
    return m;
  });
  if (since === undefined && until === undefined && paths.length === 0 && clients.length === 0) return null;
  return (rec) => {
    if ((since !== undefined && rec.time < since) || (until !== undefined && rec.time >= until)) return 'out-of-range';
    if (paths.length > 0 && rec.path !== null && paths.some((p) => wildcardMatch(p, rec.path!))) return 'ignored';
    if (clients.length > 0 && rec.client !== null && clients.some((m) => m(rec.client!))) return 'ignored';
    return undefined;
  };
}
