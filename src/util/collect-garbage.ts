import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Returns V8's full garbage collection (what `--expose-gc` exposes as `gc`), for the
 * executable to run once, where a phase has just left most of its memory unreachable.
 *
 * Why: at the end of reading, the cube builder's session tables, caches and read buffers
 * (10–15 MB at 3M lines) become garbage, and whether V8 collects them before the rules
 * allocate on top of them depends on where its own heuristics happen to land. On the 3M-line
 * bench log, peak RSS was 156–177 MiB without a collection there and 152–155 MiB with one
 * (five alternating runs each); the collection takes 10–30 ms.
 *
 * The flag is set only for as long as it takes to fetch the function from a fresh context
 * (V8 installs `gc` in contexts created while it is set), so no later context sees `gc`.
 * Process-wide, like every V8 flag: the executable calls this, never the library.
 */
export function fullGarbageCollection(): () => void {
  // started with --expose-gc: use that one, and leave the flag as the user set it
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  setFlagsFromString('--expose-gc');
  try {
    return runInNewContext('gc') as () => void;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

/**
 * Below this resident size the collection is not worth its cost: it takes 8–11 ms
 * wherever it runs (two full collections when V8's incremental marking is under way),
 * about 5% of a small log's run, and frees a few MB of a process that is small anyway.
 * Inputs of 100k combined lines and fewer stay below it; the bench's 300k and 3M do not.
 */
export const COLLECT_ABOVE_RSS_BYTES = 100 * 1024 * 1024;

/** fullGarbageCollection, run only when the process holds at least `minRssBytes`; true when it ran */
export function collectGarbageIfLarge(minRssBytes = COLLECT_ABOVE_RSS_BYTES): boolean {
  if (process.memoryUsage.rss() < minRssBytes) return false;
  fullGarbageCollection()();
  return true;
}
