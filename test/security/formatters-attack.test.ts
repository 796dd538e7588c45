import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeGithubData, escapeHtml, escapeSarifText, showInvisible } from '../../src/report/escape.js';
import { termSafe } from '../../src/report/sanitize.js';
import { repoRoot, runCli } from '../cli/run-cli.js';
import { expectOwnLinksAndWholeRows, renderWithHtmlAndAutolinks } from '../outputs/markdown-safety.js';

/**
 * fixtures/security/attack.jsonl through every formatter in one run: terminal escapes,
 * OSC 8 links, BiDi overrides, NUL/BS/CR, HTML, Markdown links and images, table pipes, a
 * newline followed by a workflow command, `%0A` and `%25`. Every line is a 511, so each
 * attack path is the route of its own finding. Each format gets the check its readers need;
 * every format must show every attack route, escaped its own way (nothing filtered away).
 */
const FORMATS = { text: 'txt', json: 'json', sarif: 'sarif', junit: 'xml', github: 'github.txt', markdown: 'md', html: 'html' } as const;
type Fmt = keyof typeof FORMATS;

const dir = mkdtempSync(join(tmpdir(), 'statuslint-attack-'));
const run = runCli(['fixtures/security/attack.jsonl', ...Object.entries(FORMATS).flatMap(([f, ext]) => ['-f', `${f}=${join(dir, `out.${ext}`)}`])]);
const out = Object.fromEntries(Object.entries(FORMATS).map(([f, ext]) => [f, readFileSync(join(dir, `out.${ext}`), 'utf8')])) as Record<Fmt, string>;
const report = JSON.parse(out.json) as { findings: { route: string; message: string; advice: string }[] };
const routes = report.findings.map((f) => f.route);

/** C0 controls but tab and LF, DEL, C1, BiDi and invisible format characters */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
/**
 * The same but CR: in HTML, XML and SARIF text a CR is whitespace (an XML parser reads it as
 * LF) and escapeHtml/escapeXml/escapeSarifText keep it with LF and tab, since the message
 * that carries a route is one string with our own line breaks.
 */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL_BUT_CR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

describe('the attack fixture through every formatter', () => {
  it('one run wrote every format; every line became a finding', () => {
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(routes).toHaveLength(9);
    expect(routes).toContain('/|table|break|\n::error::injected');
    expect(routes).toContain('/\u202eevil\u202cgnp.exe');
  });

  it('text: no raw control or BiDi character; every route shown with visible escapes', () => {
    expect(out.text).not.toMatch(RAW_CONTROL);
    for (const r of routes) expect(out.text).toContain(termSafe(r));
  });

  it('json: valid, and every route round-trips exactly (it is data)', () => {
    expect(report.findings.map((f) => f.route).sort()).toEqual(
      readFileSync(join(repoRoot, 'fixtures/security/attack.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).uri as string)
        .sort(),
    );
    expect(out.json).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it('markdown: no live link, image or HTML; no table row broken; every route readable', () => {
    const html = renderWithHtmlAndAutolinks(out.markdown);
    expect(out.markdown).not.toMatch(RAW_CONTROL);
    expect(html).not.toMatch(/<(script|img|b|iframe|svg)\b/i);
    expect(html).not.toMatch(/(href|src)="\s*javascript:/i);
    expectOwnLinksAndWholeRows(html);
    // the routes are there as text: a line break in a route is a space in Markdown
    const text = html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    for (const r of routes) expect(text).toContain(showInvisible(r).replace(/\r\n|\r|\n/g, ' '));
  });

  it('html: only the tags and attributes a benign report has, no script, no javascript: URL, no external reference', () => {
    const html = out.html;
    const benign = readFileSync(join(repoRoot, 'fixtures/golden/outputs-mixed.html'), 'utf8');
    const shape = (doc: string): { tags: Set<string>; attrs: Set<string>; values: string[]; lt: number; matched: number } => {
      const tags = new Set<string>();
      const attrs = new Set<string>();
      const values: string[] = [];
      let matched = 0;
      for (const m of doc.matchAll(/<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"<>]*")?)*)\s*\/?>|<!(?:DOCTYPE html|--[\s\S]*?--)>/g)) {
        matched++;
        if (m[2] === undefined) continue;
        tags.add(m[2].toLowerCase());
        for (const a of (m[3] ?? '').matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) {
          attrs.add(a[1]!.toLowerCase());
          values.push(a[2] ?? '');
        }
      }
      return { tags, attrs, values, lt: (doc.match(/</g) ?? []).length, matched };
    };
    const a = shape(html);
    const b = shape(benign);
    // every `<` opens a well-formed tag of ours: log text never adds markup
    expect(a.matched).toBe(a.lt);
    expect([...a.tags].filter((t) => !b.tags.has(t))).toEqual([]);
    expect([...a.attrs].filter((t) => !b.attrs.has(t))).toEqual([]);
    expect([...a.attrs].filter((t) => t.startsWith('on'))).toEqual([]);
    expect(html).not.toMatch(/<script/i);
    for (const v of a.values) expect(v).not.toMatch(/^\s*(javascript|data|vbscript):/i);
    expect(html).not.toMatch(/\s(src|href)="(?!https:\/\/github\.com\/statuslint\/statuslint\/blob\/main\/rules\/)/);
    expect(html).not.toMatch(RAW_CONTROL_BUT_CR);
    for (const r of routes) expect(html).toContain(escapeHtml(r));
  });

  it('junit: well-formed XML 1.0 with one failure per finding; every route in a testcase name', () => {
    expect(XMLValidator.validate(out.junit)).toBe(true);
    // characters XML 1.0 forbids, and raw controls a CI page would show
    expect(out.junit).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    expect(out.junit).not.toMatch(RAW_CONTROL_BUT_CR);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testsuite' || n === 'testcase' }).parse(out.junit);
    const cases = doc.testsuites.testsuite.flatMap((s: { testcase: unknown[] }) => s.testcase) as { name: string; failure?: unknown }[];
    expect(cases.filter((c) => c.failure !== undefined)).toHaveLength(routes.length);
    const names = cases.map((c) => c.name.replace(/&#10;/g, '\n').replace(/&#13;/g, '\r').replace(/&#9;/g, '\t'));
    for (const r of routes) expect(names.some((n) => n.includes(showInvisible(r))), r).toBe(true);
  });

  it('sarif: valid SARIF 2.1.0; message text has no raw control character and no live embedded link; routes kept as data', () => {
    const sarif = JSON.parse(out.sarif);
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(repoRoot, 'test/data/sarif-schema-2.1.0.json'), 'utf8')));
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const results = sarif.runs[0].results as { message: { text: string }; properties: { route: string } }[];
    expect(results).toHaveLength(routes.length);
    for (const res of results) {
      const t = res.message.text;
      expect(t).not.toMatch(RAW_CONTROL_BUT_CR);
      // a backslash escapes the next character; any other bracket would open or close a link
      expect(t.replace(/\\[\\[\]]/g, '')).not.toMatch(/[[\]]/);
      expect(t).toContain(escapeSarifText(res.properties.route));
    }
    expect(results.map((r) => r.properties.route).sort()).toEqual([...routes].sort());
  });

  it('github: one workflow command per finding; no newline, CR or `::` can start another; %, CR, LF encoded', () => {
    const lines = out.github.split(/\r\n|\r|\n/);
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(routes.length + 1);
    const annotations = lines.slice(0, -1);
    expect(lines.at(-1)).toMatch(/^statuslint: \d+ requests/);
    const messages: string[] = [];
    for (const l of annotations) {
      // properties cannot hold `:` or `,` of their own: the first `::` after them is ours
      const m = /^::(error|warning|notice) (file=[^:,]*,line=\d+,title=[^:,]*)::(.*)$/.exec(l);
      expect(m, l).not.toBeNull();
      // every % in the message starts one of the runner's three escapes
      expect(m![3]!.replace(/%(25|0D|0A)/g, '')).not.toContain('%');
      messages.push(m![3]!);
    }
    for (const f of report.findings) expect(messages).toContain(escapeGithubData(`${f.message}\n${f.advice}`));
    expect(out.github).not.toMatch(RAW_CONTROL);
    expect(out.github).toContain('%0A::error::injected');
    expect(out.github).toContain('/%250A::warning file=x::oops/100%2525');
  });
});
