import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { clf } from '../rules/rule-tester.js';

/** the map/reduce path end to end through the built CLI (`npm test` compiles first) */
const CLI = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'statuslint-cli-cube-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const T = (m: number): string => new Date(Date.UTC(2026, 10, 16, 3, m)).toISOString();
writeFileSync(join(dir, 'web-1.log'), [clf({ time: T(5), path: '/api/login', method: 'POST', status: 511 }), clf({ time: T(6), path: '/', status: 200 })].join('\n') + '\n');
writeFileSync(join(dir, 'web-2.log'), [clf({ time: T(7), path: '/api/login', method: 'POST', status: 511 }), clf({ time: T(21), path: '/', status: 200 })].join('\n') + '\n');

describe('statuslint aggregate / --cube', () => {
  it('aggregates shards and analyses the merged cubes like the logs together', () => {
    expect(run('aggregate', 'web-1.log', '-o', 'web-1.cube.json')).toMatchObject({ code: 0, stderr: '' });
    expect(run('aggregate', 'web-2.log', '-o', 'web-2.cube.json.gz', '--window', '5m')).toMatchObject({ code: 0, stderr: '' });
    const file = JSON.parse(readFileSync(join(dir, 'web-1.cube.json'), 'utf8'));
    expect(file).toMatchObject({ format: 'statuslint-cube', version: 1, windowMs: 300_000 });

    const merged = run('--cube', 'web-1.cube.json', '--cube', 'web-2.cube.json.gz', '-f', 'json');
    const logs = run('web-1.log', 'web-2.log', '-f', 'json');
    expect(merged.code).toBe(1); // origin-511 is an error
    expect(logs.code).toBe(1);
    const m = JSON.parse(merged.stdout);
    const l = JSON.parse(logs.stdout);
    expect(m.findings).toEqual(l.findings);
    expect({ ...m.summary, sources: null }).toEqual({ ...l.summary, sources: null });
    expect(m.summary.sources).toEqual([
      { kind: 'cube', path: 'web-1.cube.json', version: 1, windowSeconds: 300, requests: 2, builtFrom: [{ kind: 'logs', files: ['web-1.log'] }] },
      { kind: 'cube', path: 'web-2.cube.json.gz', version: 1, windowSeconds: 300, requests: 2, builtFrom: [{ kind: 'logs', files: ['web-2.log'] }] },
    ]);
  });

  it('opens no socket when merging cube files (the network is only for --prometheus)', () => {
    const guard = fileURLToPath(new URL('../security/deny-network.mjs', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', guard, CLI, '--cube', 'web-1.cube.json', '--cube', 'web-2.cube.json.gz', '-f', 'json'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).not.toContain('NETWORK ATTEMPT');
    expect(r.status).toBe(1);
  });

  it('reduces cube files into one cube file (tree merge)', () => {
    expect(run('aggregate', '--cube', 'web-1.cube.json', '--cube', 'web-2.cube.json.gz', '-o', 'all.cube.json').code).toBe(0);
    const r = JSON.parse(run('--cube', 'all.cube.json', '-f', 'json').stdout);
    expect(r.summary.requests).toBe(4);
    expect(r.findings.map((f: { ruleId: string; count: number }) => [f.ruleId, f.count])).toEqual([['origin-511', 2]]);
  });

  it('coarsens cube files when --window asks for a multiple of theirs', () => {
    const r = JSON.parse(run('--cube', 'web-1.cube.json', '--window', '15m', '-f', 'json').stdout);
    expect(r.summary.windowSeconds).toBe(900);
  });

  it('refuses cubes with different windows unless --window names a common multiple, with exit 2 and one clear line', () => {
    expect(run('aggregate', 'web-2.log', '-o', 'web-2-1m.cube.json', '--window', '1m').code).toBe(0);
    const r = run('--cube', 'web-1.cube.json', '--cube', 'web-2-1m.cube.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'statuslint: cannot merge cube files with different windows: web-1.cube.json has 300s, web-2-1m.cube.json has 60s; aggregate every shard with the same --window, or pass --window 300s to coarsen them all\n',
    );
    expect(run('--cube', 'web-1.cube.json', '--window', '7m').stderr).toMatch(/--window 420s is not a multiple of the 300s windows of web-1\.cube\.json/);
    // asked for explicitly, a common multiple merges them
    const ok = run('--cube', 'web-1.cube.json', '--cube', 'web-2-1m.cube.json', '--window', '5m', '-f', 'json');
    expect(ok.code).toBe(1);
    expect(JSON.parse(ok.stdout).summary).toMatchObject({ windowSeconds: 300, requests: 4 });
  });

  it('refuses a newer format version, a non-cube file, a missing file and the same file twice (exit 2)', () => {
    const newer = JSON.parse(readFileSync(join(dir, 'web-1.cube.json'), 'utf8'));
    writeFileSync(join(dir, 'newer.cube.json'), JSON.stringify({ ...newer, version: 2 }));
    const cases: [string[], RegExp][] = [
      [['--cube', 'newer.cube.json'], /^statuslint: newer\.cube\.json: cube format version 2 was written by a newer statuslint; this one reads versions up to 1/],
      [['--cube', 'web-1.log'], /^statuslint: web-1\.log: not JSON/],
      [['--cube', 'nope.cube.json'], /^statuslint: nope\.cube\.json: no such cube file/],
      [['--cube', 'web-1.cube.json', '--cube', './web-1.cube.json'], /given twice/],
    ];
    for (const [args, message] of cases) {
      const r = run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('qualifies the same log path from different shards with its cube file', () => {
    // every node logs to the same path: two shards whose cubes both hold web-1.log
    const a = run('aggregate', 'web-1.log', '-o', 'a.cube.json');
    expect(a.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'a.cube.json'), 'utf8'));
    writeFileSync(join(dir, 'b.cube.json'), JSON.stringify(json));
    const r = JSON.parse(run('--cube', 'a.cube.json', '--cube', 'b.cube.json', '-f', 'json').stdout);
    expect(r.summary.files.map((f: { path: string }) => f.path)).toEqual(['a.cube.json:web-1.log', 'b.cube.json:web-1.log']);
    expect(r.findings[0].samples).toEqual([{ file: 'a.cube.json:web-1.log', line: 1 }, { file: 'b.cube.json:web-1.log', line: 1 }]);
  });
});
