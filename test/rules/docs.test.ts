import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runRule } from './rule-tester.js';

/**
 * Every rule has a doc beside it, and the doc's log excerpts are executed: a block fenced
 * as ```log incorrect must make the rule fire, a ```log correct block must not.
 */
const rulesDir = fileURLToPath(new URL('../../rules/', import.meta.url));

function excerpts(doc: string, kind: 'incorrect' | 'correct'): string[][] {
  const out: string[][] = [];
  const fence = new RegExp('^```log ' + kind + '(?: format=(\\S+))?(?: options=\\S+)?\\n([\\s\\S]*?)^```', 'gm');
  for (const m of doc.matchAll(fence)) out.push(m[2]!.split('\n').filter((l) => l.length > 0));
  return out;
}

function formatOf(doc: string, kind: string, i: number): string | undefined {
  const fence = new RegExp('^```log ' + kind + '(?: format=(\\S+))?(?: options=\\S+)?$', 'gm');
  return [...doc.matchAll(fence)][i]?.[1];
}

/** rule options for an excerpt: ```log incorrect options={"name":value} (JSON without spaces) */
function optionsOf(doc: string, kind: string, i: number): Record<string, unknown> | undefined {
  const fence = new RegExp('^```log ' + kind + '(?: format=\\S+)?(?: options=(\\S+))?$', 'gm');
  const o = [...doc.matchAll(fence)][i]?.[1];
  return o === undefined ? undefined : (JSON.parse(o) as Record<string, unknown>);
}

describe.each(RULES.map((r) => [r.meta.id, r] as const))('rules/%s.md', (id, rule) => {
  const doc = readFileSync(`${rulesDir}${id}.md`, 'utf8');

  it('names the rule, what it flags, and when not to use it', () => {
    expect(doc.startsWith(`# ${id}`)).toBe(true);
    expect(doc).toMatch(/^## When not to use it/m);
    expect(doc).toMatch(/^## Options/m);
  });

  it('documents every option it declares, with its default, and only those', () => {
    const section = (text: string): string => text.slice(text.search(/^## Options/m)).split(/^## (?!Options)/m)[0]!;
    const own = section(doc);
    const specs = Object.entries(rule.meta.options ?? {});
    if (specs.length === 0) {
      expect(own, `${id}.md: a rule without options says so`).toMatch(/^## Options\n\nNone\./);
      return;
    }
    // a rule sharing another rule's options may point to that rule's table for the defaults
    const sharer = RULES.find((r) => r !== rule && r.meta.options === rule.meta.options && own.includes(`\`${r.meta.id}\``));
    const table = sharer === undefined ? own : section(readFileSync(`${rulesDir}${sharer.meta.id}.md`, 'utf8'));
    for (const [name, spec] of specs) {
      expect(own, `${id}.md names option ${name}`).toContain(`\`${name}\``);
      expect(table, `${id}.md gives the default of ${name}`).toContain(String(spec.default));
    }
    const documented = [...table.matchAll(/^\| `(\w+)`/gm)].map((m) => m[1]);
    for (const name of documented) expect(rule.meta.options, `${id}.md documents ${name}, which the rule does not declare`).toHaveProperty(name!);
  });

  it('has incorrect excerpts that fire and correct excerpts that do not', () => {
    const bad = excerpts(doc, 'incorrect');
    const good = excerpts(doc, 'correct');
    expect(bad.length).toBeGreaterThan(0);
    expect(good.length).toBeGreaterThan(0);
    bad.forEach((lines, i) => {
      const found = runRule(rule, { name: 'doc', lines, logFormat: formatOf(doc, 'incorrect', i), options: optionsOf(doc, 'incorrect', i) });
      expect(found.length, `incorrect excerpt ${i + 1} of ${id}.md did not fire`).toBeGreaterThan(0);
    });
    good.forEach((lines, i) => {
      const found = runRule(rule, { name: 'doc', lines, logFormat: formatOf(doc, 'correct', i), options: optionsOf(doc, 'correct', i) });
      expect(found.map((f) => f.message), `correct excerpt ${i + 1} of ${id}.md fired`).toEqual([]);
    });
  });
});
