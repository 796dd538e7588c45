import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { expectGolden, repoRoot, runCli } from './run-cli.js';

const FIXTURE = 'fixtures/logs/api-511.log';
const tmp = mkdtempSync(join(tmpdir(), 'statuslint-cli-'));

describe('statuslint on a log with 511s', () => {
  it('text report (golden), exit 1 for an error finding', () => {
    const r = runCli([FIXTURE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expectGolden('api-511.txt', r.stdout);
  });

  it('json report (golden) follows the schemaVersion 1 contract', () => {
    const r = runCli([FIXTURE, '--format', 'json']);
    expect(r.code).toBe(1);
    expectGolden('api-511.json', r.stdout);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'statuslint', version: expect.any(String) },
      summary: {
        files: [{ path: FIXTURE, format: 'combined', lines: 368, requests: 366, skipped: 2 }],
        requests: 366,
        skipped: { malformed: 2, oversized: 0 },
        timeRange: { start: '2026-11-16T03:00:00.000Z', end: expect.stringMatching(/^2026-11-16T03:59/) },
        windowSeconds: 300,
      },
    });
    expect(report.summary.statusCounts['511']).toBe(6);
    const f = report.findings[0];
    expect(Object.keys(f)).toEqual(['ruleId', 'severity', 'message', 'advice', 'method', 'route', 'status', 'window', 'count', 'evidence', 'samples', 'fingerprint']);
    expect(f).toMatchObject({ ruleId: 'origin-511', severity: 'error', route: '/api/v1/orders', status: [511], count: 6, window: { start: '2026-11-16T03:20:00.000Z' } });
    expect(f.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('-o writes the report to a file and nothing to stdout', () => {
    const out = join(tmp, 'r.json');
    const r = runCli([FIXTURE, '-f', 'json', '-o', out]);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).summary.requests).toBe(366);
  });

  it('reads stdin with - and when input is piped with no argument', () => {
    const input = readFileSync(join(repoRoot, FIXTURE));
    for (const args of [['-', '-f', 'json'], ['-f', 'json']]) {
      const r = runCli(args, { input });
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.summary.files[0]).toMatchObject({ path: '(stdin)', requests: 366 });
    }
  });

  it('reads gzip by magic bytes and analyses several files as one data set', () => {
    const gz = join(tmp, 'rotated.1');
    writeFileSync(gz, gzipSync(readFileSync(join(repoRoot, FIXTURE))));
    const r = runCli([gz, FIXTURE, '-f', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.summary.requests).toBe(732);
    expect(report.summary.files.map((f: { format: string }) => f.format)).toEqual(['combined', 'combined']);
    expect(report.findings[0].count).toBe(12);
  });

  it('expands a quoted glob, sorted', () => {
    copyFileSync(join(repoRoot, FIXTURE), join(tmp, 'b.log'));
    copyFileSync(join(repoRoot, FIXTURE), join(tmp, 'a.log'));
    const r = runCli([`${tmp}/*.log`, '-f', 'json']);
    expect(JSON.parse(r.stdout).summary.files.map((f: { path: string }) => f.path)).toEqual([`${tmp}/a.log`, `${tmp}/b.log`]);
  });

  it('--fail-on and --rule change the exit code', () => {
    expect(runCli([FIXTURE, '--fail-on', 'none']).code).toBe(0);
    const off = runCli([FIXTURE, '--rule', 'origin-511=off', '-f', 'json']);
    expect(off.code).toBe(0);
    expect(JSON.parse(off.stdout).findings).toEqual([]);
    const lowered = runCli([FIXTURE, '--rule', 'origin-511=warning']);
    expect(lowered.code).toBe(0);
    expect(runCli([FIXTURE, '--rule', 'origin-511=warning', '--fail-on', 'warning']).code).toBe(1);
  });

  it('exits 0 on a log without findings', () => {
    const r = runCli(['fixtures/logs/clean.log']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No misused status codes found.');
  });
});

describe('formats', () => {
  it('`statuslint formats` lists every format with an example (golden)', () => {
    const r = runCli(['formats']);
    expect(r.code).toBe(0);
    expectGolden('formats.txt', r.stdout);
    const json = JSON.parse(runCli(['formats', '-f', 'json']).stdout);
    expect(json.map((f: { id: string }) => f.id)).toEqual(expect.arrayContaining(['combined', 'common', 'json', 'w3c', 'aws-alb', 'nginx:<log_format>', 'apache:<LogFormat>']));
  });

  it('--log-format takes an nginx log_format pasted from the server config', () => {
    const spec = 'nginx:log_format main \'$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"\';';
    const r = runCli([FIXTURE, '--log-format', spec, '-f', 'json']);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ requests: 366, files: [{ format: 'nginx-custom' }] });
  });

  it('a format string it cannot compile is a usage error naming the problem', () => {
    const r = runCli([FIXTURE, '--log-format', 'nginx:$remote_addr $status$body_bytes_sent']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^statuslint: --log-format: nginx log_format: \$status and \$body_bytes_sent have nothing between them/);
  });
});

describe('rules', () => {
  it('`statuslint rules` lists every registered rule with its severity; `rules ID` prints its doc', async () => {
    const { RULES } = await import('../../rules/index.js');
    const list = runCli(['rules']);
    expect(list.code).toBe(0);
    for (const r of RULES) expect(list.stdout).toMatch(new RegExp(`^  ${r.meta.id}\\s+${r.meta.severity}\\s+\\S`, 'm'));
    const json = JSON.parse(runCli(['rules', '-f', 'json']).stdout);
    expect(json.map((m: { id: string }) => m.id)).toEqual(RULES.map((r) => r.meta.id));
    const doc = runCli(['rules', 'origin-511']);
    expect(doc.stdout.startsWith('# origin-511')).toBe(true);
    const bad = runCli(['rules', 'no-such-rule']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^statuslint: unknown rule "no-such-rule"; known rules: /);
  });
});

describe('usage and input errors: exit 2 with one line on stderr', () => {
  it.each([
    ['a missing file', ['no/such/file.log'], /^statuslint: no\/such\/file\.log: no such file or directory\n$/],
    ['a glob that matches nothing', ['logs/**/*.nope'], /^statuslint: logs\/\*\*\/\*\.nope: pattern matches no files/],
    ['an unknown log format', [FIXTURE, '--log-format', 'klingon'], /^statuslint: unknown log format "klingon"/],
    ['an unknown rule', [FIXTURE, '--rule', 'no-such-rule=off'], /^statuslint: unknown rule "no-such-rule"/],
    ['a bad severity', [FIXTURE, '--rule', 'origin-511=loud'], /^statuslint: --rule expects ID=error\|warning\|info\|off/],
    ['a bad window', [FIXTURE, '--window', 'fortnight'], /^statuslint: --window expects a duration/],
    ['an unknown report format', [FIXTURE, '-f', 'pdf'], /^statuslint: option '-f, --format <name>' argument 'pdf' is invalid/],
    ['an undetectable format', ['package.json'], /^statuslint: package.json: log format not recognised in the first \d+ lines/],
  ])('%s', (_name, args, stderr) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(stderr);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an unknown rule fails before any input is read (stdin left open would otherwise block)', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [join(repoRoot, 'dist/src/cli.js'), '-', '--rule', 'no-such-rule=off'], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // stdin stays open: a run that read before validating would wait here forever
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stdin.destroy();
    expect(code).toBe(2);
    expect(stderr).toMatch(/^statuslint: unknown rule "no-such-rule"/);
  }, 20_000);

  it('a misspelt rule option in the config fails before any input is read', async () => {
    const { spawn } = await import('node:child_process');
    const dir = mkdtempSync(join(tmpdir(), 'statuslint-options-'));
    const config = join(dir, 'statuslint.config.json');
    writeFileSync(config, JSON.stringify({ rules: { 'unauthorized-spike': { options: { minExces: 5 } } } }));
    const child = spawn(process.execPath, [join(repoRoot, 'dist/src/cli.js'), '-', '--config', config], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stdin.destroy();
    expect(code).toBe(2);
    expect(stderr).toMatch(/rules\.unauthorized-spike\.options\.minExces: unknown option; options of this rule: minExcess,/);
  }, 20_000);

  it('a reader that closes the pipe early (| head) ends the run quietly with its verdict', async () => {
    const { spawn } = await import('node:child_process');
    // a report larger than a pipe buffer, so writing it meets the closed pipe
    const child = spawn(process.execPath, [join(repoRoot, 'dist/src/cli.js'), 'fixtures/rules/mixed-traffic.log', '-f', 'sarif'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).toBe('');
    // the exit code of the same run read to the end (a crash would exit 1 with a stack trace)
    expect(code).toBe(runCli(['fixtures/rules/mixed-traffic.log', '-f', 'sarif']).code);
    expect(code).toBe(0);
  }, 20_000);

  it('--version and --help exit 0', () => {
    const v = runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version);
    const h = runCli(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('Exit codes');
  });
});
