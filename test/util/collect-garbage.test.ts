import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { fullGarbageCollection } from '../../src/util/collect-garbage.js';

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

  it('leaves gc unexposed to contexts created afterwards', () => {
    fullGarbageCollection();
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });
});
