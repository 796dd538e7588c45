import { parseIsoTime } from './formats/time.js';
import type { UserEvent } from './engine/types.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30s`, `5m`, `1h`, `7d` → ms; null when not a duration */
export function parseDuration(s: string): number | null {
  const m = /^(\d{1,9})(ms|s|m|h|d|w)$/.exec(s.trim());
  if (m === null) return null;
  const v = Number(m[1]) * UNIT_MS[m[2]!]!;
  return v > 0 ? v : null;
}

/** `token-rotation@2026-11-20T10:00Z` → { name, time }; null when malformed */
export function parseEvent(spec: string): UserEvent | null {
  const at = spec.lastIndexOf('@');
  if (at <= 0) return null;
  const name = spec.slice(0, at).trim();
  const time = parseIsoTime(spec.slice(at + 1).trim());
  if (name.length === 0 || Number.isNaN(time)) return null;
  return { name, time };
}

/**
 * The contents of an events file: a JSON array of `{ "name": …, "time": … }` (time as ISO
 * 8601 or epoch ms), or one `NAME@TIME` per line (blank lines and `#` comments ignored).
 * Returns the events, or the first problem as a message naming the entry.
 */
export function parseEventsFile(text: string): UserEvent[] | string {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (e) {
      return `not valid JSON (${(e as Error).message})`;
    }
    if (!Array.isArray(data)) return 'expected a JSON array of {"name", "time"} objects';
    const out: UserEvent[] = [];
    for (let i = 0; i < data.length; i++) {
      const d = data[i] as { name?: unknown; time?: unknown } | null;
      const name = d !== null && typeof d === 'object' && typeof d.name === 'string' ? d.name.trim() : '';
      const t = d?.time;
      const time = typeof t === 'number' && Number.isFinite(t) ? t : typeof t === 'string' ? parseIsoTime(t.trim()) : NaN;
      if (name.length === 0 || Number.isNaN(time)) return `entry ${i + 1} needs a "name" and a "time" (ISO 8601 or epoch ms)`;
      out.push({ name, time });
    }
    return out;
  }
  const out: UserEvent[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (l.length === 0 || l.startsWith('#')) continue;
    const ev = parseEvent(l);
    if (ev === null) return `line ${i + 1}: expected NAME@TIME such as token-rotation@2026-11-20T10:00Z, got "${l.slice(0, 80)}"`;
    out.push(ev);
  }
  return out;
}
