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
