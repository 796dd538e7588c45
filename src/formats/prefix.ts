/**
 * Prefixes that log shippers and runtimes put in front of an access-log line, stripped
 * so the format underneath can be read:
 *
 * - docker-compose: `caddy  | {...}` (service name, padding, `| `)
 * - syslog (RFC 3164): `Feb 25 16:19:49 host haproxy[7]: ...`, `Feb  6 ...`; and the
 *   ISO-dated form rsyslog writes: `2026-11-16T03:05:00.123+00:00 host nginx: ...`
 * - Docker's JSON wrappers: `{"log":"...\n","stream":"stdout","time":...}` and
 *   `{"message":"...", ...}` (Kubernetes/Fluent Bit style)
 *
 * `withPrefixes(format)` composes with any LogFormat: the raw line is tried first (so a
 * format that understands the prefix itself, or a JSON format whose objects happen to
 * have a `message` key, is not changed), and only when the raw line is malformed is the
 * stripped line tried. The kind of prefix that worked last is tried first, so a
 * prefixed file costs one cheap check per line beyond the failed raw attempt.
 */

import type { LineParser, LogFormat, LogRecord, ParserOptions, SkipReason } from './types.js';

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** end of a `prog[pid]: ` or `prog: ` tag starting at `at`, or -1 */
function tagEnd(line: string, at: number): number {
  const colon = line.indexOf(': ', at);
  if (colon === -1 || colon - at > 96) return -1;
  for (let i = at; i < colon; i++) {
    const c = line.charCodeAt(i);
    if (c === 32) return -1;
  }
  return colon + 2;
}

/** where the message starts after an RFC 3164 / ISO syslog header, or -1 */
export function syslogPrefixEnd(full: string): number {
  // an optional `<PRI>` (syslog over the network, docker's syslog driver)
  let pri = 0;
  if (full.charCodeAt(0) === 60 /* < */) {
    const gt = full.indexOf('>');
    if (gt < 2 || gt > 4) return -1;
    for (let i = 1; i < gt; i++) if (!isDigit(full.charCodeAt(i))) return -1;
    pri = gt + 1;
  }
  const line = pri === 0 ? full : full.slice(pri);
  const end = syslogHeaderEnd(line);
  return end === -1 ? -1 : end + pri;
}

function syslogHeaderEnd(line: string): number {
  let p: number;
  if (line.length > 16 && line.charCodeAt(3) === 32 && MONTHS.indexOf(line.slice(0, 3)) % 3 === 0 && line.charCodeAt(6) === 32 && line.charCodeAt(9) === 58 && line.charCodeAt(12) === 58) {
    p = 16; // `Mmm dd hh:mm:ss `
    if (line.charCodeAt(15) !== 32) return -1;
  } else if (line.length > 20 && isDigit(line.charCodeAt(0)) && line.charCodeAt(4) === 45 && line.charCodeAt(10) === 84 /* T */) {
    const sp = line.indexOf(' ', 19);
    if (sp === -1 || sp > 40) return -1;
    p = sp + 1;
  } else {
    return -1;
  }
  // `host tag: ` or just `tag: ` (Heroku drains: `heroku[router]: `)
  const sp = line.indexOf(' ', p);
  if (sp === -1) return -1;
  const direct = tagEnd(line, p);
  if (direct !== -1 && direct <= sp + 1) return direct;
  return tagEnd(line, sp + 1);
}

/**
 * where the message starts after `name  | `, or -1: a name of [A-Za-z0-9._-], spaces, and
 * `| ` after the last of them (at most 80 characters in). Walked from the start, so a line
 * without the prefix costs the length of its first word: format detection tries this on
 * every sample line each format fails to read, and an indexOf of ' | ' over the whole
 * line was the largest part of detecting the format of each of 300 small files.
 */
export function composePrefixEnd(line: string): number {
  let i = 0;
  for (; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 32) break;
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95 || c === 46)) return -1;
  }
  if (i === 0 || i > 80) return -1;
  let bar = i;
  while (line.charCodeAt(bar + 1) === 32) bar++;
  if (bar > 80 || line.charCodeAt(bar + 1) !== 124 /* | */ || line.charCodeAt(bar + 2) !== 32) return -1;
  return bar + 3;
}

/** the inner line of a Docker/Kubernetes JSON wrapper, or undefined */
export function unwrapJsonLine(line: string): string | undefined {
  if (!(line.startsWith('{"log":"') || line.startsWith('{"message":"') || line.startsWith('{"log": "') || line.startsWith('{"message": "'))) return undefined;
  try {
    const o = JSON.parse(line) as Record<string, unknown>;
    const v = typeof o.log === 'string' ? o.log : o.message;
    if (typeof v !== 'string') return undefined;
    return v.endsWith('\n') ? v.slice(0, v.endsWith('\r\n') ? -2 : -1) : v;
  } catch {
    return undefined;
  }
}

const STRIPPERS: readonly ((line: string) => string | undefined)[] = [
  (line) => {
    const e = composePrefixEnd(line);
    return e === -1 ? undefined : line.slice(e);
  },
  (line) => {
    const e = syslogPrefixEnd(line);
    return e === -1 ? undefined : line.slice(e);
  },
  unwrapJsonLine,
];

/** the same format, reading lines behind a docker-compose, syslog or Docker JSON prefix too */
export function withPrefixes(format: LogFormat): LogFormat {
  return {
    ...format,
    createParser(opts?: ParserOptions): LineParser {
      const inner = format.createParser(opts);
      let last = 0;
      return {
        parse(line: string, out: LogRecord): SkipReason | undefined {
          const raw = inner.parse(line, out);
          if (raw === undefined) return raw;
          if (raw === 'no-status') {
            // a JSON format reads Docker's wrapper object as a status-less line: look inside
            const innerLine = unwrapJsonLine(line);
            if (innerLine !== undefined && inner.parse(innerLine, out) === undefined) return undefined;
            if (innerLine !== undefined) inner.parse(line, out);
            return raw;
          }
          if (raw !== 'malformed') return raw;
          for (let k = 0; k < STRIPPERS.length; k++) {
            const i = (last + k) % STRIPPERS.length;
            let stripped = STRIPPERS[i]!(line);
            if (stripped === undefined) continue;
            // a docker-compose'd syslog line, or JSON inside a compose prefix
            for (let depth = 0; depth < 2; depth++) {
              const r = inner.parse(stripped, out);
              if (r !== 'malformed') {
                last = i;
                return r;
              }
              let again: string | undefined;
              for (const s of STRIPPERS) {
                again = s(stripped);
                if (again !== undefined) break;
              }
              if (again === undefined) break;
              stripped = again;
            }
          }
          // leave `out` as the raw attempt left it: reset by the next parse anyway
          return 'malformed';
        },
      };
    },
  };
}
