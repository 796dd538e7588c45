/**
 * The time zone of log timestamps that carry none (`--timezone`). Parsers read such a time
 * as if it were UTC and hand that number to `toUtc`, which returns the instant.
 */
export interface TimeZone {
  /** as the user gave it, canonicalised (`Europe/Berlin`, `+05:30`, `UTC`) */
  readonly name: string;
  /** `local`: a wall-clock time as epoch ms read as UTC; returns epoch ms. NaN stays NaN. */
  toUtc(local: number): number;
}

/** the default: a time without a zone is UTC, as statuslint always read it */
export const UTC: TimeZone = { name: 'UTC', toUtc: (local) => local };

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** cached hours (and minutes of transition hours) before a cache starts over: bounded memory whatever the timestamps */
const CACHE_MAX = 1 << 14;

class FixedOffset implements TimeZone {
  constructor(
    readonly name: string,
    private readonly offsetMs: number,
  ) {}

  toUtc(local: number): number {
    return local - this.offsetMs;
  }
}

/**
 * An IANA zone, its offsets from Intl.DateTimeFormat. An Intl lookup costs about 4 µs, more
 * than parsing a line, so offsets are cached per hour of local time: a line whose hour is the
 * previous line's costs a compare. Only an hour with a transition in it (Lord Howe's
 * half-hour shift) is resolved minute by minute.
 *
 * Wall times that occur twice (the autumn hour when clocks go back) take the earlier
 * instant, the one with the summer offset. Wall times that never occur (the spring hour
 * when clocks go forward) are shifted forward by the gap: 02:30 on the night Berlin moves
 * from +01:00 to +02:00 is read as 03:30 +02:00. These are the choices of RFC 5545, Java's
 * ZonedDateTime and Temporal's default ('compatible').
 */
class IanaZone implements TimeZone {
  private readonly parts: Intl.DateTimeFormat;
  private lastHour = NaN;
  private lastOffset = 0;
  /** hour → offset, or NaN for an hour with a transition inside */
  private readonly hours = new Map<number, number>();
  private readonly minutes = new Map<number, number>();

  constructor(readonly name: string) {
    this.parts = new Intl.DateTimeFormat('en-US', {
      timeZone: name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  }

  toUtc(local: number): number {
    const hour = Math.floor(local / HOUR);
    if (hour === this.lastHour) return local - this.lastOffset;
    if (!Number.isFinite(hour)) return NaN;
    let offset = this.hours.get(hour);
    if (offset === undefined) {
      const start = this.resolve(hour * HOUR);
      offset = start === this.resolve(hour * HOUR + HOUR - MINUTE) ? start : NaN;
      if (this.hours.size >= CACHE_MAX) this.hours.clear();
      this.hours.set(hour, offset);
    }
    if (!Number.isNaN(offset)) {
      this.lastHour = hour;
      this.lastOffset = offset;
      return local - offset;
    }
    const minute = Math.floor(local / MINUTE);
    let m = this.minutes.get(minute);
    if (m === undefined) {
      m = this.resolve(minute * MINUTE);
      if (this.minutes.size >= CACHE_MAX) this.minutes.clear();
      this.minutes.set(minute, m);
    }
    return local - m;
  }

  /** the offset to subtract from wall time `local` (ms read as UTC) to get its instant */
  private resolve(local: number): number {
    // offsets a day either side: different ones mean a transition near `local`
    const before = this.offsetAt(local - DAY);
    const after = this.offsetAt(local + DAY);
    if (before === after) return before;
    const asBefore = this.offsetAt(local - before) === before;
    const asAfter = this.offsetAt(local - after) === after;
    if (asBefore && asAfter) return Math.max(before, after); // twice: the earlier instant
    if (asAfter) return after;
    return before; // before the transition, or in the gap: `before` shifts it forward
  }

  /** the zone's offset (ms) at an instant */
  private offsetAt(instant: number): number {
    const t = Math.floor(instant / 1000) * 1000;
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    for (const p of this.parts.formatToParts(t)) {
      switch (p.type) {
        case 'year': y = Number(p.value); break;
        case 'month': mo = Number(p.value); break;
        case 'day': d = Number(p.value); break;
        case 'hour': h = Number(p.value); break;
        case 'minute': mi = Number(p.value); break;
        case 'second': s = Number(p.value); break;
      }
    }
    // setUTCFullYear: Date.UTC reads years 0–99 as 1900–1999
    const wall = new Date(0);
    wall.setUTCFullYear(y, mo - 1, d);
    wall.setUTCHours(h, mi, s, 0);
    return wall.getTime() - t;
  }
}

/**
 * `UTC`, an offset `±HH:MM` (or `±HHMM`, `±HH`), or an IANA zone name (`Europe/Berlin`,
 * `America/New_York`); null when it is none of these.
 */
export function parseTimeZone(spec: string): TimeZone | null {
  const s = spec.trim();
  if (/^(utc|gmt|z)$/i.test(s)) return UTC;
  const m = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(s);
  if (m !== null) {
    const hh = Number(m[2]);
    const mm = Number(m[3] ?? '0');
    if (hh > 18 || mm > 59 || (hh === 18 && mm > 0)) return null;
    const minutes = (m[1] === '-' ? -1 : 1) * (hh * 60 + mm);
    if (minutes === 0) return UTC;
    return new FixedOffset(`${m[1]}${m[2]}:${String(mm).padStart(2, '0')}`, minutes * MINUTE);
  }
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(s)) return null;
  let name: string;
  try {
    name = new Intl.DateTimeFormat('en-US', { timeZone: s }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  return name === 'UTC' || name === 'Etc/UTC' ? UTC : new IanaZone(name);
}

/** the message for a --timezone / config value that is no zone */
export function timeZoneProblem(spec: string): string {
  return `unknown time zone "${spec}": give an IANA name such as Europe/Berlin or America/New_York, an offset such as +02:00, or UTC`;
}
