import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { openBytes, READ_CHUNK } from '../../src/ingest/lines.js';
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
    const row = rep.summary.files.find((f: { path: string }) => f.path === gz);
    expect(row.error).toMatch(/corrupt or truncated gzip/);
    // fewer lines than detection samples were read before the error: they are counted all the same
    expect(row).toMatchObject({ format: 'combined', lines: Number(/after line (\d+)/.exec(row.error)![1]) });
    expect(row.lines).toBeGreaterThan(0);
    expect(row.requests + row.skipped).toBe(row.lines);
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

/**
 * A file truncated or deleted while statuslint reads it. In-process, the change happens in
 * the reader's onBytes hook; against the built CLI, a preloaded module makes it after the
 * first read of the file. Either way it lands between two reads, at a known offset.
 */
describe('a file changed while being read', () => {
  const goodLines = readFileSync(GOOD, 'utf8').split('\n').filter((l) => l.length > 0);
  /** a combined log of `bytes` or a little more: the clean fixture's lines over and over */
  const bigLog = (name: string, bytes: number): { path: string; text: string } => {
    const lines: string[] = [];
    for (let n = 0; n < bytes; n += goodLines[lines.length % goodLines.length]!.length + 1) lines.push(goodLines[lines.length % goodLines.length]!);
    const text = lines.join('\n') + '\n';
    const path = join(tmp, name);
    writeFileSync(path, text);
    return { path, text };
  };
  /** lines in the first `n` bytes of `text`, a cut last line included */
  const linesIn = (text: string, n: number): number => text.slice(0, n).split('\n').length - (text[n - 1] === '\n' ? 1 : 0);
  type FileRow = { path: string; lines: number; requests: number; skipped: number; error?: string };

  it('truncated mid-read (analyze): the file is named with what happened, every line read is counted, the other file is whole, partial', async () => {
    const chunk = 16 * 1024;
    const { path, text } = bigLog('truncated-in-process.log', 200_000);
    let reads = 0;
    const report = await analyze({
      inputs: [GOOD, path],
      open: async (p) => ({
        bytes: await openBytes(p, { chunkSize: chunk, onBytes: () => p === path && ++reads === 3 && truncateSync(path, 5000) }),
        linesBefore: 0,
      }),
    });
    expect(report.summary.partial).toBe(true);
    const files = report.summary.files as FileRow[];
    const bad = files.find((f) => f.path === path)!;
    const read = linesIn(text, 3 * chunk);
    expect(bad.lines).toBe(read);
    expect(bad.requests + bad.skipped).toBe(bad.lines);
    expect(bad.error).toBe(`truncated while being read (${text.length} bytes when opened, 5000 now, ${3 * chunk} read): lines after line ${read} are missing; if logrotate truncates it (copytruncate), read the rotated copy`);
    expect(files.find((f) => f.path === GOOD)).toMatchObject({ lines: 40, requests: 40, skipped: 0 });
    expect(files.find((f) => f.path === GOOD)!.error).toBeUndefined();
    expect(report.summary.requests).toBe(40 + bad.requests);
  });

  const preload = join(repoRoot, 'test/security/change-while-reading.mjs');
  const cli = join(repoRoot, 'dist/src/cli.js');
  const runChanging = (args: string[], env: Record<string, string>) => {
    if (!existsSync(cli)) throw new Error('dist/src/cli.js is missing: run `npm test` (its pretest builds)');
    const r = spawnSync(process.execPath, ['--import', preload, cli, ...args], { cwd: repoRoot, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env }, maxBuffer: 64 * 1024 * 1024 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('truncated mid-read (CLI): one line on stderr naming the file, the other file analysed, partial, exit 2', () => {
    const { path, text } = bigLog('truncated.log', 3 * READ_CHUNK);
    const r = runChanging([GOOD, path, '-f', 'json'], { STATUSLINT_TEST_VICTIM: path, STATUSLINT_TEST_TRUNCATE: '1000' });
    expect(r.code).toBe(2);
    const read = linesIn(text, READ_CHUNK);
    expect(r.stderr).toBe(
      `statuslint: ${path}: truncated while being read (${text.length} bytes when opened, 1000 now, ${READ_CHUNK} read): lines after line ${read} are missing; ` +
        'if logrotate truncates it (copytruncate), read the rotated copy (report is partial)\n',
    );
    const rep = json(r.stdout);
    expect(rep.summary.partial).toBe(true);
    const bad = rep.summary.files.find((f: FileRow) => f.path === path);
    expect(bad).toMatchObject({ lines: read, format: 'combined' });
    expect(bad.requests + bad.skipped).toBe(read);
    expect(rep.summary.files.find((f: FileRow) => f.path === GOOD)).toMatchObject({ lines: 40, requests: 40 });
  });

  it('deleted mid-read (CLI): the open file is read to its end, as if nothing happened', () => {
    const { path, text } = bigLog('deleted.log', 3 * READ_CHUNK);
    const r = runChanging([GOOD, path, '-f', 'json'], { STATUSLINT_TEST_VICTIM: path, STATUSLINT_TEST_DELETE: '1' });
    expect(existsSync(path)).toBe(false);
    expect(r.stderr).toBe('');
    const rep = json(r.stdout);
    expect(rep.summary.partial).toBe(false);
    const total = text.split('\n').length - 1;
    expect(rep.summary.files.find((f: FileRow) => f.path === path)).toMatchObject({ lines: total, requests: total, skipped: 0 });
    expect(r.code).toBe(0);
  });
});
