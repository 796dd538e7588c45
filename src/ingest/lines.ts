import { isAscii } from 'node:buffer';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ReadlineTransform } from 'readline-transform';
import { FileBytes, INCOMPLETE, READ_CHUNK, readBuffers, type FileBytesOptions } from './read-file.js';

export { READ_CHUNK } from './read-file.js';
/** lines longer than this are skipped and counted as oversized */
export const DEFAULT_MAX_LINE = 64 * 1024;

/** bytes of whole lines Utf8Decode decodes into one string (see decodeInPieces); two-byte text stays under 128 KiB */
const DECODED_PIECE = 60 * 1024;
const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/**
 * Opens a file (or stdin for `-`) as a stream of bytes, gunzipped when the first two
 * bytes are the gzip magic number whatever the file is called. A file truncated while
 * being read makes the stream emit INCOMPLETE before it ends (see FileBytes).
 */
export async function openBytes(path: string, opts: Pick<FileBytesOptions, 'chunkSize' | 'onBytes'> = {}): Promise<Readable> {
  const src: Readable = path === '-' ? process.stdin : new FileBytes(path, opts);
  const first = await firstChunk(src);
  if (first === null) return Readable.from([]);
  src.unshift(first);
  if (first.length >= 2 && first[0] === GZIP_MAGIC_0 && first[1] === GZIP_MAGIC_1) {
    const gunzip = createGunzip({ chunkSize: READ_CHUNK });
    src.on('error', (e) => gunzip.destroy(e));
    src.on(INCOMPLETE, (e: Error) => gunzip.emit(INCOMPLETE, e));
    return src.pipe(gunzip);
  }
  return src;
}

function firstChunk(src: Readable): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      src.off('readable', onReadable);
      src.off('end', onEnd);
      src.off('error', onError);
    };
    const onReadable = (): void => {
      const c = src.read() as Buffer | null;
      if (c !== null) {
        cleanup();
        resolve(c);
      }
    };
    const onEnd = (): void => {
      cleanup();
      resolve(null);
    };
    const onError = (e: Error): void => {
      cleanup();
      reject(e);
    };
    src.on('readable', onReadable);
    src.once('end', onEnd);
    src.once('error', onError);
  });
}

/**
 * Bounds line length before the splitter sees it: a line longer than `maxLine` is cut
 * to maxLine + 1 characters (the excess never buffered), so the reader can recognise and
 * count it while memory stays bounded and time linear, even for a 100 MB "line".
 * Works on strings: the input is already decoded (Utf8Decode), so a multi-byte
 * character split across reads arrives whole.
 */
export class LineCap extends Transform {
  private current = 0;

  constructor(private readonly maxLine: number) {
    super({ decodeStrings: false, encoding: 'utf8' });
  }

  override _transform(chunk: string, _enc: BufferEncoding, cb: TransformCallback): void {
    const limit = this.maxLine + 1;
    let nl = chunk.indexOf('\n');
    // fast path: every line in this chunk fits
    if (this.fits(chunk, nl)) {
      const last = chunk.lastIndexOf('\n');
      this.current = last === -1 ? this.current + chunk.length : chunk.length - last - 1;
      cb(null, chunk);
      return;
    }
    const parts: string[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      const end = nl === -1 ? chunk.length : nl;
      const room = limit - this.current;
      const segment = end - pos;
      if (room > 0) parts.push(segment <= room ? chunk.slice(pos, end) : chunk.slice(pos, pos + room));
      if (nl === -1) {
        this.current += segment;
        break;
      }
      parts.push('\n');
      this.current = 0;
      pos = nl + 1;
      nl = chunk.indexOf('\n', pos);
    }
    cb(null, parts.join(''));
  }

  /**
   * Whether no line of the chunk exceeds the cap. Jumps a whole cap ahead at a time with
   * lastIndexOf instead of visiting every newline: one String#indexOf call per line cost
   * about 0.3 µs (≈1 s CPU per 3M lines), about a third of the reader; this makes a call
   * or two per piece of text and scans each character at most once.
   */
  private fits(chunk: string, firstNl: number): boolean {
    const limit = this.maxLine + 1;
    if (firstNl === -1) return this.current + chunk.length <= limit;
    if (this.current + firstNl > limit) return false;
    let start = firstNl + 1; // the start of a line
    while (chunk.length - start > limit) {
      // the last newline at or before start + limit ends a line no longer than the cap
      const nl = chunk.lastIndexOf('\n', start + limit);
      if (nl < start) return false;
      start = nl + 1;
    }
    return true;
  }
}

/**
 * Bytes → text, in pieces that end at a line break. Most access logs are ASCII: a piece
 * that is (checked with SIMD by isAscii) decodes as latin1, about twenty times cheaper
 * than UTF-8 decoding here. Other pieces go through a TextDecoder (twice as fast as
 * setEncoding's StringDecoder).
 *
 * Why pieces end at a line break: readline-transform keeps the unfinished last line of a
 * chunk and prepends it to the next (`buf += str`), and splitting that concatenation cost
 * 2.8 s CPU per 3M lines (of 4.4 s for the whole reader), against 0.3 s for splitting a
 * flat string. So the bytes after the last `\n` of a read are held back here and copied in
 * front of the next read (a memcpy into a reused scratch buffer), and the splitter never
 * has a remainder to concatenate. A `\n` byte never occurs inside a UTF-8 sequence, so a
 * piece that ends at one never splits a character either. A read without a line break in
 * reach (a line longer than a read) is passed on as it is, through the streaming decoder,
 * so memory stays bounded: LineCap then bounds the line.
 */
export class Utf8Decode extends Transform {
  private readonly decoder = new TextDecoder('utf-8');
  private pending = false;
  /** whether the decoder has decoded any text yet (see decodeLines) */
  private decoderUsed = false;
  /** the bytes after the last line break of the previous read, in `scratch` */
  private tailLength = 0;
  private scratch = Buffer.allocUnsafe(0);

  constructor() {
    // the readable side carries whole strings as objects (no re-encoding on the way out);
    // two chunks of look-ahead are enough and keep buffered text to a few MiB
    super({ readableObjectMode: true, readableHighWaterMark: 2 });
  }

  /**
   * Decodes on the next turn of the event loop, not inside the producer's push. A push
   * runs the whole pipeline (decoding, parsing, the cube) on its chunk before returning,
   * and the producer issues its next read (or gunzip its next inflate step) only after
   * that: the thread pool stood idle while this thread worked, and this thread while it
   * read or inflated. Deferred, the two overlap: on a 3M-line log, ~0.3 s of waiting for
   * reads and ~0.9 s of inflating a .gz disappear from the wall time.
   */
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    setImmediate(() => {
      if (!this.destroyed) this.transformNow(chunk, cb);
    });
  }

  private transformNow(chunk: Buffer, cb: TransformCallback): void {
    let bytes = chunk;
    if (this.tailLength > 0) {
      const need = this.tailLength + chunk.length;
      if (this.scratch.length < need) {
        const bigger = Buffer.allocUnsafe(Math.max(need, READ_CHUNK * 2));
        this.scratch.copy(bigger, 0, 0, this.tailLength);
        this.scratch = bigger;
      }
      chunk.copy(this.scratch, this.tailLength);
      bytes = this.scratch.subarray(0, need);
      this.tailLength = 0;
    }
    const nl = bytes.lastIndexOf(10);
    const rest = bytes.length - nl - 1;
    if (nl === -1 || rest > READ_CHUNK) {
      // no line break within reach: pass everything on (the splitter joins it)
      const text = this.decode(bytes);
      readBuffers.give(chunk);
      cb(null, text);
      return;
    }
    // decode first: `bytes` may be the scratch buffer the tail is copied into next
    const texts = this.decodeInPieces(bytes.subarray(0, nl + 1));
    if (rest > 0) {
      // the unfinished line to the front of the scratch buffer (copyWithin handles the
      // overlap when `bytes` is the scratch buffer itself)
      if (this.scratch.length < rest) this.scratch = Buffer.allocUnsafe(READ_CHUNK * 2);
      if (bytes.buffer === this.scratch.buffer) this.scratch.copyWithin(0, nl + 1, bytes.length);
      else bytes.copy(this.scratch, 0, nl + 1);
      this.tailLength = rest;
    }
    // every byte of the read is now in a string or in the scratch buffer
    readBuffers.give(chunk);
    for (const text of texts) this.push(text);
    cb();
  }

  /**
   * Whole lines (`bytes` ends with a line break) → strings of at most DECODED_PIECE bytes
   * of text each, or one longer line. A read of a MiB decoded as one string would be an
   * external string (Node makes a latin1 string of 1,031,913 characters or more external),
   * and every field cut from a line is a slice of it: reading characters through slices of
   * an external string made the parser ~15% slower (0.59 against 0.50 µs a line). A string
   * over 128 KiB is a large heap object, mapped and unmapped for each read (twice the
   * system time of a run). Pieces this small are allocated in the young generation like
   * any small string. Each piece ends with a line break, never inside a UTF-8 character,
   * and is decoded on its own: one line of UTF-8 sends only its piece through TextDecoder.
   */
  private decodeInPieces(bytes: Buffer): string[] {
    const texts: string[] = [];
    let from = 0;
    while (bytes.length - from > DECODED_PIECE) {
      let cut = bytes.lastIndexOf(10, from + DECODED_PIECE - 1);
      // a line longer than a piece goes whole
      if (cut < from) cut = bytes.indexOf(10, from + DECODED_PIECE);
      this.decodeLines(bytes.subarray(from, cut + 1), texts);
      from = cut + 1;
    }
    this.decodeLines(bytes.subarray(from), texts);
    return texts;
  }

  /**
   * Whole lines → strings, the lines with a character above U+00FF apart from the others.
   * V8 keeps a string in two bytes a character if one of its characters needs it, and so
   * is every line cut from it: one such character in a piece of 120 JSON lines made all
   * of them two-byte, and parsing and building a two-byte line costs 5–7% more. Latin-1
   * text (é, ü) stays one-byte through TextDecoder. A piece is cut only at line breaks,
   * where no character is split, so the text is the same. The first piece through
   * TextDecoder goes whole: a byte order mark is dropped only at the start of the
   * decoder's first text, which must stay where it was.
   */
  private decodeLines(bytes: Buffer, texts: string[]): void {
    if (this.pending || !this.decoderUsed || isAscii(bytes)) {
      texts.push(this.decode(bytes));
      return;
    }
    const wide: number[] = [];
    wideLines(bytes, 0, bytes.length, wide);
    let from = 0;
    for (let w = 0; w < wide.length; w += 2) {
      if (wide[w]! > from) texts.push(this.decode(bytes.subarray(from, wide[w])));
      texts.push(this.decode(bytes.subarray(wide[w], wide[w + 1])));
      from = wide[w + 1]!;
    }
    if (from < bytes.length) texts.push(this.decode(bytes.subarray(from)));
  }

  private decode(bytes: Buffer): string {
    if (!this.pending && isAscii(bytes)) return bytes.toString('latin1');
    this.decoderUsed = true;
    const text = this.decoder.decode(bytes, { stream: true });
    this.pending = bytes[bytes.length - 1]! >= 0x80;
    return text;
  }

  override _flush(cb: TransformCallback): void {
    let rest = this.tailLength > 0 ? this.decode(this.scratch.subarray(0, this.tailLength)) : '';
    this.tailLength = 0;
    if (this.pending) rest += this.decoder.decode();
    cb(null, rest.length > 0 ? rest : undefined);
  }
}

/** whole lines of at most this many bytes are checked a line at a time by wideLines */
const LINE_BY_LINE = 4096;

/**
 * Appends to `out` the (start, end) ranges of the lines of bytes[from, to) (whole lines)
 * that hold a character above U+00FF (or bytes that are not UTF-8, which decode to
 * U+FFFD), adjacent ones merged. Halves the range at a line break while a half is not
 * ASCII (isAscii is one SIMD pass), so a piece with one such line costs a few dozen
 * native calls, and only the stretches of at most LINE_BY_LINE bytes that are not ASCII
 * are read byte by byte.
 */
export function wideLines(bytes: Buffer, from: number, to: number, out: number[]): void {
  if (isAscii(bytes.subarray(from, to))) return;
  if (to - from > LINE_BY_LINE) {
    const half = bytes.lastIndexOf(10, from + ((to - from) >> 1));
    if (half >= from && half + 1 < to) {
      wideLines(bytes, from, half + 1, out);
      wideLines(bytes, half + 1, to, out);
      return;
    }
  }
  for (let start = from; start < to; ) {
    const nl = bytes.indexOf(10, start);
    const end = nl === -1 || nl >= to ? to : nl + 1;
    if (!latin1Only(bytes, start, end)) {
      if (out.length > 0 && out[out.length - 1] === start) out[out.length - 1] = end;
      else out.push(start, end);
    }
    start = end;
  }
}

/** whether bytes[from, to) is UTF-8 of characters up to U+00FF only: ASCII, and C2/C3 with one continuation byte */
function latin1Only(bytes: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    if ((b !== 0xc2 && b !== 0xc3) || i + 1 >= to || (bytes[i + 1]! & 0xc0) !== 0x80) return false;
    i++;
  }
  return true;
}

/**
 * readline-transform splits; this subclass hands its lines downstream one array per
 * chunk instead of one stream object per line. Pushing each line through an object-mode
 * stream costs more than splitting it (a 'data' event, buffer bookkeeping per line), and
 * a decoded piece holds hundreds of lines.
 */
class BatchedReadline extends ReadlineTransform {
  private batch: string[] = [];

  _writeItem(line: string): void {
    // split on "\n" (a string split is several times cheaper than the /\r?\n/ regex) and drop the CR of CRLF here
    this.batch.push(line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line);
  }

  override _transform(chunk: unknown, enc: BufferEncoding, cb: TransformCallback): void {
    super._transform(chunk, enc, (err?: Error | null) => {
      this.flushBatch();
      cb(err);
    });
  }

  override _flush(cb: TransformCallback): void {
    super._flush((err?: Error | null) => {
      this.flushBatch();
      cb(err);
    });
  }

  private flushBatch(): void {
    if (this.batch.length > 0) {
      this.push(this.batch);
      this.batch = [];
    }
  }
}

/**
 * Streams the lines of a decoded byte stream, in arrays: strings in (readline-transform
 * has no UTF-8 decoder of its own), CRLF or LF, the final line with or without a newline.
 * INCOMPLETE from the bytes is passed on to the returned stream.
 */
export function linesOf(bytes: Readable, maxLine = DEFAULT_MAX_LINE): Readable {
  const decode = new Utf8Decode();
  const cap = new LineCap(maxLine);
  const split = new BatchedReadline({ breakMatcher: '\n' as unknown as RegExp, ignoreEndOfBreak: true, skipEmpty: false, decodeStrings: false });
  bytes.on('error', (e) => decode.destroy(e));
  bytes.on(INCOMPLETE, (e: Error) => split.emit(INCOMPLETE, e));
  decode.on('error', (e) => cap.destroy(e));
  cap.on('error', (e) => split.destroy(e));
  // a consumer that stops early destroys the splitter: release the file too
  split.once('close', () => {
    decode.destroy();
    cap.destroy();
    if (bytes !== process.stdin) bytes.destroy();
  });
  return bytes.pipe(decode).pipe(cap).pipe(split);
}

/**
 * Calls `onLine` for every line (1-based numbers) and resolves when the input ends;
 * rejects on a read or decompression error (after the lines read so far were delivered),
 * when the input ended incomplete (after every line read was delivered), or when
 * `onLine` throws, which also stops reading.
 */
export function forEachLine(lines: Readable, onLine: (line: string, lineNumber: number) => void): Promise<number> {
  // The listeners reach onLine only through `sink`, emptied once the input ends or fails:
  // Node can keep the ended stream, and with it its listeners, on the stack that settles
  // this promise while the caller runs on. Holding onLine, they held the caller's cube
  // builder (10 MB of session tables at 3M lines) while the rules ran.
  let sink: ((line: string, lineNumber: number) => void) | null = onLine;
  return new Promise((resolve, reject) => {
    let n = 0;
    let incomplete: Error | undefined;
    lines.once(INCOMPLETE, (e: Error) => {
      incomplete = e;
    });
    lines.on('data', (batch: string[]) => {
      if (sink === null) return;
      try {
        for (let i = 0; i < batch.length; i++) sink(batch[i]!, ++n);
      } catch (e) {
        sink = null;
        lines.destroy();
        reject(e);
      }
    });
    lines.once('end', () => {
      sink = null;
      if (incomplete === undefined) resolve(n);
      else reject(incomplete);
    });
    lines.once('error', (e) => {
      if (sink === null) return;
      sink = null;
      reject(e);
    });
  });
}
