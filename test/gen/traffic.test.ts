import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createCombinedWriter, createJsonWriter, generateTraffic, INJECTION_NAMES, nginxEscape, scenario, SCENARIO_NAMES,
  toCombined, toJsonLine, TrafficEvent, type GroundTruth, type Scenario,
} from './traffic.mjs';

const HOUR = 3_600_000;

function collect(sc: { events: Iterable<TrafficEvent> }): TrafficEvent[] {
  return [...sc.events];
}

function digest(events: Iterable<TrafficEvent>, write: (ev: TrafficEvent) => string): string {
  const h = createHash('sha256');
  for (const ev of events) h.update(write(ev) + '\n');
  return h.digest('hex');
}

// An independent reading of nginx combined, written from the nginx docs rather than from
// the writer: fields separated by single spaces, quoted fields hold no raw `"` or `\`
// (nginx writes them as \x22 / \x5C), only printable ASCII anywhere.
const COMBINED = /^(\S+) - (\S+) \[(\d{2})\/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})\] "([A-Z]+) ((?:[^"\\ ]|\\x[0-9A-F]{2})+) (HTTP\/[12]\.[01])" (\d{3}) (\d+) "((?:[^"\\]|\\x[0-9A-F]{2})*)" "((?:[^"\\]|\\x[0-9A-F]{2})*)"$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function parseCombined(line: string) {
  const m = COMBINED.exec(line);
  if (m === null) return null;
  const sign = m[9] === '-' ? -1 : 1;
  const offMin = sign * (Number(m[10]) * 60 + Number(m[11]));
  const local = Date.UTC(Number(m[5]), MONTHS.indexOf(m[4]), Number(m[3]), Number(m[6]), Number(m[7]), Number(m[8]));
  return {
    client: m[1], user: m[2] === '-' ? null : m[2], time: local - offMin * 60_000, method: m[12], path: m[13],
    protocol: m[14], status: Number(m[15]), bytes: Number(m[16]), referer: m[17] === '-' ? null : m[17], ua: m[18] === '-' ? null : m[18],
  };
}

/** Decodes nginx's \xHH escapes back to the original string (UTF-8). */
function unescapeNginx(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === 'x') { bytes.push(parseInt(s.slice(i + 2, i + 4), 16)); i += 3; } else bytes.push(s.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

const cache = new Map<string, { sc: Scenario; events: TrafficEvent[] }>();
function get(name: string, seed = 1) {
  const key = `${name}:${seed}`;
  let v = cache.get(key);
  if (v === undefined) {
    const sc = scenario(name, seed);
    v = { sc, events: collect(sc) };
    cache.set(key, v);
  }
  return v;
}

function is5xx(s: number) { return s >= 500 && s < 600; }

describe('determinism', () => {
  it('the same seed gives byte-identical output, in combined and JSON', () => {
    const a = scenario('token-rotation', 7);
    const b = scenario('token-rotation', 7);
    expect(digest(a.events, createCombinedWriter())).toBe(digest(b.events, createCombinedWriter()));
    expect(digest(a.events, createJsonWriter())).toBe(digest(b.events, createJsonWriter()));
  });

  it('iterating the same scenario twice gives the same events and resets the truth counts', () => {
    const sc = scenario('retry-storm', 3);
    const d1 = digest(sc.events, createCombinedWriter());
    const c1 = sc.truth[0].count;
    const d2 = digest(sc.events, createCombinedWriter());
    expect(d2).toBe(d1);
    expect(sc.truth[0].count).toBe(c1);
    expect(c1).toBeGreaterThan(0);
  });

  it('a different seed gives different output', () => {
    const a = scenario('clean-api', 1, { lines: 5000 });
    const b = scenario('clean-api', 2, { lines: 5000 });
    expect(digest(a.events, createCombinedWriter())).not.toBe(digest(b.events, createCombinedWriter()));
  });

  it('string seeds work and differ from numeric ones', () => {
    const a = digest(scenario('clean-api', 'alpha', { lines: 2000 }).events, createCombinedWriter());
    expect(digest(scenario('clean-api', 'alpha', { lines: 2000 }).events, createCombinedWriter())).toBe(a);
    expect(digest(scenario('clean-api', 'beta', { lines: 2000 }).events, createCombinedWriter())).not.toBe(a);
  });
});

describe('combined writer', () => {
  it('every line of a mixed scenario parses with an independent regex and round-trips the event', () => {
    const { events } = get('mixed-website');
    const write = createCombinedWriter();
    // mismatches are collected, not asserted one by one: 100k × 10 expect() calls is slow
    const bad: string[] = [];
    let escaped = 0;
    for (const ev of events) {
      const line = write(ev);
      const p = parseCombined(line);
      if (p === null) { bad.push(`unparsed: ${line}`); continue; }
      const ok = p.time === Math.floor(ev.time / 1000) * 1000 && p.client === ev.client && p.user === ev.user && p.method === ev.method &&
        unescapeNginx(p.path) === ev.path && p.protocol === ev.protocol && p.status === ev.status && p.bytes === ev.bytes &&
        (p.referer === null ? null : unescapeNginx(p.referer)) === ev.referer && (p.ua === null ? null : unescapeNginx(p.ua)) === ev.userAgent;
      if (!ok) bad.push(`differs: ${line}`);
      if (p.path.includes('\\x')) escaped++;
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(events.length).toBeGreaterThan(80_000);
    // the scanner probes include hostile paths, so escaping was exercised
    expect(escaped).toBeGreaterThan(0);
  });

  it('escapes the way nginx does: \\x22 for a quote, \\x5C for a backslash, UTF-8 bytes, control bytes', () => {
    expect(nginxEscape('/a"b\\c')).toBe('/a\\x22b\\x5Cc');
    expect(nginxEscape('/café')).toBe('/caf\\xC3\\xA9');
    expect(nginxEscape('x\ny\x7f')).toBe('x\\x0Ay\\x7F');
    expect(nginxEscape('/plain?x=1&y=%22')).toBe('/plain?x=1&y=%22');
    // a hand-built event (safe = 0) is always scanned
    const ev = new TrafficEvent(Date.UTC(2026, 10, 16, 3, 5, 9, 999), '203.0.113.9', 'bob "the" builder', 'GET', '/s?q="><script>',
      200, 12, 'Mozilla/5.0 \\ "quoted"', 'https://ex.example/é', 5, 'www.acme.example', 200, {}, null, 'HTTP/1.1');
    expect(toCombined(ev)).toBe(
      '203.0.113.9 - bob \\x22the\\x22 builder [16/Nov/2026:03:05:09 +0000] "GET /s?q=\\x22><script> HTTP/1.1" 200 12 "https://ex.example/\\xC3\\xA9" "Mozilla/5.0 \\x5C \\x22quoted\\x22"',
    );
  });

  it('prints local time at the configured offset, as nginx does', () => {
    const ev = new TrafficEvent(Date.UTC(2026, 10, 16, 3, 5, 9), '198.51.100.7', null, 'GET', '/', 304, 0, null, null, 1, 'www.acme.example', 304, {}, '/', 'HTTP/2.0');
    expect(toCombined(ev, { tzOffsetMinutes: -420 })).toBe('198.51.100.7 - - [15/Nov/2026:20:05:09 -0700] "GET / HTTP/2.0" 304 0 "-" "-"');
    expect(toCombined(ev, { tzOffsetMinutes: 330 })).toContain('[16/Nov/2026:08:35:09 +0530]');
    expect(toCombined(ev)).toContain('[16/Nov/2026:03:05:09 +0000]');
  });
});

describe('JSON writer', () => {
  it('writes one parseable object per event with the documented keys', () => {
    const { events } = get('missing-challenge');
    const write = createJsonWriter({ tzOffsetMinutes: 60 });
    const keys = ['time', 'remote_addr', 'user_id', 'method', 'uri', 'status', 'body_bytes_sent', 'request_time', 'http_user_agent',
      'http_referer', 'host', 'upstream_status', 'sent_http_www_authenticate', 'sent_http_retry_after', 'sent_http_location', 'sent_http_allow'].join();
    let with401 = 0;
    const bad: string[] = [];
    for (const ev of events) {
      const line = write(ev);
      const o = JSON.parse(line);
      const ok = Object.keys(o).join() === keys && Date.parse(o.time) === ev.time && o.time.endsWith('+01:00') && o.uri === ev.path &&
        o.method === ev.method && o.status === ev.status && o.body_bytes_sent === ev.bytes && o.user_id === ev.user &&
        o.remote_addr === ev.client && o.http_user_agent === ev.userAgent && o.http_referer === ev.referer && o.host === ev.host &&
        o.upstream_status === ev.upstreamStatus && Math.abs(o.request_time * 1000 - ev.durationMs) < 0.51 &&
        o.sent_http_www_authenticate === (ev.headers['www-authenticate'] ?? null) && o.sent_http_location === (ev.headers.location ?? null) &&
        o.sent_http_retry_after === (ev.headers['retry-after'] ?? null);
      if (!ok) bad.push(line);
      if (ev.status === 401) with401++;
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(with401).toBeGreaterThan(100);
  });

  it('leaves the header keys out with headers: false, and escapes hostile strings', () => {
    const ev = new TrafficEvent(0, '::1', null, 'GET', '/a"b\\c\u0001', 401, 0, 'ua "x"', null, 0, 'h', null, { 'www-authenticate': 'Bearer realm="api"', 'x-extra': '1' }, null, 'HTTP/1.1');
    const withH = JSON.parse(toJsonLine(ev));
    expect(withH.uri).toBe('/a"b\\c\u0001');
    expect(withH.http_user_agent).toBe('ua "x"');
    expect(withH.sent_http_www_authenticate).toBe('Bearer realm="api"');
    expect(withH.sent_http_x_extra).toBe('1');
    const noH = JSON.parse(toJsonLine(ev, { headers: false }));
    expect(Object.keys(noH).some((k) => k.startsWith('sent_http_'))).toBe(false);
  });

  it('logs one user in N under a non-Latin name, the same name on every line, and changes nothing else', () => {
    const { events } = get('missing-challenge');
    const plain = createJsonWriter();
    const intl = createJsonWriter({ nonLatinUsers: 5 });
    const renamed = new Map<string, string>();
    const users = new Set<string>();
    for (const ev of events) {
      const a = JSON.parse(plain(ev));
      const b = JSON.parse(intl(ev));
      if (a.user_id !== null) users.add(a.user_id);
      if (a.user_id !== b.user_id) {
        expect(b.user_id).toMatch(/[^\u0000-\u00ff]/);
        expect(b.user_id.replace(/\D/g, '')).toBe(a.user_id.replace(/\D/g, ''));
        expect(renamed.get(a.user_id) ?? b.user_id).toBe(b.user_id);
        renamed.set(a.user_id, b.user_id);
      }
      expect({ ...b, user_id: a.user_id }).toEqual(a);
    }
    // about one in five (a hash decides), never all or none
    expect(renamed.size).toBeGreaterThan(users.size / 10);
    expect(renamed.size).toBeLessThan(users.size / 2.5);
  });
});

describe('clean scenarios', () => {
  it.each(['clean-api', 'clean-low-volume', 'mixed-website'])('%s has no injected labels and only ordinary noise', (name) => {
    const { sc, events } = get(name);
    expect(sc.truth).toEqual([]);
    expect(events.filter((e) => e.truth !== null)).toEqual([]);
    // the things the rules flag must not occur in clean traffic
    const bad: string[] = [];
    for (const e of events) {
      const why = e.status === 511 ? '511'
        : e.status === 401 && !e.headers['www-authenticate'] ? '401 without challenge'
          : (e.status === 301 || e.status === 302) && e.method !== 'GET' && e.method !== 'HEAD' ? 'redirect on a write'
            : (e.status === 204 || e.status === 304 || e.method === 'HEAD') && e.bytes !== 0 ? 'body on bodyless'
              : e.method === 'OPTIONS' && e.status >= 300 ? 'failed preflight'
                : (e.status === 429 || e.status === 503) && !e.headers['retry-after'] ? 'no Retry-After'
                  : [299, 418, 444, 600].includes(e.status) ? 'unregistered'
                    : e.status === 502 && e.upstreamStatus === 502 ? 'origin 502' : null;
      if (why !== null) bad.push(`${why}: ${toCombined(e)}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('clean-api carries the ordinary 401s: failed logins, anonymous probes and expired tokens that are refreshed', () => {
    const { events } = get('clean-api');
    const u = events.filter((e) => e.status === 401);
    expect(u.length).toBeGreaterThan(200);
    expect(u.length / events.length).toBeLessThan(0.03);
    expect(u.some((e) => e.method === 'POST' && e.route === '/login')).toBe(true);
    expect(u.some((e) => e.route === '/oauth/token')).toBe(true);
    // the expired-token dance: 401, then the same client's POST /oauth/token 200 within seconds, then the request again with 200
    const expired = u.filter((e) => e.headers['www-authenticate']?.includes('expired'));
    expect(expired.length).toBeGreaterThan(50);
    let refreshed = 0;
    const byClient = new Map<string, TrafficEvent[]>();
    for (const e of events) { let a = byClient.get(e.client); if (!a) byClient.set(e.client, (a = [])); a.push(e); }
    for (const e of expired) {
      const mine = byClient.get(e.client)!;
      const i = mine.indexOf(e);
      const refresh = mine.slice(i + 1).find((x) => x.path === '/oauth/token');
      const retry = refresh && mine.slice(mine.indexOf(refresh) + 1).find((x) => x.path === e.path && x.method === e.method);
      if (refresh && refresh.status === 200 && refresh.time - e.time < 3000 && retry && retry.status < 400) refreshed++;
    }
    expect(refreshed / expired.length).toBeGreaterThan(0.9);
  });

  it('clean-low-volume is a night shift of about 300 requests with a few 401s, for any seed', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const events = collect(scenario('clean-low-volume', seed));
      expect(events.length).toBeGreaterThan(200);
      expect(events.length).toBeLessThan(420);
      expect(events.filter((e) => e.status === 401).length).toBeGreaterThanOrEqual(2);
      for (const e of events) expect(new Date(e.time).getUTCHours()).toBeLessThan(6);
    }
  });

  it('mixed-website has crawlers, 304s and 404s', () => {
    const { events } = get('mixed-website');
    const count = (f: (e: TrafficEvent) => boolean) => events.filter(f).length;
    expect(count((e) => e.userAgent?.includes('Googlebot') === true)).toBeGreaterThan(1000);
    expect(count((e) => e.userAgent?.includes('bingbot') === true)).toBeGreaterThan(200);
    expect(count((e) => e.status === 304)).toBeGreaterThan(5000);
    expect(count((e) => e.status === 404)).toBeGreaterThan(500);
  });
});

describe('volume and shape', () => {
  it('clean-api holds about the configured volume, low at night and high in the afternoon', () => {
    const { events } = get('clean-api');
    expect(events.length).toBeGreaterThan(108_000);
    expect(events.length).toBeLessThan(132_000);
    const perHour = new Array(24).fill(0);
    for (const e of events) perHour[new Date(e.time).getUTCHours()]++;
    const night = perHour[3] + perHour[4];
    const day = perHour[15] + perHour[16];
    expect(day / night).toBeGreaterThan(5);
    // monotone-ish: the morning climbs
    expect(perHour[8]).toBeGreaterThan(perHour[5]);
    expect(perHour[12]).toBeGreaterThan(perHour[8]);
  });

  it('requests scales the volume; diurnal: false flattens it', () => {
    for (const requests of [10_000, 50_000]) {
      const n = collect(generateTraffic({ seed: 4, requests, hours: 12 })).length;
      expect(n / requests).toBeGreaterThan(0.85);
      expect(n / requests).toBeLessThan(1.15);
    }
    const flat = collect(generateTraffic({ seed: 4, requests: 40_000, diurnal: false }));
    const perHour = new Array(24).fill(0);
    for (const e of flat) perHour[new Date(e.time).getUTCHours()]++;
    expect(Math.max(...perHour) / Math.min(...perHour)).toBeLessThan(1.4);
  });

  it('lines gives exactly that many events, in time order, stretching past the window if needed', () => {
    const events = collect(scenario('clean-low-volume', 1, { lines: 1234 }));
    expect(events.length).toBe(1234);
    for (let i = 1; i < events.length; i++) expect(events[i].time).toBeGreaterThanOrEqual(events[i - 1].time);
  });

  it('is lazy: the first events of a 5-million-line run come without generating the rest', () => {
    const sc = scenario('clean-api', 1, { lines: 5_000_000 });
    const first: TrafficEvent[] = [];
    for (const e of sc.events) { first.push(e); if (first.length === 5) break; }
    expect(first).toHaveLength(5);
    let n = 0;
    expect(() => sc.forEach(() => { n++; if (n === 3) throw new Error('stop'); })).toThrow('stop');
    expect(n).toBe(3);
  }, 10_000);

  it('has the populations: browsers, app versions, SDKs, service accounts, crawlers, scanners, IPv6', () => {
    const { events } = get('clean-api');
    const uas = new Set(events.map((e) => e.userAgent));
    const has = (re: RegExp) => [...uas].some((u) => u !== null && re.test(u));
    for (const re of [/Chrome\/1\d\d/, /Firefox\//, /Version\/1\d.*Safari/, /Edg\//, /^AcmeApp\/5\.2\.1 \(iOS/, /^AcmeApp\/5\.1\.0 \(Android/,
      /^acme-python-sdk\/2\.3\.0/, /^okhttp\/4\.12\.0$/, /Googlebot\/2\.1/, /bingbot\/2\.0/, /zgrab|sqlmap|Nmap/]) expect(has(re), String(re)).toBe(true);
    const users = new Set(events.map((e) => e.user));
    expect(users.has('svc-billing')).toBe(true);
    expect(events.some((e) => e.client.includes(':'))).toBe(true);
    // service accounts are steady: as many requests at night as in the afternoon (±40%)
    const svc = events.filter((e) => e.user === 'svc-billing');
    const night = svc.filter((e) => new Date(e.time).getUTCHours() < 6).length;
    const day = svc.filter((e) => { const h = new Date(e.time).getUTCHours(); return h >= 12 && h < 18; }).length;
    expect(night / day).toBeGreaterThan(0.6);
    expect(night / day).toBeLessThan(1.4);
    // a configurable share of authenticated requests logs the user
    const authApi = events.filter((e) => e.route === '/api/v1/orders/{uuid}' && e.status === 200 && e.userAgent?.startsWith('AcmeApp'));
    const share = authApi.filter((e) => e.user !== null).length / authApi.length;
    expect(share).toBeGreaterThan(0.65);
    expect(share).toBeLessThan(0.95);
  });
});

// ── injections ──

const INJECTED = SCENARIO_NAMES.filter((n) => !['clean-api', 'clean-low-volume', 'mixed-website', 'bench'].includes(n));

function inTruthRoutes(t: GroundTruth, e: TrafficEvent): boolean {
  if (e.route === null) return false;
  return t.routes.some((r) => (r.endsWith('*') ? e.path.startsWith(r.slice(0, -1)) : r === e.route));
}

describe('injections', () => {
  it('there is one scenario per injection', () => {
    expect(INJECTED).toHaveLength(INJECTION_NAMES.length);
    for (const inj of INJECTION_NAMES) expect(scenario(inj, 1, { lines: 10 }).truth[0].pattern).toBe(inj);
  });

  it.each(INJECTED)('%s: labelled events match the ground truth', (name) => {
    const { sc, events } = get(name);
    expect(sc.truth).toHaveLength(1);
    const t = sc.truth[0];
    const labelled = events.filter((e) => e.truth === t.id);
    expect(labelled.length).toBe(t.count);
    expect(labelled.length).toBeGreaterThanOrEqual(40);
    expect(t.firstTime).toBe(labelled[0].time);
    const bad: string[] = [];
    for (const e of labelled) {
      const why = e.time < t.start ? 'before start' : t.end !== null && e.time >= t.end ? 'after end'
        : !t.statuses.includes(e.status) ? 'status' : !inTruthRoutes(t, e) ? `route ${e.route} not in ${t.routes.join(', ')}`
          : t.clients !== null && !t.clients.includes(e.client) ? 'client' : t.userAgents !== null && !t.userAgents.includes(e.userAgent!) ? 'user agent'
            : t.methods !== null && !t.methods.includes(e.method) ? 'method' : null;
      if (why !== null) bad.push(`${why}: ${toCombined(e)}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
    // the onset is where the truth says (within the first few minutes of the window)
    expect(labelled[0].time - t.start).toBeLessThan(10 * 60_000);
    // it happens in the middle of ordinary traffic, not alone
    expect(events.length).toBeGreaterThan(30_000);
    expect(events.filter((e) => e.time < t.start).length).toBeGreaterThan(2000);
    if (t.scope === 'many') expect(new Set(labelled.map((e) => e.client)).size).toBeGreaterThan(5);
    else expect(new Set(labelled.map((e) => e.client)).size).toBeLessThanOrEqual(t.scope === 'one' ? 1 : 60);
  });

  const window = (events: TrafficEvent[], a: number, b: number) => events.filter((e) => e.time >= a && e.time < b);
  const share = (events: TrafficEvent[], f: (e: TrafficEvent) => boolean) => events.filter(f).length / Math.max(1, events.length);

  it('tokenRotation: a lasting 401 level shift across many clients and routes', () => {
    const { sc, events } = get('token-rotation');
    const t = sc.truth[0];
    expect(t.end).toBeNull();
    const before = share(window(events, t.start - 2 * HOUR, t.start), (e) => e.status === 401);
    const after = share(window(events, t.start, t.start + HOUR), (e) => e.status === 401);
    const late = share(window(events, t.start + 3 * HOUR, t.start + 4 * HOUR), (e) => e.status === 401);
    expect(before).toBeLessThan(0.03);
    expect(after).toBeGreaterThan(0.15);
    expect(late).toBeGreaterThan(0.15);
    const lab = events.filter((e) => e.truth !== null);
    expect(new Set(lab.map((e) => e.client)).size).toBeGreaterThan(200);
    expect(new Set(lab.map((e) => e.route)).size).toBeGreaterThan(5);
    // clients refresh their tokens (successfully) and keep failing: refreshes jump too
    const refreshes = (a: number, b: number) => window(events, a, b).filter((e) => e.path === '/oauth/token' && e.status === 200).length;
    expect(refreshes(t.start, t.start + HOUR)).toBeGreaterThan(3 * refreshes(t.start - HOUR, t.start));
  });

  it('brief401Spike: falls back after the window', () => {
    const { sc, events } = get('brief-401-spike');
    const t = sc.truth[0];
    expect(t.end! - t.start).toBe(8 * 60_000);
    expect(share(window(events, t.start, t.end!), (e) => e.status === 401)).toBeGreaterThan(0.15);
    expect(share(window(events, t.end! + 5 * 60_000, t.end! + HOUR), (e) => e.status === 401)).toBeLessThan(0.03);
  });

  it('expiredServiceCredential: one service client, every request 401 from the onset, none before', () => {
    const { sc, events } = get('expired-service-credential');
    const t = sc.truth[0];
    const mine = events.filter((e) => e.client === t.clients![0]);
    const before = mine.filter((e) => e.time < t.start);
    expect(before.length).toBeGreaterThan(100);
    expect(before.filter((e) => e.status === 401)).toHaveLength(0);
    const after = mine.filter((e) => e.time >= t.start);
    expect(after.length).toBeGreaterThan(100);
    expect(after.every((e) => e.status === 401 && e.truth === t.id)).toBe(true);
    expect(after.some((e) => e.path === '/oauth/token')).toBe(true);
  });

  it('clientReleaseNoRefresh: one app version gets 401s and never calls /oauth/token', () => {
    const { sc, events } = get('client-release-no-refresh');
    const t = sc.truth[0];
    expect(t.userAgents!.every((u) => u.startsWith('AcmeApp/5.3.0 ('))).toBe(true);
    const clients = new Set(t.clients);
    const theirs = events.filter((e) => clients.has(e.client));
    expect(theirs.some((e) => e.path === '/oauth/token')).toBe(false);
    expect(theirs.filter((e) => e.status === 401).every((e) => e.truth === t.id)).toBe(true);
    // other versions keep working
    const others = window(events, t.start + HOUR, t.start + 2 * HOUR).filter((e) => e.userAgent?.startsWith('AcmeApp/5.2.1'));
    expect(share(others, (e) => e.status === 401)).toBeLessThan(0.03);
  });

  it('retryStorm: each client repeats the same 401 request k+ times within minutes, no refresh in between', () => {
    const { sc, events } = get('retry-storm');
    const t = sc.truth[0];
    const k = t.params.k as number;
    for (const c of t.clients!) {
      const mine = events.filter((e) => e.client === c);
      let best = 0, run = 0, prev: TrafficEvent | null = null, startT = 0;
      for (const e of mine) {
        if (e.path === '/oauth/token' || e.status < 400) { run = 0; prev = null; continue; }
        if (prev !== null && e.path === prev.path && e.status === 401) run++; else { run = 1; startT = e.time; }
        if (e.time - startT < 5 * 60_000) best = Math.max(best, run);
        prev = e;
      }
      expect(best, c).toBeGreaterThanOrEqual(k);
    }
  });

  it('unauthorizedForForbidden: 401 to requests that carry a logged identity', () => {
    const { events } = get('unauthorized-for-forbidden');
    const lab = events.filter((e) => e.truth !== null);
    expect(lab.every((e) => e.user !== null)).toBe(true);
    expect(lab.every((e) => e.route!.startsWith('/api/v1/admin/'))).toBe(true);
  });

  it('missingChallenge: the labelled 401s lack WWW-Authenticate, the others have it', () => {
    const { events } = get('missing-challenge');
    for (const e of events.filter((x) => x.status === 401)) {
      if (e.truth !== null) expect(e.headers['www-authenticate']).toBeUndefined();
      else expect(e.headers['www-authenticate']).toBeTruthy();
    }
  });

  it('origin511AsServerError: 511s come from the origin, in a 5xx burst on the same routes', () => {
    const { sc, events } = get('origin-511-as-server-error');
    const t = sc.truth[0];
    const lab = events.filter((e) => e.truth !== null);
    const n511 = lab.filter((e) => e.status === 511);
    expect(n511.length).toBeGreaterThan(20);
    expect(n511.every((e) => e.upstreamStatus === 511)).toBe(true);
    expect(lab.filter((e) => is5xx(e.status) && e.status !== 511).length).toBeGreaterThan(20);
    expect(events.filter((e) => e.status === 511 && (e.time < t.start || e.time >= t.end!))).toHaveLength(0);
  });

  it('origin511AsAuth: 511 on login/auth routes for requests without identity', () => {
    const { events } = get('origin-511-as-auth');
    const lab = events.filter((e) => e.truth !== null);
    expect(lab.every((e) => e.status === 511 && e.user === null)).toBe(true);
    expect(new Set(lab.map((e) => e.route)).size).toBeGreaterThanOrEqual(2);
  });

  it('redirectOnPost: POST answered 302, followed by the same client GETting the Location', () => {
    const { events } = get('redirect-on-post');
    const lab = events.filter((e) => e.truth !== null);
    let followed = 0;
    for (const e of lab) {
      expect(e.method).toBe('POST');
      const loc = e.headers.location;
      expect(loc).toBeTruthy();
      const i = events.indexOf(e);
      if (events.slice(i + 1, i + 400).some((x) => x.client === e.client && x.method === 'GET' && x.path === loc && x.time - e.time < 1000)) followed++;
    }
    expect(followed / lab.length).toBeGreaterThan(0.95);
  });

  it('bodyOnBodyless: 204s and HEADs with a body', () => {
    const { events } = get('body-on-bodyless');
    const lab = events.filter((e) => e.truth !== null);
    expect(lab.every((e) => e.bytes > 0 && (e.status === 204 || e.method === 'HEAD'))).toBe(true);
    expect(lab.some((e) => e.status === 204)).toBe(true);
    expect(lab.some((e) => e.method === 'HEAD')).toBe(true);
  });

  it('unregisteredStatus: every code of the list shows up', () => {
    const { sc, events } = get('unregistered-status');
    const seen = new Set(events.filter((e) => e.truth !== null).map((e) => e.status));
    expect([...seen].sort()).toEqual([...sc.truth[0].statuses].sort());
  });

  it('notFoundForWrongMethod: DELETE 404 on a route whose GETs are served', () => {
    const { sc, events } = get('not-found-for-wrong-method');
    const t = sc.truth[0];
    const inWin = events.filter((e) => e.time >= t.start && e.route === t.routes[0]);
    expect(inWin.filter((e) => e.method === 'DELETE').every((e) => e.status === 404)).toBe(true);
    expect(share(inWin.filter((e) => e.method === 'GET'), (e) => e.status === 200)).toBeGreaterThan(0.95);
  });

  it('unavailableForRateLimit: 503 concentrated on a few clients while the others are served', () => {
    const { sc, events } = get('unavailable-for-rate-limit');
    const t = sc.truth[0];
    const routes = new Set(t.routes);
    const w = window(events, t.start, t.end!).filter((e) => e.route !== null && routes.has(e.route));
    const few = new Set(t.clients);
    expect(share(w.filter((e) => few.has(e.client)), (e) => e.status === 503)).toBeGreaterThan(0.7);
    const rest = w.filter((e) => !few.has(e.client));
    expect(rest.length).toBeGreaterThan(200);
    expect(share(rest, (e) => e.status < 300)).toBeGreaterThan(0.95);
  });

  it('preflightAuthFailure: OPTIONS answered 401, and the browser then never sends the request', () => {
    const { events } = get('preflight-auth-failure');
    const lab = events.filter((e) => e.truth !== null);
    expect(lab.every((e) => e.method === 'OPTIONS' && e.status === 401)).toBe(true);
    const e = lab[0];
    const i = events.indexOf(e);
    expect(events.slice(i + 1, i + 50).some((x) => x.client === e.client && x.path === e.path && x.method !== 'OPTIONS' && x.time - e.time < 200)).toBe(false);
  });

  it('crawlerErrors: Googlebot gets 5xx/403 on pages', () => {
    const { events } = get('crawler-errors');
    const lab = events.filter((e) => e.truth !== null);
    expect(lab.every((e) => e.userAgent!.includes('Googlebot'))).toBe(true);
    expect(lab.some((e) => is5xx(e.status))).toBe(true);
    expect(lab.some((e) => e.status === 403)).toBe(true);
  });

  it('temporaryRedirectForPermanent: the route always answers 302', () => {
    const { events } = get('temporary-redirect-for-permanent');
    const onRoute = events.filter((e) => e.route === '/shop/{slug}');
    expect(onRoute.length).toBeGreaterThan(500);
    expect(onRoute.every((e) => e.status === 302 && e.headers.location?.startsWith('/products/'))).toBe(true);
  });

  it('softNotFound: many distinct never-seen paths, all 200 with the same small size', () => {
    const { sc, events } = get('soft-not-found');
    const t = sc.truth[0];
    const lab = events.filter((e) => e.truth !== null);
    expect(new Set(lab.map((e) => e.bytes))).toEqual(new Set([t.params.bytes]));
    expect(new Set(lab.map((e) => e.path)).size / lab.length).toBeGreaterThan(0.8);
    const before = new Set(events.filter((e) => e.time < t.start).map((e) => e.path));
    expect(share(lab, (e) => !before.has(e.path))).toBeGreaterThan(0.8);
  });

  it('serverErrorSpike: the 5xx share jumps in the window and falls back after', () => {
    const { sc, events } = get('server-error-spike');
    const t = sc.truth[0];
    expect(share(window(events, t.start - HOUR, t.start), (e) => is5xx(e.status))).toBeLessThan(0.005);
    expect(share(window(events, t.start, t.end!), (e) => is5xx(e.status))).toBeGreaterThan(0.1);
    expect(share(window(events, t.end! + 5 * 60_000, t.end! + HOUR), (e) => is5xx(e.status))).toBeLessThan(0.005);
  });

  it('clientClosedSpike: 499 surge with long durations', () => {
    const { events } = get('client-closed-spike');
    const lab = events.filter((e) => e.truth !== null);
    expect(lab.every((e) => e.status === 499 && e.durationMs > 3000 && e.bytes === 0)).toBe(true);
  });

  it('missingRetryAfter: the labelled 429s lack Retry-After', () => {
    const { events } = get('missing-retry-after');
    const lab = events.filter((e) => e.truth !== null);
    expect(lab.every((e) => e.status === 429 && e.headers['retry-after'] === undefined)).toBe(true);
  });

  it('gatewayCodeFromOrigin: 502 that the upstream itself answered', () => {
    const { events } = get('gateway-code-from-origin');
    const lab = events.filter((e) => e.truth !== null);
    expect(lab.every((e) => e.status === 502 && e.upstreamStatus === 502)).toBe(true);
    // nginx's own 502s (ordinary noise) have no upstream status
    expect(events.filter((e) => e.status === 502 && e.truth === null).every((e) => e.upstreamStatus === null)).toBe(true);
  });

  it('injections accept parameters: time, duration, intensity, clients, and two of a kind get distinct ids', () => {
    const sc = generateTraffic({
      seed: 9, start: '2026-11-16T06:00:00Z', hours: 6, requests: 30_000,
      injections: [
        { pattern: 'retryStorm', at: '08:00', minutes: 20, clients: ['198.51.100.1', '198.51.100.2'], k: 10 },
        { pattern: 'retryStorm', at: '10:00', minutes: 20, clients: 1 },
        { pattern: 'serverErrorSpike', at: Date.UTC(2026, 10, 16, 9, 0), minutes: 5, intensity: 0.9, routes: ['/api/v1/cart'] },
      ],
    });
    const events = collect(sc);
    expect(sc.truth.map((t) => t.id)).toEqual(['retryStorm', 'retryStorm#2', 'serverErrorSpike']);
    expect(sc.truth[0].clients).toEqual(['198.51.100.1', '198.51.100.2']);
    expect(sc.truth[0].start).toBe(Date.UTC(2026, 10, 16, 8, 0));
    const spike = events.filter((e) => e.truth === 'serverErrorSpike');
    expect(spike.every((e) => e.route === '/api/v1/cart')).toBe(true);
    const onCart = events.filter((e) => e.route === '/api/v1/cart' && e.time >= sc.truth[2].start && e.time < sc.truth[2].end!);
    expect(share(onCart, (e) => is5xx(e.status))).toBeGreaterThan(0.75);
    expect(sc.truth.every((t) => t.count > 0)).toBe(true);
  });

  it('bench: a big mixed day with an incident per rule and thousands of route templates', () => {
    const sc = scenario('bench', 1, { lines: 150_000 });
    const routes = new Set<string | null>();
    let n = 0;
    sc.forEach((e) => { routes.add(e.route); n++; });
    expect(n).toBe(150_000);
    expect(routes.size).toBeGreaterThan(1000);
    expect(sc.truth.map((t) => t.pattern)).toEqual([
      'brief401Spike', 'serverErrorSpike', 'retryStorm', 'notFoundForWrongMethod', 'redirectOnPost', 'clientClosedSpike',
      'unavailableForRateLimit', 'bodyOnBodyless', 'origin511AsServerError', 'crawlerErrors', 'missingChallenge',
    ]);
    for (const t of sc.truth) expect(t.count, t.id).toBeGreaterThan(20);
  });

  it('an unknown injection or scenario is an error, not silence', () => {
    expect(() => scenario('no-such-thing')).toThrow(/unknown scenario/);
    expect(() => generateTraffic({ injections: [{ pattern: 'nope' as never }] })).toThrow(/unknown injection/);
    expect(() => scenario('retry-storm', 1, { inject: { routes: ['/not/a/route'] } })).toThrow(/unknown route/);
  });
});
