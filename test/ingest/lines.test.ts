import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachLine, linesOf, openBytes, READ_CHUNK, Utf8Decode } from '../../src/ingest/lines.js';
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
