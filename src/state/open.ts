import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { FileBytes, INCOMPLETE, READ_CHUNK } from '../ingest/read-file.js';

/**
 * Opening a file input for incremental and observed reading: from a byte offset of its
 * (decompressed) content, up to the size it had when opened, counting the raw bytes read
 * (for progress) and the content bytes and newlines passed on (for the state's offset).
 */

export interface OpenOptions {
  /** content bytes to skip (decompressed bytes for gzip) */
  skip?: number;
  /** called with the raw (on-disk) bytes read, for progress */
  onBytes?: (n: number) => void;
  /** hold back a last line without a newline (it may still be being written): for growing plain files */
  completeLinesOnly?: boolean;
}

export interface OpenedFile {
  bytes: Readable;
  gzip: boolean;
  /** size on disk when opened: a plain file is read up to here, no further */
  size: number;
  dev: number;
  ino: number;
  /** content bytes and newlines passed on so far (final once the stream ended) */
  passed(): { bytes: number; newlines: number };
}

/** drops the first `n` bytes */
class SkipBytes extends Transform {
  constructor(private left: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (this.left >= chunk.length) {
      this.left -= chunk.length;
      cb();
      return;
    }
    const rest = this.left > 0 ? chunk.subarray(this.left) : chunk;
    this.left = 0;
    cb(null, rest);
  }
}

/** passes bytes through, counting them and their newlines; optionally holds back a trailing partial line */
class CountLines extends Transform {
  bytes = 0;
  newlines = 0;
  private pending: Buffer[] = [];

  constructor(private readonly holdPartial: boolean) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (!this.holdPartial) {
      this.count(chunk);
      cb(null, chunk);
      return;
    }
    const nl = chunk.lastIndexOf(0x0a);
    if (nl === -1) {
      this.pending.push(chunk);
      cb();
      return;
    }
    const out = Buffer.concat([...this.pending, chunk.subarray(0, nl + 1)]);
    this.pending = nl + 1 < chunk.length ? [chunk.subarray(nl + 1)] : [];
    this.count(out);
    cb(null, out);
  }

  override _flush(cb: TransformCallback): void {
    // an unterminated last line is left for the next run (holdPartial) — it may be half-written
    cb();
  }

  private count(b: Buffer): void {
    this.bytes += b.length;
    let i = b.indexOf(0x0a);
    while (i !== -1) {
      this.newlines++;
      i = b.indexOf(0x0a, i + 1);
    }
  }
}

/** size, identity and compression of a file, from one open */
export async function probeFile(path: string): Promise<{ size: number; dev: number; ino: number; gzip: boolean }> {
  const fh = await open(path, 'r');
  try {
    const st = await fh.stat();
    const b = Buffer.alloc(2);
    const { bytesRead } = await fh.read(b, 0, 2, 0);
    return { size: st.size, dev: st.dev, ino: st.ino, gzip: bytesRead === 2 && b[0] === 0x1f && b[1] === 0x8b };
  } finally {
    await fh.close();
  }
}

export async function openFile(path: string, opts: OpenOptions = {}): Promise<OpenedFile> {
  const st = await probeFile(path);
  const gzip = st.gzip;
  const skip = opts.skip ?? 0;
  const size = st.size;
  let raw: Readable;
  if (gzip) raw = size === 0 ? emptyStream() : new FileBytes(path, { end: size - 1, onBytes: opts.onBytes });
  else raw = skip >= size ? emptyStream() : new FileBytes(path, { start: skip, end: size - 1, onBytes: opts.onBytes });
  const counter = new CountLines(opts.completeLinesOnly === true && !gzip);
  raw.on(INCOMPLETE, (e: Error) => counter.emit(INCOMPLETE, e));
  let src: Readable = raw;
  if (gzip) {
    const gunzip = createGunzip({ chunkSize: READ_CHUNK });
    raw.on('error', (e) => gunzip.destroy(e));
    src = raw.pipe(gunzip);
    if (skip > 0) {
      const skipper = new SkipBytes(skip);
      src.on('error', (e) => skipper.destroy(e));
      src = src.pipe(skipper);
    }
  }
  src.on('error', (e) => counter.destroy(e));
  const bytes = src.pipe(counter);
  bytes.once('close', () => {
    if (!raw.destroyed) raw.destroy();
  });
  return {
    bytes,
    gzip,
    size,
    dev: st.dev,
    ino: st.ino,
    passed: () => ({ bytes: counter.bytes, newlines: counter.newlines }),
  };
}

function emptyStream(): Readable {
  const p = new PassThrough();
  p.end();
  return p;
}

/**
 * The first `n` content bytes of a file (decompressed for gzip), fewer if it is shorter:
 * what identifies a file's content across renames, copies and compression.
 */
export async function readHead(path: string, gzip: boolean, n: number): Promise<Buffer> {
  if (!gzip) {
    const fh = await open(path, 'r');
    try {
      const b = Buffer.alloc(n);
      const { bytesRead } = await fh.read(b, 0, n, 0);
      return b.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let got = 0;
    const raw = createReadStream(path, { highWaterMark: 64 * 1024 });
    const gunzip = createGunzip();
    const finish = (): void => {
      raw.destroy();
      gunzip.destroy();
      resolve(Buffer.concat(parts).subarray(0, n));
    };
    gunzip.on('data', (c: Buffer) => {
      parts.push(c);
      got += c.length;
      if (got >= n) finish();
    });
    gunzip.once('end', finish);
    // a corrupt file: whatever decompressed is its head; the read proper reports the error
    gunzip.once('error', finish);
    raw.once('error', finish);
    raw.pipe(gunzip);
  });
}
