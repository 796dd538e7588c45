import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../cli/run-cli.js';

describe('no network unless a metrics source is configured', () => {
  it.each([
    [['fixtures/logs/api-511.log']],
    [['fixtures/logs/api-511.log', '-f', 'json']],
    [['fixtures/security/attack.jsonl']],
  ])('statuslint %j opens no socket and resolves no name', (args) => {
    const r = spawnSync(process.execPath, ['--import', join(repoRoot, 'test/security/deny-network.mjs'), join(repoRoot, 'dist/src/cli.js'), ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    });
    expect(r.stderr).not.toContain('NETWORK ATTEMPT');
    expect(r.status).toBe(1);
  });

  it('the guard itself works (a fetch is caught)', () => {
    const r = spawnSync(process.execPath, ['--import', join(repoRoot, 'test/security/deny-network.mjs'), '-e', 'fetch("http://127.0.0.1:9/")'], { encoding: 'utf8' });
    expect(r.status).toBe(99);
    expect(r.stderr).toContain('NETWORK ATTEMPT: fetch');
  });
});
