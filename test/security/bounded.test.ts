import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CubeBuilder } from '../../src/enrich/builder.js';
import { BoundedMap } from '../../src/enrich/session.js';
import { emptyRecord } from '../../src/formats/types.js';
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
    const m = new BoundedMap<number>(10_000);
    for (let i = 0; i < 1_000_000; i++) m.set(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, i);
    expect(m.size).toBeLessThanOrEqual(10_000);
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
