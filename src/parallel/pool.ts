import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Cube, type CubeTransfer } from '../cube/cube.js';
import { InputError } from '../ingest/inputs.js';
import type { InputJob } from '../ingest/read-input.js';
import { NEW_SPACE_CAP_BYTES } from '../util/young-generation.js';

/**
 * A worker's young generation: V8 gives it two semi-spaces and a large-object space of
 * the same size, so 24 MiB means the 8 MiB semi-spaces the executable keeps on the main
 * thread (util/young-generation.ts). Without it each worker's grew to 16 MiB semi-spaces,
 * 17–19 MB more RSS per worker on a 3M-line file (226–227 against 207–210 MB).
 */
const WORKER_YOUNG_GENERATION_MB = (NEW_SPACE_CAP_BYTES / 2 / 1024 / 1024) * 3;

/** what a worker posts back for one job */
export type WorkerReply =
  | { index: number; ok: true; cube: CubeTransfer; format: string | null }
  | { index: number; ok: false; inputError: boolean; message: string };

export interface WorkerRequest {
  index: number;
  job: InputJob;
}

/**
 * Builds the cubes of `jobs` on up to `threads` worker threads (one input at a time per
 * worker, next input to whichever worker is free) and hands them to `take` strictly in
 * input order, so the merged result is the one a single thread would build. The first
 * failing input (in input order) rejects, as it would on one thread. Resolves false
 * without doing anything when the compiled worker is not there (running from the
 * TypeScript sources, as tests do): the caller then reads on its own thread.
 */
export async function cubesInParallel(jobs: readonly InputJob[], threads: number, take: (r: { cube: Cube; format: string | null }) => void): Promise<boolean> {
  const url = new URL('./worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) return false;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const done = new Map<number, WorkerReply>();
      let next = 0;
      let merged = 0;
      let failed = false;
      const retired = new Set<Worker>();
      const fail = (e: unknown): void => {
        if (failed) return;
        failed = true;
        reject(e);
      };
      const drain = (): void => {
        while (!failed && done.has(merged)) {
          const r = done.get(merged)!;
          done.delete(merged);
          merged++;
          if (!r.ok) return fail(r.inputError ? new InputError(r.message) : new Error(r.message));
          try {
            take({ cube: Cube.fromTransfer(r.cube), format: r.format });
          } catch (e) {
            return fail(e);
          }
        }
        if (merged === jobs.length) resolve();
      };
      const feed = (w: Worker): void => {
        if (next < jobs.length) {
          const req: WorkerRequest = { index: next, job: jobs[next]! };
          next++;
          w.postMessage(req);
        } else {
          retired.add(w);
          void w.terminate();
        }
      };
      for (let i = 0; i < Math.min(threads, jobs.length); i++) {
        const w = new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
        workers.push(w);
        w.on('message', (r: WorkerReply) => {
          done.set(r.index, r);
          feed(w);
          drain();
        });
        w.on('error', fail);
        w.on('exit', (code) => {
          if (code !== 0 && !failed && !retired.has(w)) fail(new Error(`worker thread exited with code ${code}`));
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return true;
}
