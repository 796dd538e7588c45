import { defineRule, type Rule } from '../../src/engine/types.js';

/**
 * The rule with fixed options: analyzeLines has no per-rule options yet, so the options a
 * config would carry are bound into the rule for the table tests.
 */
export function withOptions(rule: Rule, options: Record<string, unknown>): Rule {
  return defineRule({ meta: rule.meta, check: (cube, ctx) => rule.check(cube, { ...ctx, options }) });
}

export const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
export const BINGBOT = 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)';
export const AHREFS = 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)';

/** ISO time `minutes` after `base` */
export function at(base: string, minutes: number): string {
  return new Date(Date.parse(base) + minutes * 60_000).toISOString();
}

/** n indexes 0..n-1, for building cases */
export function times(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
