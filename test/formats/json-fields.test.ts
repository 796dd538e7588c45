import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonLines } from '../../src/formats/json.js';
import { emptyRecord, type LogRecord } from '../../src/formats/types.js';

/** parses `lines` with one parser (field choices carry over from line to line), records out */
function parseAll(lines: readonly string[]): (LogRecord | string)[] {
  const parser = jsonLines.createParser();
  return lines.map((line) => {
    const rec = emptyRecord();
    const skip = parser.parse(line, rec);
    return skip ?? { ...rec };
  });
}

const T = '"time":"2026-11-16T00:00:00Z"';

describe('JSON field paths', () => {
  it.each([
    ['a nested path (ECS)', `{${T},"http":{"request":{"method":"PUT"},"response":{"status_code":201}},"url":{"path":"/a"}}`, { method: 'PUT', status: 201, path: '/a' }],
    ['a string where a path needs an object', `{${T},"status":200,"http":"x","url":{"path":"/a"}}`, { method: null, path: '/a' }],
    ['null where a path needs an object', `{${T},"status":200,"http":null,"url":null,"uri":"/b"}`, { method: null, path: '/b' }],
    ['an array where a path needs an object', `{${T},"status":200,"http":[1,2],"source":[{"ip":"x"}],"client_ip":"192.0.2.1"}`, { method: null, client: '192.0.2.1' }],
    ['an object where a scalar is wanted falls through to the nested name', `{${T},"status":200,"user":{"name":"alice"}}`, { user: 'alice' }],
    ['a "__proto__" key is data, not a prototype', `{${T},"status":200,"__proto__":{"method":"POST","status":500}}`, { method: null, status: 200 }],
  ])('%s', (_what, line, expected) => {
    const [rec] = parseAll([line]);
    expect(rec).toMatchObject(expected);
  });

  it('tries the path that matched on the previous line first, even when an earlier candidate appears', () => {
    const [first, second, third] = parseAll([
      `{${T},"status":200,"uri":"/from-uri"}`,
      `{${T},"status":200,"path":"/from-path","uri":"/from-uri-again"}`,
      `{${T},"status":200,"path":"/only-path"}`,
    ]);
    expect(first).toMatchObject({ path: '/from-uri' });
    expect(second).toMatchObject({ path: '/from-uri-again' });
    // `uri` is absent: the candidates are tried in order, and `path` wins from here on
    expect(third).toMatchObject({ path: '/only-path' });
  });
});

describe('flat sent_http_* header keys', () => {
  /** the headers of each line, parsed in order by one parser */
  const headersOf = (lines: readonly string[]) => parseAll(lines).map((r) => (typeof r === 'string' ? r : r.headers));
  const line = (fields: string) => `{${T},"status":200,${fields}}`;

  it.each([
    ['the same keys on every line', [line('"sent_http_location":"/a","uri":"/x"'), line('"sent_http_location":"/b","uri":"/y"')], [{ location: '/a' }, { location: '/b' }]],
    ['the keys in another order', [line('"sent_http_location":"/a","sent_http_allow":"GET"'), line('"sent_http_allow":"PUT","sent_http_location":"/b"')], [{ location: '/a', allow: 'GET' }, { allow: 'PUT', location: '/b' }]],
    ['a key the last line did not have, in the place of one it had', [line('"sent_http_location":"/a","uri":"/x"'), line('"sent_http_retry_after":"5","uri":"/x"')], [{ location: '/a' }, { 'retry-after': '5' }]],
    ['fewer keys, then more again', [line('"uri":"/x","sent_http_allow":"GET","sent_http_location":"/a"'), line('"uri":"/x"'), line('"uri":"/x","sent_http_allow":"PUT","sent_http_location":"/b"')], [{ allow: 'GET', location: '/a' }, {}, { allow: 'PUT', location: '/b' }]],
    ['case and underscores in the name', [line('"sent_http_WWW_Authenticate":"Basic"'), line('"sent_http_WWW_Authenticate":"Bearer"')], [{ 'www-authenticate': 'Basic' }, { 'www-authenticate': 'Bearer' }]],
    ['two keys for one header: the later with a value wins', [line('"sent_http_retry_after":"1","sent_http_Retry_After":"2"'), line('"sent_http_retry_after":"3","sent_http_Retry_After":null')], [{ 'retry-after': '2' }, { 'retry-after': '3' }]],
    ['integer-like keys come first in the walk', [line('"7":"x","sent_http_allow":"GET"'), line('"sent_http_allow":"PUT","7":"x"')], [{ allow: 'GET' }, { allow: 'PUT' }]],
  ])('%s', (_what, lines, expected) => {
    expect(headersOf(lines)).toEqual(expected);
  });

  // The parser keeps the last object's keys and their header names. Whatever the order and
  // the set of keys from line to line, each line's headers must be those that naming every
  // key afresh gives: a parser that has only read a line of other keys.
  it('gives each line the headers of its own keys, whatever the keys of the lines before', () => {
    const keys = ['sent_http_location', 'sent_http_allow', 'sent_http_Allow', 'sent_http_retry_after', 'sent_http_x_a', 'uri', 'host', 'sent_http', '3', 'sent_httpx'];
    const value = fc.oneof(fc.constantFrom(null, '', '-', 'v', 7), fc.string({ maxLength: 3 }));
    const object = fc.uniqueArray(fc.constantFrom(...keys), { maxLength: keys.length }).chain((ks) => fc.tuple(fc.constant(ks), fc.array(value, { minLength: ks.length, maxLength: ks.length })));
    const primer = line('"sent_http_primer":"p"');
    fc.assert(
      fc.property(fc.array(object, { minLength: 1, maxLength: 8 }), (objects) => {
        const lines = [primer, ...objects.map(([ks, vs]) => line(ks.map((k, i) => `${JSON.stringify(k)}:${JSON.stringify(vs[i])}`).join(',') || '"uri":"/"'))];
        const inOrder = headersOf(lines).slice(1);
        const afresh = lines.slice(1).map((l) => headersOf([primer, l])[1]);
        expect(inOrder).toEqual(afresh);
      }),
      { numRuns: 2000 },
    );
  });
});
