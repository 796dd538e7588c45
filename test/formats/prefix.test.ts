import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composePrefixEnd, syslogPrefixEnd, unwrapJsonLine, withPrefixes } from '../../src/formats/prefix.js';
import { combined } from '../../src/formats/clf.js';
import { jsonLines } from '../../src/formats/json.js';
import { emptyRecord } from '../../src/formats/types.js';

const CLF = '203.0.113.7 - - [16/Nov/2026:03:05:00 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.4.0"';

describe('prefix stripping', () => {
  it.each([
    ['Nov 16 03:05:00 web-1 nginx: ', true],
    ['Nov  6 03:05:00 web-1 nginx[812]: ', true],
    ['<134>Nov 16 03:05:00 nginx[8]: ', true],
    ['2026-11-16T03:05:00.123456+00:00 web-1 nginx: ', true],
    ['2026-11-16T03:05:00+00:00 heroku[router]: ', true],
    ['Nov 16 03:05:00 web-1 ', false],
    ['Xyz 16 03:05:00 web-1 nginx: ', false],
  ])('syslog %j', (prefix, ok) => {
    expect(syslogPrefixEnd(prefix + CLF)).toBe(ok ? prefix.length : -1);
  });

  it.each([
    ['caddy  | ', true],
    ['web-1  | ', true],
    ['proj_web_1 | ', true],
    ['a b | ', false],
    [' | ', false],
  ])('docker-compose %j', (prefix, ok) => {
    expect(composePrefixEnd(prefix + CLF)).toBe(ok ? prefix.length : -1);
  });

  it('finds a compose prefix where the indexOf-of-` | ` reading it replaced does, on lines built of its characters', () => {
    // the reading before it: the first ` | ` within 80 characters, a name up to the first space, spaces up to the bar
    const reference = (line: string): number => {
      const bar = line.indexOf(' | ');
      if (bar <= 0 || bar > 80) return -1;
      let i = 0;
      for (; i < bar; i++) {
        const c = line.charCodeAt(i);
        if (c === 32) break;
        if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95 || c === 46)) return -1;
      }
      if (i === 0) return -1;
      for (; i < bar; i++) if (line.charCodeAt(i) !== 32) return -1;
      return bar + 3;
    };
    const piece = fc.oneof(fc.constantFrom(' ', '|', ' | ', 'a', 'Z', '9', '-', '_', '.', '"', '[', 'é'), fc.stringMatching(/^[a-z]{1,30}$/), fc.constant(' '.repeat(40)));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (pieces) => {
        const line = pieces.join('');
        expect(composePrefixEnd(line)).toBe(reference(line));
      }),
      { numRuns: 5000 },
    );
  });

  it('never takes a ` | ` inside the line for a compose prefix', () => {
    expect(composePrefixEnd('1.2.3.4 - - [16/Nov/2026:03:05:00 +0000] "GET /a | b HTTP/1.1" 200 1 "-" "-"')).toBe(-1);
  });

  it('unwraps Docker JSON wrappers', () => {
    expect(unwrapJsonLine(JSON.stringify({ log: CLF + '\n', stream: 'stdout', time: '2026-11-16T03:05:00Z' }))).toBe(CLF);
    expect(unwrapJsonLine(JSON.stringify({ message: CLF, kubernetes: {} }))).toBe(CLF);
    expect(unwrapJsonLine('{"log":"unterminated')).toBeUndefined();
    expect(unwrapJsonLine('{"status":200}')).toBeUndefined();
  });

  it('composes with any format; a raw line that parses is not touched', () => {
    const p = withPrefixes(combined).createParser();
    const rec = emptyRecord();
    for (const line of [CLF, 'web-1  | ' + CLF, 'Nov 16 03:05:00 web-1 nginx: ' + CLF, JSON.stringify({ log: CLF + '\n' }), 'web-1  | Nov 16 03:05:00 web-1 nginx: ' + CLF]) {
      expect(p.parse(line, rec), line).toBeUndefined();
      expect(rec.status).toBe(200);
      expect(rec.client).toBe('203.0.113.7');
    }
    expect(p.parse('web-1  | not a log line', rec)).toBe('malformed');
  });

  it('a JSON log whose objects have a message key and a status is read as it is', () => {
    const p = withPrefixes(jsonLines).createParser();
    const rec = emptyRecord();
    expect(p.parse('{"message":"GET /x","status":404,"time":"2026-11-16T03:05:00Z","path":"/x"}', rec)).toBeUndefined();
    expect(rec.status).toBe(404);
  });
});
