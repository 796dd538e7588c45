import { Attribution } from '../../src/cube/attribution.js';
import type { Cell, SampleRef } from '../../src/cube/cube.js';
import type { Measure } from '../../src/cube/measures.js';

/** Small helpers the catalogue rules share: grouping cells, spans, samples, who. */

export interface Group {
  method: string;
  route: string;
  status: number;
  cells: Cell[];
}

/** cells that `keep` takes, grouped under `keyOf`, groups in first-seen order */
function groupCells<G extends { cells: Cell[] }>(cells: readonly Cell[], keep: (c: Cell) => boolean, keyOf: (c: Cell) => string, create: (c: Cell) => G): G[] {
  const out = new Map<string, G>();
  for (const c of cells) {
    if (!keep(c)) continue;
    const k = keyOf(c);
    let g = out.get(k);
    if (g === undefined) {
      g = create(c);
      out.set(k, g);
    }
    g.cells.push(c);
  }
  return [...out.values()];
}

/** cells (those `keep` takes; all by default) grouped by method + route + status (all windows), in first-seen order of the sorted cells */
export function groupByKey(cells: readonly Cell[], keep: (c: Cell) => boolean = () => true): Group[] {
  return groupCells(cells, keep, (c) => `${c.method} ${c.route} ${c.status}`, (c) => ({ method: c.method, route: c.route, status: c.status, cells: [] }));
}

export interface RouteGroup {
  method: string;
  route: string;
  cells: Cell[];
}

/** cells grouped by method + route (all windows and statuses that `keep` takes), in first-seen order */
export function groupByRoute(cells: readonly Cell[], keep: (c: Cell) => boolean): RouteGroup[] {
  return groupCells(cells, keep, (c) => c.method + ' ' + c.route, (c) => ({ method: c.method, route: c.route, cells: [] }));
}

export function sum(cells: readonly Cell[], m: Measure): number {
  let n = 0;
  for (const c of cells) n += c.m[m];
  return n;
}

export function span(cells: readonly Cell[], windowMs: number): { start: number; end: number } {
  let start = Infinity;
  let end = -Infinity;
  for (const c of cells) {
    if (c.window < start) start = c.window;
    if (c.window + windowMs > end) end = c.window + windowMs;
  }
  return { start, end };
}

export function compareSamples(a: SampleRef, b: SampleRef): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
}

/** the earliest `n` sample references of some cells */
export function samplesOf(cells: readonly Cell[], n = 3): SampleRef[] {
  return cells.flatMap((c) => c.samples).sort(compareSamples).slice(0, n);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function spanText(s: { start: number; end: number }): string {
  return `${iso(s.start)} – ${iso(s.end)}`;
}

/** attribution evidence: distinct clients and the heaviest clients / user-agent families */
export function whoEvidence(who: Attribution | undefined): { clients: number | null; topClients: [string, number][]; topAgents: [string, number][] } {
  return {
    clients: who?.distinctClients() ?? null,
    topClients: who?.clients.sorted().slice(0, 5) ?? [],
    topAgents: who?.agents.sorted().slice(0, 5) ?? [],
  };
}

export function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** distinct clients of several attributions together (their union: the HLL sketches merge exactly) */
export function unionDistinct(parts: readonly (Attribution | undefined)[]): { clients: number; approx: boolean } {
  const all = new Attribution();
  for (const a of parts) if (a !== undefined) all.mergeFrom(a);
  return { clients: all.distinctClients(), approx: all.clients.other > 0 };
}
