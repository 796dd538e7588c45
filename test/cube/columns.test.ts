import { describe, expect, it } from 'vitest';
import { ColumnSet, DENSE_AT, SparseColumn, columnSetBuffers } from '../../src/cube/columns.js';

const PAGE = 8192;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const counts = (denseFromStart = 0): ColumnSet<Uint32Array> => new ColumnSet<Uint32Array>(4, PAGE, false, denseFromStart);
const sums = (): ColumnSet<Float64Array> => new ColumnSet<Float64Array>(2, PAGE, true, -1);

describe('SparseColumn', () => {
  it.each([1, 2, 3, 4])('seed %i: adds and sets read back as a map of offsets does, through every growth of the table', (seed) => {
    const r = rng(seed);
    const column = new SparseColumn();
    const model = new Map<number, number>();
    for (let i = 0; i < 3000; i++) {
      // offsets from the whole page, some far apart, some neighbours (probe chains)
      const o = r() < 0.5 ? Math.floor(r() * PAGE) : Math.floor(r() * 64);
      if (r() < 0.6) {
        const n = 1 + Math.floor(r() * 5);
        expect(column.add(o, n)).toBe((model.get(o) ?? 0) + n);
        model.set(o, (model.get(o) ?? 0) + n);
      } else {
        const v = r() < 0.2 ? 0 : r() * 1000;
        column.set(o, v);
        // a 0 makes no entry where there was none
        if (v !== 0 || model.has(o)) model.set(o, v);
      }
      if (i % 97 === 0) for (const [k, v] of model) expect(column.get(k)).toBe(v);
    }
    for (let o = 0; o < PAGE; o++) expect(column.get(o)).toBe(model.get(o) ?? 0);
    const seen = new Map<number, number>();
    column.forEach((o, v) => seen.set(o, v));
    expect(seen).toEqual(model);
    expect(column.size).toBe(model.size);
    expect(column.keys.length).toBeGreaterThanOrEqual(2 * column.size);
  });

  it('rehash keeps the offsets below the end and drops the others', () => {
    const column = new SparseColumn();
    for (const o of [0, 5, 100, 4000, 4001, 8191]) column.add(o, o + 1);
    column.rehash(column.keys.length, 4001);
    const seen: [number, number][] = [];
    column.forEach((o, v) => seen.push([o, v]));
    expect(seen.sort((a, b) => a[0] - b[0])).toEqual([
      [0, 1],
      [5, 6],
      [100, 101],
      [4000, 4001],
    ]);
    expect([column.get(4001), column.get(8191), column.size]).toEqual([0, 0, 4]);
  });

  it('stores a value as given, not as a difference from the one before', () => {
    const column = new SparseColumn();
    column.set(7, 0.1);
    column.set(7, 0.3);
    expect(column.get(7)).toBe(0.3);
  });

  it('refuses an offset outside a page, and a transferred table that does not fit its size', () => {
    expect(() => new SparseColumn().add(65536, 1)).toThrow(RangeError);
    expect(() => new SparseColumn().add(-1, 1)).toThrow(RangeError);
    const column = new SparseColumn();
    for (let o = 0; o < 5; o++) column.add(o * 3, 1);
    const plain = structuredClone({ keys: column.keys, values: column.values, size: column.size });
    expect(new SparseColumn(plain).get(12)).toBe(1);
    expect(() => new SparseColumn({ ...plain, size: 4 })).toThrow(/does not fit/);
    expect(() => new SparseColumn({ ...plain, values: new Float64Array(8) })).toThrow(/does not fit/);
    expect(() => new SparseColumn({ keys: new Uint16Array(12), values: new Float64Array(12), size: 0 })).toThrow(/does not fit/);
  });
});

describe('ColumnSet', () => {
  it(`holds a column sparsely up to ${DENSE_AT} values, then densely with every value kept`, () => {
    const set = counts();
    const offsets = Array.from({ length: DENSE_AT + 1 }, (_, i) => (i * 7919) % PAGE);
    offsets.slice(0, DENSE_AT).forEach((o, i) => set.add(2, o, i + 1));
    expect(set.dense[2]).toBeNull();
    expect(set.sparse[2]!.size).toBe(DENSE_AT);
    // another add to a value it holds stays sparse; a new offset past the limit turns it dense
    set.add(2, offsets[0]!, 10);
    expect(set.dense[2]).toBeNull();
    set.add(2, offsets[DENSE_AT]!, 5);
    expect(set.sparse[2]).toBeNull();
    expect(set.dense[2]).toBeInstanceOf(Uint32Array);
    offsets.slice(1, DENSE_AT).forEach((o, i) => expect(set.get(2, o)).toBe(i + 2));
    expect([set.get(2, offsets[0]!), set.get(2, offsets[DENSE_AT]!)]).toEqual([11, 5]);
    expect(set.present()).toEqual([2]);
  });

  it('sets turn a column dense past the limit too', () => {
    const set = sums();
    for (let o = 0; o <= DENSE_AT; o++) set.set(1, o, o + 0.5);
    expect(set.dense[1]).toBeInstanceOf(Float64Array);
    for (let o = 0; o <= DENSE_AT; o++) expect(set.get(1, o)).toBe(o + 0.5);
  });

  it('keeps the column named dense from the start dense, and allocates nothing for a zero', () => {
    const set = counts(0);
    set.add(0, 3, 1);
    expect(set.dense[0]).toBeInstanceOf(Uint32Array);
    expect(set.sparse[0]).toBeNull();
    set.set(1, 3, 0);
    set.add(3, 9, 1);
    expect([set.dense[1], set.sparse[1], set.dense[3]]).toEqual([null, null, null]);
    expect(set.sparse[3]!.get(9)).toBe(1);
    expect(set.present()).toEqual([0, 3]);
  });

  it('sums a column over the counted offsets alike, sparse or dense, and clears from an offset in both forms', () => {
    const sparse = sums();
    const dense = sums();
    const countsOfPage = new Uint32Array(PAGE);
    for (let o = 0; o < 300; o++) {
      countsOfPage[o * 3] = o % 4; // some offsets hold no cell
      sparse.add(0, o * 3, o + 0.25);
      dense.densify(0)[o * 3] = o + 0.25;
    }
    expect(sparse.dense[0]).toBeNull();
    for (const end of [0, 1, 450, PAGE]) expect(sparse.sumWhereCounted(0, countsOfPage, end)).toBe(dense.sumWhereCounted(0, countsOfPage, end));
    sparse.clearFrom(450);
    dense.clearFrom(450);
    for (let o = 0; o < 900; o++) expect(sparse.get(0, o)).toBe(dense.get(0, o));
    expect(sparse.get(0, 447)).toBe(149.25);
    expect(sparse.get(0, 450)).toBe(0);
  });

  it.each([5, 6])('seed %i: walks a column\'s non-zero values below an end in offset order, sparse or dense (merges add them in that order)', (seed) => {
    const r = rng(seed);
    const sparse = sums();
    const dense = sums();
    const model = new Map<number, number>();
    for (let i = 0; i < 600; i++) {
      const o = Math.floor(r() * PAGE);
      const v = r() < 0.1 ? 0 : Math.floor(r() * 100) + 0.5;
      sparse.set(0, o, v);
      dense.densify(0)[o] = v;
      model.set(o, v);
    }
    expect(sparse.dense[0]).toBeNull();
    for (const end of [0, 1, 3000, PAGE]) {
      const want = [...model].filter(([o, v]) => o < end && v !== 0).sort((a, b) => a[0] - b[0]);
      for (const set of [sparse, dense]) {
        const got: [number, number][] = [];
        set.forEachValue(0, end, (o, v) => got.push([o, v]));
        expect(got).toEqual(want);
      }
    }
    const none: number[] = [];
    sparse.forEachValue(1, PAGE, (o) => none.push(o));
    expect(none).toEqual([]);
  });

  it('walks a sparse column afresh after a walk whose callback threw (as a count past its range does in a merge)', () => {
    const a = sums();
    const b = sums();
    for (let o = 0; o < 20; o++) a.set(0, o * 100, o + 1);
    b.set(0, 1500, 7);
    let seen = 0;
    expect(() =>
      a.forEachValue(0, PAGE, () => {
        if (++seen === 3) throw new RangeError('past its range');
      }),
    ).toThrow(RangeError);
    const got: [number, number][] = [];
    b.forEachValue(0, PAGE, (o, v) => got.push([o, v]));
    expect(got).toEqual([[1500, 7]]);
  });

  it('crosses a thread as plain data and refuses a page whose column is both dense and sparse', () => {
    const set = counts();
    set.add(0, 1, 4);
    set.add(1, 2, 5);
    set.add(3, 3, 6);
    const copy = structuredClone(set);
    const back = new ColumnSet<Uint32Array>(4, PAGE, false, 0, copy);
    expect([back.get(0, 1), back.get(1, 2), back.get(3, 3)]).toEqual([4, 5, 6]);
    expect(columnSetBuffers(set)).toHaveLength(5);
    const both = structuredClone(set);
    both.dense[1] = new Uint32Array(PAGE);
    expect(() => new ColumnSet<Uint32Array>(4, PAGE, false, 0, both)).toThrow(/wrong size/);
    const wrongKind = structuredClone(set);
    wrongKind.dense[0] = new Float64Array(PAGE) as unknown as Uint32Array;
    expect(() => new ColumnSet<Uint32Array>(4, PAGE, false, 0, wrongKind)).toThrow(/wrong size/);
  });
});
