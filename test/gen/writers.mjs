// Log writers for generated events: nginx "combined" and JSON lines.
// Both are hot paths for the benchmark (millions of lines), hence the per-second time
// cache and the escape fast paths; each trick says why it is there.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const HEX = '0123456789ABCDEF';

/** @param {number} n @param {number} w */
function pad(n, w = 2) { return String(n).padStart(w, '0'); }

/** @param {number} offsetMinutes @param {boolean} colon `+0000` (nginx time_local) or `+00:00` (ISO 8601) */
export function formatOffset(offsetMinutes, colon) {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const a = Math.abs(offsetMinutes);
  return sign + pad(Math.floor(a / 60)) + (colon ? ':' : '') + pad(a % 60);
}

/**
 * nginx `$time_local`: `16/Nov/2026:10:00:00 +0000` — the wall clock at the offset,
 * followed by the offset, exactly as nginx prints it.
 * @param {number} ms epoch ms (UTC) @param {number} offsetMinutes
 */
export function formatTimeLocal(ms, offsetMinutes = 0) {
  const d = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60000);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${formatOffset(offsetMinutes, false)}`;
}

/**
 * ISO 8601 with milliseconds and the offset: `2026-11-16T10:00:00.250+00:00`.
 * @param {number} ms @param {number} offsetMinutes
 */
export function formatIsoLocal(ms, offsetMinutes = 0) {
  const d = new Date(ms + offsetMinutes * 60000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${formatOffset(offsetMinutes, true)}`;
}

const TWO = Array.from({ length: 60 }, (_, i) => pad(i));

/**
 * A per-writer clock: the date part is formatted once per day with Date, the time of day
 * from a table — called once per distinct second, which at benchmark rates is often.
 * @param {number} offsetMinutes @param {boolean} iso
 * @returns {(sec: number) => string} `16/Nov/2026:10:00:00 +0000` or `2026-11-16T10:00:00`
 */
function makeClock(offsetMinutes, iso) {
  const offStr = ' ' + formatOffset(offsetMinutes, false);
  let lastDay = NaN;
  let dayStr = '';
  return (sec) => {
    const local = sec + offsetMinutes * 60;
    const day = Math.floor(local / 86400);
    if (day !== lastDay) {
      lastDay = day;
      const d = new Date(day * 86_400_000);
      dayStr = iso
        ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T`
        : `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:`;
    }
    const s = local - day * 86400;
    const hms = TWO[Math.floor(s / 3600)] + ':' + TWO[Math.floor(s / 60) % 60] + ':' + TWO[s % 60];
    return iso ? dayStr + hms : dayStr + hms + offStr;
  };
}

// nginx (ngx_http_log_escape, escape=default) writes `"`, `\`, control bytes and every
// byte >= 0x7F as \xHH with upper-case hex — on the UTF-8 bytes, not the characters.
const NEEDS_NGINX_ESCAPE = /["\\\x00-\x1f\x7f-\uffff]/;
const utf8 = new TextEncoder();

/** @param {string} s @returns {string} s as nginx writes it into a combined log line */
export function nginxEscape(s) {
  if (!NEEDS_NGINX_ESCAPE.test(s)) return s;
  let out = '';
  for (const b of utf8.encode(s)) {
    if (b === 0x22 || b === 0x5c || b < 0x20 || b >= 0x7f) out += '\\x' + HEX[b >> 4] + HEX[b & 15];
    else out += String.fromCharCode(b);
  }
  return out;
}

// User agents and referers repeat endlessly: escaping each distinct one once and
// remembering it saves the regex scan on ~100-character strings on every line. Bounded
// so hostile or synthetic variety cannot grow it without limit.
const ESC_CACHE_MAX = 4096;
/** @type {Map<string, string>} */
const nginxEscCache = new Map();
/** @param {string} s */
function nginxEscapeCached(s) {
  let e = nginxEscCache.get(s);
  if (e === undefined) {
    e = nginxEscape(s);
    if (nginxEscCache.size < ESC_CACHE_MAX) nginxEscCache.set(s, e);
  }
  return e;
}

/**
 * @typedef {import('./traffic.mjs').TrafficEvent} TrafficEvent
 * @typedef {{ tzOffsetMinutes?: number }} CombinedOptions
 * @typedef {{ tzOffsetMinutes?: number, headers?: boolean, nonLatinUsers?: number }} JsonOptions
 */

/**
 * A combined-format writer with its own time cache (events arrive in time order, so the
 * `[time_local]` string changes once per second, not once per line).
 * Format: `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`
 * @param {CombinedOptions} [options]
 * @returns {(ev: TrafficEvent) => string} one line, without the newline
 */
export function createCombinedWriter(options = {}) {
  const clock = makeClock(options.tzOffsetMinutes ?? 0, false);
  let lastSec = NaN;
  let lastTime = '';
  return function toCombined(ev) {
    const sec = Math.floor(ev.time / 1000);
    if (sec !== lastSec) { lastSec = sec; lastTime = clock(sec); }
    // `safe` bits (set by the generator) skip the escape scan of fields known to be clean
    const safe = ev.safe | 0;
    const user = ev.user, referer = ev.referer, ua = ev.userAgent;
    return ev.client + ' - ' + (user === null ? '-' : (safe & 2) !== 0 ? user : nginxEscapeCached(user)) + ' [' + lastTime + '] "' +
      ev.method + ' ' + ((safe & 1) !== 0 ? ev.path : nginxEscape(ev.path)) + ' ' + ev.protocol + '" ' + ev.status + ' ' + ev.bytes + ' "' +
      (referer === null ? '-' : (safe & 4) !== 0 ? referer : nginxEscapeCached(referer)) + '" "' +
      (ua === null ? '-' : (safe & 8) !== 0 ? ua : nginxEscapeCached(ua)) + '"';
  };
}

const NEEDS_JSON_ESCAPE = /["\\\x00-\x1f\u2028\u2029\ud800-\udfff]/;
/** @param {string|null} s */
function jstr(s) {
  if (s === null) return 'null';
  return NEEDS_JSON_ESCAPE.test(s) ? JSON.stringify(s) : '"' + s + '"';
}
/** @type {Map<string, string>} */
const jsonEscCache = new Map();
/** @param {string|null} s */
function jstrCached(s) {
  if (s === null) return 'null';
  let e = jsonEscCache.get(s);
  if (e === undefined) {
    e = jstr(s);
    if (jsonEscCache.size < ESC_CACHE_MAX) jsonEscCache.set(s, e);
  }
  return e;
}

/** The response headers every JSON line carries as `sent_http_*` keys (null when not sent). */
export const JSON_HEADER_KEYS = /** @type {const} */ (['www-authenticate', 'retry-after', 'location', 'allow']);
const FIXED_HEADER_SET = new Set(JSON_HEADER_KEYS);

/**
 * A JSON-lines writer. One object per line, keys in this order:
 * `time` (ISO 8601 with ms and offset), `remote_addr`, `user_id` (string|null), `method`,
 * `uri` (path with query string, as requested), `status`, `body_bytes_sent`,
 * `request_time` (seconds, 3 decimals), `http_user_agent`, `http_referer`, `host`,
 * `upstream_status` (number|null), then — unless `headers: false` — the response headers
 * flat as nginx logs them: `sent_http_www_authenticate`, `sent_http_retry_after`,
 * `sent_http_location`, `sent_http_allow` (always present, null when the response had no
 * such header) and `sent_http_<name>` for any other header on the event. Absent values are
 * JSON null, numbers are JSON numbers. `nonLatinUsers: N` logs one user in N under a name
 * in a non-Latin script (see nonLatinName); 0, the default, none.
 * @param {JsonOptions} [options]
 * @returns {(ev: TrafficEvent) => string} one line, without the newline
 */
export function createJsonWriter(options = {}) {
  const off = options.tzOffsetMinutes ?? 0;
  const offStr = formatOffset(off, true);
  const clock = makeClock(off, true);
  const withHeaders = options.headers !== false;
  const nonLatinEvery = options.nonLatinUsers ?? 0;
  let lastSec = NaN;
  let lastPrefix = '';
  return function toJsonLine(ev) {
    // The ISO string up to the seconds changes once per second; only the ms are per line.
    const sec = Math.floor(ev.time / 1000);
    if (sec !== lastSec) { lastSec = sec; lastPrefix = clock(sec); }
    const ms = ev.time - sec * 1000;
    const safe = ev.safe | 0;
    const referer = ev.referer, ua = ev.userAgent;
    const user = nonLatinEvery > 0 && ev.user !== null ? nonLatinName(ev.user, nonLatinEvery) : ev.user;
    let s = '{"time":"' + lastPrefix + (ms < 10 ? '.00' : ms < 100 ? '.0' : '.') + ms + offStr +
      '","remote_addr":"' + ev.client + '","user_id":' + (user === null ? 'null' : (safe & 2) !== 0 ? '"' + user + '"' : jstr(user)) +
      ',"method":"' + ev.method + '","uri":' + ((safe & 1) !== 0 ? '"' + ev.path + '"' : jstr(ev.path)) +
      ',"status":' + ev.status + ',"body_bytes_sent":' + ev.bytes +
      ',"request_time":' + seconds3(ev.durationMs) +
      ',"http_user_agent":' + (ua === null ? 'null' : (safe & 8) !== 0 ? '"' + ua + '"' : jstrCached(ua)) +
      ',"http_referer":' + (referer === null ? 'null' : (safe & 4) !== 0 ? '"' + referer + '"' : jstrCached(referer)) +
      ',"host":' + jstrCached(ev.host) +
      ',"upstream_status":' + (ev.upstreamStatus === null ? 'null' : ev.upstreamStatus);
    return withHeaders ? s + headerSuffix(ev.headers) : s + '}';
  };
}

/**
 * Given names in scripts above U+00FF (Han, Hangul, Cyrillic, Arabic, Devanagari). A
 * string holding any such character is stored by V8 two bytes a character, and the
 * decoder keeps such lines apart (src/ingest/lines.ts): the default bench log has none.
 */
const NON_LATIN_NAMES = ['王伟', '田中', '김민준', 'Дмитрий', 'محمد', 'अनन्या'];

/**
 * `user` under a non-Latin given name for one user in `every` (chosen by a hash of the
 * name, so a user keeps it on every line and no draw of the seeded stream changes), as an
 * app that logs display names writes it; `user` itself otherwise.
 * @param {string} user @param {number} every
 */
function nonLatinName(user, every) {
  let h = 0x811c9dc5;
  for (let i = 0; i < user.length; i++) h = Math.imul(h ^ user.charCodeAt(i), 0x01000193);
  h >>>= 0;
  if (h % every !== 0) return user;
  const digits = user.replace(/\D/g, '');
  return NON_LATIN_NAMES[(h >>> 16) % NON_LATIN_NAMES.length] + digits;
}

/** @param {Readonly<Record<string, string>>} h */
function formatHeaders(h) {
  let s = ',"sent_http_www_authenticate":' + jstr(h['www-authenticate'] ?? null) +
    ',"sent_http_retry_after":' + jstr(h['retry-after'] ?? null) +
    ',"sent_http_location":' + jstr(h.location ?? null) +
    ',"sent_http_allow":' + jstr(h.allow ?? null);
  for (const k in h) {
    if (!FIXED_HEADER_SET.has(/** @type {any} */ (k))) s += ',"sent_http_' + k.replace(/-/g, '_') + '":' + jstr(h[k]);
  }
  return s + '}';
}

// The generator shares a handful of frozen header objects across millions of events, so
// their JSON tail is built once per object. Unfrozen objects may change: never cached.
/** @type {WeakMap<object, string>} */
const headerSuffixCache = new WeakMap();
/** @param {Readonly<Record<string, string>>} h */
function headerSuffix(h) {
  let s = headerSuffixCache.get(h);
  if (s === undefined) {
    s = formatHeaders(h);
    if (Object.isFrozen(h)) headerSuffixCache.set(h, s);
  }
  return s;
}

// `$request_time` style seconds with 3 decimals; a table instead of toFixed, which was a
// visible share of the JSON writer.
const MS3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** @param {number} ms */
function seconds3(ms) {
  const r = Math.round(ms);
  const whole = Math.floor(r / 1000);
  return whole + '.' + MS3[r - whole * 1000];
}

/** @type {Map<number, (ev: TrafficEvent) => string>} */
const combinedByOffset = new Map();
/** @type {Map<string, (ev: TrafficEvent) => string>} */
const jsonByKey = new Map();

/**
 * One nginx combined line (no newline). For long runs prefer `createCombinedWriter`,
 * which keeps its own time cache; this shares one writer per offset.
 * @param {TrafficEvent} ev @param {CombinedOptions} [options]
 */
export function toCombined(ev, options) {
  const off = options?.tzOffsetMinutes ?? 0;
  let w = combinedByOffset.get(off);
  if (w === undefined) { w = createCombinedWriter({ tzOffsetMinutes: off }); combinedByOffset.set(off, w); }
  return w(ev);
}

/**
 * One JSON line (no newline); see `createJsonWriter` for the keys.
 * @param {TrafficEvent} ev @param {JsonOptions} [options]
 */
export function toJsonLine(ev, options) {
  const off = options?.tzOffsetMinutes ?? 0;
  const key = off + (options?.headers === false ? ':n:' : ':h:') + (options?.nonLatinUsers ?? 0);
  let w = jsonByKey.get(key);
  if (w === undefined) { w = createJsonWriter({ tzOffsetMinutes: off, headers: options?.headers, nonLatinUsers: options?.nonLatinUsers }); jsonByKey.set(key, w); }
  return w(ev);
}
