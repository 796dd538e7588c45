import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { collectGarbageIfLarge, fullGarbageCollection } from '../../src/util/collect-garbage.js';
import { repoRoot } from '../cli/run-cli.js';

describe('fullGarbageCollection', () => {
  it('collects an unreachable object at once', async () => {
    const collectGarbage = fullGarbageCollection();
    const ref = ((): WeakRef<object> => new WeakRef({ ballast: new Array<number>(100_000).fill(1) }))();
    const nextJob = (): Promise<unknown> => new Promise((resolve) => setImmediate(resolve));
    // a WeakRef holds its target until the job that created or dereferenced it ends
    await nextJob();
    expect(ref.deref()).toBeDefined(); // nothing collected it on its own in between
    await nextJob();
    collectGarbage();
    expect(ref.deref()).toBeUndefined();
  });

  it('under --expose-gc, returns the exposed gc and leaves the flag set', () => {
    const script = `
      import { runInNewContext } from 'node:vm';
      import { fullGarbageCollection } from ${JSON.stringify(pathToFileURL(join(repoRoot, 'dist/src/util/collect-garbage.js')).href)};
      const collect = fullGarbageCollection();
      console.log(collect === globalThis.gc, runInNewContext('typeof gc'));`;
    const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(out.trim()).toBe('true function');
  });

  it('leaves gc unexposed to contexts created afterwards', () => {
    fullGarbageCollection();
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });
});

describe('collectGarbageIfLarge', () => {
  it('collects when the process holds at least the given resident size, and only then', async () => {
    const nextJob = (): Promise<unknown> => new Promise((resolve) => setImmediate(resolve));
    const garbage = (): WeakRef<object> => new WeakRef({ ballast: new Array<number>(100_000).fill(1) });
    const kept = garbage();
    await nextJob();
    expect(collectGarbageIfLarge(Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(kept.deref()).toBeDefined();
    const collected = garbage();
    await nextJob();
    expect(collectGarbageIfLarge(process.memoryUsage.rss())).toBe(true);
    expect(collected.deref()).toBeUndefined();
  });
});
