import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../../src/config/config.js';
import { repoRoot } from '../cli/run-cli.js';
import { runIn } from '../outputs/run-in.js';

const schema = JSON.parse(readFileSync(join(repoRoot, 'src/config/statuslint.schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true, strictTuples: false });
const validateSchema = ajv.compile(schema);

const FULL = {
  $schema: './node_modules/statuslint/src/config/statuslint.schema.json',
  timezone: 'Europe/Berlin',
  window: '5m',
  failOn: 'warning',
  maxRoutes: 500,
  routes: ['/api/v1/users/:id'],
  rules: { 'origin-511': { severity: 'warning', options: {} } },
  ignore: { paths: ['/healthz', '/static/*'], clients: ['10.0.0.0/8', '192.0.2.7'] },
  events: ['token-rotation@2026-11-16T03:38Z', { name: 'deploy', time: '2026-11-16T04:00Z' }],
  baseline: '.statuslint-baseline.json',
};

describe('config validation', () => {
  it('accepts a full config, and so does the published JSON Schema', () => {
    const c = validateConfig(FULL, 'statuslint.config.json');
    expect(c).toMatchObject({ timezone: 'Europe/Berlin', windowMs: 300_000, failOn: 'warning', rules: { 'origin-511': 'warning' }, ignorePaths: ['/healthz', '/static/*'] });
    expect(c.events).toEqual([
      { name: 'token-rotation', time: Date.parse('2026-11-16T03:38Z') },
      { name: 'deploy', time: Date.parse('2026-11-16T04:00Z') },
    ]);
    expect(validateSchema(FULL), JSON.stringify(validateSchema.errors)).toBe(true);
  });

  it.each([
    ['an unknown key', { windw: '5m' }, 'statuslint.config.json: windw: unknown key; allowed keys: $schema, logFormat, timezone, window, failOn, maxRoutes, maxLineLength, routes, rules, ignore, events, baseline'],
    ['a bad window', { window: 'fortnight' }, 'statuslint.config.json: window: expected a duration of at least 1s such as "30s", "5m", "1h", got "fortnight"'],
    ['a bad failOn', { failOn: 'loud' }, 'statuslint.config.json: failOn: expected one of "none", "info", "warning", "error", got "loud"'],
    ['an unknown rule', { rules: { 'no-such-rule': 'off' } }, /^statuslint\.config\.json: rules\.no-such-rule: unknown rule; known rules: (.*, )?origin-511(, |$)/],
    ['a bad severity', { rules: { 'origin-511': 'fatal' } }, 'statuslint.config.json: rules.origin-511: expected one of "error", "warning", "info", "off" or { "severity", "options" }, got "fatal"'],
    ['a bad nested severity', { rules: { 'origin-511': { severity: 'fatal' } } }, 'statuslint.config.json: rules.origin-511.severity: expected one of "error", "warning", "info", "off", got "fatal"'],
    ['options that are not an object', { rules: { 'origin-511': { options: [1] } } }, 'statuslint.config.json: rules.origin-511.options: expected an object, got an array'],
    ['an option of a rule that has none', { rules: { 'origin-511': { options: { strict: true } } } }, 'statuslint.config.json: rules.origin-511.options.strict: unknown option: this rule has no options'],
    ['a misspelt option', { rules: { 'crawler-errors': { options: { minError: 2 } } } }, 'statuslint.config.json: rules.crawler-errors.options.minError: unknown option; options of this rule: minErrors, minShare'],
    ['an option out of range', { rules: { 'soft-not-found': { options: { minShare: 50 } } } }, 'statuslint.config.json: rules.soft-not-found.options.minShare: expected a number ≤ 1, got 50'],
    ['an ill-typed option', { rules: { 'gateway-code-from-origin': { options: { trustUpstreamStatus: 'yes' } } } }, 'statuslint.config.json: rules.gateway-code-from-origin.options.trustUpstreamStatus: expected true or false, got "yes"'],
    ['a route without a slash', { routes: ['api/x'] }, 'statuslint.config.json: routes[0]: a route template starts with "/", got "api/x"'],
    ['a bad client', { ignore: { clients: ['10.0.0.0/40'] } }, 'statuslint.config.json: ignore.clients[0]: expected an IP address or an IPv4 CIDR range such as "10.0.0.0/8", got "10.0.0.0/40"'],
    ['an unknown ignore key', { ignore: { hosts: [] } }, 'statuslint.config.json: ignore.hosts: unknown key; allowed keys: paths, clients'],
    ['a bad event', { events: ['rotation'] }, 'statuslint.config.json: events[0]: expected NAME@TIME such as "token-rotation@2026-11-20T10:00Z", got "rotation"'],
    ['a bad event time', { events: [{ name: 'x', time: 'yesterday' }] }, 'statuslint.config.json: events[0].time: expected an ISO 8601 time such as "2026-11-20T10:00Z", got "yesterday"'],
    ['a non-integer maxRoutes', { maxRoutes: 2.5 }, 'statuslint.config.json: maxRoutes: expected a positive integer, got 2.5'],
    ['an unknown time zone', { timezone: 'Mars/Olympus' }, 'statuslint.config.json: timezone: unknown time zone "Mars/Olympus": give an IANA name such as Europe/Berlin or America/New_York, an offset such as +02:00, or UTC'],
    ['a time zone that is not a string', { timezone: 2 }, 'statuslint.config.json: timezone: expected a non-empty string, got 2'],
  ] as [string, unknown, string | RegExp][])('names the key and the allowed values: %s', (_name, raw, message) => {
    expect(() => validateConfig(raw, 'statuslint.config.json')).toThrow(message instanceof RegExp ? message : new ConfigError(message));
  });

  it('the JSON Schema rejects the same shapes (editors flag what the CLI rejects)', () => {
    for (const bad of [{ windw: '5m' }, { window: 'fortnight' }, { failOn: 'loud' }, { rules: { 'origin-511': 'fatal' } }, { routes: ['api/x'] }, { ignore: { hosts: [] } }, { events: ['rotation'] }, { maxRoutes: 2.5 }, { timezone: 2 }]) {
      expect(validateSchema(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('config file in the CLI', () => {
  const FIXTURE = join(repoRoot, 'fixtures/logs/outputs-mixed.log');

  function project(config: unknown): string {
    const dir = mkdtempSync(join(tmpdir(), 'statuslint-config-'));
    writeFileSync(join(dir, 'statuslint.config.json'), typeof config === 'string' ? config : JSON.stringify(config));
    return dir;
  }

  it('is found in the working directory: fail-on, rule severities, ignored paths, events', () => {
    const dir = project({ failOn: 'none', rules: { 'origin-511': 'warning' }, ignore: { paths: ['/api/login'] }, events: ['token-rotation@2026-11-16T03:38Z'] });
    const r = runIn(dir, [FIXTURE, '-f', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    // origin-511 lowered to warning by the config; the fixture's 401 rise and 5xx burst are cross-route spikes
    expect(report.findings.map((f: any) => [f.severity, f.ruleId, f.route])).toEqual([
      ['warning', 'origin-511', '/api/v1/widgets'],
      ['warning', 'origin-511', '/checkout'],
      ['warning', 'server-error-spike', null],
      ['warning', 'unauthorized-spike', null],
    ]);
    expect(report.summary.skipped.ignored).toBe(10);
    expect(report.summary.events).toEqual([{ name: 'token-rotation', time: '2026-11-16T03:38:00.000Z' }]);
  });

  it('command-line options win over it', () => {
    const dir = project({ failOn: 'none' });
    expect(runIn(dir, [FIXTURE, '--fail-on', 'error']).code).toBe(1);
  });

  it('--config names another file; a missing one is an error', () => {
    const dir = project({});
    mkdirSync(join(dir, 'ci'));
    writeFileSync(join(dir, 'ci', 'strict.json'), JSON.stringify({ rules: { 'origin-511': 'off' } }));
    expect(runIn(dir, [FIXTURE, '--config', 'ci/strict.json']).code).toBe(0);
    const missing = runIn(dir, [FIXTURE, '--config', 'ci/nope.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('statuslint: --config ci/nope.json: no such file\n');
  });

  it('an invalid config is a usage error: exit 2, one line naming the key', () => {
    const r = runIn(project({ rules: { 'origin-511': 'loud' } }), [FIXTURE]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('statuslint: statuslint.config.json: rules.origin-511: expected one of "error", "warning", "info", "off" or { "severity", "options" }, got "loud"\n');
    const bad = runIn(project('{ "window": '), [FIXTURE]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^statuslint: statuslint\.config\.json: not valid JSON/);
  });
});
