import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../cli/run-cli.js';

const MiB = 1024 * 1024;
const moduleUrl = new URL(`file://${join(repoRoot, 'dist/src/util/young-generation.js')}`).href;

/**
 * Runs in a child process, because a V8 flag is process-wide: churns objects (half of them
 * kept for a while, so scavenges promote and V8 grows new space) under each cap in turn,
 * yielding to the event loop as the CLI's reads do, and prints the largest new space seen
 * under each. A cap of 0 means no watcher.
 */
const CHILD = `
import v8 from 'node:v8';
const { capYoungGeneration } = await import(${JSON.stringify(moduleUrl)});
const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
const seen = [];
for (const cap of JSON.parse(process.argv[1])) {
  const stop = cap > 0 ? capYoungGeneration(cap, 2) : () => {};
  let max = 0;
  let keep = [];
  for (let round = 0; round < 500; round++) {
    for (let i = 0; i < 5000; i++) { const o = { i, s: 'k' + i, a: [i, round] }; if (i % 2 === 0) keep.push(o); }
    if (keep.length > 400000) keep = [];
    max = Math.max(max, newSpace());
    await new Promise((r) => setTimeout(r, 1));
  }
  stop();
  seen.push(max);
}
console.log(JSON.stringify(seen));
`;

function largestNewSpace(caps: number[]): number[] {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, JSON.stringify(caps)], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as number[];
}

describe('capYoungGeneration', () => {
  it('keeps new space at its cap where V8 alone grows it further, and lets a later, larger cap grow it again', () => {
    const [uncapped] = largestNewSpace([0]);
    // the churn is enough to make V8 grow new space past both caps on its own
    expect(uncapped).toBeGreaterThan(16 * MiB);
    const [small, larger] = largestNewSpace([8 * MiB, 16 * MiB]);
    expect(small).toBeLessThanOrEqual(8 * MiB);
    expect(small).toBeGreaterThan(4 * MiB);
    // the second watcher must undo the first one's stop: growth resumes up to its cap
    expect(larger).toBeGreaterThan(8 * MiB);
    expect(larger).toBeLessThanOrEqual(16 * MiB);
  });
});
