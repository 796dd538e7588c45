/**
 * Timestamp readers shared by the parsers. All return epoch ms (UTC, offsets applied)
 * or NaN; none throws. A time that carries no zone is placed by the TimeZone passed in
 * (--timezone), UTC when none is.
 */

import { UTC, type TimeZone } from './zone.js';

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};

/** month number (0-11) from its English abbreviation, or -1 */
export function monthIndex(abbr: string): number {
  const m = MONTHS[abbr];
  return m === undefined ? -1 : m;
}

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Reads the CLF time `10/Oct/2000:13:55:36 -0700` starting at `at` (no bracket).
 * Log lines arrive in time order mostly, many in the same second, so the last
 * answer is cached by its text: most lines then cost one string compare.
 */
export class ClfTimeReader {
  /** `dd/Mon/yyyy:HH:MM` of the last time read, its zone ` ±hhmm`, and that minute's epoch ms */
  private minute = '';
  private zone = '';
  private minuteValue = NaN;

  /**
   * Cached by minute, not by second: in a busy log most lines share their minute with
   * the line before but not their second (in the bench log, a per-second cache missed on
   * most lines). A hit compares the minute and the zone and reads the two second digits.
   * The compare is substring + ===, one native step: startsWith at an offset of a sliced
   * line took about twice as long (62 against 36 ns a line for the minute), and the time
   * read was a quarter of the combined parser (430-470 ns a line, 310-350 without it).
   */
  read(s: string, at: number): number {
    if (this.minute.length === 17 && s.substring(at, at + 17) === this.minute && s.substring(at + 20, at + 26) === this.zone) {
      const ss = digits(s, at + 18, 2);
      if (ss >= 0 && ss <= 60 && s.charCodeAt(at + 17) === 58 /* : */) return this.minuteValue + ss * 1000;
    }
    const text = s.slice(at, at + 26);
    const v = parseClfTime(text);
    if (!Number.isNaN(v)) {
      const ss = digits(text, 18, 2);
      this.minute = text.slice(0, 17);
      this.zone = text.slice(20, 26);
      this.minuteValue = v - ss * 1000;
    }
    return v;
  }
}

/** `dd/Mon/yyyy:HH:MM:SS ±hhmm` (26 chars) */
export function parseClfTime(t: string): number {
  if (t.length < 26 || t.charCodeAt(2) !== 47 /* / */ || t.charCodeAt(6) !== 47 || t.charCodeAt(11) !== 58 /* : */) return NaN;
  const day = digits(t, 0, 2);
  const month = MONTHS[t.slice(3, 6)];
  const year = digits(t, 7, 4);
  const hh = digits(t, 12, 2);
  const mm = digits(t, 15, 2);
  const ss = digits(t, 18, 2);
  const sign = t.charCodeAt(21);
  const oh = digits(t, 22, 2);
  const om = digits(t, 24, 2);
  if (month === undefined || day < 1 || day > 31 || year < 0 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60) return NaN;
  if ((sign !== 43 && sign !== 45) || oh < 0 || om < 0 || t.charCodeAt(20) !== 32) return NaN;
  // the day is checked on the minute: a leap second (23:59:60) rolls into the next day,
  // as second 60 of any other minute rolls into the next minute (and as the minute cache
  // of ClfTimeReader reads it)
  const minute = Date.UTC(year, month, day, hh, mm);
  if (new Date(minute).getUTCDate() !== day) return NaN; // 31/Feb and friends
  const offset = (oh * 60 + om) * 60_000;
  return (sign === 43 ? minute - offset : minute + offset) + ss * 1000;
}

/**
 * ISO 8601 / RFC 3339 (`2026-11-16T03:05:00.123Z`, `+02:00`, space instead of T,
 * any number of fraction digits). A time without a zone is in `zone`.
 */
export function parseIsoTime(s: string, zone: TimeZone = UTC): number {
  const fast = isoFixedWidth(s, zone);
  return fast === undefined ? parseIsoTimeGeneral(s, zone) : fast;
}

/** the last calendar day read by isoFixedWidth: y * 10000 + m * 100 + d, and its UTC midnight (NaN: no such day) */
let isoDayKey = -1;
let isoDayMs = NaN;

/**
 * The common JSON-log shape `YYYY-MM-DD[T ]HH:MM:SS[.frac][Z|±HH[:]MM|±HH]` read by char
 * codes, with the day's Date.UTC kept from line to line: the regex and Date.UTC per line
 * were 7% of a JSON-lines run. Same result as the general reader; undefined sends any
 * other shape there.
 */
function isoFixedWidth(s: string, zone: TimeZone): number | undefined {
  if (s.length < 19) return undefined;
  const sep = s.charCodeAt(10);
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (sep !== 84 && sep !== 32) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return undefined;
  let i = 19;
  let ms = 0;
  const dot = s.charCodeAt(i);
  if (dot === 46 || dot === 44) {
    const start = ++i;
    while (i < s.length && i - start < 9 && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    if (i === start) return undefined;
    // the first three fraction digits, zero-padded: .5 is 500 ms, .123456 is 123 ms
    for (let k = 0; k < 3; k++) ms = ms * 10 + (start + k < i ? s.charCodeAt(start + k) - 48 : 0);
  }
  let offsetMs: number | null = null;
  if (i < s.length) {
    const c = s.charCodeAt(i);
    if ((c === 90 || c === 122) && i + 1 === s.length) offsetMs = 0;
    else if (c === 43 || c === 45) {
      const oh = digits(s, i + 1, 2);
      const rest = s.length - (i + 3);
      const om = rest === 0 ? 0 : rest === 2 ? digits(s, i + 3, 2) : rest === 3 && s.charCodeAt(i + 3) === 58 ? digits(s, i + 4, 2) : -1;
      if (oh < 0 || om < 0) return undefined;
      offsetMs = (c === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
    } else return undefined;
  }
  const key = y * 10000 + mo * 100 + d;
  if (key !== isoDayKey) {
    const midnight = Date.UTC(y, mo - 1, d);
    isoDayKey = key;
    isoDayMs = mo < 1 || mo > 12 || d < 1 || new Date(midnight).getUTCDate() !== d ? NaN : midnight;
  }
  // second 60 is a leap second (RFC 3339 §5.6): it reads as the next minute's first
  if (Number.isNaN(isoDayMs) || h > 23 || mi > 59 || sec > 60) return NaN;
  const local = isoDayMs + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
  return offsetMs === null ? zone.toUtc(local) : local - offsetMs;
}

/** every ISO shape parseIsoTime takes, by pattern (the fixed-width reader is tested against it) */
export function parseIsoTimeGeneral(s: string, zone: TimeZone = UTC): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s?(Z|z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$/.exec(s);
  if (m === null) return NaN;
  const [, y, mo, d, h, mi, sec, frac, offset] = m;
  const ms = frac ? Number((frac + '00').slice(0, 3)) : 0;
  const day = Number(d);
  const seconds = sec ? Number(sec) : 0;
  const local = Date.UTC(Number(y), Number(mo) - 1, day, Number(h), Number(mi), seconds, ms);
  // the day is checked at its own midnight: a leap second at 23:59:60 rolls into the next day
  const dayOk = new Date(Date.UTC(Number(y), Number(mo) - 1, day)).getUTCDate() === day;
  if (Number(mo) < 1 || Number(mo) > 12 || day < 1 || !dayOk || Number(h) > 23 || Number(mi) > 59 || seconds > 60) return NaN;
  if (!offset) return zone.toUtc(local);
  if (offset === 'Z' || offset === 'z') return local;
  const sign = offset[0] === '-' ? -1 : 1;
  const z = offset.slice(1).replace(':', '');
  return local - sign * (Number(z.slice(0, 2)) * 60 + Number(z.slice(2, 4) || '0')) * 60_000;
}

/**
 * A number that is a Unix time in seconds, milliseconds, microseconds or nanoseconds:
 * the unit is chosen by magnitude (dates between 1973 and 2286 are unambiguous).
 */
export function epochToMs(v: number): number {
  if (!Number.isFinite(v) || v <= 0) return NaN;
  if (v < 1e11) return v * 1000; // seconds (fractional allowed)
  if (v < 1e14) return v; // ms
  if (v < 1e17) return v / 1000; // µs
  return v / 1e6; // ns
}

/** any time value a JSON log may carry: ISO string (zone-less ones in `zone`), CLF string, epoch number or numeric string */
export function parseAnyTime(v: unknown, zone: TimeZone = UTC): number {
  if (typeof v === 'number') return epochToMs(v);
  if (typeof v !== 'string' || v.length === 0) return NaN;
  const c = v.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    if (v.length >= 10 && v.charCodeAt(4) === 45 /* - */) return parseIsoTime(v, zone);
    if (v.charCodeAt(2) === 47 /* / */) return parseClfTime(v);
    const n = Number(v);
    return Number.isFinite(n) ? epochToMs(n) : NaN;
  }
  if (c === 91 /* [ */) return parseClfTime(v.slice(1));
  return NaN;
}
