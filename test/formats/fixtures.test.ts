import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectFormat, forgetLastDetection, isDetection } from '../../src/formats/detect.js';
import { FORMATS, STATUSLESS_FORMATS, findFormat, formatCatalogue } from '../../src/formats/index.js';
import { emptyRecord, type LogRecord, type SkipReason } from '../../src/formats/types.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'formats');

function readLines(file: string): string[] {
  const lines = readFileSync(path.join(FIXTURES, file), 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** golden: each fixture's detected format, its records (selected fields) and its skips by reason */
const GOLDEN: Record<string, { id: string; records: Partial<LogRecord>[]; skipped: Partial<Record<SkipReason, number>> }> = {
  'traefik-clf.log': {
    id: 'traefik-clf',
    records: [
      { status: 200, path: '/api/users', durationMs: 3, bytes: 1234 },
      { status: 401, method: 'POST', user: 'alice', durationMs: 12 },
      { status: 404, client: '::1', userAgent: null, durationMs: 0 },
      { status: 504, userAgent: 'k6/0.48 \\"load\\"', durationMs: 30001 },
      ...Array.from({ length: 20 }, (_, i) => ({ status: 200, client: `198.51.100.${i}`, durationMs: i % 7 })),
    ],
    skipped: { malformed: 1 },
  },
  'heroku-router.log': {
    id: 'logfmt',
    records: [
      { status: 200, method: 'GET', path: '/', client: '204.204.204.204', durationMs: 18, bytes: 13, time: Date.UTC(2026, 10, 16, 3, 5, 0, 123) },
      { status: 401, method: 'POST', client: '2001:db8::1' },
      { status: 503, path: '/reports', durationMs: 30000 },
    ],
    skipped: { 'no-status': 1, malformed: 1, 'bad-status': 1 },
  },
  'syslog-combined.log': {
    id: 'combined',
    records: [
      { status: 200, client: '203.0.113.7', time: Date.UTC(2026, 10, 16, 3, 5, 0) },
      { status: 302, user: 'bob', method: 'POST' },
      { status: 404, client: '2001:db8::9' },
    ],
    skipped: { malformed: 2 },
  },
  'docker-json-combined.log': {
    id: 'combined',
    records: [{ status: 200 }, { status: 401, bytes: 0 }, { status: 204, method: 'DELETE', client: '2001:db8::1' }],
    skipped: { malformed: 2 },
  },
  'docker-json-nginx-json.log': {
    id: 'json',
    records: [{ status: 200, bytes: 512, path: '/api/v1/orders', time: Date.UTC(2026, 10, 16, 3, 5, 0) }, { status: 401, client: '203.0.113.8' }],
    // nginx's stderr warning in the same wrapper: a JSON object without a status to the json format
    skipped: { 'no-status': 1 },
  },
  'compose-haproxy.log': {
    id: 'haproxy',
    records: [
      { status: 200, client: '10.0.1.2', path: '/index.html', durationMs: 109, time: Date.UTC(2026, 10, 16, 3, 5, 0, 655) },
      { status: 504, method: 'POST', durationMs: 5001 },
      { status: 503 },
    ],
    skipped: { 'no-status': 2 },
  },
  'cloudfront-realtime.log': {
    id: 'cloudfront',
    records: [
      { status: 401, client: '2001:db8::1', path: '/api/me', host: 'api.example.com', durationMs: 50, time: 1794798300541 },
      { status: 200, bytes: 12000 },
    ],
    skipped: { directive: 2, 'no-status': 1, malformed: 1 },
  },
  'iis-header-change.log': {
    id: 'w3c',
    records: [
      { status: 401, client: '2001:db8::1', userAgent: 'okhttp/4.12.0', durationMs: 15 },
      { status: 201, user: 'CONTOSO\\alice', userAgent: 'Mozilla/5.0 (Windows NT 10.0)', referer: 'https://shop.example/' },
      { status: 404, path: '/caf\u00e9' },
      { status: 500, bytes: 1433, client: '203.0.113.9', durationMs: 120, time: Date.UTC(2026, 10, 16, 4, 0, 0) },
    ],
    skipped: { directive: 8, malformed: 1, 'bad-status': 1 },
  },
};

describe.each(Object.entries(GOLDEN))('fixture %s', (file, golden) => {
  it(`is detected as ${golden.id} and parses to its golden records`, () => {
    const lines = readLines(file);
    const det = detectFormat(lines);
    expect(isDetection(det) ? det.format.id : JSON.stringify(det)).toBe(golden.id);
    if (!isDetection(det)) return;
    const p = det.format.createParser();
    const rec = emptyRecord();
    const records: LogRecord[] = [];
    const skipped: Partial<Record<SkipReason, number>> = {};
    for (const line of lines) {
      const r = p.parse(line, rec);
      if (r === undefined) records.push({ ...rec });
      else skipped[r] = (skipped[r] ?? 0) + 1;
    }
    expect(records).toHaveLength(golden.records.length);
    golden.records.forEach((g, i) => expect(records[i]).toMatchObject(g));
    expect(skipped).toEqual(golden.skipped);
  });
});

describe('detection: each format is detected on its own example lines, not taken by another', () => {
  it.each(FORMATS.map((f) => [f.id, f] as const))('%s', (id, format) => {
    const valid = format.examples.filter((e) => e.skip === undefined).map((e) => e.line);
    const det = detectFormat(valid);
    expect(isDetection(det) ? det.format.id : JSON.stringify(det)).toBe(id);
  });
});

describe('detection: the shortcuts (the last detected format tried first, the first complete format) change no answer', () => {
  // samples: every fixture, every format's example lines, each format's examples under
  // another's (mixed files, where the margin between close rates decides), and each
  // format's examples after one line of another (a format that fails first and reads the
  // rest, which the scoring must not give up on early)
  const examples = FORMATS.map((f) => f.examples.filter((e) => e.skip === undefined).map((e) => e.line));
  const samples = [
    ...readdirSync(FIXTURES).filter((f) => f.endsWith('.log')).map(readLines),
    ...examples,
    ...examples.flatMap((a, i) => examples.filter((_, j) => j !== i).map((b) => [...a, ...a, ...a, ...a, ...b])),
    ...examples.flatMap((a, i) => examples.filter((_, j) => j !== i).map((b) => [b[0]!, ...Array.from({ length: 10 }, () => a).flat()])),
  ];
  const summary = (d: ReturnType<typeof detectFormat>): string => (isDetection(d) ? `${d.format.id} ${d.parseRate}` : `none ${JSON.stringify(d)}`);

  it(`gives what scoring every format gives, whichever format was detected before (${samples.length} samples)`, () => {
    for (const primer of examples) {
      for (const sample of samples) {
        detectFormat(primer);
        // a copy of the list: scored in full, without the last detection
        expect(summary(detectFormat(sample))).toBe(summary(detectFormat(sample, [...FORMATS])));
      }
    }
  });

  // rates just below and just above the margin: 93 lines of one format's examples, 4 of
  // another's and 3 of neither, so that one format reads 93% and one that also reads the
  // first's lines (combined reads ingress-nginx's) 97%, and the earlier, specific one wins
  const cycle = (lines: readonly string[], n: number): string[] => Array.from({ length: n }, (_, i) => lines[i % lines.length]!);
  const nearMargin = examples.flatMap((a, i) => examples.filter((_, j) => j !== i).map((b) => [...cycle(a, 93), ...cycle(b, 4), 'not a log line', '#', '-']));

  it(`gives what scoring every format gives on a thread's first detection (${samples.length + nearMargin.length} samples)`, () => {
    for (const sample of [...samples, ...nearMargin]) {
      forgetLastDetection();
      expect(summary(detectFormat(sample))).toBe(summary(detectFormat(sample, [...FORMATS])));
    }
  });
});

describe('status-less formats', () => {
  it.each(STATUSLESS_FORMATS.map((f) => [f.id, f] as const))('%s: examples', (_id, format) => {
    for (const e of format.examples) {
      const rec = emptyRecord();
      expect(format.createParser().parse(e.line, rec)).toBe(e.skip);
    }
  });
});

describe('catalogue', () => {
  it('lists every format with an id, a description and an example line', () => {
    const cat = formatCatalogue();
    const ids = cat.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of [...FORMATS, ...STATUSLESS_FORMATS]) expect(ids).toContain(f.id);
    expect(ids).toContain('nginx:<log_format>');
    expect(ids).toContain('apache:<LogFormat>');
    for (const c of cat) {
      expect(c.description.length).toBeGreaterThan(10);
      expect(c.example.length).toBeGreaterThan(10);
    }
    // the example of a built-in parses as that format (or is its documented status-less line)
    for (const c of cat) {
      const f = findFormat(c.id);
      if (f === undefined) continue;
      const r = f.createParser().parse(c.example, emptyRecord());
      expect(r === undefined || STATUSLESS_FORMATS.includes(f)).toBe(true);
    }
  });
});

describe('hostile input: every parser is linear and never throws', () => {
  const crafted = [
    '"'.repeat(65536),
    '\\"'.repeat(32768),
    ' '.repeat(65536),
    '['.repeat(65536),
    '{"log":"' + 'a'.repeat(65000),
    '{"a":'.repeat(13000),
    'x=" '.repeat(16384),
    'Nov 16 03:05:00 ' + 'h'.repeat(65000),
    '#Fields: ' + 'a '.repeat(32000),
    '2026-11-16 03:05:00 ' + '"a"" '.repeat(13000),
    'a:b\t'.repeat(16384),
    '1.2.3.4 - - [16/Nov/2026:03:05:00 +0000] "' + 'GET / HTTP/1.1 '.repeat(4300),
    'http 2018-07-02T22:23:00.186641Z app/x ' + '"a" '.repeat(16000),
    '[pid: ' + '] '.repeat(32000),
    '\u0000\u00ff\ud800garbage',
  ];
  it.each([...FORMATS, ...STATUSLESS_FORMATS].map((f) => [f.id, f] as const))('%s', (_id, format) => {
    const p = format.createParser();
    const rec = emptyRecord();
    for (const line of crafted) {
      const t0 = performance.now();
      expect(() => p.parse(line, rec)).not.toThrow();
      // generous: a linear walk takes well under a millisecond; a backtracking regex takes minutes
      expect(performance.now() - t0).toBeLessThan(500);
    }
  });
});

describe('w3c: state across lines', () => {
  it('reads an all-quoted Incapsula line whose cs-uri is host/path, and a #Fields change mid-file', () => {
    const p = findFormat('w3c')!.createParser();
    const rec = emptyRecord();
    expect(p.parse('#Fields: date time c-ip cs(User-Agent) cs-uri cs-method sc-status', rec)).toBe('directive');
    expect(p.parse('"2017-06-28" "07:26:35" "2001:db8::1" "Mozilla/5.0 (X11) ""quoted""" "www.example.com/page.php?x=1" "GET" "200"', rec)).toBeUndefined();
    expect(rec).toMatchObject({ host: 'www.example.com', path: '/page.php', client: '2001:db8::1', userAgent: 'Mozilla/5.0 (X11) "quoted"', status: 200 });
    expect(p.parse('"2017-06-28" "07:26:36" "2001:db8::1" "-" "www.example.com/x" "GET" ""', rec)).toBe('no-status');
    expect(p.parse('#Fields: time c-ip cs-method cs-uri-stem sc-status', rec)).toBe('directive');
    expect(p.parse('16:44:49 1.1.1.1 GET /x 200', rec)).toBe('no-time'); // no date column and no #Date
    expect(p.parse('#Date: 2000-10-09 16:44:49', rec)).toBe('directive');
    expect(p.parse('16:44:49 1.1.1.1 GET /x 200', rec)).toBeUndefined();
    expect(rec.time).toBe(Date.UTC(2000, 9, 9, 16, 44, 49));
  });
});
