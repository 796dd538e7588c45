import { parentPort } from 'node:worker_threads';
import { Cube } from '../cube/cube.js';
import { InputError } from '../ingest/inputs.js';
import { cubeOfInput } from '../ingest/read-input.js';
import type { WorkerReply, WorkerRequest } from './pool.js';

/**
 * A worker thread of `analyze`: builds the cube of each input it is sent and posts it
 * back as plain data (typed arrays and maps survive structured cloning; the arrays are
 * transferred, not copied).
 */
parentPort!.on('message', (req: WorkerRequest) => {
  cubeOfInput(req.job).then(
    ({ cube, format }) => {
      const t = cube.toTransfer();
      const reply: WorkerReply = { index: req.index, ok: true, cube: t, format };
      parentPort!.postMessage(reply, Cube.transferBuffers(t));
    },
    (e: unknown) => {
      const reply: WorkerReply = { index: req.index, ok: false, inputError: e instanceof InputError, message: e instanceof Error ? e.message : String(e) };
      parentPort!.postMessage(reply);
    },
  );
});
