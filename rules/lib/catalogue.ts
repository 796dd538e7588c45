import { HLL_REGISTERS, type Attribution } from '../../src/cube/attribution.js';
import type { Cell, SampleRef } from '../../src/cube/cube.js';
import type { Measure } from '../../src/cube/measures.js';

/** Small helpers the catalogue rules share: grouping cells, spans, samples, who. */

export interface Group {
  method: string;
  route: string;
  status: number;
  cells: Cell[];
}

/** cells grouped by method + route + status (all windows), in first-seen order of the sorted cells */
export function groupByKey(cells: readonly Cell[], keep: (c: Cell) => boolean): Group[] {
  const out = new Map<string, Group>();
  for (const c of cells) {
    if (!keep(c)) continue;
    const k = `${c.method} ${c.route} ${c.status}`;
    let g = out.get(k);
    if (g === undefined) {
      g = { method: c.method, route: c.route, status: c.status, cells: [] };
      out.set(k, g);
    }
    g.cells.push(c);
  }
  return [...out.values()];
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

/**
 * Distinct clients of several attributions together. Successful answers keep only the
 * HyperLogLog sketch (no client list), so `Attribution.distinctClients()` on a merge of
 * 2xx and non-2xx slices would count only the listed non-2xx clients: take the larger of
 * the exact listed count and the sketch's estimate instead.
 */
export function unionDistinct(parts: readonly (Attribution | undefined)[]): { clients: number; approx: boolean } {
  const listed = new Set<string>();
  let overflow = false;
  let sketchOnly = false;
  const regs = new Uint8Array(HLL_REGISTERS);
  for (const a of parts) {
    if (a === undefined) continue;
    for (const k of a.clients.counts.keys()) listed.add(k);
    if (a.clients.other > 0) overflow = true;
    if (a.clients.counts.size === 0) sketchOnly = true;
    for (let i = 0; i < HLL_REGISTERS; i++) if (a.hll[i]! > regs[i]!) regs[i] = a.hll[i]!;
  }
  if (!overflow && !sketchOnly) return { clients: listed.size, approx: false };
  return { clients: Math.max(listed.size, hllEstimate(regs)), approx: true };
}

/** the HyperLogLog estimate of a register array (the estimator Attribution uses, m = 64) */
export function hllEstimate(regs: Uint8Array): number {
  const m = regs.length;
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < m; i++) {
    sum += 2 ** -regs[i]!;
    if (regs[i] === 0) zeros++;
  }
  if (zeros === m) return 0;
  let est = (0.709 * m * m) / sum;
  if (est <= 2.5 * m && zeros > 0) est = m * Math.log(m / zeros);
  return Math.round(est);
}
