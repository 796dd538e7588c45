import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseAsctime, parseClfNoZone } from '../../src/formats/fields.js';
import { formatFromSpec } from '../../src/formats/index.js';
import { parseAnyTime, parseIsoTime } from '../../src/formats/time.js';
import { emptyRecord } from '../../src/formats/types.js';
import { parseTimeZone, UTC, type TimeZone } from '../../src/formats/zone.js';
import { analyzeLines } from '../../src/index.js';
import { runCli } from '../cli/run-cli.js';

/**
 * `--timezone`: times that carry no zone are wall-clock times in the given zone. Across
 * DST: an autumn wall time that occurs twice is the earlier instant (summer offset); a
 * spring wall time that never occurs is shifted forward by the gap.
 */
const zone = (spec: string): TimeZone => {
  const z = parseTimeZone(spec);
  if (z === null) throw new Error(`no zone ${spec}`);
  return z;
};
/** a zone-less ISO wall time read in `spec`, as a UTC ISO string */
const inZone = (spec: string, wall: string): string => new Date(parseIsoTime(wall, zone(spec))).toISOString();

describe('parseTimeZone', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['America/New_York', 'America/New_York'],
    ['US/Eastern', 'America/New_York'],
    ['Etc/GMT+5', 'Etc/GMT+5'],
    ['+02:00', '+02:00'],
    ['-0530', '-05:30'],
    ['+14', '+14:00'],
    ['UTC', 'UTC'],
    ['Z', 'UTC'],
    ['+00:00', 'UTC'],
    ['Etc/UTC', 'UTC'],
  ])('%s is %s', (spec, name) => {
    expect(parseTimeZone(spec)?.name).toBe(name);
  });

  it.each(['Mars/Olympus', 'Europe/Berlinn', '+25:00', '+02:60', '2', 'CET; rm -rf', '', '../../etc/passwd', 'Europe/Berlin\n'.repeat(2)])('rejects %j', (spec) => {
    expect(parseTimeZone(spec)).toBeNull();
  });
});

describe('named zones across DST, leap days and the new year', () => {
  it.each([
    // Europe/Berlin 2026: clocks forward 29 Mar 02:00 → 03:00, back 25 Oct 03:00 → 02:00
    ['Europe/Berlin', 'winter', '2026-01-15T12:00:00', '2026-01-15T11:00:00.000Z'],
    ['Europe/Berlin', 'summer', '2026-07-15T12:00:00', '2026-07-15T10:00:00.000Z'],
    ['Europe/Berlin', 'last minute before spring forward', '2026-03-29T01:59:00', '2026-03-29T00:59:00.000Z'],
    ['Europe/Berlin', 'spring gap start: shifted forward', '2026-03-29T02:00:00', '2026-03-29T01:00:00.000Z'],
    ['Europe/Berlin', 'inside the spring gap: shifted forward', '2026-03-29T02:30:00', '2026-03-29T01:30:00.000Z'],
    ['Europe/Berlin', 'first minute after the gap', '2026-03-29T03:00:00', '2026-03-29T01:00:00.000Z'],
    ['Europe/Berlin', 'before the autumn overlap', '2026-10-25T01:59:59', '2026-10-24T23:59:59.000Z'],
    ['Europe/Berlin', 'autumn overlap: the earlier (summer) instant', '2026-10-25T02:00:00', '2026-10-25T00:00:00.000Z'],
    ['Europe/Berlin', 'autumn overlap, later minute: still summer', '2026-10-25T02:59:00', '2026-10-25T00:59:00.000Z'],
    ['Europe/Berlin', 'after the overlap: winter', '2026-10-25T03:00:00', '2026-10-25T02:00:00.000Z'],
    ['Europe/Berlin', 'leap day', '2028-02-29T23:30:00', '2028-02-29T22:30:00.000Z'],
    ['Europe/Berlin', 'new year: local midnight is the old year in UTC', '2027-01-01T00:30:00', '2026-12-31T23:30:00.000Z'],
    // America/New_York 2026: forward 8 Mar 02:00 → 03:00, back 1 Nov 02:00 → 01:00
    ['America/New_York', 'last minute before spring forward', '2026-03-08T01:59:00', '2026-03-08T06:59:00.000Z'],
    ['America/New_York', 'inside the spring gap: shifted forward', '2026-03-08T02:30:00', '2026-03-08T07:30:00.000Z'],
    ['America/New_York', 'after the gap', '2026-03-08T03:00:00', '2026-03-08T07:00:00.000Z'],
    ['America/New_York', 'before the overlap', '2026-11-01T00:59:00', '2026-11-01T04:59:00.000Z'],
    ['America/New_York', 'autumn overlap: the earlier (EDT) instant', '2026-11-01T01:30:00', '2026-11-01T05:30:00.000Z'],
    ['America/New_York', 'after the overlap: EST', '2026-11-01T02:00:00', '2026-11-01T07:00:00.000Z'],
    ['America/New_York', 'leap day', '2024-02-29T20:00:00', '2024-03-01T01:00:00.000Z'],
    ['America/New_York', 'new year: the old year locally is the new one in UTC', '2026-12-31T23:30:00', '2027-01-01T04:30:00.000Z'],
    // Lord Howe moves by 30 minutes at 02:00 (+10:30 → +11:00): the hour is resolved minute by minute
    ['Australia/Lord_Howe', 'before its half-hour gap', '2026-10-04T01:59:00', '2026-10-03T15:29:00.000Z'],
    ['Australia/Lord_Howe', 'in its half-hour gap: shifted forward', '2026-10-04T02:15:00', '2026-10-03T15:45:00.000Z'],
    ['Australia/Lord_Howe', 'after its gap, same hour', '2026-10-04T02:45:00', '2026-10-03T15:45:00.000Z'],
    ['+05:30', 'a fixed offset', '2026-11-16T08:35:00', '2026-11-16T03:05:00.000Z'],
    ['-08:00', 'a negative fixed offset across the new year', '2026-12-31T20:00:00', '2027-01-01T04:00:00.000Z'],
  ])('%s, %s: %s', (spec, _what, wall, utc) => {
    expect(inZone(spec, wall)).toBe(utc);
  });

  it('gives the same answers in any order (per-hour cache)', () => {
    const walls = ['2026-10-25T02:30:00', '2026-03-29T02:30:00', '2026-10-25T01:30:00', '2026-10-25T03:30:00', '2026-03-29T01:30:00', '2026-03-29T03:30:00'];
    const fresh = walls.map((w) => parseIsoTime(w, zone('Europe/Berlin')));
    const shared = zone('Europe/Berlin');
    for (let k = 0; k < 3; k++) expect(walls.map((w) => parseIsoTime(w, shared))).toEqual(fresh);
    expect([...walls].reverse().map((w) => parseIsoTime(w, shared))).toEqual([...fresh].reverse());
  });

  it('a time with its own offset, a Z or an epoch number ignores the zone', () => {
    const ny = zone('America/New_York');
    expect(parseIsoTime('2026-11-16T03:05:00Z', ny)).toBe(Date.UTC(2026, 10, 16, 3, 5));
    expect(parseIsoTime('2026-11-16T03:05:00+01:00', ny)).toBe(Date.UTC(2026, 10, 16, 2, 5));
    expect(parseAnyTime(1763262300, ny)).toBe(1763262300000);
    expect(parseAnyTime('16/Nov/2026:03:05:00 +0000', ny)).toBe(Date.UTC(2026, 10, 16, 3, 5));
  });

  it('without a zone nothing changes: zone-less times are UTC', () => {
    expect(parseIsoTime('2026-03-29T02:30:00')).toBe(Date.UTC(2026, 2, 29, 2, 30));
    expect(parseAsctime('Sun Mar 29 02:30:00 2026')).toBe(Date.UTC(2026, 2, 29, 2, 30));
    expect(parseClfNoZone('29/Mar/2026:02:30:00.250')).toBe(Date.UTC(2026, 2, 29, 2, 30, 0, 250));
    expect(UTC.toUtc(123)).toBe(123);
  });

  it('an invalid date stays invalid in any zone', () => {
    expect(parseIsoTime('2027-02-29T12:00:00', zone('Europe/Berlin'))).toBeNaN();
    expect(parseAsctime('Mon Feb 29 12:00:00 2027', zone('Europe/Berlin'))).toBeNaN();
  });
});

describe('every zone-less time a format reads is placed in the zone', () => {
  const berlin = zone('Europe/Berlin');
  // 2026-07-15 12:00 in Berlin (summer) is 10:00 UTC
  const noon = Date.UTC(2026, 6, 15, 10, 0);
  it.each([
    ['json', '{"time":"2026-07-15 12:00:00","status":200,"method":"GET","uri":"/x"}'],
    ['logfmt', 'time=2026-07-15T12:00:00 method=GET path=/x status=200'],
    ['logfmt', '2026-07-15T12:00:00 heroku[router]: at=info method=GET path=/x status=200'],
    ['ltsv', 'time:2026-07-15T12:00:00\thost:1.2.3.4\treq:GET /x HTTP/1.1\tstatus:200\tsize:1'],
    ['uwsgi', '[pid: 1|app: 0|req: 1/1] 1.2.3.4 () {38 vars in 696 bytes} [Wed Jul 15 12:00:00 2026] GET /x => generated 47 bytes in 129 msecs (HTTP/1.1 200) 9 headers in 378 bytes (1 switches on core 3)'],
    ['haproxy', '10.0.1.2:33317 [15/Jul/2026:12:00:00.000] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET /x HTTP/1.1"'],
    ['haproxy', 'Jul 15 12:00:00 lb haproxy[14389]: 10.0.1.2:33317 [15/Jul/2026:12:00:00.000] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET /x HTTP/1.1"'],
    ['apache:%h %{%Y-%m-%d %H:%M:%S}t "%r" %>s %b', '1.2.3.4 2026-07-15 12:00:00 "GET /x HTTP/1.1" 200 1'],
    ['envoy', '[2026-07-15T12:00:00.000] "GET /x HTTP/1.1" 200 - 0 1 2 1 "1.2.3.4" "curl/7.59.0" "id" "host" "10.0.0.1:80"'],
  ])('%s', (id, line) => {
    const format = formatFromSpec(id)!;
    const rec = emptyRecord();
    expect(format.createParser({ timeZone: berlin }).parse(line, rec)).toBeUndefined();
    expect(new Date(rec.time).toISOString()).toBe(new Date(noon).toISOString());
    format.createParser().parse(line, rec);
    expect(rec.time).toBe(Date.UTC(2026, 6, 15, 12, 0));
  });

  it('w3c: `time-local` (IIS Advanced Logging) is in the zone; `date time` stays UTC, as the W3C format says', () => {
    const w3c = formatFromSpec('w3c')!;
    const rec = emptyRecord();
    const local = w3c.createParser({ timeZone: berlin });
    expect(local.parse('#Fields: date-local time-local c-ip cs-method cs-uri-stem sc-status sc-bytes', rec)).toBe('directive');
    expect(local.parse('2026-07-15 12:00:00 1.2.3.4 GET /x 200 1', rec)).toBeUndefined();
    expect(rec.time).toBe(noon);
    const utc = w3c.createParser({ timeZone: berlin });
    utc.parse('#Fields: date time c-ip cs-method cs-uri-stem sc-status sc-bytes', rec);
    utc.parse('2026-07-15 12:00:00 1.2.3.4 GET /x 200 1', rec);
    expect(rec.time).toBe(Date.UTC(2026, 6, 15, 12, 0));
  });

  it('CLF keeps its own offset whatever the zone', () => {
    const rec = emptyRecord();
    formatFromSpec('combined')!.createParser({ timeZone: berlin }).parse('1.2.3.4 - - [15/Jul/2026:12:00:00 +0000] "GET /x HTTP/1.1" 200 1 "-" "x"', rec);
    expect(rec.time).toBe(Date.UTC(2026, 6, 15, 12, 0));
  });
});

describe('offsets are looked up per hour, not per line', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a day of lines, one a second, costs a few Intl lookups per hour', () => {
    const spy = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    const lines: string[] = [];
    const start = Date.UTC(2026, 9, 24, 12); // across the autumn transition in Berlin
    for (let s = 0; s < 86_400; s += 1) {
      const wall = new Date(start + s * 1000).toISOString().slice(0, 19);
      lines.push(`{"time":"${wall}","status":200,"method":"GET","uri":"/x"}`);
    }
    const r = analyzeLines(lines, { timeZone: 'Europe/Berlin', logFormat: 'json' });
    expect(r.summary.requests).toBe(86_400);
    // two resolutions of four lookups per hour at most, and the transition hour's minutes
    expect(spy.mock.calls.length).toBeGreaterThan(0);
    expect(spy.mock.calls.length).toBeLessThan(25 * 8 + 60 * 4);
  });
});

describe('analyze and the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'statuslint-tz-'));
  const log = join(dir, 'app.jsonl');
  // zone-less times around Berlin's autumn transition, one 511 each
  const walls = ['2026-10-25T01:30:00', '2026-10-25T02:30:00', '2026-10-25T03:30:00'];
  writeFileSync(log, walls.map((t, i) => `{"time":"${t}","remote_addr":"203.0.113.${i}","method":"GET","uri":"/a","status":511,"body_bytes_sent":1}`).join('\n') + '\n');

  it('analyzeLines: --timezone moves the windows; an unknown zone is an input error', () => {
    const lines = walls.map((t) => `{"time":"${t}","method":"GET","uri":"/a","status":200}`);
    expect(analyzeLines(lines).summary.timeRange).toEqual({ start: '2026-10-25T01:30:00.000Z', end: '2026-10-25T03:30:00.000Z' });
    expect(analyzeLines(lines, { timeZone: 'Europe/Berlin' }).summary.timeRange).toEqual({ start: '2026-10-24T23:30:00.000Z', end: '2026-10-25T02:30:00.000Z' });
    expect(() => analyzeLines(lines, { timeZone: 'Nowhere/Land' })).toThrow(/--timezone: unknown time zone "Nowhere\/Land"/);
  });

  it('--timezone and the config key; the command line wins', () => {
    const range = (args: string[]): unknown => JSON.parse(runCli([log, '-f', 'json', ...args]).stdout).summary.timeRange;
    expect(range([])).toEqual({ start: '2026-10-25T01:30:00.000Z', end: '2026-10-25T03:30:00.000Z' });
    expect(range(['--timezone', 'America/New_York'])).toEqual({ start: '2026-10-25T05:30:00.000Z', end: '2026-10-25T07:30:00.000Z' });
    expect(range(['--timezone', '-05:00'])).toEqual({ start: '2026-10-25T06:30:00.000Z', end: '2026-10-25T08:30:00.000Z' });
    const config = join(dir, 'berlin.json');
    writeFileSync(config, JSON.stringify({ timezone: 'Europe/Berlin' }));
    expect(range(['--config', config])).toEqual({ start: '2026-10-24T23:30:00.000Z', end: '2026-10-25T02:30:00.000Z' });
    expect(range(['--config', config, '--timezone', 'UTC'])).toEqual({ start: '2026-10-25T01:30:00.000Z', end: '2026-10-25T03:30:00.000Z' });
  });

  it('an unknown zone is a usage error before anything is read: exit 2, one line', () => {
    for (const args of [[log, '--timezone', 'Mars/Olympus'], ['aggregate', log, '--timezone', '+99:00']]) {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^statuslint: --timezone: unknown time zone "(Mars\/Olympus|\+99:00)": give an IANA name such as Europe\/Berlin or America\/New_York, an offset such as \+02:00, or UTC\n$/);
    }
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ timezone: 'Europe/Berlinn' }));
    const r = runCli([log, '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`statuslint: ${config}: timezone: unknown time zone "Europe/Berlinn": give an IANA name such as Europe/Berlin or America/New_York, an offset such as +02:00, or UTC\n`);
  });
});
