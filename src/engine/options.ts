/**
 * Rule options: each rule declares its options (type, bounds, default) in its meta, and a
 * config is checked against that declaration before any log is read. A misspelt option
 * name or an ill-typed value is an error that names the rule, the option and what is
 * allowed, never a silent fall back to the default: a CI check whose threshold was
 * mistyped would otherwise pass or fail for a reason nobody configured.
 */

export interface NumberOptionSpec {
  type: 'number';
  default: number;
  /** least value allowed (inclusive unless `above`) */
  min: number;
  /** `min` itself is not allowed: the value must be above it */
  above?: boolean;
  max?: number;
  integer?: boolean;
  description: string;
}

export interface BooleanOptionSpec {
  type: 'boolean';
  default: boolean;
  description: string;
}

export type OptionSpec = NumberOptionSpec | BooleanOptionSpec;
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** what is wrong with `value` for `spec`, or null when it is allowed */
function valueProblem(spec: OptionSpec, value: unknown): string | null {
  if (spec.type === 'boolean') return typeof value === 'boolean' ? null : `expected true or false, got ${JSON.stringify(value)}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `expected a number, got ${JSON.stringify(value)}`;
  if (spec.integer === true && !Number.isInteger(value)) return `expected a whole number, got ${value}`;
  if (spec.above === true ? value <= spec.min : value < spec.min) return `expected a number ${spec.above === true ? '>' : '≥'} ${spec.min}, got ${value}`;
  if (spec.max !== undefined && value > spec.max) return `expected a number ≤ ${spec.max}, got ${value}`;
  return null;
}

/** every problem of some options against a rule's declaration, by option name */
export function optionProblems(specs: OptionSpecs | undefined, given: Readonly<Record<string, unknown>>): [string, string][] {
  const out: [string, string][] = [];
  const names = Object.keys(specs ?? {});
  for (const [name, value] of Object.entries(given)) {
    const spec = specs?.[name];
    if (spec === undefined) {
      out.push([name, names.length === 0 ? 'unknown option: this rule has no options' : `unknown option; options of this rule: ${names.join(', ')}`]);
      continue;
    }
    const p = valueProblem(spec, value);
    if (p !== null) out.push([name, p]);
  }
  return out;
}

/** the declared defaults overlaid with the given options (checked first with optionProblems) */
export function withDefaults(specs: OptionSpecs | undefined, given: Readonly<Record<string, unknown>> = {}): Readonly<Record<string, number | boolean>> {
  const out: Record<string, number | boolean> = {};
  for (const [name, spec] of Object.entries(specs ?? {})) {
    const v = given[name];
    out[name] = v === undefined ? spec.default : (v as number | boolean);
  }
  return out;
}

/** a declared number option of a rule's resolved options */
export function numberOption(options: Readonly<Record<string, unknown>>, name: string): number {
  const v = options[name];
  if (typeof v !== 'number') throw new TypeError(`rule option ${name} is not a declared number option`);
  return v;
}

/** a declared boolean option of a rule's resolved options */
export function booleanOption(options: Readonly<Record<string, unknown>>, name: string): boolean {
  const v = options[name];
  if (typeof v !== 'boolean') throw new TypeError(`rule option ${name} is not a declared boolean option`);
  return v;
}
