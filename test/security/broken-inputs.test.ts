import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../cli/run-cli.js';

const GOOD = join(repoRoot, 'fixtures/logs/clean.log');
const tmp = mkdtempSync(join(tmpdir(), 'statuslint-broken-'));
const json = (stdout: string) => JSON.parse(stdout);

describe('broken inputs fail loudly and locally', () => {
  it('a missing file among good ones: the rest is analysed, the report is partial, exit 2', () => {
    const r = runCli([GOOD, join(tmp, 'gone.log'), '-f', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('gone.log: no such file or directory');
    const rep = json(r.stdout);
    expect(rep.summary.partial).toBe(true);
    expect(rep.summary.requests).toBe(40);
  });

  it('a corrupt gzip among good files: named, the rest analysed, partial, exit 2', () => {
    const gz = join(tmp, 'access.log.2.gz');
    const full = gzipSync(readFileSync(GOOD));
    writeFileSync(gz, full.subarray(0, full.length - 30));
    const r = runCli([GOOD, gz, '-f', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/access\.log\.2\.gz: corrupt or truncated gzip data after line \d+ \(report is partial\)/);
    const rep = json(r.stdout);
    expect(rep.summary.partial).toBe(true);
    expect(rep.summary.files.find((f: { path: string }) => f.path === gz).error).toMatch(/corrupt or truncated gzip/);
  });

  it('gzip magic followed by garbage: named and partial, not a crash', () => {
    const bad = join(tmp, 'fake.gz');
    writeFileSync(bad, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('this is not deflate data at all')]));
    const r = runCli([bad, GOOD, '-f', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fake.gz: corrupt or truncated gzip data');
  });

  it('a binary garbage file given explicitly: exit 2, format not recognised', () => {
    const bin = join(tmp, 'garbage.bin');
    writeFileSync(bin, Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 256)));
    const r = runCli([bin]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/garbage\.bin: log format not recognised/);
  });

  it('a directory: non-log files are skipped with a note, logs analysed, exit 0', () => {
    const dir = join(tmp, 'nginx');
    mkdirSync(dir);
    copyFileSync(GOOD, join(dir, 'access.log'));
    writeFileSync(join(dir, 'error.log'), '2026/11/16 03:05:00 [error] 123#0: *1 open() "/x" failed (2: No such file or directory)\n');
    const r = runCli([dir, '-f', 'json']);
    expect(r.code).toBe(0);
    const rep = json(r.stdout);
    expect(rep.summary.partial).toBe(false);
    expect(rep.summary.requests).toBe(40);
    expect(rep.summary.files.find((f: { path: string }) => f.path.endsWith('error.log'))).toMatchObject({ format: '(not a log)', note: expect.stringContaining('not recognised') });
  });

  it('an empty directory is an input error', () => {
    const dir = join(tmp, 'empty-dir');
    mkdirSync(dir);
    const r = runCli([dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/directory has no files/);
  });

  it('a file of only newlines: every line counted as blank, no crash', () => {
    const nl = join(tmp, 'newlines.log');
    writeFileSync(nl, '\n'.repeat(100_000));
    const r = runCli([nl, '-f', 'json']);
    expect(r.code).toBe(0);
    const rep = json(r.stdout);
    expect(rep.summary.files[0]).toMatchObject({ format: '(empty)', lines: 100_000, requests: 0, skipped: 100_000 });
    expect(rep.summary.skipped.blank).toBe(100_000);
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file: named, exit 2', () => {
    const f = join(tmp, 'secret.log');
    copyFileSync(GOOD, f);
    chmodSync(f, 0o000);
    const r = runCli([f, GOOD]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('secret.log');
  });

  it('the same inputs in any order give byte-identical JSON', () => {
    const a = join(tmp, 'a.log');
    const b = join(tmp, 'b.log');
    copyFileSync(GOOD, a);
    copyFileSync(join(repoRoot, 'fixtures/logs/api-511.log'), b);
    const one = runCli([a, b, '-f', 'json']);
    const two = runCli([b, a, '-f', 'json']);
    expect(one.stdout).toBe(two.stdout);
    expect(runCli([a, b, '-f', 'json']).stdout).toBe(one.stdout);
  });

  it('over-long lines are skipped and counted, with the rest of the file intact', () => {
    const f = join(tmp, 'long.log');
    const good = readFileSync(GOOD, 'utf8').split('\n').slice(0, 5).join('\n');
    writeFileSync(f, `${good}\n${'x'.repeat(200_000)}\n${good}\n`);
    const rep = json(runCli([f, '-f', 'json', '--max-line-length', '1000']).stdout);
    expect(rep.summary.skipped.oversized).toBe(1);
    expect(rep.summary.requests).toBe(10);
  });
});
