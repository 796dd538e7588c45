import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../cli/run-cli.js';

/**
 * V8 offers no way to read a flag back, so these watch what it does: --trace-gc-nvp prints,
 * for every scavenge, the time V8's background threads spent scavenging in parallel
 * (`background.scavenge.parallel`), which is 0 when the scavenge ran on one thread.
 */
function backgroundScavengeMs(nodeFlags: string[]): { during: number[]; after: number[] } {
  const script = `
    import { serialScavenges } from ${JSON.stringify(pathToFileURL(join(repoRoot, 'dist/src/util/serial-scavenges.js')).href)};
    const churn = () => { let keep = []; for (let i = 0; i < 2e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 200000) keep = []; } };
    const restore = serialScavenges();
    churn();
    console.log('RESTORED');
    restore();
    churn();`;
  const out = execFileSync(process.execPath, ['--trace-gc-nvp', ...nodeFlags, '--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const during: number[] = [];
  const after: number[] = [];
  let restored = false;
  for (const line of out.split('\n')) {
    if (line === 'RESTORED') restored = true;
    const m = /background\.scavenge\.parallel=([\d.]+)/.exec(line);
    if (m !== null) (restored ? after : during).push(Number(m[1]));
  }
  return { during, after };
}

describe('serialScavenges', () => {
  it('scavenges on one thread until restored', () => {
    const { during, after } = backgroundScavengeMs([]);
    expect(during.length).toBeGreaterThan(3);
    expect(Math.max(...during)).toBe(0);
    expect(after.length).toBeGreaterThan(3);
    // one core gives V8 no background thread to scavenge on, restored or not
    if (availableParallelism() > 1) expect(Math.max(...after)).toBeGreaterThan(0);
  });

  it('leaves a scavenging flag the user gave node as it is', () => {
    const { after } = backgroundScavengeMs(['--no-parallel-scavenge']);
    expect(after.length).toBeGreaterThan(3);
    expect(Math.max(...after)).toBe(0);
  });
});
