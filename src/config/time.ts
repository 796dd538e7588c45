import { parseIsoTime } from '../formats/time.js';
import { parseDuration } from '../options.js';

/**
 * `--since` / `--until`: an ISO 8601 time (`2026-11-16T03:00Z`, `2026-11-16`) or a
 * duration back from now (`24h`, `7d`, `90m`). Returns epoch ms, or null when neither.
 */
export function parseTimeBound(s: string, now: number): number | null {
  const t = s.trim();
  if (t === 'now') return now;
  const rel = parseDuration(t);
  if (rel !== null) return now - rel;
  const abs = parseIsoTime(t.length === 10 ? `${t}T00:00:00Z` : t);
  return Number.isNaN(abs) ? null : abs;
}
