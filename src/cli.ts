#!/usr/bin/env node
import { writeFile } from 'node:fs/promises';
import { Command, CommanderError, Option } from 'commander';
import { ROUTE_SPACE } from './cube/cube.js';
import { parseSeverityOverride, UnknownRuleError } from './engine/run.js';
import type { RuleSeverity, UserEvent } from './engine/types.js';
import { addFleetOptions, FLEET_HELP, fleetSources, type FleetFlags } from './cli-fleets.js';
import { aggregate, analyze, InputError } from './index.js';
import { encodeCube } from './cube/serialize.js';
import { TOOL_VERSION } from './report/build.js';
import { FORMAT_NAMES, FORMATTERS, isFormatName } from './report/formatters/index.js';
import { SEVERITY_RANK, type Report, type Severity } from './report/types.js';
import { parseDuration, parseEvent } from './options.js';
import { formatCatalogue } from './formats/index.js';
import { termSafe } from './report/sanitize.js';

/** usage or input problem: one line on stderr, exit 2 */
class UsageError extends Error {}

const FAIL_ON = ['none', 'info', 'warning', 'error'] as const;
type FailOn = (typeof FAIL_ON)[number];

const collect = (v: string, acc: string[]): string[] => [...acc, v];

/** colour only for a terminal, unless NO_COLOR / FORCE_COLOR say otherwise */
function colorFor(stream: NodeJS.WriteStream): boolean {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (force === '0' || force === 'false') return false;
  return stream.isTTY === true;
}

export function exitCodeFor(report: Report, failOn: FailOn): 0 | 1 | 2 {
  if (report.summary.partial) return 2;
  if (failOn === 'none') return 0;
  const threshold = SEVERITY_RANK[failOn as Severity];
  return report.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}

interface AnalyzeFlags extends FleetFlags {
  format: string;
  output?: string;
  logFormat?: string;
  window: string;
  route: string[];
  maxRoutes: string;
  maxLineLength: string;
  rule: string[];
  event: string[];
  failOn: string;
  threads?: string;
}

function positiveInt(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} expects a positive integer, got "${v}"`);
  return n;
}

/** route ids must stay below the cube's ROUTE_SPACE (one id is kept for (other)) */
function maxRoutes(v: string): number {
  const n = positiveInt('--max-routes', v);
  if (n > ROUTE_SPACE - 2) throw new UsageError(`--max-routes is at most ${ROUTE_SPACE - 2}, got ${n}`);
  return n;
}

async function runAnalyze(inputs: string[], flags: AnalyzeFlags, cmd: Command): Promise<number> {
  if (!isFormatName(flags.format)) throw new UsageError(`unknown --format "${flags.format}"; choose one of: ${FORMAT_NAMES.join(', ')}`);
  if (!(FAIL_ON as readonly string[]).includes(flags.failOn)) throw new UsageError(`--fail-on expects one of ${FAIL_ON.join(', ')}, got "${flags.failOn}"`);
  const fleet = fleetSources(flags, Date.now());
  const fleetOnly = fleet.cubes.length > 0 || fleet.prometheus !== undefined;
  if (inputs.length === 0 && process.stdin.isTTY && !fleetOnly) {
    throw new UsageError('no input: pass log files, directories or quoted globs, or pipe a log into statuslint (see --help)');
  }
  const windowMs = parseDuration(flags.window);
  if (windowMs === null || windowMs < 1000) throw new UsageError(`--window expects a duration of at least 1s such as 30s, 5m, 1h; got "${flags.window}"`);
  const rules: Record<string, RuleSeverity> = {};
  for (const spec of flags.rule) {
    const [id, sev] = parseSeverityOverride(spec);
    rules[id] = sev;
  }
  const events: UserEvent[] = flags.event.map((e) => {
    const ev = parseEvent(e);
    if (ev === null) throw new UsageError(`--event expects NAME@TIME such as token-rotation@2026-11-20T10:00Z, got "${e}"`);
    return ev;
  });

  const report = await analyze({
    inputs,
    logFormat: flags.logFormat,
    // cube files bring their own window unless --window is given
    windowMs: fleet.cubes.length > 0 && cmd.getOptionValueSource('window') === 'default' ? undefined : windowMs,
    ...fleet,
    routes: flags.route,
    routeCap: maxRoutes(flags.maxRoutes),
    maxLineLength: positiveInt('--max-line-length', flags.maxLineLength),
    rules,
    events,
    threads: flags.threads === undefined ? undefined : positiveInt('--threads', flags.threads),
  });
  const toStdout = flags.output === undefined || flags.output === '-';
  const text = FORMATTERS[flags.format](report, { color: toStdout && flags.format === 'text' && colorFor(process.stdout) });
  if (toStdout) process.stdout.write(text);
  else await writeFile(flags.output!, text);
  for (const f of report.summary.files) {
    if (f.error !== undefined) process.stderr.write(`statuslint: ${f.path}: ${f.error}${report.summary.partial ? ' (report is partial)' : ''}\n`);
  }
  return exitCodeFor(report, flags.failOn as FailOn);
}

function formatsText(): string {
  const out: string[] = ['Log formats (detected automatically in this order; force one with --log-format ID):', ''];
  for (const f of formatCatalogue()) {
    out.push(`  ${f.id}`);
    out.push(`    ${f.description}`);
    if (f.example) out.push(`    e.g. ${termSafe(f.example.length > 160 ? f.example.slice(0, 157) + '...' : f.example)}`);
  }
  return out.join('\n') + '\n';
}

export function buildProgram(): Command {
  const program = new Command('statuslint');
  // program options before a subcommand, the subcommand's own after it (aggregate has its own -o)
  program.enablePositionalOptions();
  program
    .description('Reads web-server and API access logs and flags misused HTTP status codes, with advice.')
    .version(TOOL_VERSION, '-V, --version')
    .argument('[inputs...]', 'log files, directories, quoted globs (\'logs/**/*.log*\'), or - for stdin; .gz is read transparently')
    .addOption(new Option('-f, --format <name>', 'report format').choices(FORMAT_NAMES).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--log-format <name>', 'force the log format: a built-in id, "nginx:<log_format>" or "apache:<LogFormat>" pasted from your server config (see `statuslint formats`)')
    .option('--window <duration>', 'time window of the cube: 30s, 1m, 5m, 1h…', '5m')
    .option('--route <template>', "route template that wins over the heuristics, e.g. '/api/users/:id' (repeatable)", collect, [])
    .option('--max-routes <n>', 'distinct route templates kept; the rest fold into (other)', '2000')
    .option('--max-line-length <n>', 'longer lines are skipped and counted as oversized', String(64 * 1024))
    .option('--rule <id=severity>', 'override a rule\'s severity: error|warning|info|off (repeatable)', collect, [])
    .option('--event <name@time>', 'a known change to correlate findings with, e.g. token-rotation@2026-11-20T10:00Z (repeatable)', collect, [])
    .option('--threads <n>', 'worker threads for several input files (default: the available cores; 1: no workers)')
    .addOption(new Option('--fail-on <level>', 'exit 1 when a finding is at or above this severity').choices([...FAIL_ON]).default('error'))
    .addHelpText(
      'after',
      `
Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage or input error.

Examples:
  statuslint /var/log/nginx/access.log*
  statuslint 'logs/**/*.log*' --fail-on warning -f json -o report.json
  zcat access.log.1.gz | statuslint -`,
    )
    .addHelpText('after', FLEET_HELP)
    .action(async (inputs: string[], flags: AnalyzeFlags, cmd: Command) => {
      process.exitCode = await runAnalyze(inputs, flags, cmd);
    });
  addFleetOptions(program, { timeRange: true });
  addAggregateCommand(program);
  program
    .command('formats')
    .description('list the log formats statuslint reads, with an example line each')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['text', 'json']).default('text'))
    .action((flags: { format: string }) => {
      process.stdout.write(flags.format === 'json' ? JSON.stringify(formatCatalogue(), null, 2) + '\n' : formatsText());
    });
  return program;
}

interface AggregateFlags extends FleetFlags {
  output: string;
  logFormat?: string;
  window: string;
  route: string[];
  maxRoutes: string;
  maxLineLength: string;
}

/** `statuslint aggregate`: the cube of some logs (or cubes, or a Prometheus range) as a file, for merging later */
function addAggregateCommand(program: Command): void {
  const cmd = program
    .command('aggregate')
    .description('write the cube of the inputs to a file (the map step of a fleet run); merge cube files with --cube')
    .argument('[inputs...]', 'log files, directories, quoted globs, or - for stdin')
    .option('-o, --output <file>', 'cube file to write (.gz: gzip-compressed); - for stdout', '-')
    .option('--log-format <name>', 'force the log format instead of detecting it')
    .option('--window <duration>', 'time window of the cube: every shard of a fleet must use the same', '5m')
    .option('--route <template>', 'route template that wins over the heuristics (repeatable)', collect, [])
    .option('--max-routes <n>', 'distinct route templates kept; the rest fold into (other)', '2000')
    .option('--max-line-length <n>', 'longer lines are skipped and counted as oversized', String(64 * 1024));
  addFleetOptions(cmd, { timeRange: true });
  cmd.addHelpText('after', FLEET_HELP).action(async (inputs: string[], flags: AggregateFlags, sub: Command) => {
    const fleet = fleetSources(flags, Date.now());
    if (inputs.length === 0 && process.stdin.isTTY && fleet.cubes.length === 0 && fleet.prometheus === undefined) {
      throw new UsageError('no input: pass log files, directories or quoted globs, cube files (--cube), --prometheus URL, or pipe a log in');
    }
    const windowMs = parseDuration(flags.window);
    if (windowMs === null || windowMs < 1000) throw new UsageError(`--window expects a duration of at least 1s such as 30s, 5m, 1h; got "${flags.window}"`);
    const json = await aggregate({
      inputs,
      logFormat: flags.logFormat,
      windowMs: fleet.cubes.length > 0 && sub.getOptionValueSource('window') === 'default' ? undefined : windowMs,
      routes: flags.route,
      routeCap: maxRoutes(flags.maxRoutes),
      maxLineLength: positiveInt('--max-line-length', flags.maxLineLength),
      ...fleet,
    });
    const bytes = encodeCube(json, flags.output.endsWith('.gz'));
    if (flags.output === '-') process.stdout.write(bytes);
    else await writeFile(flags.output, bytes);
    const broken = json.files.filter((f) => f.error !== undefined);
    for (const f of broken) process.stderr.write(`statuslint: ${f.path}: ${f.error} (the cube covers what was read)\n`);
    process.exitCode = broken.length > 0 ? 2 : 0;
  });
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s.startsWith('error:') ? `statuslint: ${s.slice(7)}` : s) });
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 2;
    }
    if (e instanceof UsageError || e instanceof InputError || e instanceof UnknownRuleError) {
      process.stderr.write(`statuslint: ${e.message}\n`);
      return 2;
    }
    const err = e as NodeJS.ErrnoException;
    process.stderr.write(`statuslint: ${err.code === 'EPIPE' ? 'output closed' : err.message}\n`);
    return 2;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
