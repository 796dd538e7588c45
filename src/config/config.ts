import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RULES } from '../../rules/index.js';
import type { RuleSeverity, UserEvent } from '../engine/types.js';
import { optionProblems } from '../engine/options.js';
import { parseDuration, parseEvent } from '../options.js';
import { parseIsoTime } from '../formats/time.js';
import { parseTimeZone, timeZoneProblem } from '../formats/zone.js';
import { parseClientPattern } from './filter.js';

/**
 * `statuslint.config.json`, found in the working directory or given with --config.
 * Validated by hand against the same rules as `statuslint.schema.json` (published beside
 * this file for editors), with messages that name the key and the allowed values.
 */

export const CONFIG_FILE = 'statuslint.config.json';
export const FAIL_ON = ['none', 'info', 'warning', 'error'] as const;
export type FailOn = (typeof FAIL_ON)[number];
const SEVERITY_VALUES = ['error', 'warning', 'info', 'off'] as const;

export interface Config {
  /** the file it came from */
  path: string;
  logFormat?: string;
  /** the zone of log times that carry none, as written (validated) */
  timezone?: string;
  windowMs?: number;
  failOn?: FailOn;
  maxRoutes?: number;
  maxLineLength?: number;
  routes?: string[];
  rules?: Record<string, RuleSeverity>;
  ruleOptions?: Record<string, Record<string, unknown>>;
  ignorePaths?: string[];
  ignoreClients?: string[];
  events?: UserEvent[];
  baseline?: string;
}

export class ConfigError extends Error {}

const TOP_KEYS = ['$schema', 'logFormat', 'timezone', 'window', 'failOn', 'maxRoutes', 'maxLineLength', 'routes', 'rules', 'ignore', 'events', 'baseline'];

const quoteList = (xs: readonly string[]): string => xs.map((x) => `"${x}"`).join(', ');
const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'string' ? JSON.stringify(v.length > 60 ? v.slice(0, 57) + '...' : v) : typeof v === 'object' ? 'an object' : String(v));

/** validates a parsed config; throws ConfigError naming the first bad key */
export function validateConfig(raw: unknown, path: string): Config {
  const fail = (key: string, msg: string): never => {
    throw new ConfigError(`${path}: ${key}: ${msg}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${path}: expected a JSON object at the top level`);
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!TOP_KEYS.includes(k)) fail(k, `unknown key; allowed keys: ${TOP_KEYS.join(', ')}`);
  }
  const cfg: Config = { path };
  const str = (key: string, v: unknown): string => (typeof v === 'string' && v.length > 0 ? v : fail(key, `expected a non-empty string, got ${describe(v)}`));
  const posInt = (key: string, v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : fail(key, `expected a positive integer, got ${describe(v)}`));
  const strArray = (key: string, v: unknown): string[] => {
    if (!Array.isArray(v)) return fail(key, `expected an array of strings, got ${describe(v)}`);
    return v.map((x, i) => str(`${key}[${i}]`, x));
  };

  if (o.logFormat !== undefined) cfg.logFormat = str('logFormat', o.logFormat);
  if (o.timezone !== undefined) {
    cfg.timezone = str('timezone', o.timezone);
    if (parseTimeZone(cfg.timezone) === null) fail('timezone', timeZoneProblem(cfg.timezone));
  }
  if (o.window !== undefined) {
    const ms = typeof o.window === 'string' ? parseDuration(o.window) : null;
    if (ms === null || ms < 1000) fail('window', `expected a duration of at least 1s such as "30s", "5m", "1h", got ${describe(o.window)}`);
    cfg.windowMs = ms!;
  }
  if (o.failOn !== undefined) {
    if (!(FAIL_ON as readonly unknown[]).includes(o.failOn)) fail('failOn', `expected one of ${quoteList(FAIL_ON)}, got ${describe(o.failOn)}`);
    cfg.failOn = o.failOn as FailOn;
  }
  if (o.maxRoutes !== undefined) cfg.maxRoutes = posInt('maxRoutes', o.maxRoutes);
  if (o.maxLineLength !== undefined) cfg.maxLineLength = posInt('maxLineLength', o.maxLineLength);
  if (o.routes !== undefined) {
    cfg.routes = strArray('routes', o.routes);
    cfg.routes.forEach((r, i) => {
      if (!r.startsWith('/')) fail(`routes[${i}]`, `a route template starts with "/", got ${describe(r)}`);
    });
  }
  if (o.rules !== undefined) {
    if (typeof o.rules !== 'object' || o.rules === null || Array.isArray(o.rules)) fail('rules', `expected an object keyed by rule id, got ${describe(o.rules)}`);
    const known = RULES.map((r) => r.meta.id);
    cfg.rules = {};
    cfg.ruleOptions = {};
    for (const [id, v] of Object.entries(o.rules as Record<string, unknown>)) {
      const key = `rules.${id}`;
      if (!known.includes(id)) fail(key, `unknown rule; known rules: ${known.join(', ')}`);
      if (typeof v === 'string') {
        if (!(SEVERITY_VALUES as readonly string[]).includes(v)) fail(key, `expected one of ${quoteList(SEVERITY_VALUES)} or { "severity", "options" }, got ${describe(v)}`);
        cfg.rules[id] = v as RuleSeverity;
        continue;
      }
      if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(key, `expected one of ${quoteList(SEVERITY_VALUES)} or { "severity", "options" }, got ${describe(v)}`);
      const r = v as Record<string, unknown>;
      for (const k of Object.keys(r)) if (k !== 'severity' && k !== 'options') fail(`${key}.${k}`, 'unknown key; allowed keys: severity, options');
      if (r.severity !== undefined) {
        if (!(SEVERITY_VALUES as readonly unknown[]).includes(r.severity)) fail(`${key}.severity`, `expected one of ${quoteList(SEVERITY_VALUES)}, got ${describe(r.severity)}`);
        cfg.rules[id] = r.severity as RuleSeverity;
      }
      if (r.options !== undefined) {
        if (typeof r.options !== 'object' || r.options === null || Array.isArray(r.options)) fail(`${key}.options`, `expected an object, got ${describe(r.options)}`);
        const rule = RULES.find((x) => x.meta.id === id)!;
        for (const [name, problem] of optionProblems(rule.meta.options, r.options as Record<string, unknown>)) fail(`${key}.options.${name}`, problem);
        cfg.ruleOptions[id] = r.options as Record<string, unknown>;
      }
    }
  }
  if (o.ignore !== undefined) {
    if (typeof o.ignore !== 'object' || o.ignore === null || Array.isArray(o.ignore)) fail('ignore', `expected an object with "paths" and/or "clients", got ${describe(o.ignore)}`);
    const ig = o.ignore as Record<string, unknown>;
    for (const k of Object.keys(ig)) if (k !== 'paths' && k !== 'clients') fail(`ignore.${k}`, 'unknown key; allowed keys: paths, clients');
    if (ig.paths !== undefined) cfg.ignorePaths = strArray('ignore.paths', ig.paths);
    if (ig.clients !== undefined) {
      cfg.ignoreClients = strArray('ignore.clients', ig.clients);
      cfg.ignoreClients.forEach((c, i) => {
        if (parseClientPattern(c) === null) fail(`ignore.clients[${i}]`, `expected an IP address or an IPv4 CIDR range such as "10.0.0.0/8", got ${describe(c)}`);
      });
    }
  }
  if (o.events !== undefined) {
    if (!Array.isArray(o.events)) fail('events', `expected an array of "NAME@TIME" strings or { "name", "time" } objects, got ${describe(o.events)}`);
    cfg.events = (o.events as unknown[]).map((e, i) => {
      const key = `events[${i}]`;
      if (typeof e === 'string') {
        const ev = parseEvent(e);
        return ev ?? fail(key, `expected NAME@TIME such as "token-rotation@2026-11-20T10:00Z", got ${describe(e)}`);
      }
      if (typeof e !== 'object' || e === null || Array.isArray(e)) return fail(key, `expected "NAME@TIME" or { "name", "time" }, got ${describe(e)}`);
      const ev = e as Record<string, unknown>;
      for (const k of Object.keys(ev)) if (k !== 'name' && k !== 'time') fail(`${key}.${k}`, 'unknown key; allowed keys: name, time');
      const name = str(`${key}.name`, ev.name);
      const time = parseIsoTime(str(`${key}.time`, ev.time));
      if (Number.isNaN(time)) fail(`${key}.time`, `expected an ISO 8601 time such as "2026-11-20T10:00Z", got ${describe(ev.time)}`);
      return { name, time };
    });
  }
  if (o.baseline !== undefined) cfg.baseline = str('baseline', o.baseline);
  return cfg;
}

/**
 * Loads `explicit` (--config; must exist) or ./statuslint.config.json if present.
 * Returns null when there is no config.
 */
export async function loadConfig(explicit: string | undefined, cwd = process.cwd()): Promise<Config | null> {
  const path = explicit ?? join(cwd, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (explicit === undefined && code === 'ENOENT') return null;
    throw new ConfigError(`--config ${path}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${explicit ?? CONFIG_FILE}: not valid JSON (${(e as Error).message})`);
  }
  return validateConfig(raw, explicit ?? CONFIG_FILE);
}
