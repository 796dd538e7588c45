import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, type CliResult } from '../cli/run-cli.js';

const cli = join(repoRoot, 'dist/src/cli.js');

/** runs the built CLI in `cwd` (for config discovery and cwd-relative paths in goldens) */
export function runIn(cwd: string, args: readonly string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
