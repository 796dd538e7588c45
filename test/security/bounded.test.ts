import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CubeBuilder } from '../../src/enrich/builder.js';
import { hash32 } from '../../src/cube/attribution.js';
import { clientKey1, clientKey2, hash32b, SessionTracker } from '../../src/enrich/session.js';
import { jsonLines } from '../../src/formats/json.js';
import { emptyRecord } from '../../src/formats/types.js';
import { fullGarbageCollection } from '../../src/util/collect-garbage.js';
import { forEachLine, linesOf } from '../../src/ingest/lines.js';

const T0 = Date.UTC(2026, 10, 16);

describe('bounded resources under abuse', () => {
  it('a million distinct scanner paths fold into (other), counted, routes stay at the cap', () => {
    const b = new CubeBuilder({ routeCap: 2000 });
    const rec = { ...emptyRecord(), method: 'GET', status: 404, client: '10.0.0.1', time: T0 };
    for (let i = 0; i < 1_000_000; i++) {
      rec.path = `/scan-${i.toString(36)}-x/admin.php`;
      rec.time = T0 + i;
      b.add(rec, 0, i + 1, 'body');
    }
    expect(b.cube.routes.length).toBe(2001);
    expect(b.cube.totalRequests()).toBe(1_000_000);
    expect(b.cube.requestsFolded).toBe(998_000);
    expect(b.cube.pathsFolded).toBe(998_000);
  });

  it('a million distinct clients keep the session state within its budget', () => {
    const t = new SessionTracker();
    const sizes: number[] = [];
    for (let i = 0; i < 1_000_000; i++) {
      const client = `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`;
      const k1 = clientKey1(client, hash32(client), 0);
      const k2 = clientKey2(client, hash32b(client), 0);
      // every client is served, logs in and is refused once (never coming back): all four tables fill
      t.observe(k1, k2, 0, i & 1023, '/api/x', 200, T0 + i, false);
      t.observe(k1, k2, 0, 0, '/login', 200, T0 + i, false);
      t.observe(k1, k2, 0, i & 1023, '/api/x', 401, T0 + i, false);
      if ((i + 1) % 250_000 === 0) sizes.push(t.byteLength);
    }
    // flat once the generations are full: four tables of 2 × 262,144 slots (24 + 16 + 24 + 16 B)
    // = 40 MiB, and a refusal pool of 262,144 records (24 B) for ≤ 200,000 pending clients
    expect(sizes.slice(1)).toEqual([sizes[0], sizes[0], sizes[0]]);
    expect(sizes[0]).toBe(2 * 262_144 * (24 + 16 + 24 + 16) + 262_144 * 24);
  });

  it('JSON lines that each end in a long key one place earlier keep the parser to one line of keys', () => {
    // the parser remembers the last object's keys (their sent_http_* header names): keeping
    // the key met at every place a line ever reached would hold 2,000 × 30k characters here,
    // as each line is one key shorter than the one before and leaves its long key behind
    const gc = fullGarbageCollection();
    const parser = jsonLines.createParser();
    const rec = emptyRecord();
    const longKey = 'k'.repeat(30_000);
    parser.parse('{"time":"2026-11-16T00:00:00Z","status":200,"sent_http_allow":"GET"}', rec);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let n = 1999; n >= 0; n--) {
      const shortKeys = Array.from({ length: n }, (_, i) => `"s${i}":0`).join(',');
      // a different long key on every line (equal keys are one string in V8's key table)
      const line = `{"time":"2026-11-16T00:00:00Z","status":200,${shortKeys}${n > 0 ? ',' : ''}"${n}-${longKey}":1}`;
      expect(parser.parse(line, rec)).toBeUndefined();
    }
    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(10 * 1024 * 1024);
  });

  it('a 100 MB single line streams through in bounded memory and is reported oversized', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const before = process.memoryUsage().rss;
    let peak = before;
    const src = new Readable({
      read() {
        peak = Math.max(peak, process.memoryUsage().rss);
        if (sent < 1600) {
          sent++;
          this.push(chunk);
        } else {
          this.push('\nafter\n');
          this.push(null);
        }
      },
    });
    const lengths: number[] = [];
    await forEachLine(linesOf(src, 64 * 1024), (l) => lengths.push(l.length));
    expect(lengths).toEqual([64 * 1024 + 1, 5]);
    // holding the line would cost 100-200 MB; the cap keeps it to buffers of a few MB
    expect(peak - before).toBeLessThan(60 * 1024 * 1024);
  });
});
