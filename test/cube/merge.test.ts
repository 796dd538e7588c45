import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { CELL_PAGE, compareCells, Cube, MEASURE_COLUMN, MEASURE_INDEX, MEASURES, SAMPLES_PER_CELL, type Measure } from '../../src/cube/cube.js';
import { CubeBuilder } from '../../src/enrich/builder.js';
import { emptyRecord, type LogRecord } from '../../src/formats/types.js';

/** mulberry32: a seeded PRNG so every failing case can be replayed */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATHS = ['/api/v1/users/1', '/api/v1/users/2', '/login', '/oauth/token', '/api/v1/orders', '/static/app.js', '/'];
const STATUSES = [200, 200, 200, 201, 204, 301, 302, 304, 401, 401, 403, 404, 429, 500, 502, 503, 511];
const AGENTS = ['okhttp/4.12.0', 'AcmeApp/5.3.0 (iOS)', 'Mozilla/5.0 (compatible; Googlebot/2.1)', null];

function records(seed: number, n: number): LogRecord[] {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const t0 = Date.UTC(2026, 10, 16);
  return Array.from({ length: n }, (_, i) => ({
    ...emptyRecord(),
    time: t0 + Math.floor(r() * 6 * 3_600_000),
    method: pick(['GET', 'GET', 'POST', 'DELETE', 'HEAD']),
    path: pick(PATHS),
    status: pick(STATUSES),
    bytes: r() < 0.2 ? null : Math.floor(r() * 3) * 100,
    client: `10.0.0.${Math.floor(r() * 12)}`,
    user: r() < 0.3 ? 'alice' : null,
    userAgent: pick(AGENTS),
    durationMs: r() < 0.5 ? r() * 100 : null,
    upstreamStatus: r() < 0.3 ? pick(STATUSES) : null,
    headers: r() < 0.3 ? { location: '/x', 'www-authenticate': 'Bearer' } : null,
    referer: null,
    host: null,
    lineNo: i + 1,
  })) as (LogRecord & { lineNo: number })[];
}

function cubeOf(recs: readonly (LogRecord & { lineNo?: number })[]): Cube {
  const b = new CubeBuilder({ windowMs: 300_000 });
  b.cube.files.push({ path: 'a.log', format: 'combined', lines: 0, requests: 0, skipped: 0 });
  for (const rec of recs) b.add(rec, 0, rec.lineNo ?? 0, 'body');
  return b.cube;
}

/** everything a rule can read, in a canonical form */
function canonical(c: Cube, measures: readonly Measure[]): unknown {
  return {
    cells: c.cells().map((x) => ({ k: [x.window, x.method, x.route, x.status], m: measures.map((m) => x.m[m]), s: x.samples })),
    statusCounts: [...c.statusCounts()].sort((a, b) => a[0] - b[0]),
    byWindow: [...c.byWindowStatus.keys()].length,
    who: c.cells().map((x) => {
      const a = c.whoOnRoute(x.method, x.route, x.status)!;
      const w = c.whoInWindow(x.window, x.status)!;
      return [a.clients.sorted(), a.agents.sorted(), [...a.hll], w.clients.sorted(), [...w.hll]];
    }),
    time: [c.minTime, c.maxTime],
  };
}

// redirectFollowedByGet, like retryStreak, follows one client's consecutive requests: exact when shards split by client (below).
// soft-not-found's measures say "first seen in this input" and "a size other first-seen paths
// got": a shard cannot know what another shard saw, so they merge as sums of per-shard facts.
const PER_INPUT: readonly Measure[] = ['firstSeen200', 'sharedSize200', 'sharedSizeBytes', 'sharedSizeBytesSq'];
// the 401/403 follow-up measures (storm starts, refusals later confirmed or explained) follow one client too
const PER_CLIENT_SEQUENCE: readonly Measure[] = ['retryStreak', 'redirectFollowedByGet', 'retryStormStarts', 'credentialsValid', 'refusalExplained'];
const PER_RECORD = MEASURES.filter((m) => m !== 'authenticated' && !PER_CLIENT_SEQUENCE.includes(m) && !PER_INPUT.includes(m));

describe('cube merge is exact', () => {
  it.each(Array.from({ length: 25 }, (_, i) => i + 1))('random split, seed %i: cube(a ++ b) equals merge(cube(a), cube(b))', (seed) => {
    const all = records(seed, 400 + seed * 13);
    const r = rng(seed * 7919);
    const parts: (typeof all)[] = [[], [], []];
    for (const rec of all) parts[Math.floor(r() * 3)]!.push(rec);
    const merged = cubeOf(parts[0]!);
    merged.mergeFrom(cubeOf(parts[1]!));
    merged.mergeFrom(cubeOf(parts[2]!));
    expect(canonical(merged, PER_RECORD)).toEqual(canonical(cubeOf(all), PER_RECORD));
  });

  // `authenticated` also uses which routes answer 401/403 at all, learnt from every client,
  // so a shard that never saw a route's 401s infers less; per-client streaks are exact.
  const PER_CLIENT = MEASURES.filter((m) => m !== 'authenticated' && m !== 'credentialsValid' && !PER_INPUT.includes(m));
  it.each([101, 202, 303])('split by client (how shards split), seed %i: retry streaks merge exactly too', (seed) => {
    const all = records(seed, 600);
    const a = all.filter((x) => Number(x.client!.split('.')[3]) % 2 === 0);
    const b = all.filter((x) => Number(x.client!.split('.')[3]) % 2 === 1);
    const sorted = (xs: typeof all): typeof all => [...xs].sort((p, q) => p.time - q.time);
    const merged = cubeOf(sorted(a));
    merged.mergeFrom(cubeOf(sorted(b)));
    expect(canonical(merged, PER_CLIENT)).toEqual(canonical(cubeOf(sorted(all)), PER_CLIENT));
  });

  it.each([1, 2, 3])('a cube sent to another thread (pages and slot table transferred, seed %i) reads and grows as the original', async (seed) => {
    // 9000 records make several pages and a slot table that was rehashed
    const recs = records(seed, 9000);
    const expected = canonical(cubeOf(recs), MEASURES);
    const sent = cubeOf(recs).toTransfer();
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<typeof sent>((resolve) => port2.once('message', resolve));
    port1.postMessage(sent, Cube.transferBuffers(sent));
    const cube = Cube.fromTransfer(await received);
    port1.close();
    // transferred, not copied: dense and sparse columns alike
    expect(sent.pages[0]!.counts.dense[0]!.length).toBe(0);
    const sparse = sent.pages.flatMap((p) => [...p.counts.sparse, ...p.sums.sparse]).filter((x) => x !== null);
    expect(sparse.length).toBeGreaterThan(0);
    for (const column of sparse) expect([column.keys.length, column.values.length]).toEqual([0, 0]);
    expect(sent.attributionPages.pages[0]!.i32.length).toBe(0);
    expect(sent.attributionPages.pages[0]!.f64.length).toBe(0);
    expect(sent.attributionPages.pages[0]!.keyRefs.length).toBe(0);
    expect(canonical(cube, MEASURES)).toEqual(expected);
    // the adopted slot table still finds every cell, and takes new ones
    const more = records(seed + 100, 3000);
    const both = cubeOf([...recs, ...more]);
    cube.mergeFrom(cubeOf(more));
    expect(canonical(cube, PER_RECORD)).toEqual(canonical(both, PER_RECORD));
  });

  it('refuses a transfer whose slot table does not fit its cells', () => {
    const sent = cubeOf(records(7, 500)).toTransfer();
    expect(() => Cube.fromTransfer({ ...sent, slotTable: new Int32Array(4), keyTable: new Float64Array(4) })).toThrow(/do not fit/);
    expect(() => Cube.fromTransfer({ ...sent, pages: [] })).toThrow(/do not fit/);
  });

  it('refuses a transfer whose attributions point outside their pages, or whose pages have the wrong size', () => {
    const sent = () => cubeOf(records(8, 500)).toTransfer();
    const s1 = sent();
    expect(() => Cube.fromTransfer({ ...s1, byRouteStatus: [[0, 5, 0]] })).toThrow(/outside its pages/);
    const s2 = sent();
    expect(() => Cube.fromTransfer({ ...s2, byWindowStatus: [[0, 0, 256]] })).toThrow(/outside its pages/);
    const s3 = sent();
    expect(() => Cube.fromTransfer({ ...s3, attributionPages: { ...s3.attributionPages, pages: [{ ...s3.attributionPages.pages[0]!, i32: new Int32Array(8) }] } })).toThrow(/wrong size/);
    const s4 = sent();
    const refs = s4.attributionPages.pages[0]!.keyRefs;
    refs[refs.findIndex((r) => r !== 0)] = s4.attributionPages.keys.length + 1;
    expect(() => Cube.fromTransfer(s4)).toThrow(/outside its keys/);
  });

  it('a received cube keeps its attributions apart from the ones it adds later', () => {
    const recs = records(12, 4000);
    const received = Cube.fromTransfer(structuredClone(cubeOf(recs).toTransfer()));
    const more = records(13, 4000).map((r) => ({ ...r, time: r.time + 7 * 3_600_000 })); // new windows: new attributions
    received.mergeFrom(cubeOf(more));
    expect(canonical(received, PER_RECORD)).toEqual(canonical(cubeOf([...recs, ...more]), PER_RECORD));
  });

  it('refuses a merge that would take a count past 2^32 - 1, naming the measure', () => {
    const a = new Cube(60_000);
    const s = a.slot(a.windowId(1), a.methodId('GET'), a.routeId('/'), 200);
    a.add(s, MEASURE_INDEX.count, 1);
    a.add(s, MEASURE_INDEX.crawler, 0xffff_fff0);
    const b = new Cube(60_000);
    b.mergeFrom(a);
    expect(() => b.mergeFrom(a)).toThrow(/cell crawler would be 8589934560/);
  });

  it('sums a measure over the cells as the cells themselves do', () => {
    const c = cubeOf(records(11, 3000));
    // a slot that exists with no requests (as a later credit can leave one) counts for nothing
    c.add(c.slot(c.windowId(0), c.methodId('GET'), c.routeId('/empty'), 200), MEASURE_INDEX.bodyKnown, 5);
    for (const m of MEASURES) expect(c.measureTotal(m)).toBeCloseTo(c.cells().reduce((n, x) => n + x.m[m], 0), 6);
    expect(c.measureTotal('durationSumMs')).toBeGreaterThan(0);
    expect(c.measureTotal('headersKnown')).toBeGreaterThan(0);
    // and names the routes of a status as the cells do, the empty slot's route not among them
    for (const where of [(s: number) => s === 401, (s: number) => s === 200, (s: number) => s >= 500]) {
      expect(c.routesWith(where)).toEqual(new Set(c.cells(where).map((x) => x.route)));
    }
    expect(c.routesWith((s) => s === 200).has('/empty')).toBe(false);
  });

  it.each([
    ['packed sort keys (a few windows and routes)', 40, 30, 4],
    ['comparator sort (keys and slots past 53 bits)', 5000, 3000, 60],
  ])('lists cells in window, route, method, status order: %s', (_name, windows, routes, methods) => {
    const r = rng(windows);
    const c = new Cube(60_000);
    const names = ['GET', 'POST', 'PUT', 'DELETE', ...Array.from({ length: methods - 4 }, (_, i) => `X${i}`)];
    for (let i = 0; i < 12_000; i++) {
      const s = c.slot(c.windowId(Math.floor(r() * windows) * 7), c.methodId(names[Math.floor(r() * methods)]!), c.routeId(`/r${Math.floor(r() * routes)}`), 100 + Math.floor(r() * 500));
      if (r() < 0.9) c.add(s, MEASURE_INDEX.count, 1); // some slots stay empty: not listed
    }
    const listed = c.cells().map((x) => [x.window, x.route, x.method, x.status].join(' '));
    const expected = [...new Array(c.size).keys()]
      .filter((s) => c.countAt(s) > 0)
      .map((s) => c.cellAt(s))
      .sort(compareCells)
      .map((x) => [x.window, x.route, x.method, x.status].join(' '));
    expect(listed).toEqual(expected);
    // the slot order is the cells' order, and a key filter keeps that order with fresh views
    expect([...c.sortedSlots()].map((s) => c.cellAt(s)).map((x) => [x.window, x.route, x.method, x.status].join(' '))).toEqual(listed);
    const where = (status: number, method: string, route: string): boolean => status % 3 === 0 && method !== 'POST' && route < '/r2';
    const kept = c.cells(where);
    expect(kept.map((x) => [x.window, x.route, x.method, x.status].join(' '))).toEqual(c.cells().filter((x) => where(x.status, x.method, x.route)).map((x) => [x.window, x.route, x.method, x.status].join(' ')));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(c.cells().length);
  });

  it('a change to the cube drops its cell order: cells and slots listed after it include the new cell', () => {
    const c = cubeOf(records(31, 200));
    const before = c.cells().length;
    expect(c.sortedSlots().length).toBe(before);
    const s = c.slot(c.windowId(0), c.methodId('GET'), c.routeId('/new'), 200);
    c.add(s, MEASURE_INDEX.count, 1);
    expect(c.cells().length).toBe(before + 1);
    expect(c.sortedSlots().length).toBe(before + 1);
    expect(c.cells((_st, _m, route) => route === '/new').map((x) => x.count)).toEqual([1]);
  });

  it('a change to the cube drops its totals: request, measure and status counts after it include the change', () => {
    const c = cubeOf(records(37, 200));
    const requests = c.totalRequests();
    const crawler = c.measureTotal('crawler');
    const statuses = c.statusCounts();
    // a sum over the cells, as each total was before it was kept
    const summed = (m: 'count' | 'crawler'): number => c.cells().reduce((n, x) => n + x.m[m], 0);
    expect([requests, crawler]).toEqual([summed('count'), summed('crawler')]);
    statuses.set(999, 1); // a caller's copy: the cube's counts stay as they are
    expect(c.statusCounts().has(999)).toBe(false);
    const s = c.slot(c.windowId(0), c.methodId('GET'), c.routeId('/new'), 418);
    c.add(s, MEASURE_INDEX.count, 2);
    c.add(s, MEASURE_INDEX.crawler, 1);
    expect(c.totalRequests()).toBe(requests + 2);
    expect(c.measureTotal('crawler')).toBe(crawler + 1);
    expect(c.statusCounts().get(418)).toBe((statuses.get(418) ?? 0) + 2);
  });

  it('refuses to merge cubes with different windows', () => {
    expect(() => new Cube(60_000).mergeFrom(new Cube(300_000))).toThrow(/different windows/);
  });

  it('coarsening keeps every count', () => {
    const c = cubeOf(records(9, 500));
    const before = c.totalRequests();
    const statuses = [...c.statusCounts()].sort();
    c.coarsen(12);
    expect(c.windowMs).toBe(3_600_000);
    expect(c.totalRequests()).toBe(before);
    expect([...c.statusCounts()].sort()).toEqual(statuses);
    expect(c.windowStarts().every((w) => w % 3_600_000 === 0)).toBe(true);
  });

  it.each([1, 2, 3, 4, 5, 6])('seed %i: coarsening in place gives the cube built with the wide windows', (seed) => {
    const recs = records(seed, 300 + seed * 71);
    const c = cubeOf(recs);
    c.coarsen(12);
    const b = new CubeBuilder({ windowMs: 3_600_000 });
    b.cube.files.push({ path: 'a.log', format: 'combined', lines: 0, requests: 0, skipped: 0 });
    for (const rec of recs) b.add(rec, 0, (rec as { lineNo?: number }).lineNo ?? 0, 'body');
    expect(canonical(c, MEASURES)).toEqual(canonical(b.cube, MEASURES));
    expect(c.byWindowStatus.size).toBe(b.cube.byWindowStatus.size);
  });

  it.each([1, 2, 3])('seed %i: a builder that coarsens mid-stream (cell cap) ends as one built with its final windows', (seed) => {
    const recs = [...records(seed, 900)].sort((x, y) => x.time - y.time);
    // a cell cap this low coarsens 5 min -> 15 min -> 30 min -> ... as the records arrive,
    // and cells and attributions created after each coarsening land in reused storage
    const capped = new CubeBuilder({ windowMs: 300_000, maxCells: 150 });
    for (const rec of recs) capped.add(rec, 0, (rec as { lineNo?: number }).lineNo ?? 0, 'body');
    expect(capped.cube.windowMs).toBeGreaterThan(300_000);
    const direct = new CubeBuilder({ windowMs: capped.cube.windowMs, maxCells: Infinity });
    for (const rec of recs) direct.add(rec, 0, (rec as { lineNo?: number }).lineNo ?? 0, 'body');
    expect(canonical(capped.cube, MEASURES)).toEqual(canonical(direct.cube, MEASURES));
  });

  it('a page stores a measure only once one of its cells has a non-zero value of it', () => {
    // records without durations, headers or upstream statuses, as a combined log gives them
    const recs = records(21, 800).map((r) => ({ ...r, durationMs: null, headers: null, upstreamStatus: null }));
    const c = cubeOf(recs);
    const page = c.pageOf(0);
    const column = (m: Measure): unknown => {
      const columns = m === 'durationSumMs' || m.startsWith('sharedSizeBytes') ? page.sums : page.counts;
      const c = MEASURE_COLUMN[MEASURE_INDEX[m]]!;
      return columns.dense[c] ?? columns.sparse[c];
    };
    for (const m of ['durationKnown', 'durationSumMs', 'headersKnown', 'withExpectedHeader', 'upstreamKnown', 'upstreamSame'] as const) expect(column(m)).toBeNull();
    expect(page.sampleFile).toBeNull(); // one file: no file index stored per sample
    expect(column('count')).not.toBeNull();
    expect(c.measureTotal('durationKnown')).toBe(0);
    // a write of 0 allocates nothing either; a real value does
    c.add(0, MEASURE_INDEX.headersKnown, 0);
    expect(column('headersKnown')).toBeNull();
    c.add(0, MEASURE_INDEX.headersKnown, 2);
    expect(c.measure(0, 'headersKnown')).toBe(2);
    expect(column('headersKnown')).not.toBeNull();
  });

  it.each([1, 2, 3, 4, 5])('seed %i: a cell keeps the earliest distinct samples by (file, line), whatever the order they come in', (seed) => {
    const r = rng(seed * 31);
    const c = new Cube(60_000);
    const slots = Array.from({ length: 20 }, (_, i) => c.slot(c.windowId(i), c.methodId('GET'), c.routeId('/'), 200));
    const seen = slots.map(() => new Set<string>());
    for (let i = 0; i < 400; i++) {
      const k = Math.floor(r() * slots.length);
      // file 0 mostly, so that some cells meet their first other file late, after file-0 samples
      const file = r() < 0.8 ? 0 : 1 + Math.floor(r() * 3);
      const line = 1 + Math.floor(r() * 50);
      c.addSample(slots[k]!, file, line);
      seen[k]!.add(`${file} ${line}`);
    }
    slots.forEach((s, k) => {
      const earliest = [...seen[k]!].map((x) => x.split(' ').map(Number)).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!).slice(0, SAMPLES_PER_CELL);
      expect(c.rawSamples(s).sort((a, b) => a[0] - b[0] || a[1] - b[1])).toEqual(earliest);
    });
  });

  it('coarsening that moves cells across pages leaves no measure or sample file of the cell that held a slot before', () => {
    // Page 0: pairs of cells (windows 2k and 2k+1, one route each) that coarsening by 2 merges,
    // with crawler counts, durations and samples from file 1. Page 1: cells of other routes
    // with none of those, which move down into the slots the merged pairs freed in page 0.
    const fill = (c: Cube, windowOf: (w: number) => number): void => {
      const pairs = CELL_PAGE / 2;
      for (let i = 0; i < pairs; i++) {
        for (const w of [0, 1]) {
          const s = c.slot(c.windowId(windowOf(w)), c.methodId('GET'), c.routeId(`/a${i}`), 200);
          c.add(s, MEASURE_INDEX.count, 1);
          c.add(s, MEASURE_INDEX.crawler, 1 + w);
          c.add(s, MEASURE_INDEX.durationSumMs, 10 + w);
          c.addSample(s, 1, 100 + i * 2 + w);
        }
      }
      for (let i = 0; i < 300; i++) {
        const s = c.slot(c.windowId(windowOf(i % 2)), c.methodId('POST'), c.routeId(`/b${i}`), 201);
        c.add(s, MEASURE_INDEX.count, 3);
        c.addSample(s, 0, 50_000 + i);
      }
    };
    const coarsened = new Cube(60_000);
    coarsened.files.push(...['a.log', 'b.log'].map((path) => ({ path, format: 'combined', lines: 0, requests: 0, skipped: 0 })));
    fill(coarsened, (w) => w);
    expect(coarsened.size).toBeGreaterThan(CELL_PAGE);
    expect(coarsened.pageOf(CELL_PAGE).sampleFile).toBeNull();
    coarsened.coarsen(2);
    const direct = new Cube(120_000);
    direct.files.push(...coarsened.files);
    fill(direct, () => 0);
    const view = (c: Cube): unknown => c.cells().map((x) => [x.window, x.method, x.route, x.status, ...MEASURES.map((m) => x.m[m]), x.samples]);
    expect(view(coarsened)).toEqual(view(direct));
  });
});

describe('releasing the key → slot index', () => {
  function builderWith(recs: readonly (LogRecord & { lineNo?: number })[]): CubeBuilder {
    const b = new CubeBuilder({ windowMs: 300_000 });
    b.cube.files.push({ path: 'a.log', format: 'combined', lines: 0, requests: 0, skipped: 0 });
    for (const rec of recs) b.add(rec, 0, rec.lineNo ?? 0, 'body');
    return b;
  }

  it.each([1, 2, 3])('seed %i: frees the tables, and a cube that grows afterwards finds its old cells again', (seed) => {
    // 12000 records: several pages, a rehashed table; the later ones revisit the earlier cells
    const recs = records(seed, 12_000);
    const b = builderWith(recs.slice(0, 9000));
    const readBefore = canonical(b.cube, MEASURES);
    expect(b.cube.indexByteLength).toBeGreaterThan(0);
    b.cube.releaseIndex();
    expect(b.cube.indexByteLength).toBe(0);
    expect(canonical(b.cube, MEASURES)).toEqual(readBefore);
    for (const rec of recs.slice(9000)) b.add(rec, 0, rec.lineNo ?? 0, 'body');
    expect(b.cube.indexByteLength).toBeGreaterThan(0);
    // a rebuilt index that lost a cell would give that cell a second slot
    expect(canonical(b.cube, MEASURES)).toEqual(canonical(cubeOf(recs), MEASURES));
  });

  it('a released cube can be transferred, merged into and coarsened', async () => {
    const recs = records(4, 9000);
    const more = records(5, 3000);
    const sent = cubeOf(recs);
    sent.releaseIndex();
    const t = sent.toTransfer();
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<typeof t>((resolve) => port2.once('message', resolve));
    port1.postMessage(t, Cube.transferBuffers(t));
    const cube = Cube.fromTransfer(await received);
    port1.close();
    cube.mergeFrom(cubeOf(more));
    expect(canonical(cube, PER_RECORD)).toEqual(canonical(cubeOf([...recs, ...more]), PER_RECORD));

    const wide = cubeOf(recs);
    wide.coarsen(12);
    const released = cubeOf(recs);
    released.releaseIndex();
    released.coarsen(12);
    expect(canonical(released, MEASURES)).toEqual(canonical(wide, MEASURES));
  });
});
