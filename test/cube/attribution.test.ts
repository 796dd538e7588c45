import { describe, expect, it } from 'vitest';
import { Attribution, AttributionPool, hash32, TOP_K, TopCounts } from '../../src/cube/attribution.js';

const keys = (n: number, prefix = 'k'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const feed = (a: Attribution, clients: readonly string[], family = 'curl'): void => {
  for (const c of clients) a.add(c, hash32(c), family, hash32(family));
};

describe('TopCounts', () => {
  it('counts exactly while it holds at most TOP_K keys', () => {
    const t = new TopCounts();
    for (const k of keys(TOP_K)) for (let i = 0; i < 3; i++) t.add(k);
    expect(t.size).toBe(TOP_K);
    expect(t.other).toBe(0);
    expect(t.get('k5')).toBe(3);
    expect(t.total()).toBe(3 * TOP_K);
  });

  it('counts keys seen after the list filled under other, and keeps counting the kept ones', () => {
    const t = new TopCounts();
    for (const k of keys(TOP_K + 10)) t.add(k);
    t.add('k0', 4);
    expect(t.size).toBe(TOP_K);
    expect(t.other).toBe(10);
    expect(t.get('k0')).toBe(5);
    expect(t.get(`k${TOP_K}`)).toBeUndefined();
    expect(t.total()).toBe(TOP_K + 10 + 4);
  });

  it.each([
    // the quick-reject filter keys on the tag's low 6 bits: equal low bits, or an equal
    // whole tag, must still compare the keys themselves
    ['tags sharing the filter bit', (i: number) => (i << 6) | 5],
    ['one tag for every key', () => 0x7ead],
    ['negative tags', (i: number) => -1 - (i << 6)],
  ])('keeps keys apart with %s', (_name, tagOf) => {
    const t = new TopCounts();
    const ks = keys(TOP_K + 4);
    for (let round = 0; round < 2; round++) ks.forEach((k, i) => t.add(k, 1, tagOf(i)));
    for (const k of ks.slice(0, TOP_K)) expect(t.get(k)).toBe(2);
    expect(t.other).toBe(8);
  });

  it('a merge keeps the TOP_K largest, moves the rest to other, and finds its kept keys again', () => {
    const a = TopCounts.of(keys(TOP_K).map((k, i) => [k, i + 1] as const), 2);
    const b = TopCounts.of(keys(4, 'b').map((k) => [k, 100] as const), 1);
    a.mergeFrom(b);
    expect(a.size).toBe(TOP_K);
    expect(a.total()).toBe((TOP_K * (TOP_K + 1)) / 2 + 2 + 400 + 1);
    expect(a.get('b0')).toBe(100);
    expect(a.get('k0')).toBeUndefined(); // among the four smallest: folded into other
    a.add('b0');
    a.add('k15');
    expect(a.get('b0')).toBe(101);
    expect(a.get('k15')).toBe(17);
    expect(a.sorted()[0]).toEqual(['b0', 101]);
  });

  it.each([
    ['fits', 6, 10, 3],
    ['fits exactly', 8, 10, 2],
    ['overflows by one', 8, 11, 2],
  ])('a merge whose union %s gives the summed counts, and keeps finding its keys', (_name, mine, theirs, shared) => {
    const a = TopCounts.of(keys(mine).map((k, i) => [k, i + 1] as const), 1);
    const bKeys = [...keys(shared), ...keys(theirs - shared, 'b')];
    const b = TopCounts.of(bKeys.map((k, i) => [k, 10 * (i + 1)] as const), 2);
    const sums = new Map<string, number>();
    for (const t of [a, b]) for (const [k, n] of t.counts) sums.set(k, (sums.get(k) ?? 0) + n);
    a.mergeFrom(b);
    const kept = [...sums].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, TOP_K);
    expect(a.sorted()).toEqual(kept);
    expect(a.total()).toBe([...sums.values()].reduce((x, y) => x + y, 0) + 3);
    for (const [k, n] of kept) {
      a.add(k);
      expect(a.get(k)).toBe(n + 1);
    }
    expect(a.size).toBe(Math.min(TOP_K, sums.size));
  });

  it.each([1, 2, 3])('seed %i: a chain of merges keeps what a map of summed counts, sorted by count then key, keeps', (seed) => {
    let s = seed;
    const rand = (n: number): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s % n;
    };
    // lists drawn from 40 keys with tied counts, so that the key order decides many places
    const list = (): [string, number][] => [...new Map(Array.from({ length: 1 + rand(TOP_K) }, () => [`c${rand(40)}`, 1 + rand(4)] as [string, number]))];
    const acc = TopCounts.of(list(), 0);
    let model = new Map(acc.counts);
    let other = 0;
    for (let round = 0; round < 200; round++) {
      const entries = list();
      const extra = rand(3);
      const b = TopCounts.of(entries, extra);
      for (const [k, n] of entries) model.set(k, (model.get(k) ?? 0) + n);
      acc.mergeFrom(b);
      other += extra;
      const sorted = [...model].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
      for (const [, n] of sorted.slice(TOP_K)) other += n;
      model = new Map(sorted.slice(0, TOP_K));
      expect(acc.sorted()).toEqual(sorted.slice(0, TOP_K));
      expect(acc.other).toBe(other);
    }
    // the merged list still finds its keys by tag and filter bit
    for (const [k, n] of model) {
      acc.add(k);
      expect(acc.get(k)).toBe(n + 1);
    }
  });

  it('round-trips through JSON', () => {
    const t = TopCounts.of([['x', 3], ['y', 5]], 7);
    const back = TopCounts.fromJSON(JSON.parse(JSON.stringify(t)));
    expect(back.sorted()).toEqual([['y', 5], ['x', 3]]);
    expect(back.other).toBe(7);
    back.add('x');
    expect(back.get('x')).toBe(4);
  });
});

describe('Attribution', () => {
  it('is exact for few clients and estimates many within the sketch error', () => {
    const few = new Attribution();
    feed(few, keys(10, '10.0.0.'));
    feed(few, keys(10, '10.0.0.'));
    expect(few.distinctClients()).toBe(10);
    expect(few.agents.get('curl')).toBe(20);

    const many = new Attribution();
    feed(many, keys(20_000, '192.0.2.'));
    // 64 registers: standard error 1.04/√64 = 13%; three of them either side
    expect(many.distinctClients()).toBeGreaterThan(20_000 * 0.61);
    expect(many.distinctClients()).toBeLessThan(20_000 * 1.39);
  });

  it('keeps attributions apart that share a storage page, and across pages', () => {
    // several pages' worth, each with its own clients, agents and registers
    const all = Array.from({ length: 700 }, () => new Attribution());
    all.forEach((a, i) => {
      feed(a, keys(i % (TOP_K + 3), `${i}/`), `agent${i}`);
      a.add(null, 0, `agent${i}`, hash32(`agent${i}`));
    });
    all.forEach((a, i) => {
      const n = i % (TOP_K + 3);
      expect(a.clients.size).toBe(Math.min(n, TOP_K));
      expect(a.clients.other).toBe(Math.max(0, n - TOP_K));
      expect(a.clients.sorted().every(([k]) => k.startsWith(`${i}/`))).toBe(true);
      expect([...a.agents.counts]).toEqual([[`agent${i}`, n + 1]]);
      const fresh = new Attribution();
      feed(fresh, keys(n, `${i}/`));
      expect([...a.hll]).toEqual([...fresh.hll]);
    });
  });

  it('round-trips through JSON and from its parts', () => {
    const a = new Attribution();
    feed(a, keys(40, '198.51.100.'), 'Go-http-client');
    const back = Attribution.fromJSON(JSON.parse(JSON.stringify(a)) as Parameters<typeof Attribution.fromJSON>[0]);
    const parts = Attribution.of(a.clients.counts, a.clients.other, a.agents.counts, a.agents.other, a.hll);
    for (const b of [back, parts]) {
      expect(b.clients.sorted()).toEqual(a.clients.sorted());
      expect(b.clients.other).toBe(a.clients.other);
      expect(b.agents.sorted()).toEqual(a.agents.sorted());
      expect([...b.hll]).toEqual([...a.hll]);
      expect(b.distinctClients()).toBe(a.distinctClients());
    }
    // the registers are a copy: writing to it leaves the attribution as it was
    a.hll.fill(60);
    expect(a.distinctClients()).toBe(back.distinctClients());
  });

  it('merges exactly: the sketch of a ++ b equals the merge of the sketches', () => {
    const a = new Attribution();
    const b = new Attribution();
    const both = new Attribution();
    feed(a, keys(3000, 'a'));
    feed(b, keys(3000, 'b'));
    feed(both, [...keys(3000, 'a'), ...keys(3000, 'b')]);
    a.mergeFrom(b);
    expect(a.distinctClients()).toBe(both.distinctClients());
    expect(a.clients.total()).toBe(6000);
  });
});

describe('AttributionPool', () => {
  it('hands a released attribution\'s storage out again empty, before opening a page', () => {
    const pool = new AttributionPool();
    const used = new Attribution(pool);
    feed(used, keys(TOP_K + 40, 'c'));
    used.agents.add('curl', 3);
    expect(used.clients.other).toBeGreaterThan(0);
    const kept = new Attribution(pool);
    feed(kept, ['x', 'y']);
    pool.release(used);
    const fresh = new Attribution(pool);
    expect([fresh.page, fresh.slot]).toEqual([used.page, used.slot]);
    expect([fresh.clients.size, fresh.clients.other, fresh.clients.total()]).toEqual([0, 0, 0]);
    expect([fresh.agents.size, fresh.agents.other]).toEqual([0, 0]);
    expect([...fresh.hll].every((r) => r === 0)).toBe(true);
    expect(fresh.distinctClients()).toBe(0);
    feed(fresh, ['c1']);
    expect(fresh.clients.sorted()).toEqual([['c1', 1]]);
    // its neighbour in the page is untouched
    expect(kept.clients.sorted()).toEqual([['x', 1], ['y', 1]]);
  });

  it('refuses an attribution of another pool', () => {
    expect(() => new AttributionPool().release(new Attribution(new AttributionPool()))).toThrow(/not in this pool/);
  });
});
