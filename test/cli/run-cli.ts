import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(repoRoot, 'dist/src/cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** runs the built CLI (npm test builds it first) from the repository root */
export function runCli(args: readonly string[], opts: { input?: string | Buffer; env?: Record<string, string> } = {}): CliResult {
  if (!existsSync(cli)) throw new Error('dist/src/cli.js is missing: run `npm test` (its pretest builds) or `npx tsc -p .`');
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: repoRoot,
    input: opts.input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...opts.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** compares with fixtures/golden/<name>; UPDATE_GOLDEN=1 rewrites it */
export function expectGolden(name: string, actual: string): void {
  const path = join(repoRoot, 'fixtures/golden', name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    if (process.env.CI === 'true' && !existsSync(path)) throw new Error(`golden file ${name} is missing`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
