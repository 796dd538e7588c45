import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { expectGolden, repoRoot, runCli } from '../cli/run-cli.js';

/**
 * Golden outputs of every report format on one fixture with several findings (three
 * origin-511 findings today; more land as rules do: regenerate with UPDATE_GOLDEN=1 and
 * review the diff), all written by one run with the multi-output syntax.
 */
const FIXTURE = 'fixtures/logs/outputs-mixed.log';
const EVENT = 'token-rotation@2026-11-16T03:38Z';
const tmp = mkdtempSync(join(tmpdir(), 'statuslint-outputs-'));
const EXT = { text: 'txt', json: 'json', sarif: 'sarif', junit: 'junit.xml', github: 'github.txt', markdown: 'md', html: 'html' } as const;
type Fmt = keyof typeof EXT;
const FORMATS = Object.keys(EXT) as Fmt[];

function runAll(dir: string): Record<Fmt, string> {
  const r = runCli([FIXTURE, '--event', EVENT, ...FORMATS.flatMap((f) => ['-f', `${f}=${join(dir, `out.${EXT[f]}`)}`])]);
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe('');
  expect(r.code).toBe(1);
  return Object.fromEntries(FORMATS.map((f) => [f, readFileSync(join(dir, `out.${EXT[f]}`), 'utf8')])) as Record<Fmt, string>;
}

const first = runAll(mkdtempSync(join(tmp, 'a-')));

describe('every format, one run, golden', () => {
  it.each(FORMATS)('%s matches its golden', (f) => {
    expectGolden(`outputs-mixed.${EXT[f]}`, first[f]);
  });

  it('the same input gives the same bytes in every format', () => {
    const again = runAll(mkdtempSync(join(tmp, 'b-')));
    for (const f of FORMATS) expect(again[f], f).toBe(first[f]);
  });

  it('the fixture has several findings', () => {
    expect(JSON.parse(first.json).findings.length).toBeGreaterThanOrEqual(3);
  });
});

describe('SARIF', () => {
  const schema = JSON.parse(readFileSync(join(repoRoot, 'test/data/sarif-schema-2.1.0.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('validates against the OASIS SARIF 2.1.0 schema', () => {
    const sarif = JSON.parse(first.sarif);
    const ok = validate(sarif);
    expect(ok, JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('the schema check is not vacuous: a broken log fails it', () => {
    const sarif = JSON.parse(first.sarif);
    sarif.runs[0].results[0].level = 'fatal';
    expect(validate(sarif)).toBe(false);
    expect(validate({ version: '2.1.0' })).toBe(false);
  });

  it('has what GitHub code scanning needs: rules with help, a location and fingerprints on every result', () => {
    const sarif = JSON.parse(first.sarif);
    const run = sarif.runs[0];
    const json = JSON.parse(first.json);
    expect(run.tool.driver.name).toBe('statuslint');
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'origin-511');
    expect(rule.shortDescription.text).toMatch(/511/);
    expect(rule.help.markdown).toMatch(/^# origin-511/);
    expect(rule.helpUri).toMatch(/^https:\/\/.*origin-511\.md$/);
    expect(run.results).toHaveLength(json.findings.length);
    run.results.forEach((r: any, i: number) => {
      const f = json.findings[i];
      expect(r.ruleId).toBe(f.ruleId);
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(f.ruleId);
      expect(r.level).toBe('error');
      expect(r.partialFingerprints['statuslintFingerprint/v1']).toBe(f.fingerprint);
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe(FIXTURE);
      expect(r.locations[0].physicalLocation.region.startLine).toBe(f.samples[0].line);
    });
  });
});

describe('JUnit XML', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) });

  it('parses back: one suite per rule, one failing case per finding', () => {
    const doc = parser.parse(first.junit, true);
    const json = JSON.parse(first.json);
    const suites = doc.testsuites.testsuite;
    expect(suites.map((s: { name: string }) => s.name)).toEqual(json.summary.rulesRun);
    const o511 = suites.find((s: { name: string }) => s.name === 'origin-511');
    expect(Number(o511.failures)).toBe(json.findings.filter((f: { ruleId: string }) => f.ruleId === 'origin-511').length);
    expect(o511.testcase[0].failure.message).toBe(json.findings[0].message);
    expect(o511.testcase[0].failure['#text']).toContain(json.findings[0].advice);
    expect(Number(doc.testsuites.failures)).toBe(json.findings.length);
    expect(Number(doc.testsuites.tests)).toBe(suites.reduce((n: number, s: { testcase: unknown[] }) => n + s.testcase.length, 0));
  });

  it('a rule with no findings is a passing case; findings below --fail-on are not failures', () => {
    const clean = runCli(['fixtures/logs/clean.log', '-f', 'junit']);
    const doc = parser.parse(clean.stdout, true);
    expect(Number(doc.testsuites.failures)).toBe(0);
    expect(doc.testsuites.testsuite[0].testcase[0].name).toMatch(/^no findings/);
    const lowered = runCli([FIXTURE, '--rule', 'origin-511=warning', '-f', 'junit']);
    expect(Number(parser.parse(lowered.stdout, true).testsuites.failures)).toBe(0);
    const failing = runCli([FIXTURE, '--rule', 'origin-511=warning', '--fail-on', 'warning', '-f', 'junit']);
    expect(Number(parser.parse(failing.stdout, true).testsuites.failures)).toBe(3);
  });
});

describe('GitHub annotations', () => {
  it('one workflow command per finding at its first sample line', () => {
    const lines = first.github.trimEnd().split('\n');
    const json = JSON.parse(first.json);
    expect(lines).toHaveLength(json.findings.length + 1);
    json.findings.forEach((f: any, i: number) => {
      expect(lines[i]).toMatch(new RegExp(`^::error file=${FIXTURE.replace(/\./g, '\\.')},line=${f.samples[0].line},title=statuslint origin-511%3A [A-Z]+ /[^:,]*::`));
    });
  });
});
