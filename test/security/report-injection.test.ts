import { describe, expect, it } from 'vitest';
import { termSafe, termSafeKeepLayout } from '../../src/report/sanitize.js';
import { runCli } from '../cli/run-cli.js';

const UNSAFE_FOR_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

describe('terminal neutralisation', () => {
  it.each([
    ['ESC CSI', '\u001b[2J', '\\x1b[2J'],
    ['OSC 8 hyperlink', '\u001b]8;;http://x\u0007t', '\\x1b]8;;http://x\\x07t'],
    ['C1 CSI', 'a\u009b31m', 'a\\x9b31m'],
    ['BiDi override', 'a\u202eb', 'a\\u202eb'],
    ['NUL, backspace, CR', 'a\u0000b\bc\rd', 'a\\x00b\\x08c\\x0dd'],
    ['newline and tab in log text', 'a\nb\tc', 'a\\x0ab\\x09c'],
    ['plain text and non-ASCII untouched', '/caf\u00e9/\u6771\u4eac', '/caf\u00e9/\u6771\u4eac'],
  ])('%s', (_name, input, want) => {
    expect(termSafe(input)).toBe(want);
  });

  it('keeps our own layout in advice text', () => {
    expect(termSafeKeepLayout('line one\n\tline two\u001b')).toBe('line one\n\tline two\\x1b');
  });

  it('the text report of an attack log carries no raw control or BiDi character', () => {
    const r = runCli(['fixtures/security/attack.jsonl'], { env: { FORCE_COLOR: '0' } });
    expect(r.code).toBe(1);
    const found = r.stdout.match(UNSAFE_FOR_TERMINAL);
    expect(found, `raw ${JSON.stringify(found?.[0])} in output`).toBeNull();
    expect(r.stdout).toContain('\\x1b]8;;https://evil.example/\\x07click me');
    expect(r.stdout).toContain('\\u202eevil');
  });

  it('with colour forced, the only escapes are our own SGR colour codes', () => {
    const r = runCli(['fixtures/security/attack.jsonl'], { env: { FORCE_COLOR: '1' } });
    const withoutOurColours = r.stdout.replace(/\u001b\[\d+(;\d+)*m/g, '');
    expect(withoutOurColours.match(UNSAFE_FOR_TERMINAL)).toBeNull();
    expect(r.stdout).not.toContain('\u001b]');
  });

  it('the JSON report is valid JSON and round-trips every attack string', () => {
    const r = runCli(['fixtures/security/attack.jsonl', '-f', 'json']);
    const report = JSON.parse(r.stdout);
    const routes = report.findings.map((f: { route: string }) => f.route);
    expect(routes).toContain('/\u202eevil\u202cgnp.exe');
    // JSON.stringify escapes control characters; only our own newlines remain raw
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});
