/**
 * Small field readers shared by the formats added for issue 3 (clf.ts/request.ts/time.ts
 * hold the original helpers; these complement them). None throws.
 */

import { intOrNull } from './request.js';
import { monthIndex } from './time.js';
import { UTC, type TimeZone } from './zone.js';

/** a decimal number (`0.012`, `12`, `-1`), or null for `-`, empty or junk */
export function numOrNull(s: string): number | null {
  if (s.length === 0 || s === '-' || s.length > 24) return null;
  const c = s.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 45 || c === 46)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/**
 * The last entry of an upstream list that is a status (`502, 502` → 502, `200, -` → 200,
 * nginx's internal-redirect separator `504 : 200` → 200), or null.
 */
export function lastListedStatus(s: string): number | null {
  let end = s.length;
  while (end > 0) {
    let start = end - 1;
    while (start >= 0 && s.charCodeAt(start) !== 44 /* , */ && s.charCodeAt(start) !== 58 /* : */) start--;
    const v = intOrNull(s.slice(start + 1, end).trim());
    if (v !== null && v <= 999) return v;
    end = start;
  }
  return null;
}

/** sum of the numbers in an upstream timing list (`0.100, 0.002`), or null when none is a number */
export function listSum(s: string): number | null {
  if (s.indexOf(',') === -1 && s.indexOf(':') === -1) return numOrNull(s);
  let total: number | null = null;
  for (const part of s.split(/[,:]/)) {
    const v = numOrNull(part.trim());
    if (v !== null && v >= 0) total = (total ?? 0) + v;
  }
  return total;
}

/** `1.2.3.4:80` → `1.2.3.4`; `[fe80::1]:443` → `fe80::1`; a bare IPv6 address is kept whole */
export function stripPort(addr: string): string | null {
  if (addr.length === 0 || addr === '-') return null;
  if (addr.charCodeAt(0) === 91 /* [ */) {
    const close = addr.indexOf(']');
    return close === -1 ? addr.slice(1) : addr.slice(1, close);
  }
  const colon = addr.lastIndexOf(':');
  if (colon === -1 || addr.indexOf(':') !== colon) return addr; // no port, or bare IPv6
  return addr.slice(0, colon);
}

/** the first address of an X-Forwarded-For list */
export function firstForwarded(s: string): string | null {
  const comma = s.indexOf(',');
  const v = (comma === -1 ? s : s.slice(0, comma)).trim();
  return v.length === 0 || v === '-' ? null : v;
}

/** the host of an absolute URL (`https://a.example:443/x` → `a.example`), or null */
export function urlHost(url: string): string | null {
  const scheme = url.indexOf('://');
  if (scheme <= 0 || scheme > 10) return null;
  let end = url.length;
  for (let i = scheme + 3; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35 || c === 58) { end = i; break; }
  }
  return end > scheme + 3 ? url.slice(scheme + 3, end) : null;
}

/**
 * Space-separated tokens where `"..."` is one token (quotes removed, `\"` kept as is).
 * Used by the formats that allocate per line anyway (ELB, S3): the allocation is
 * small next to the JSON formats and keeps their code readable.
 * Returns null when a quote is not closed (a truncated line).
 */
export function quotedTokens(line: string, max = 64): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n && out.length < max) {
    while (i < n && line.charCodeAt(i) === 32) i++;
    if (i >= n) break;
    if (line.charCodeAt(i) === 34) {
      let j = i + 1;
      for (;;) {
        j = line.indexOf('"', j);
        if (j === -1) return null;
        let bs = 0;
        for (let k = j - 1; k > i && line.charCodeAt(k) === 92; k--) bs++;
        if ((bs & 1) === 0) break;
        j++;
      }
      out.push(line.slice(i + 1, j));
      i = j + 1;
    } else {
      let j = line.indexOf(' ', i);
      if (j === -1) j = n;
      out.push(line.slice(i, j));
      i = j;
    }
  }
  return out;
}

/** JSON string unescape for values cut out of a JSON-escaped line (`\"`, `\\`, `\uXXXX`) */
export function jsonUnescape(s: string): string {
  if (s.indexOf('\\') === -1) return s;
  try {
    return JSON.parse('"' + s + '"') as string;
  } catch {
    return s;
  }
}

/** `Sun Mar 13 22:49:12 2016` (asctime: no zone, so in `zone`) */
export function parseAsctime(s: string, zone: TimeZone = UTC): number {
  // Www Mmm dd hh:mm:ss yyyy ; day may be space-padded
  if (s.length < 24) return NaN;
  const month = monthIndex(s.slice(4, 7));
  const day = Number(s.slice(8, 10).trim());
  const hh = Number(s.slice(11, 13));
  const mm = Number(s.slice(14, 16));
  const ss = Number(s.slice(17, 19));
  const year = Number(s.slice(20, 24));
  if (month < 0 || !(day >= 1 && day <= 31) || !(hh <= 23) || !(mm <= 59) || !(ss <= 60) || !(year > 1900)) return NaN;
  const t = Date.UTC(year, month, day, hh, mm, ss);
  return new Date(t).getUTCDate() === day ? zone.toUtc(t) : NaN;
}

/** `06/Feb/2009:12:14:14.655` (HAProxy accept date: no zone, so in `zone`) */
export function parseClfNoZone(s: string, zone: TimeZone = UTC): number {
  if (s.length < 20 || s.charCodeAt(2) !== 47 || s.charCodeAt(6) !== 47 || s.charCodeAt(11) !== 58) return NaN;
  const day = Number(s.slice(0, 2));
  const month = monthIndex(s.slice(3, 6));
  const year = Number(s.slice(7, 11));
  const hh = Number(s.slice(12, 14));
  const mm = Number(s.slice(15, 17));
  const ss = Number(s.slice(18, 20));
  let ms = 0;
  if (s.charCodeAt(20) === 46 /* . */) ms = Number((s.slice(21, 24) + '00').slice(0, 3));
  if (month < 0 || !(day >= 1 && day <= 31) || !(hh <= 23) || !(mm <= 59) || !(ss <= 60) || !(year > 1900) || Number.isNaN(ms)) return NaN;
  const t = Date.UTC(year, month, day, hh, mm, ss, ms);
  return new Date(t).getUTCDate() === day ? zone.toUtc(t) : NaN;
}

/** a JSON field as text: strings (empty and `-` mean absent) and numbers */
export function jsonString(v: unknown): string | null {
  if (typeof v === 'string') return v.length === 0 || v === '-' ? null : v;
  if (typeof v === 'number') return String(v);
  return null;
}

/** a JSON field as a finite number: numbers, or numeric strings (`-` means absent) */
export function jsonNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.length > 0 && v !== '-') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}
