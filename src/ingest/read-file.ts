import { close, fstat, fstatSync, openSync, read } from 'node:fs';
import { Readable } from 'node:stream';

/** 1 MiB reads: against the 64 KiB default they halve the per-byte cost of reading */
export const READ_CHUNK = 1 << 20;

/**
 * Emitted by a FileBytes stream, just before it ends, when the file lost content while
 * being read. Not an 'error': an error would destroy the stream and every stage after it,
 * and with them the lines already read but not yet counted. Wrapping streams (gunzip,
 * counters) forward it; `linesOf` turns it into a rejection once every line read was
 * delivered.
 */
export const INCOMPLETE = 'incomplete';

/** a plain file that shrank below what was read, or below its size when opened, before the read reached its end */
export class FileShrankError extends Error {
  override readonly name = 'FileShrankError';
  constructor(
    /** bytes the file had when opened (or the end the read was bounded to) */
    readonly expected: number,
    /** bytes read when the end of the file came */
    readonly read: number,
    /** bytes the file has now */
    readonly now: number,
  ) {
    super(`file truncated while being read: ${expected} bytes when opened, ${now} now, ${read} read`);
  }
}

/**
 * Read buffers that the decoder hands back once it has copied their bytes out, for the
 * next reads. A new 1 MiB buffer per read (about 600 for the 3M-line bench log) left the C
 * allocator's heap fragmented: freed read buffers were carved up for smaller allocations
 * and the next read grew the heap instead: part of the 15–20 MB of peak RSS that the
 * process had freed and the allocator kept (peak RSS at 3M lines 171–186 MB in five runs,
 * 168–170 with the buffers reused). Only buffers made here (and only READ_CHUNK ones) come back; any other
 * buffer given is ignored, and one never given back is collected as before.
 *
 * So a stage between FileBytes and Utf8Decode that passes a chunk on unchanged must not keep
 * a view of it (state/open.ts's CountLines keeps views only of chunks it does not pass on).
 */
class ReadBufferPool {
  private readonly idle: Buffer[] = [];
  private readonly made = new WeakSet<Buffer>();
  /** READ_CHUNK buffers allocated so far (a run that recycles them allocates a handful) */
  allocated = 0;
  /** FileBytes streams open */
  private readers = 0;

  opened(): void {
    this.readers++;
  }

  closed(): void {
    this.readers--;
  }

  /**
   * Lets the idle buffers go, once reading is over and while no file is open (the rules
   * phase can use their memory). Not when the last open file closes: inputs read one
   * after another would then each allocate their own, and V8 answers that churn of
   * external memory with full collections (20 in a run over 300 one-line files, 3 with
   * the buffers kept from file to file; 0.77–0.82 s against 0.65–0.68 s).
   */
  releaseIdle(): void {
    if (this.readers === 0) this.idle.length = 0;
  }

  /** buffers waiting to be reused */
  get idleCount(): number {
    return this.idle.length;
  }

  take(size: number): Buffer {
    if (size !== READ_CHUNK) return Buffer.allocUnsafeSlow(size);
    const reused = this.idle.pop();
    if (reused !== undefined) return reused;
    const fresh = Buffer.allocUnsafeSlow(size);
    this.made.add(fresh);
    this.allocated++;
    return fresh;
  }

  /** `buf` is no longer referenced by its reader: its bytes may be overwritten */
  give(buf: Buffer): void {
    if (this.made.has(buf) && this.idle.length < MAX_IDLE_READ_BUFFERS && !this.idle.includes(buf)) this.idle.push(buf);
  }
}

/** idle read buffers kept per thread: a read ahead, the one being decoded, and slack */
const MAX_IDLE_READ_BUFFERS = 4;

/** the read buffers of this thread (see ReadBufferPool): FileBytes takes them, Utf8Decode gives them back */
export const readBuffers = new ReadBufferPool();

export interface FileBytesOptions {
  /** first byte to read */
  start?: number;
  /** last byte to read, inclusive; default: to the end, including what is appended while reading */
  end?: number;
  chunkSize?: number;
  /** told the size of every read before its bytes are passed on (progress counts them) */
  onBytes?: (n: number) => void;
}

/**
 * A file's bytes, like fs.createReadStream, but it notices a file that is truncated while
 * being read. A truncated file reads like a shorter file: the read at the old offset
 * returns nothing, and a stream that trusts that ends quietly with lines missing (logrotate
 * `copytruncate` while a cron run reads). So at the end it compares the position with the
 * size the file had when opened (or the requested end) and with its size now.
 *
 * A file deleted or renamed while being read is read to its end: the open descriptor keeps
 * the inode and its content. A file truncated and then written past the read position
 * before the next read cannot be told from one that grew; the check catches the common
 * case, where the end comes first. Pipes, FIFOs and devices are read as they come, unchecked.
 */
export class FileBytes extends Readable {
  private fd = -1;
  private pos: number;
  private sizeAtOpen = 0;
  private regular = false;
  private readonly chunk: number;
  /** a read or fstat is in flight: closing the descriptor waits for it (the number could be reused meanwhile) */
  private busy = false;
  private onIdle: (() => void) | undefined;
  /** counted among the pool's open readers (from _construct until _destroy) */
  private counted = false;

  constructor(
    private readonly path: string,
    private readonly opts: FileBytesOptions = {},
  ) {
    const chunk = opts.chunkSize ?? READ_CHUNK;
    super({ highWaterMark: chunk });
    this.chunk = chunk;
    this.pos = opts.start ?? 0;
  }

  override _construct(cb: (e?: Error | null) => void): void {
    readBuffers.opened();
    this.counted = true;
    // Opened and measured on this thread: each asynchronous step is a round trip through
    // libuv's pool, and a run over many small files spent a tenth of its time waiting
    // between them (six a file). The calls take microseconds on a local file.
    try {
      this.fd = openSync(this.path, 'r');
      const st = fstatSync(this.fd);
      this.regular = st.isFile();
      this.sizeAtOpen = st.size;
    } catch (e) {
      return cb(e as Error);
    }
    cb();
  }

  override _read(): void {
    const want = this.opts.end === undefined ? this.chunk : Math.min(this.chunk, this.opts.end + 1 - this.pos);
    if (want <= 0) {
      this.push(null);
      return;
    }
    const buf = readBuffers.take(want);
    this.busy = true;
    // a pipe has no positions: read on from where it is
    read(this.fd, buf, 0, want, this.regular ? this.pos : null, (err, n) => {
      if (this.settle()) return;
      if (err) return this.destroy(err);
      if (n === 0) {
        readBuffers.give(buf);
        return this.atEnd();
      }
      this.pos += n;
      this.opts.onBytes?.(n);
      if (n === want) {
        this.push(buf);
        return;
      }
      // a short read keeps only what it needs (a pipe delivers 64 KiB pieces into 1 MiB buffers)
      const bytes = Buffer.from(buf.subarray(0, n));
      readBuffers.give(buf);
      this.push(bytes);
    });
  }

  private atEnd(): void {
    if (!this.regular) {
      this.push(null);
      return;
    }
    this.busy = true;
    fstat(this.fd, (err, st) => {
      if (this.settle()) return;
      if (err) return this.destroy(err);
      const expected = this.opts.end === undefined ? this.sizeAtOpen : this.opts.end + 1;
      if (this.pos < expected || st.size < this.pos) this.emit(INCOMPLETE, new FileShrankError(expected, this.pos, st.size));
      this.push(null);
    });
  }

  /** after a read or fstat returned: true when the stream was destroyed meanwhile (its close then goes ahead) */
  private settle(): boolean {
    this.busy = false;
    const closing = this.onIdle;
    this.onIdle = undefined;
    closing?.();
    return this.destroyed;
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    if (this.counted) {
      this.counted = false;
      readBuffers.closed();
    }
    const release = (): void => {
      if (this.fd === -1) return cb(err);
      const fd = this.fd;
      this.fd = -1;
      close(fd, () => cb(err));
    };
    if (this.busy) this.onIdle = release;
    else release();
  }
}
