import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { booleanOption, numberOption, optionProblems, withDefaults, type OptionSpecs } from '../../src/engine/options.js';
import { checkRuleConfig, UnknownRuleError } from '../../src/engine/run.js';
import { analyzeLines } from '../../src/index.js';

const SPECS: OptionSpecs = {
  minCount: { type: 'number', default: 5, min: 1, integer: true, description: 'c' },
  share: { type: 'number', default: 0.5, min: 0, above: true, max: 1, description: 's' },
  trust: { type: 'boolean', default: false, description: 't' },
};

describe('rule options against their declaration', () => {
  it.each([
    ['an allowed set', { minCount: 3, share: 1, trust: true }, []],
    ['nothing set', {}, []],
    ['a misspelt name', { minCont: 3 }, [['minCont', 'unknown option; options of this rule: minCount, share, trust']]],
    ['a number as a string', { minCount: '3' }, [['minCount', 'expected a number, got "3"']]],
    ['not finite', { share: null }, [['share', 'expected a number, got null']]],
    ['below the minimum', { minCount: 0 }, [['minCount', 'expected a number ≥ 1, got 0']]],
    ['at an exclusive minimum', { share: 0 }, [['share', 'expected a number > 0, got 0']]],
    ['above the maximum', { share: 1.5 }, [['share', 'expected a number ≤ 1, got 1.5']]],
    ['a fraction for a count', { minCount: 2.5 }, [['minCount', 'expected a whole number, got 2.5']]],
    ['a string for a boolean', { trust: 'yes' }, [['trust', 'expected true or false, got "yes"']]],
    ['two problems at once', { minCount: -1, trust: 1 }, [['minCount', 'expected a number ≥ 1, got -1'], ['trust', 'expected true or false, got 1']]],
  ] as [string, Record<string, unknown>, [string, string][]][])('%s', (_name, given, want) => {
    expect(optionProblems(SPECS, given)).toEqual(want);
  });

  it('a rule without options rejects any', () => {
    expect(optionProblems(undefined, { x: 1 })).toEqual([['x', 'unknown option: this rule has no options']]);
  });

  it('fills every declared option, the given value over the default', () => {
    const o = withDefaults(SPECS, { share: 0.9 });
    expect(o).toEqual({ minCount: 5, share: 0.9, trust: false });
    expect(numberOption(o, 'share')).toBe(0.9);
    expect(booleanOption(o, 'trust')).toBe(false);
    expect(() => numberOption(o, 'trust')).toThrow(TypeError);
  });

  it('every built-in rule declares defaults its own declaration accepts', () => {
    for (const r of RULES) {
      const defaults = Object.fromEntries(Object.entries(r.meta.options ?? {}).map(([k, s]) => [k, s.default]));
      expect(optionProblems(r.meta.options, defaults), r.meta.id).toEqual([]);
    }
  });
});

describe('the engine checks options before anything runs', () => {
  it('names the rule and the option', () => {
    expect(() => checkRuleConfig(RULES, {}, { 'unauthorized-spike': { minExces: 5 } })).toThrow(
      new UnknownRuleError('rule unauthorized-spike, option minExces: unknown option; options of this rule: minExcess, minRatio, minIncrease, minBaselineWindows, minBaselineRequests, alpha, broadRoutes'),
    );
    expect(() => checkRuleConfig(RULES, {}, { 'no-such-rule': {} })).toThrow(/unknown rule "no-such-rule"/);
  });

  it('the options reach the rule: a lower threshold finds what the default does not', () => {
    const line = (i: number): string => `10.0.0.${i % 3} - - [16/Nov/2026:03:00:0${i % 10} +0000] "GET /blog/post HTTP/1.1" 500 0 "-" "Googlebot/2.1"`;
    const lines = Array.from({ length: 3 }, (_, i) => line(i));
    const run = (options?: Record<string, unknown>) =>
      analyzeLines(lines, { ruleSet: RULES.filter((r) => r.meta.id === 'crawler-errors'), ruleOptions: options === undefined ? undefined : { 'crawler-errors': options } }).findings.map((f) => f.severity);
    expect(run()).toEqual(['info']);
    expect(run({ minErrors: 2 })).toEqual(['warning']);
    expect(() => run({ minErrors: '2' })).toThrow('rule crawler-errors, option minErrors: expected a number, got "2"');
  });
});
