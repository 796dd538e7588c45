import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import type { OptionSpec } from '../../src/engine/options.js';
import { repoRoot } from '../cli/run-cli.js';

/**
 * The schema's `rules` section is the rules' own declarations (ids, option names, types,
 * bounds, defaults) written as JSON Schema, so an editor flags what the CLI rejects. It is
 * generated from the rule metadata: UPDATE_GOLDEN=1 rewrites it.
 */
const path = join(repoRoot, 'src/config/statuslint.schema.json');

function optionSchema(spec: OptionSpec): Record<string, unknown> {
  if (spec.type === 'boolean') return { type: 'boolean', default: spec.default, description: spec.description };
  return {
    type: spec.integer === true ? 'integer' : 'number',
    ...(spec.above === true ? { exclusiveMinimum: spec.min } : { minimum: spec.min }),
    ...(spec.max === undefined ? {} : { maximum: spec.max }),
    default: spec.default,
    description: spec.description,
  };
}

function rulesSection(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const r of [...RULES].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1))) {
    const options = Object.fromEntries(Object.entries(r.meta.options ?? {}).map(([name, spec]) => [name, optionSchema(spec)]));
    properties[r.meta.id] = {
      description: r.meta.description,
      oneOf: [
        { $ref: '#/definitions/severity' },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            severity: { $ref: '#/definitions/severity' },
            options: { type: 'object', additionalProperties: false, description: `Options of ${r.meta.id} (see rules/${r.meta.id}.md).`, properties: options },
          },
        },
      ],
    };
  }
  return { type: 'object', description: 'Per rule id: a severity, or an object with a severity and options.', additionalProperties: false, properties };
}

describe('statuslint.schema.json, rules section', () => {
  const schema = JSON.parse(readFileSync(path, 'utf8'));

  it('is generated from the rule declarations', () => {
    const want = rulesSection();
    if (process.env.UPDATE_GOLDEN === '1') {
      schema.properties.rules = want;
      writeFileSync(path, JSON.stringify(schema, null, 2) + '\n');
    }
    expect(schema.properties.rules).toEqual(want);
  });

  it.each([
    ['a misspelt option', { rules: { 'crawler-errors': { options: { minError: 2 } } } }, false],
    ['an option out of range', { rules: { 'soft-not-found': { options: { minShare: 50 } } } }, false],
    ['a string for a number', { rules: { 'unauthorized-spike': { options: { minExcess: '5' } } } }, false],
    ['an unknown rule', { rules: { 'no-such-rule': 'off' } }, false],
    ['options the rule declares', { rules: { 'crawler-errors': { severity: 'info', options: { minErrors: 10, minShare: 0.2 } } } }, true],
  ])('%s', (_name, config, valid) => {
    const validate = new Ajv({ allErrors: true, strict: true, strictTuples: false }).compile(schema);
    expect(validate(config)).toBe(valid);
  });
});
