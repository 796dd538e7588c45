import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { forEachLine, linesOf, openBytes } from '../../src/ingest/lines.js';
import { FileBytes, FileShrankError, READ_CHUNK, readBuffers } from '../../src/ingest/read-file.js';
import { openFile } from '../../src/state/open.js';

/**
 * A file changed under the reader. Every change happens inside `onBytes`, which runs
 * after a read returned and before the next read is issued: the reader sees the change
 * at a known point, with no timing involved.
 */
const dir = mkdtempSync(join(tmpdir(), 'statuslint-read-file-'));
const CHUNK = 4096;

/** numbered lines of 60 bytes, `n` of them */
function logText(n: number, from = 0): string {
  return Array.from({ length: n }, (_, i) => `line ${String(from + i).padStart(6, '0')} ${'x'.repeat(47)}`).join('\n') + '\n';
}

function fileWith(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** reads `path` in CHUNK pieces, calling `change` once after the `afterReads`-th read */
async function readChanging(path: string, afterReads: number, change: () => void): Promise<{ lines: string[]; error: unknown }> {
  let reads = 0;
  const lines: string[] = [];
  const bytes = await openBytes(path, {
    chunkSize: CHUNK,
    onBytes: () => {
      if (++reads === afterReads) change();
    },
  });
  const error = await forEachLine(linesOf(bytes), (l) => lines.push(l)).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { lines, error };
}

describe('FileBytes', () => {
  it('reads a file whole, whatever the chunk size', async () => {
    const text = logText(500);
    const path = fileWith('whole.log', text);
    for (const chunkSize of [7, 4096, 1 << 20]) {
      const parts: Buffer[] = [];
      for await (const c of new FileBytes(path, { chunkSize })) parts.push(c as Buffer);
      expect(Buffer.concat(parts).toString()).toBe(text);
    }
  });

  it('truncated below what was read: the lines read are delivered, then the read fails naming the sizes', async () => {
    const text = logText(1000); // 60,000 bytes
    const path = fileWith('truncated.log', text);
    const { lines, error } = await readChanging(path, 2, () => truncateSync(path, 1000));
    expect(error).toBeInstanceOf(FileShrankError);
    expect(error).toMatchObject({ expected: 60_000, read: 2 * CHUNK, now: 1000 });
    // every line of the two reads, the cut last one included: nothing read is dropped
    const read = text.slice(0, 2 * CHUNK).split('\n');
    expect(lines).toEqual(read);
    expect(lines.at(-1)!.length).toBeLessThan(59);
  });

  it('truncated above the read position but below the size at open: reads to the new end, then fails', async () => {
    const text = logText(1000);
    const path = fileWith('shortened.log', text);
    const { lines, error } = await readChanging(path, 1, () => truncateSync(path, 20_000));
    expect(error).toMatchObject({ expected: 60_000, read: 20_000, now: 20_000 });
    expect(lines.join('\n')).toBe(text.slice(0, 20_000));
  });

  it('truncated to nothing and rewritten past the read position is indistinguishable from growth: not flagged', async () => {
    const path = fileWith('rewritten.log', logText(1000));
    const { error } = await readChanging(path, 1, () => writeFileSync(path, logText(2000, 5000)));
    expect(error).toBeUndefined();
  });

  it('deleted while being read: the open file is read to its end, no error', async () => {
    const text = logText(1000);
    const path = fileWith('deleted.log', text);
    const { lines, error } = await readChanging(path, 1, () => unlinkSync(path));
    expect(error).toBeUndefined();
    expect(lines).toEqual(text.slice(0, -1).split('\n'));
  });

  it('appended to while being read: the new lines are read too, no error', async () => {
    const text = logText(100);
    const path = fileWith('growing.log', text);
    const { lines, error } = await readChanging(path, 1, () => appendFileSync(path, logText(10, 100)));
    expect(error).toBeUndefined();
    expect(lines).toHaveLength(110);
  });

  it('a bounded read (state, progress) stops at its end and fails when the file shrinks first', async () => {
    const text = logText(1000);
    const path = fileWith('bounded.log', text);
    const grown: Buffer[] = [];
    const g = new FileBytes(path, { end: 5999, chunkSize: CHUNK, onBytes: () => appendFileSync(path, 'more\n') });
    for await (const c of g) grown.push(c as Buffer);
    expect(Buffer.concat(grown).toString()).toBe(text.slice(0, 6000));

    const shrunk = fileWith('bounded-shrunk.log', text);
    const f = await openFile(shrunk, { onBytes: () => truncateSync(shrunk, 100) });
    // one read of up to 1 MiB takes the whole 60 KB before the truncation: nothing lost, nothing flagged
    await expect(forEachLine(linesOf(f.bytes), () => {})).resolves.toBe(1000);

    const big = fileWith('bounded-big.log', logText(40_000)); // 2.4 MB: three 1 MiB reads
    let reads = 0;
    const h = await openFile(big, { onBytes: () => ++reads === 1 && truncateSync(big, 100) });
    await expect(forEachLine(linesOf(h.bytes), () => {})).rejects.toMatchObject({ expected: 2_400_000, read: 1 << 20, now: 100 });
  });

  const fifo = join(dir, 'pipe');
  const fifoMade = ((): boolean => {
    try {
      execFileSync('mkfifo', [fifo]);
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!fifoMade)('reads a FIFO as it comes, without positions or size checks', async () => {
    const text = logText(3000);
    const writer = writeFile(fifo, text);
    const lines: string[] = [];
    await forEachLine(linesOf(await openBytes(fifo, { chunkSize: CHUNK })), (l) => lines.push(l));
    await writer;
    expect(lines).toEqual(text.slice(0, -1).split('\n'));
  });

  it('destroyed while a read or the end check is in flight: closes once that returns, no stray error', async () => {
    const path = fileWith('early-stop.log', logText(10));
    for (let stopAt = 1; stopAt <= 4; stopAt++) {
      const f = new FileBytes(path, { chunkSize: 200 });
      let chunks = 0;
      const errors: unknown[] = [];
      f.on('error', (e) => errors.push(e));
      f.on('data', () => {
        // the stream issues its next read on process.nextTick, which runs before microtasks:
        // by then that read (after the last chunk, the one that finds the end) is in flight
        if (++chunks === stopAt) queueMicrotask(() => f.destroy());
      });
      await new Promise((resolve) => f.once('close', resolve));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(errors).toEqual([]);
    }
  });

  it('a missing file fails as fs.createReadStream does', async () => {
    await expect(openBytes(join(dir, 'nope.log'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('read buffers', () => {
  /** `n` lines of about 100 bytes naming the file and the line */
  const tagged = (tag: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${tag} ${String(i).padStart(7, '0')} ${tag.repeat(80 / tag.length)}`);

  async function linesOfFile(path: string): Promise<string[]> {
    const out: string[] = [];
    await forEachLine(linesOf(await openBytes(path)), (l) => out.push(l));
    return out;
  }

  it('are given back once decoded: a file many reads long takes a few buffers, not one per read', async () => {
    const expected = tagged('a', 80_000); // 8 MiB: eight 1 MiB reads
    const path = fileWith('pooled.log', expected.join('\n') + '\n');
    const before = readBuffers.allocated;
    expect(await linesOfFile(path)).toEqual(expected);
    expect(readBuffers.allocated - before).toBeLessThanOrEqual(3);
  });

  it('keep each file its own bytes when several are read at once', async () => {
    const files = ['p', 'qq', 'rrrr'].map((tag) => ({ tag, expected: tagged(tag, 50_000 + tag.length * 7_000) }));
    const paths = files.map((f) => fileWith(`concurrent-${f.tag}.log`, f.expected.join('\n') + '\n'));
    const got = await Promise.all(paths.map(linesOfFile));
    got.forEach((lines, i) => expect(lines).toEqual(files[i]!.expected));
  });

  it('are kept from one file to the next, and let go when reading is over but not while a file is open', async () => {
    // under a read each (450 KB): a file takes one buffer, and gives it back
    const first = fileWith('idle-a.log', tagged('a', 5_000).join('\n') + '\n');
    const second = fileWith('idle-b.log', tagged('b', 5_000).join('\n') + '\n');
    const read = async (bytes: Readable): Promise<void> => {
      await forEachLine(linesOf(bytes), () => {});
      if (!bytes.closed) await once(bytes, 'close');
    };
    readBuffers.releaseIdle();
    await read(await openBytes(first));
    expect(readBuffers.idleCount).toBeGreaterThan(0);
    const made = readBuffers.allocated;
    await read(await openBytes(second));
    expect(readBuffers.allocated).toBe(made);
    // as a FileBytes counts itself from its construction to its end
    readBuffers.opened();
    readBuffers.releaseIdle();
    expect(readBuffers.idleCount).toBeGreaterThan(0);
    readBuffers.closed();
    readBuffers.releaseIdle();
    expect(readBuffers.idleCount).toBe(0);
  });

  it('keep only buffers they made, each once', () => {
    const foreign = Buffer.allocUnsafeSlow(READ_CHUNK);
    readBuffers.give(foreign);
    const mine = readBuffers.take(READ_CHUNK);
    expect(mine).not.toBe(foreign);
    readBuffers.give(mine);
    readBuffers.give(mine);
    const again = readBuffers.take(READ_CHUNK);
    expect(again).toBe(mine);
    expect(readBuffers.take(READ_CHUNK)).not.toBe(mine);
    // other sizes are never pooled
    const small = readBuffers.take(4096);
    readBuffers.give(small);
    expect(readBuffers.take(4096)).not.toBe(small);
  });
});
