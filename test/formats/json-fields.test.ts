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
