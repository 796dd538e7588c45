import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { clf } from '../rules/rule-tester.js';

/**
 * --state: each run reads only what is new, across appends, rotation by rename, by copy
 * and truncate, compression of a rotated file, and plain truncation; nothing is counted
 * twice and nothing is lost. Each scenario writes numbered requests and checks that the
 * runs together saw each exactly once.
 */

let serial = 0;
/** n requests with distinct paths /r/<k>, one second apart; `status` for all */
function requests(n: number, status = 200): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = serial++;
    out.push(clf({ time: new Date(Date.parse('2026-11-16T03:00:00Z') + k * 1000).toISOString(), path: `/r/${k}`, status }));
  }
  return out.join('\n') + '\n';
}

function setup(): { dir: string; logs: string; state: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'statuslint-state-'));
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  return { dir, logs, state: join(dir, 'state.json'), log: join(logs, 'access.log') };
}

interface Run {
  code: number | null;
  requests: number;
  report: any;
  stderr: string;
}

function run(input: string, state: string, extra: string[] = []): Run {
  const r = runCli([input, '--state', state, '-f', 'json', '--fail-on', 'none', ...extra]);
  const report = r.stdout === '' ? null : JSON.parse(r.stdout);
  return { code: r.code, requests: report?.summary.requests ?? -1, report, stderr: r.stderr };
}

describe('--state: incremental reading', () => {
  it('reads only appended lines, and keeps file line numbers for samples', () => {
    const t = setup();
    writeFileSync(t.log, requests(10));
    expect(run(t.logs, t.state).requests).toBe(10);
    expect(run(t.logs, t.state).requests).toBe(0);
    appendFileSync(t.log, requests(4, 511));
    const r = run(t.logs, t.state);
    expect(r.requests).toBe(4);
    expect(r.report.findings[0].samples[0]).toEqual({ file: t.log, line: 11 });
    expect(r.report.summary.files[0]).toMatchObject({ lines: 4, requests: 4 });
  });

  it('leaves a last line without newline for the next run (it may be half-written)', () => {
    const t = setup();
    const lines = requests(3);
    writeFileSync(t.log, lines + requests(1).slice(0, 40));
    expect(run(t.logs, t.state).requests).toBe(3);
    // the writer finishes the line: the whole line is read once
    const full = readFileSync(t.log, 'utf8');
    serial--;
    const last = requests(1);
    writeFileSync(t.log, full.slice(0, lines.length) + last);
    expect(run(t.logs, t.state).requests).toBe(1);
    expect(run(t.logs, t.state).requests).toBe(0);
  });

  it('rotation by rename (access.log → access.log.1, new access.log): the rest of the old file and all of the new', () => {
    const t = setup();
    writeFileSync(t.log, requests(10));
    expect(run(t.logs, t.state).requests).toBe(10);
    appendFileSync(t.log, requests(3)); // written after the run, before the rotation
    renameSync(t.log, join(t.logs, 'access.log.1'));
    writeFileSync(t.log, requests(5));
    const r = run(t.logs, t.state);
    expect(r.requests).toBe(8);
    const byPath = Object.fromEntries(r.report.summary.files.map((f: any) => [f.path.slice(t.logs.length + 1), f.requests]));
    expect(byPath).toEqual({ 'access.log': 5, 'access.log.1': 3 });
    expect(run(t.logs, t.state).requests).toBe(0);
  });

  it('compression of the rotated file (access.log.1 → access.log.2.gz) is not read again', () => {
    const t = setup();
    writeFileSync(t.log, requests(10));
    run(t.logs, t.state);
    renameSync(t.log, join(t.logs, 'access.log.1'));
    writeFileSync(t.log, requests(5));
    expect(run(t.logs, t.state).requests).toBe(5);
    // logrotate's delaycompress: .1 becomes .2.gz, the current file becomes .1, a new one starts
    writeFileSync(join(t.logs, 'access.log.2.gz'), gzipSync(readFileSync(join(t.logs, 'access.log.1'))));
    rmSync(join(t.logs, 'access.log.1'));
    appendFileSync(t.log, requests(2));
    renameSync(t.log, join(t.logs, 'access.log.1'));
    writeFileSync(t.log, requests(4));
    const r = run(t.logs, t.state);
    expect(r.requests).toBe(6);
    const gz = r.report.summary.files.find((f: any) => f.path.endsWith('.gz'));
    expect(gz.requests).toBe(0);
  });

  it('a compressed file that was never read completely is read from where its plain self stopped', () => {
    const t = setup();
    writeFileSync(t.log, requests(6));
    run(t.logs, t.state);
    appendFileSync(t.log, requests(3));
    const content = readFileSync(t.log);
    rmSync(t.log);
    writeFileSync(join(t.logs, 'access.log.1.gz'), gzipSync(content));
    const r = run(t.logs, t.state);
    expect(r.requests).toBe(3);
    expect(r.report.summary.files[0].lines).toBe(3);
  });

  it('copytruncate (access.log copied to .1, then truncated): only the unread tail of the copy, then the new lines', () => {
    const t = setup();
    writeFileSync(t.log, requests(10));
    run(t.logs, t.state);
    appendFileSync(t.log, requests(3));
    copyFileSync(t.log, join(t.logs, 'access.log.1'));
    truncateSync(t.log, 0);
    appendFileSync(t.log, requests(2));
    const r = run(t.logs, t.state);
    expect(r.requests).toBe(5);
    const byPath = Object.fromEntries(r.report.summary.files.map((f: any) => [f.path.slice(t.logs.length + 1), f.requests]));
    expect(byPath).toEqual({ 'access.log': 2, 'access.log.1': 3 });
  });

  it('a truncated file (same inode, shorter) is read from its start', () => {
    const t = setup();
    writeFileSync(t.log, requests(10));
    run(t.logs, t.state);
    truncateSync(t.log, 0);
    appendFileSync(t.log, requests(4));
    expect(run(t.logs, t.state).requests).toBe(4);
    expect(run(t.logs, t.state).requests).toBe(0);
  });

  it('compares this period with the previous one', () => {
    const t = setup();
    writeFileSync(t.log, requests(99) + requests(1, 401));
    run(t.logs, t.state);
    appendFileSync(t.log, requests(90) + requests(10, 401));
    const r = run(t.logs, t.state);
    expect(r.report.summary.previous).toMatchObject({ requests: 100, statusCounts: { '200': 99, '401': 1 } });
    const md = runCli([t.logs, '--state', join(t.dir, 'other-state.json'), '-f', 'markdown', '--fail-on', 'none']);
    expect(md.stdout).not.toContain('previous period');
    // the markdown and text of a second run say "401 share 1% → 10%"
    appendFileSync(t.log, requests(50));
    const again = runCli([t.logs, '--state', t.state, '-f', 'markdown', '--fail-on', 'none']);
    expect(again.stdout).toContain('| 401 share | 10.0% | 0% |');
  });

  it('a corrupt state file is an input error (exit 2, one line)', () => {
    const t = setup();
    writeFileSync(t.log, requests(2));
    writeFileSync(t.state, '{not json');
    const r = run(t.logs, t.state);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^statuslint: .*state\.json: the state file is not valid JSON; delete it to start afresh\n$/);
  });
});
