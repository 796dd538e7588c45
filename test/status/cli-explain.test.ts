// `statuslint explain` through the built binary (npm test builds dist/ first; by hand:
// `npx tsc -p .`), so argument parsing, stdout/stderr and the exit code are what users get.
import { describe, expect, it } from 'vitest';
import { explain, type ExplainFormat } from '../../src/status/explain.js';
import { runCli } from '../cli/run-cli.js';
import { expectGolden } from './golden.js';

describe('statuslint explain', () => {
  it('explain 511 401: side-by-side comparison on stdout (golden), exit 0', () => {
    const r = runCli(['explain', '511', '401']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectGolden('cli-explain-511-401.txt', r.stdout);
  });

  it.each([
    [['explain', '401'], ['401'], 'text'],
    [['explain', '4xx', '--format', 'markdown'], ['4xx'], 'markdown'],
    [['explain', '--format', 'json', '511', '401'], ['511', '401'], 'json'],
    [['explain', '-f', 'markdown', '403', '401'], ['403', '401'], 'markdown'],
    [['explain', '403.14'], ['403.14'], 'text'],
  ] as Array<[string[], string[], ExplainFormat]>)('%j prints what explain() renders', (argv, codes, format) => {
    const r = runCli(argv);
    const expected = explain(codes, format);
    if (!('output' in expected)) throw new Error(expected.error);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expected.output);
  });

  it('unknown code: exit 2, one line on stderr naming the nearest known codes, nothing on stdout', () => {
    const r = runCli(['explain', '512']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('statuslint: unknown status 512; nearest known: 511, 510, 508\n');
  });

  it('control characters in a bad argument are not echoed raw to the terminal', () => {
    const r = runCli(['explain', '4\u001b[31m01']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr).toContain('\\u001b');
  });

  it.each([
    [['explain', '401', '--format', 'html'], /html/],
    [['explain'], /codes/],
  ])('%j is a usage error: exit 2', (argv, message) => {
    const r = runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^statuslint: /);
    expect(r.stderr).toMatch(message);
  });

  it('the top-level help lists the explain command', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/explain \[options\] <codes\.\.\.>/);
  });

  it('usage errors in other subcommands also exit 2 with the statuslint prefix (main() configures every subcommand)', () => {
    const r = runCli(['formats', '--format', 'html']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^statuslint: option '-f, --format <name>' argument 'html' is invalid/);
  });
});
