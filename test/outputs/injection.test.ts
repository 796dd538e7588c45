import { XMLParser } from 'fast-xml-parser';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { escapeGithubData, escapeGithubProperty, escapeMarkdown, markdownCode } from '../../src/report/escape.js';
import { FORMATTERS } from '../../src/report/formatters/index.js';
import type { Report } from '../../src/report/types.js';
import { repoRoot } from '../cli/run-cli.js';
import { expectOwnLinksAndWholeRows, renderWithHtmlAndAutolinks } from './markdown-safety.js';

/**
 * Every string that came from a log is attacker-controlled. The hostile fixture puts
 * HTML, Markdown links and images, autolinks, pipes, backticks, workflow-command
 * breakers and terminal escapes into paths and user agents; each reaches a finding.
 * Synthetic reports add what a log line cannot carry (newlines, CR) through file names.
 */
const HOSTILE = 'fixtures/logs/outputs-hostile.log';
const report: Report = await analyze({ inputs: [`${repoRoot}${HOSTILE}`] });
const ctx = { color: false, failOn: 'info' as const, root: repoRoot };

/** the same report with newlines, CR, % , : and control characters in a file name and a route */
function withNasties(): Report {
  const r: Report = structuredClone(report);
  const evilFile = 'logs/a\nb\r::warning::x,y:z%0A\u0000.log';
  r.summary.files[0]!.path = evilFile;
  r.findings[0]!.samples = [{ file: evilFile, line: 7 }];
  r.findings[0]!.route = '/r\n::error::pwned\r\n| x |';
  r.findings[0]!.message = 'multi\nline\r\nmessage with 100% and ::stop-commands:: and a | pipe';
  return r;
}

describe('hostile fixture reaches the findings', () => {
  it('has findings whose routes carry the hostile strings', () => {
    const routes = report.findings.map((f) => f.route ?? '');
    expect(routes).toContain('/<script>alert(1)</script>');
    expect(routes.some((r) => r.includes('[click](https://evil.com/x)'))).toBe(true);
    expect(report.findings.length).toBeGreaterThanOrEqual(6);
  });
});

describe('Markdown: no link, image, HTML or table break can be injected', () => {
  // GitHub renders Markdown with raw HTML allowed (sanitised) and autolinks: html + linkify here
  const mdit = new MarkdownIt({ html: true, linkify: true });
  mdit.linkify.set({ fuzzyLink: false, fuzzyIP: false, fuzzyEmail: true });

  for (const [name, r] of [['hostile fixture', report], ['newlines and pipes', withNasties()]] as const) {
    it(name, () => {
      const out = FORMATTERS.markdown(r, ctx);
      const html = renderWithHtmlAndAutolinks(out);
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/<b>bold/i);
      expect(html).not.toMatch(/onerror=/i);
      expectOwnLinksAndWholeRows(html);
      // the strings are still there to read, as text
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    });
  }

  it('escapeMarkdown neutralises each construct', () => {
    const cases = ['[x](https://evil.com)', '![i](https://evil.com/a.png)', '<img src=x onerror=alert(1)>', 'https://evil.com', 'www.evil.com', 'user@evil.com', '*em* _em_ `code`', '# heading', '1. list', '- item', 'a | b'];
    for (const c of cases) {
      const html = mdit.renderInline(escapeMarkdown(c));
      expect(html, c).not.toMatch(/<(a|img|em|strong|code|h1|ol|ul|li)\b/);
      expect(html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'), c).toBe(c);
    }
    expect(mdit.render(`| a |\n|---|\n| ${markdownCode('x | y `z`', true)} |`)).toMatch(/<td><code>x \| y `z`<\/code><\/td>/);
    expect(mdit.renderInline(markdownCode('GET /a|b'))).toBe('<code>GET /a|b</code>');
  });
});

describe('HTML: every log-derived string stays text', () => {
  for (const [name, r] of [['hostile fixture', report], ['newlines and pipes', withNasties()]] as const) {
    it(name, () => {
      const html = FORMATTERS.html(r, ctx);
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/<b>bold/);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      // no external reference: nothing to load over the network
      expect(html).not.toMatch(/\s(src|href)="(?!https:\/\/github\.com\/statuslint\/statuslint\/blob\/main\/rules\/)/);
      expect(html).not.toMatch(/url\(/);
      expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
      // terminal escapes and BiDi overrides are shown, not passed through
      expect(html).not.toMatch(/[\u001b\u0007\u202e]/);
      expect(html).toContain('\\x1b');
    });
  }
});

describe('JUnit XML: escaped and parseable whatever the log held', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testsuite' || n === 'testcase' });
  for (const [name, r] of [['hostile fixture', report], ['newlines and control characters', withNasties()]] as const) {
    it(name, () => {
      const xml = FORMATTERS.junit(r, ctx);
      const doc = parser.parse(xml, true);
      // rules without findings add a passing (or skipped, when not applicable) testcase: count the failures
      const cases = doc.testsuites.testsuite.flatMap((s: { testcase: { failure?: unknown }[] }) => s.testcase).filter((c: { failure?: unknown }) => c.failure !== undefined);
      expect(cases.length).toBe(r.findings.length);
      const messages = cases.map((c: { failure: { message: string } }) => c.failure.message);
      expect(messages).toContain(r.findings.find((f) => f.route === '/a|b|c`code`<b>bold</b>&amp;')?.message ?? r.findings[1]!.message);
      expect(xml).not.toMatch(/[\u0000\u001b]/);
    });
  }
});

describe('SARIF: message text carries no live embedded link', () => {
  for (const [name, r] of [['hostile fixture', report], ['newlines and control characters', withNasties()]] as const) {
    it(name, () => {
      const sarif = JSON.parse(FORMATTERS.sarif(r, ctx));
      const texts = sarif.runs[0].results.map((x: { message: { text: string } }) => x.message.text as string);
      expect(texts).toHaveLength(r.findings.length);
      // SARIF viewers link `[text](target)` in plain-text messages: only escaped brackets remain
      for (const t of texts) expect(t.replace(/\\[\\[\]]/g, '')).not.toMatch(/[[\]]/);
      expect(texts.some((t: string) => t.includes('/\\[click\\](https://evil.com/x)'))).toBe(true);
      expect(texts.join('')).not.toMatch(/[\u0000\u001b]/);
    });
  }
});

describe('GitHub annotations: one command per finding, properties and message %-encoded', () => {
  it('a file name or route cannot end the command or start another', () => {
    const r = withNasties();
    const out = FORMATTERS.github(r, ctx);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(r.findings.length + 1);
    for (const l of lines.slice(0, -1)) expect(l).toMatch(/^::(error|warning|notice) /);
    const first = lines[0]!;
    const sep = first.indexOf('::', 2);
    const props = first.slice('::error '.length, sep);
    // properties: only our own separators remain
    expect(props.split(',').map((p) => p.slice(0, p.indexOf('=')))).toEqual(['file', 'line', 'title']);
    expect(props).not.toMatch(/[\r\n]/);
    expect(props).toContain('file=logs/a%0Ab%0D%3A%3Awarning%3A%3Ax%2Cy%3Az%250A\\x00.log');
    expect(first.slice(sep + 2)).toBe(escapeGithubData(`${r.findings[0]!.message}\n${r.findings[0]!.advice}`));
    expect(first.slice(sep + 2)).toContain('multi%0Aline%0D%0Amessage with 100%25 and ::stop-commands::');
  });

  it('encodes %, CR, LF in data and also : and , in properties', () => {
    expect(escapeGithubData('100%\r\n:,')).toBe('100%25%0D%0A:,');
    expect(escapeGithubProperty('100%\r\n:,')).toBe('100%25%0D%0A%3A%2C');
  });
});
