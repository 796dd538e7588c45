import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import type { Rule } from '../../src/engine/types.js';
import { analyze } from '../../src/index.js';
import { repoRoot } from '../cli/run-cli.js';

describe('analyze: beforeRules', () => {
  it('is called once, after every input is read and before any rule runs', async () => {
    const calls: string[] = [];
    const probe = (rule: Rule): Rule => ({ meta: rule.meta, check: (cube, ctx) => (calls.push(`rule ${cube.totalRequests()}`), rule.check(cube, ctx)) });
    const inputs = ['api-511.log', 'clean.log'].map((f) => join(repoRoot, 'fixtures/logs', f));
    const report = await analyze({
      inputs,
      threads: 1,
      ruleSet: RULES.filter((r) => r.meta.id === 'origin-511' || r.meta.id === 'crawler-errors').map(probe),
      beforeRules: () => calls.push('beforeRules'),
    });
    const total = report.summary.requests;
    expect(total).toBeGreaterThan(0);
    expect(calls).toEqual(['beforeRules', `rule ${total}`, `rule ${total}`]);
  });

  it('runs the rules on a cube whose key → slot index is released (they read cells by slot)', async () => {
    const indexBytes: number[] = [];
    const probe = (rule: Rule): Rule => ({ meta: rule.meta, check: (cube, ctx) => (indexBytes.push(cube.indexByteLength), rule.check(cube, ctx)) });
    const report = await analyze({
      inputs: [join(repoRoot, 'fixtures/logs', 'api-511.log')],
      ruleSet: RULES.filter((r) => r.meta.id === 'origin-511').map(probe),
    });
    expect(report.findings.map((f) => f.ruleId)).toContain('origin-511');
    expect(indexBytes).toEqual([0]);
  });
});
