import { describe, expect, it } from 'vitest';
import { explain, TEXT_WIDTH, type ExplainFormat, type ExplainResult } from '../../src/status/explain.js';
import { allComparisons } from '../../src/status/comparisons.js';
import { allStatuses } from '../../src/status/registry.js';
import { escapeMarkdown, firstSentence, wrap } from '../../src/status/text.js';
import { expectGolden } from './golden.js';

function ok(result: ExplainResult): string {
  if ('error' in result) throw new Error(`expected output, got error: ${result.error}`);
  return result.output;
}

function err(result: ExplainResult): string {
  if ('output' in result) throw new Error('expected an error, got output');
  return result.error;
}

/** display width: code points, not UTF-16 units (§ and · are one column each) */
const cols = (line: string) => [...line].length;
const isBareUrl = (line: string) => /^https?:\/\/\S+$/.test(line);

describe('golden outputs', () => {
  it.each([
    ['explain-401.txt', ['401'], 'text'],
    ['explain-511-401.txt', ['511', '401'], 'text'],
    ['explain-4xx.txt', ['4xx'], 'text'],
    ['explain-511-401.md', ['511', '401'], 'markdown'],
    ['explain-511-401.json', ['511', '401'], 'json'],
  ] as Array<[string, string[], ExplainFormat]>)('%s', (file, args, format) => {
    expectGolden(file, ok(explain(args, format)));
  });

  it('explain-512.txt (unknown code names the nearest known ones)', () => {
    const message = err(explain(['512'], 'text'));
    expect(message).toBe('unknown status 512; nearest known: 511, 510, 508');
    expectGolden('explain-512.txt', `${message}\n`);
  });
});

describe('text output', () => {
  const cases: string[][] = [
    ...allStatuses().map((s) => [String(s.code)]),
    ...allComparisons().map((c) => [String(c.codes[0]), String(c.codes[1])]),
    ['1xx'],
    ['2xx'],
    ['3xx'],
    ['4xx'],
    ['5xx'],
    ['403.14'],
    ['401', '403', '511'],
  ];

  it.each(cases.map((c) => [c.join(' '), c]))('explain %s fits %i columns and has no colour codes', (_label, args) => {
    const out = ok(explain(args, 'text'));
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/\u001b\[/);
    expect(out.endsWith('\n')).toBe(true);
    const tooWide = out.split('\n').filter((l) => cols(l) > TEXT_WIDTH && !isBareUrl(l));
    expect(tooWide).toEqual([]);
  });

  it('side by side shows every dimension the issue asks for, and the decision rule', () => {
    const out = ok(explain(['511', '401'], 'text'));
    for (const label of [
      'Definition',
      'Summary',
      'When to use',
      'Client',
      'Caching',
      'SEO / crawlers',
      'API impact',
      'Safe to retry',
      'Decision rule',
      'Common mistake',
    ]) {
      expect(out).toContain(label);
    }
    expect(out).toContain('RFC 6585 §6');
    expect(out).toContain('https://www.rfc-editor.org/rfc/rfc6585#section-6');
  });

  it('order of the codes is kept in the table, and the comparison is found either way', () => {
    const a = ok(explain(['401', '511'], 'text'));
    const b = ok(explain(['511', '401'], 'text'));
    expect(a.split('\n')[0]).toBe('401 Unauthorized vs 511 Network Authentication Required');
    expect(b.split('\n')[0]).toBe('511 Network Authentication Required vs 401 Unauthorized');
    expect(a).toContain('Decision rule');
  });

  it('an unknown pair still renders, saying it is not a known comparison', () => {
    const out = ok(explain(['200', '404'], 'text'));
    expect(out).toContain('not a commonly confused pair');
  });

  it('accepts "511 401" as one argument, and ignores duplicates', () => {
    expect(ok(explain(['511 401'], 'text'))).toBe(ok(explain(['511', '401'], 'text')));
    expect(ok(explain(['401', '401'], 'text'))).toBe(ok(explain(['401'], 'text')));
  });

  it('class listing covers every code of the class, vendor ones tagged', () => {
    const out = ok(explain(['4xx'], 'text'));
    for (const s of allStatuses().filter((x) => x.class === 'client-error')) {
      expect(out).toMatch(new RegExp(`^${s.code}  `, 'm'));
    }
    expect(out).toContain('[nginx]');
    expect(out).not.toMatch(/^5\d\d  /m);
  });

  it('IIS sub-status explains the form and the base code', () => {
    const out = ok(explain(['403.14'], 'text'));
    expect(out).toMatch(/^IIS 403\.14: Directory listing denied/);
    expect(out).toContain('sc-substatus');
    expect(out).toContain('403 Forbidden');
  });
});

describe('errors', () => {
  it.each([
    [['512'], 'unknown status 512; nearest known: 511, 510, 508'],
    [['419'], 'unknown status 419; nearest known: 418, 417, 421'],
    [['401', '599'], 'unknown status 599; nearest known: 561, 530, 527'],
    [['600'], 'status 600 is out of range: HTTP status codes run from 100 to 599'],
    [['99'], 'status 99 is out of range: HTTP status codes run from 100 to 599'],
    [['abc'], "not a status code: 'abc'; expected a status code like 401, a class like 4xx, or an IIS sub-status like 403.14"],
    [[], 'no status code given; expected a status code like 401, a class like 4xx, or an IIS sub-status like 403.14'],
    [['4xx', '401'], 'a class (4xx) cannot be combined with other codes'],
    [['6xx'], "not a status code: '6xx'; expected a status code like 401, a class like 4xx, or an IIS sub-status like 403.14"],
  ])('explain %j → %s', (args, message) => {
    for (const format of ['text', 'markdown', 'json'] as const) {
      expect(err(explain(args, format))).toBe(message);
    }
  });

  it('unknown IIS sub-status lists the known ones for that code', () => {
    expect(err(explain(['404.99'], 'text'))).toMatch(/^unknown IIS sub-status 404\.99; known for 404: 404\.0, 404\.1, /);
  });

  it('rejects an unknown format', () => {
    expect(err(explain(['401'], 'html' as ExplainFormat))).toMatch(/unknown format 'html'/);
  });
});

describe('json output', () => {
  it('is the registry records plus the comparison', () => {
    const value = JSON.parse(ok(explain(['511', '401'], 'json')));
    expect(value.statuses.map((s: { code: number }) => s.code)).toEqual([511, 401]);
    expect(value.statuses[0].headers).toEqual({ required: [], expected: [], note: expect.any(String) });
    expect(value.comparisons).toHaveLength(1);
    expect(value.comparisons[0].codes).toEqual([401, 511]);
    expect(value.comparisons[0].decisionRule).toMatch(/captive portal/);
  });

  it('a single code has no comparisons; a class lists its statuses', () => {
    expect(JSON.parse(ok(explain(['401'], 'json'))).comparisons).toEqual([]);
    const cls = JSON.parse(ok(explain(['2xx'], 'json')));
    expect(cls.class).toBe('success');
    expect(cls.statuses.every((s: { code: number }) => s.code >= 200 && s.code < 300)).toBe(true);
  });
});

describe('markdown output', () => {
  it('keeps table rows on one line each and escapes pipes', () => {
    const out = ok(explain(['511', '401'], 'markdown'));
    const rows = out.split('\n').filter((l) => l.startsWith('| **'));
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      // 3 columns → 4 unescaped pipes
      expect(row.match(/(?<!\\)\|/g)).toHaveLength(4);
    }
  });

  it('escapes Markdown punctuation outside code spans and keeps code spans', () => {
    expect(escapeMarkdown('a *b* _c_ [d] <e> | `x|y`')).toBe('a \\*b\\* \\_c\\_ \\[d\\] \\<e\\> \\| `x|y`');
    expect(escapeMarkdown('a | `x|y`\nz', true)).toBe('a \\| `x\\|y`<br>z');
  });

  it('escapes the nginx variables in 497 (code span) and renders it', () => {
    const out = ok(explain(['497'], 'markdown'));
    expect(out).toContain('`error_page 497 https://$host$request_uri;`');
  });
});

describe('text helpers', () => {
  it('wraps at the width, splits long words, keeps URLs whole', () => {
    expect(wrap('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('see https://example.com/a/very/long/path', 10)).toEqual(['see', 'https://example.com/a/very/long/path']);
    expect(wrap('one\ntwo', 80)).toEqual(['one', 'two']);
  });

  it('takes the first sentence', () => {
    expect(firstSentence('First one. Second.')).toBe('First one.');
    expect(firstSentence('No stop')).toBe('No stop');
  });
});

describe('public entry point', () => {
  it('src/status/index.ts exposes the registry, comparisons and explain', async () => {
    const api = await import('../../src/status/index.js');
    expect(api.statusName(511)).toBe('Network Authentication Required');
    expect(api.findComparison(403, 401)?.codes).toEqual([401, 403]);
    expect(api.specUrl(api.getStatus(308)!.spec)).toBe('https://www.rfc-editor.org/rfc/rfc9110#section-15.4.9');
    expect('output' in api.explain(['4XX'], 'text')).toBe(true);
  });
});
