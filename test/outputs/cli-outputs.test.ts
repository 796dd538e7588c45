import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { progressLine, Progress } from '../../src/progress.js';
import { expectGolden, repoRoot, runCli } from '../cli/run-cli.js';
import { runIn } from './run-in.js';

const FIXTURE = 'fixtures/logs/outputs-mixed.log';
const tmp = mkdtempSync(join(tmpdir(), 'statuslint-cli-outputs-'));

describe('several reports in one run', () => {
  it('-f FORMAT -o FILE pairs, in order', () => {
    const a = join(tmp, 'pairs.json');
    const b = join(tmp, 'pairs.html');
    const r = runCli([FIXTURE, '-f', 'json', '-o', a, '-f', 'html', '-o', b]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(a, 'utf8')).findings).toHaveLength(3);
    expect(readFileSync(b, 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('-f FORMAT=FILE, with one report left on stdout', () => {
    const a = join(tmp, 'eq.sarif');
    const r = runCli([FIXTURE, '-f', `sarif=${a}`, '-f', 'json']);
    expect(JSON.parse(r.stdout).schemaVersion).toBe(1);
    expect(JSON.parse(readFileSync(a, 'utf8')).version).toBe('2.1.0');
  });

  it.each([
    ['more -o than -f', ['-f', 'json', '-o', 'a', '-o', 'b'], /^statuslint: 2 -o for 1 -f without a file: give each -f its own -o in order, or write -f FORMAT=FILE\n$/],
    ['two reports on stdout', ['-f', 'json', '-f', 'text'], /^statuslint: more than one report would go to stdout/],
    ['two reports into one file', ['-f', 'json=x.out', '-f', 'html=x.out'], /^statuslint: two reports would be written to x\.out\n$/],
    ['an unknown format after =', ['-f', 'pdf=x.pdf'], /^statuslint: option '-f, --format <name>' argument 'pdf=x\.pdf' is invalid\. unknown format "pdf"/],
  ])('%s is a usage error', (_n, args, stderr) => {
    const r = runCli([FIXTURE, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(stderr);
  });
});

describe('baselines', () => {
  const base = join(tmp, 'baseline.json');

  it('--write-baseline records every finding and exits 0', () => {
    const r = runCli([FIXTURE, '--write-baseline', base, '-f', 'json']);
    expect(r.code).toBe(0);
    const b = JSON.parse(readFileSync(base, 'utf8'));
    const report = JSON.parse(r.stdout);
    expect(b.findings.map((f: any) => f.fingerprint).sort()).toEqual(report.findings.map((f: any) => f.fingerprint).sort());
    expect(b).toMatchObject({ schemaVersion: 1, tool: 'statuslint' });
  });

  it('--baseline: known findings are shown as known and do not fail the run; new ones do', () => {
    const r = runCli([FIXTURE, '--baseline', base, '-f', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.findings.every((f: any) => f.known === true)).toBe(true);
    expect(report.summary.baseline).toEqual({ known: 3, new: 0 });
    expect(runCli([FIXTURE, '--baseline', base]).stdout).toContain('(known: in the baseline)');
    const sarif = JSON.parse(runCli([FIXTURE, '--baseline', base, '-f', 'sarif']).stdout);
    expect(sarif.runs[0].results.map((x: any) => x.baselineState)).toEqual(['unchanged', 'unchanged', 'unchanged']);

    const partial = join(tmp, 'partial-baseline.json');
    const b = JSON.parse(readFileSync(base, 'utf8'));
    writeFileSync(partial, JSON.stringify({ ...b, findings: b.findings.slice(0, 1) }));
    const r2 = runCli([FIXTURE, '--baseline', partial, '-f', 'json']);
    expect(r2.code).toBe(1);
    expect(JSON.parse(r2.stdout).summary.baseline).toEqual({ known: 1, new: 2 });
  });

  it('a JSON report works as a baseline too; a missing baseline is an input error', () => {
    const report = join(tmp, 'report.json');
    runCli([FIXTURE, '-f', `json=${report}`]);
    expect(runCli([FIXTURE, '--baseline', report]).code).toBe(0);
    const r = runCli([FIXTURE, '--baseline', join(tmp, 'nope.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^statuslint: --baseline .*nope\.json: no such file \(create one with --write-baseline\)\n$/);
  });
});

describe('--since / --until', () => {
  const total = JSON.parse(runCli([FIXTURE, '-f', 'json']).stdout).summary.requests;

  it('filter by log time, ISO or relative to now', () => {
    const iso = JSON.parse(runCli([FIXTURE, '-f', 'json', '--since', '2026-11-16T04:00Z']).stdout);
    const rel = JSON.parse(runCli([FIXTURE, '-f', 'json', '--since', '1h'], { env: { STATUSLINT_NOW: '2026-11-16T05:00Z' } }).stdout);
    expect(rel.summary.requests).toBe(iso.summary.requests);
    expect(iso.summary.timeRange.start >= '2026-11-16T04:00:00.000Z').toBe(true);
    expect(iso.summary.timeFilter).toEqual({ since: '2026-11-16T04:00:00.000Z', until: null });
    const until = JSON.parse(runCli([FIXTURE, '-f', 'json', '--until', '2026-11-16T04:00Z']).stdout);
    expect(until.summary.requests + iso.summary.requests).toBe(total);
    expect(until.summary.skipped['out-of-range']).toBe(iso.summary.requests);
    // the 4:10 checkout incident is outside --until 04:00
    expect(until.findings.map((f: any) => f.route)).toEqual(['/api/login']);
  });

  it('a bad time is a usage error', () => {
    const r = runCli([FIXTURE, '--since', 'last tuesday']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('statuslint: --since expects an ISO time such as 2026-11-16T03:00Z or a duration back from now such as 24h, 7d; got "last tuesday"\n');
  });
});

describe('progress', () => {
  it('is silent when stderr is not a terminal', () => {
    const r = runCli([FIXTURE, '-f', 'json']);
    expect(r.stderr).toBe('');
  });

  // `script` gives the CLI a terminal for stderr while stdout goes to a file
  const script = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p));
  it.skipIf(script === undefined)('is drawn on a terminal stderr, never into stdout, and not with --quiet', () => {
    const cli = join(repoRoot, 'dist/src/cli.js');
    for (const quiet of [false, true]) {
      const out = join(tmp, `tty-${quiet}.json`);
      const typescript = join(tmp, `tty-${quiet}.log`);
      const cmd = `'${process.execPath}' '${cli}' '${join(repoRoot, FIXTURE)}' -f json --fail-on none ${quiet ? '-q' : ''} > '${out}'`;
      const r = spawnSync(script!, ['-qfec', cmd, typescript], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
      expect(r.status).toBe(0);
      expect(JSON.parse(readFileSync(out, 'utf8')).summary.requests).toBe(765);
      const tty = readFileSync(typescript, 'utf8');
      if (quiet) expect(tty).not.toContain('lines/s');
      else expect(tty).toMatch(/\r\x1b\[Kstatuslint: .* lines\/s/);
    }
  });

  it('the line says bytes, lines, lines/s and ETA', () => {
    expect(progressLine({ bytes: 50 * 1024 * 1024, totalBytes: 200 * 1024 * 1024, lines: 400_000, elapsedMs: 10_000 })).toBe(
      'statuslint: 50.0 MiB / 200.0 MiB (25%) · 400,000 lines · 40,000 lines/s · ETA 0:30',
    );
    expect(progressLine({ bytes: 0, totalBytes: 0, lines: 0, elapsedMs: 0 })).toBe('statuslint: 0 KiB · 0 lines · 0 lines/s');
  });

  it('draws on one line and erases itself', () => {
    const writes: string[] = [];
    const out = { columns: 80, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream;
    const p = new Progress(out, 1000);
    p.onInput({ path: 'a.log', format: 'combined', lines: 12, requests: 12, skipped: 0 });
    p.onBytes(500);
    p.render();
    p.stop();
    expect(writes.at(-2)).toMatch(/^\r\x1b\[Kstatuslint: 0 KiB \/ 1 KiB \(50%\) · 12 lines · /);
    expect(writes.at(-1)).toBe('\r\x1b[K');
  });
});

/**
 * The README's CI and cron examples, run as written (paths relative to a project
 * directory), each checked against a golden of the output it produces.
 */
describe('README examples', () => {
  function projectWithLogs(lines: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'statuslint-readme-'));
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'logs', 'access.log'), lines);
    return dir;
  }
  const fixture = readFileSync(join(repoRoot, FIXTURE), 'utf8');

  it('GitHub Actions: SARIF for code scanning, annotations, job summary', () => {
    const dir = projectWithLogs(fixture);
    const summary = join(dir, 'step-summary.md');
    writeFileSync(summary, '');
    // README: npx statuslint logs/ --fail-on warning -f sarif=statuslint.sarif -f github
    const r = runIn(dir, ['logs/', '--fail-on', 'warning', '-f', 'sarif=statuslint.sarif', '-f', 'github'], { GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expectGolden('readme-github-actions.annotations.txt', r.stdout);
    expectGolden('readme-github-actions.sarif', readFileSync(join(dir, 'statuslint.sarif'), 'utf8'));
    expectGolden('readme-github-actions.summary.md', readFileSync(summary, 'utf8'));
  });

  it('GitLab CI: JUnit report and a Markdown artifact', () => {
    const dir = projectWithLogs(fixture);
    // README: npx statuslint logs/ --fail-on warning -f junit=statuslint.junit.xml -f markdown=statuslint.md
    const r = runIn(dir, ['logs/', '--fail-on', 'warning', '-f', 'junit=statuslint.junit.xml', '-f', 'markdown=statuslint.md']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expectGolden('readme-gitlab.junit.xml', readFileSync(join(dir, 'statuslint.junit.xml'), 'utf8'));
    expectGolden('readme-gitlab.md', readFileSync(join(dir, 'statuslint.md'), 'utf8'));
  });

  it('crontab: the daily HTML and Markdown reports, incremental, compared with the day before', () => {
    const lines = fixture.split('\n');
    const half = lines.findIndex((l) => l.includes('16/Nov/2026:04:00'));
    const dir = projectWithLogs(lines.slice(0, half).join('\n') + '\n');
    mkdirSync(join(dir, 'reports'));
    // README: statuslint --since 24h --state state.json -q --fail-on none -f html=reports/statuslint.html -f markdown=reports/statuslint.md logs/
    const args = ['--since', '24h', '--state', 'state.json', '-q', '--fail-on', 'none', '-f', 'html=reports/statuslint.html', '-f', 'markdown=reports/statuslint.md', 'logs/'];
    const first = runIn(dir, args, { STATUSLINT_NOW: '2026-11-16T04:00Z' });
    expect(first.code).toBe(0);
    expect(first.stdout + first.stderr).toBe('');
    appendFileSync(join(dir, 'logs', 'access.log'), lines.slice(half).join('\n'));
    const second = runIn(dir, args, { STATUSLINT_NOW: '2026-11-16T05:00Z' });
    expect(second.code).toBe(0);
    expect(second.stdout + second.stderr).toBe('');
    const md = readFileSync(join(dir, 'reports', 'statuslint.md'), 'utf8');
    expect(md).toContain('### Compared with the previous period');
    expectGolden('readme-cron.md', md);
    expectGolden('readme-cron.html', readFileSync(join(dir, 'reports', 'statuslint.html'), 'utf8'));
    expect(existsSync(join(dir, 'state.json'))).toBe(true);
  });
});
