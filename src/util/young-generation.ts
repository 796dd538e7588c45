import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * Keeps V8's young generation (its "new space": two semi-spaces) at or below
 * `maxNewSpaceBytes` for the rest of the process.
 *
 * Why: V8 doubles the semi-spaces whenever enough objects survive scavenges, and a large
 * run takes them to their 16 MiB maximum (33.6 MB of RSS) within its first 1.4 s, whatever
 * the batch size. With 8 MiB semi-spaces the peak RSS of the 3M-line bench log fell from
 * 207–216 to 186–191 MB at the same CPU time (three alternating runs). Smaller caps cost more
 * than they save: more objects are promoted to the old generation (4 MiB semi-spaces:
 * 227–228 MB and 1.5 s more CPU).
 *
 * `--max-semi-space-size` does the same but is read only when an isolate starts, so the
 * executable cannot set it for itself. The growth factor is read at each growth: the watcher
 * sets it to 1 (no growth) once new space reaches the cap, and back to V8's default when V8
 * has shrunk new space below the cap, so a shrink is never permanent.
 *
 * Process-wide, like every V8 flag: only the executable calls this, never the library.
 * Worker isolates get the same cap from their resource limits (see parallel/pool.ts).
 * Returns a function that stops the watcher.
 */
export function capYoungGeneration(maxNewSpaceBytes: number, pollMs = 50): () => void {
  // unknown until the first check, which sets the flag either way (another watcher, or a
  // flag given on the command line, may have left it at 1)
  let growthStopped: boolean | undefined;
  const check = (): void => {
    const newSpace = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    if (newSpace === undefined) return;
    const atCap = newSpace.space_size >= maxNewSpaceBytes;
    if (atCap === growthStopped) return;
    setFlagsFromString(atCap ? '--semi-space-growth-factor=1' : `--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
    growthStopped = atCap;
  };
  const timer = setInterval(check, pollMs);
  // the watcher must never keep a finished run alive
  timer.unref();
  return () => clearInterval(timer);
}

/** V8's default --semi-space-growth-factor (V8 11–12, Node 20–22) */
const DEFAULT_GROWTH_FACTOR = 2;

/** new space (both semi-spaces) of the executable and of each worker: 8 MiB semi-spaces */
export const NEW_SPACE_CAP_BYTES = 16 * 1024 * 1024;
