import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachLine, linesOf, openBytes, READ_CHUNK, Utf8Decode, wideLines } from '../../src/ingest/lines.js';
import { fullGarbageCollection } from '../../src/util/collect-garbage.js';

function bytesStream(chunks: Buffer[]): Readable {
  const r = new Readable({ read() {} });
  for (const c of chunks) r.push(c);
  r.push(null);
  return r;
}

async function collect(r: Readable, maxLine?: number): Promise<string[]> {
  const out: string[] = [];
  await forEachLine(linesOf(r, maxLine), (l) => out.push(l));
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'statuslint-lines-'));

describe('linesOf', () => {
  it('splits LF and CRLF, keeps a last line without newline', async () => {
    expect(await collect(bytesStream([Buffer.from('a\r\nb\nc')]))).toEqual(['a', 'b', 'c']);
  });

  it('does not invent a line after a trailing newline, keeps blank lines inside', async () => {
    expect(await collect(bytesStream([Buffer.from('a\n\nb\n')]))).toEqual(['a', '', 'b']);
  });

  it('yields nothing for empty input', async () => {
    expect(await collect(bytesStream([]))).toEqual([]);
  });

  it('keeps a multi-byte character split across chunks intact', async () => {
    const text = 'GET /caf\u00e9/\u6771\u4eac/\u{1F600}\n';
    const buf = Buffer.from(text);
    // split inside every multi-byte sequence in turn
    for (let cut = 1; cut < buf.length - 1; cut++) {
      const lines = await collect(bytesStream([buf.subarray(0, cut), buf.subarray(cut)]));
      expect(lines).toEqual([text.slice(0, -1)]);
    }
  });

  it('keeps a character split exactly at the 1 MiB read boundary of a real file', async () => {
    const prefix = 'x'.repeat(READ_CHUNK - 1);
    const path = join(dir, 'boundary.log');
    writeFileSync(path, `${prefix}\u20ac tail\nnext\n`);
    const lines = await collect(await openBytes(path), 2 * READ_CHUNK);
    expect(lines).toEqual([`${prefix}\u20ac tail`, 'next']);
  });

  it('cuts over-long lines to cap + 1 characters, without buffering the rest', async () => {
    const long = 'y'.repeat(50_000);
    const chunks = [Buffer.from('short\n' + long.slice(0, 20_000)), Buffer.from(long.slice(20_000) + '\nafter\n')];
    const lines = await collect(bytesStream(chunks), 1000);
    expect(lines).toEqual(['short', 'y'.repeat(1001), 'after']);
  });

  it('handles a line exactly at the cap as normal', async () => {
    const lines = await collect(bytesStream([Buffer.from('z'.repeat(10) + '\n')]), 10);
    expect(lines).toEqual(['z'.repeat(10)]);
  });
});

describe('forEachLine', () => {
  const collectGarbage = fullGarbageCollection();

  /** reads `text` through `lines` with a consumer that owns a large object; returns a WeakRef to it */
  async function readWithOwner(source: PassThrough, lines: Readable, text: string): Promise<{ owned: WeakRef<object>; count: number }> {
    const state = { seen: 0, ballast: new Array<number>(100_000).fill(1) };
    const owned = new WeakRef(state);
    source.end(text);
    const count = await forEachLine(lines, () => state.seen++);
    expect(state.seen).toBe(count);
    return { owned, count };
  }

  it("does not keep the consumer alive through the ended stream's listeners", async () => {
    // in the CLI the consumer holds the cube builder, and the ended stream can outlive the
    // read: it must not keep the builder from being collected while the rules run
    const source = new PassThrough();
    const lines = linesOf(source);
    const { owned, count } = await readWithOwner(source, lines, 'a\nb\nc\n');
    expect(count).toBe(3);
    await new Promise((resolve) => setImmediate(resolve)); // a WeakRef holds its target until the job ends
    collectGarbage();
    expect(lines.listenerCount('data')).toBe(1); // the stream is still referenced here, with its listener
    expect(owned.deref()).toBeUndefined();
  });
});

describe('Utf8Decode', () => {
  it('decodes on the next turn of the event loop, so the producer can read (or inflate) on while the lines are processed', async () => {
    const source = new PassThrough();
    const lines: string[] = [];
    const done = forEachLine(linesOf(source), (l) => lines.push(l));
    source.write(Buffer.from('a\nb\n'));
    // the write returned without running the pipeline
    expect(lines).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual(['a', 'b']);
    source.end(Buffer.from('c\n'));
    await expect(done).resolves.toBe(3);
    expect(lines).toEqual(['a', 'b', 'c']);
  });

  it('a destroyed decoder drops the chunk it deferred, without an error', async () => {
    const decode = new Utf8Decode();
    const errors: unknown[] = [];
    const out: string[] = [];
    decode.on('error', (e) => errors.push(e));
    decode.on('data', (s: string) => out.push(s));
    decode.write(Buffer.from('a\n'));
    decode.destroy();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(out).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('openBytes', () => {
  it('gunzips by magic bytes, whatever the name', async () => {
    const path = join(dir, 'access.log');
    writeFileSync(path, gzipSync('one\ntwo\n'));
    expect(await collect(await openBytes(path))).toEqual(['one', 'two']);
  });

  it('reads concatenated gzip members (logrotate delaycompress + cat)', async () => {
    const path = join(dir, 'multi.gz');
    writeFileSync(path, Buffer.concat([gzipSync('one\n'), gzipSync('two\n')]));
    expect(await collect(await openBytes(path))).toEqual(['one', 'two']);
  });

  it('rejects a truncated gzip after delivering what it could read', async () => {
    const path = join(dir, 'truncated.gz');
    const gz = gzipSync('first line\n'.repeat(10_000));
    writeFileSync(path, gz.subarray(0, gz.length - 20));
    const seen: string[] = [];
    await expect(forEachLine(linesOf(await openBytes(path)), (l) => seen.push(l))).rejects.toMatchObject({ code: expect.stringMatching(/^Z_/) });
    expect(seen.length).toBeGreaterThan(0);
  });

  it('reads an empty file as no lines', async () => {
    const path = join(dir, 'empty.log');
    writeFileSync(path, '');
    expect(await collect(await openBytes(path))).toEqual([]);
  });

  it('gives the same lines however the bytes are cut into reads (held-back line ends, split characters, long lines)', async () => {
    const piece = fc.constantFrom('a', 'GET /x', ' ', 'é', '€', '😀', '\n', '\r\n', 'x'.repeat(300), '\n\n');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 60 }), fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 8 }), async (pieces, cuts) => {
        const text = pieces.join('');
        const bytes = Buffer.from(text, 'utf8');
        const chunks: Buffer[] = [];
        for (let i = 0, k = 0; i < bytes.length; k++) {
          const n = cuts[k % cuts.length]!;
          chunks.push(bytes.subarray(i, i + n));
          i += n;
        }
        const expected = text.length === 0 ? [] : text.replace(/\n$/, '').split('\n').map((l) => l.replace(/\r$/, ''));
        expect(await collect(bytesStream(chunks), 1_000_000)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['ASCII', ''],
    ['UTF-8', 'caf\u00e9 \u6771\u4eac \u{1F600}'],
  ])('cuts a big %s read into strings of at most 60 KiB that end at line breaks, a longer line whole', async (_, extra) => {
    // young-generation strings, not one external or large string per read (see decodeInPieces)
    const lines: string[] = [];
    for (let i = 0, length = 0; length < READ_CHUNK; i++) {
      lines.push(i === 500 ? 'L'.repeat(100_000) : `192.0.2.${i % 250} - - "GET /${'p'.repeat(i % 300)}${i % 7 === 0 ? extra : ''} HTTP/1.1" 200`);
      length += lines[i]!.length + 1;
    }
    const text = lines.join('\n') + '\n';
    const bytes = Buffer.from(text, 'utf8');
    const decode = new Utf8Decode();
    const out: string[] = [];
    decode.on('data', (s: string) => out.push(s));
    const done = new Promise((resolve) => decode.on('end', resolve));
    decode.end(bytes);
    await done;
    expect(out.join('')).toBe(text);
    expect(out.length).toBeGreaterThan(16);
    for (const s of out) {
      expect(s.endsWith('\n')).toBe(true);
      if (Buffer.byteLength(s) > 60 * 1024) expect(s.slice(0, -1).split('\n').pop()!.length).toBeGreaterThan(60 * 1024);
    }
    expect(await collect(bytesStream([bytes]), 1_000_000)).toEqual(lines);
  });
});

/** the strings Utf8Decode makes of `chunks` */
async function decodedStrings(chunks: Buffer[]): Promise<string[]> {
  const decode = new Utf8Decode();
  const out: string[] = [];
  decode.on('data', (s: string) => out.push(s));
  const done = new Promise((resolve) => decode.on('end', resolve));
  for (const c of chunks) decode.write(c);
  decode.end();
  await done;
  return out;
}

describe('lines with characters above U+00FF', () => {
  /** a character V8 stores in two bytes: above U+00FF, or U+FFFD for bytes that are not UTF-8 */
  const WIDE = /[^\u0000-\u00ff]/;

  it('wideLines finds exactly the lines that decode to such a character, adjacent ones merged', () => {
    const piece = fc.oneof(
      fc.constantFrom('GET /a', ' ', '\n', '\n', 'caf\u00e9', '\u00fc', '\u0080', '\u00ff', '\u0100', '\u0151', '\u20ac', '\u6771', '\u{1F600}', 'x'.repeat(900)).map((s) => Buffer.from(s, 'utf8')),
      // bytes that are not UTF-8: a lone continuation byte, 0xff, a lead byte cut by the line break, an overlong form
      fc.constantFrom([0x80], [0xff], [0xc3, 0x0a], [0xc0, 0xaf], [0xe6, 0x9d]).map((b) => Buffer.from(b)),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), (pieces) => {
        const bytes = Buffer.concat([...pieces, Buffer.from('\n')]);
        const want: number[] = [];
        for (let start = 0; start < bytes.length; ) {
          const end = bytes.indexOf(10, start) + 1;
          if (WIDE.test(new TextDecoder().decode(bytes.subarray(start, end)))) {
            if (want.length > 0 && want[want.length - 1] === start) want[want.length - 1] = end;
            else want.push(start, end);
          }
          start = end;
        }
        const got: number[] = [];
        wideLines(bytes, 0, bytes.length, got);
        expect(got).toEqual(want);
      }),
      { numRuns: 500 },
    );
  });

  it('decodes the other lines of a piece apart from them, to the same text', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) lines.push(`{"i":${i},"user":"${i % 97 === 0 ? '\u7528\u6237' : i % 31 === 0 ? 'Jos\u00e9' : 'bob'}","path":"/p/${'q'.repeat(i % 200)}"}`);
    const text = lines.join('\n') + '\n';
    const bytes = Buffer.from(text, 'utf8');
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 70_001) chunks.push(bytes.subarray(i, i + 70_001));
    const out = await decodedStrings(chunks);
    expect(out.join('')).toBe(text);
    // after the first piece that went through TextDecoder (whole, see decodeLines), a
    // string either holds no such character or is made of lines that each hold one
    const firstDecoded = out.findIndex((s) => /[^\u0000-\u007f]/.test(s));
    for (const s of out.slice(firstDecoded + 1)) {
      if (!WIDE.test(s)) continue;
      for (const line of s.slice(0, -1).split('\n')) expect(line).toMatch(WIDE);
    }
    expect(out.filter((s) => WIDE.test(s)).length).toBeGreaterThan(5);
  });

  it('keeps a byte order mark that starts a later line, as the whole-piece decoding did', async () => {
    // TextDecoder drops a BOM only at the start of its first text: the first piece it
    // decodes must start where it did, not at the line that holds the BOM
    const ascii = Array.from({ length: 2000 }, (_, i) => `line ${i} ${'a'.repeat(40)}`).join('\n') + '\n';
    const text = ascii + 'x\n\ufeffy \u6771\n' + 'z\n';
    const out = await decodedStrings([Buffer.from(text, 'utf8')]);
    expect(out.join('')).toBe(text);
  });
});
