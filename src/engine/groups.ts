import type { Cell, SampleRef } from '../cube/cube.js';
import { MEASURES, type Measure } from '../cube/measures.js';

/**
 * Cells summed per method + route, for the rules that judge a route over the whole log
 * (not a moment): retry storms, 401-for-403, missing challenges.
 */
export interface RouteSum {
  method: string;
  route: string;
  /** summed measures of the selected cells */
  m: Record<Measure, number>;
  /** window starts (ascending) of the selected cells, and of those where `focus` > 0 */
  windows: number[];
  focusWindows: number[];
  samples: SampleRef[];
}

export function sumByRoute(cells: readonly Cell[], select: (c: Cell) => boolean, focus?: Measure): RouteSum[] {
  const by = new Map<string, RouteSum>();
  for (const c of cells) {
    if (!select(c)) continue;
    const k = c.method + ' ' + c.route;
    let g = by.get(k);
    if (g === undefined) {
      g = { method: c.method, route: c.route, m: {} as Record<Measure, number>, windows: [], focusWindows: [], samples: [] };
      by.set(k, g);
    }
    for (const name of MEASURES) g.m[name] = (g.m[name] ?? 0) + c.m[name];
    if (g.windows[g.windows.length - 1] !== c.window) g.windows.push(c.window);
    if (focus === undefined || c.m[focus] > 0) {
      if (g.focusWindows[g.focusWindows.length - 1] !== c.window) g.focusWindows.push(c.window);
      g.samples.push(...c.samples);
    }
  }
  const out = [...by.values()];
  for (const g of out) {
    g.windows.sort((a, b) => a - b);
    g.focusWindows = [...new Set(g.focusWindows)].sort((a, b) => a - b);
    g.windows = [...new Set(g.windows)];
    g.samples = g.samples.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line)).slice(0, 3);
  }
  return out.sort((a, b) => (a.route < b.route ? -1 : a.route > b.route ? 1 : a.method < b.method ? -1 : a.method > b.method ? 1 : 0));
}
