// Issue 6: every status code a rule mentions exists in the registry, and a rule that cites an
// RFC 9110 status-code section (§15.x.y) cites one the registry knows, so rules and `explain`
// cannot drift apart. Other references (methods, caching, RFC 6585...) are not constrained.
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { allStatuses, getStatus } from '../../src/status/registry.js';
import { specLabel } from '../../src/status/types.js';

const KNOWN_SPEC_LABELS = new Set(allStatuses().map((s) => specLabel(s.spec)));

describe('rules and the status registry agree', () => {
  it('there are rules to check', () => {
    expect(RULES.length).toBeGreaterThan(0);
  });

  it.each(RULES.map((r) => [r.meta.id, r] as const))('%s: its codes are in the registry', (_id, rule) => {
    expect(rule.meta.codes.length).toBeGreaterThan(0);
    const missing = rule.meta.codes.filter((c) => getStatus(c) === undefined);
    expect(missing).toEqual([]);
  });

  it.each(RULES.map((r) => [r.meta.id, r] as const))('%s: its RFC 9110 §15 references are status sections the registry cites', (_id, rule) => {
    const rfcRefs = rule.meta.references.filter((ref) => /^RFC 9110 §15\.\d+\.\d+$/.test(ref));
    const unknown = rfcRefs.filter((ref) => !KNOWN_SPEC_LABELS.has(ref));
    expect(unknown).toEqual([]);
  });
});
