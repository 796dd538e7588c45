#!/usr/bin/env node
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ROUTE_SPACE } from './cube/cube.js';
import { ConfigError, FAIL_ON, loadConfig, type Config, type FailOn } from './config/config.js';
import { parseTimeBound } from './config/time.js';
import { resolveInputs } from './ingest/inputs.js';
import { Progress } from './progress.js';
import { applyBaseline, BaselineError, formatBaseline, loadBaseline } from './report/baseline.js';
import { loadRuleDocs } from './report/rule-docs.js';
import { openFile } from './state/open.js';
import { loadState, periodOf, saveState, StateError, StateTracker } from './state/state.js';
import { parseSeverityOverride, UnknownRuleError } from './engine/run.js';
import type { RuleSeverity, UserEvent } from './engine/types.js';
import { addFleetOptions, FLEET_HELP, fleetSources, type FleetFlags } from './cli-fleets.js';
import { aggregate, analyze, InputError, type AnalyzeOptions } from './index.js';
import { encodeCube } from './cube/serialize.js';
import { TOOL_VERSION } from './report/build.js';
import { FORMAT_NAMES, FORMATTERS, isFormatName, type FormatName } from './report/formatters/index.js';
import { SEVERITY_RANK, type Report, type Severity } from './report/types.js';
import { parseDuration, parseEvent, parseEventsFile } from './options.js';
import { formatCatalogue } from './formats/index.js';
import { termSafe } from './report/sanitize.js';
import { explain, EXPLAIN_FORMATS, type ExplainFormat } from './status/explain.js';
import { parseTimeZone, timeZoneProblem } from './formats/zone.js';
import { collectGarbageIfLarge } from './util/collect-garbage.js';
import { serialScavenges } from './util/serial-scavenges.js';

/** usage or input problem: one line on stderr, exit 2 */
class UsageError extends Error {}


const collect = (v: string, acc: string[]): string[] => [...acc, v];

const TIMEZONE_HELP = 'zone of log timestamps that carry none (JSON, logfmt, LTSV, uWSGI, HAProxy, strftime without %z): an IANA name such as Europe/Berlin, or an offset such as +02:00 (default: UTC)';

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
  // findings known from the baseline never fail the run
  return report.findings.some((f) => f.known !== true && SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}

export interface OutputSpec {
  format: FormatName;
  /** a file, or `-` for stdout */
  file: string;
}

/**
 * Several reports from one run: `-f FORMAT=FILE` (repeatable), or `-f FORMAT -o FILE`
 * pairs (the n-th -o goes with the n-th -f that has no `=FILE`). A -f without a file goes
 * to stdout; at most one report may go there.
 */
export function planOutputs(formats: readonly string[], outputs: readonly string[]): OutputSpec[] {
  const specs = formats.length === 0 ? ['text'] : formats;
  const plain = specs.filter((f) => !f.includes('='));
  if (outputs.length > 0 && outputs.length !== plain.length) {
    throw new UsageError(`${outputs.length} -o for ${plain.length} -f without a file: give each -f its own -o in order, or write -f FORMAT=FILE`);
  }
  let next = 0;
  const out: OutputSpec[] = specs.map((spec) => {
    const eq = spec.indexOf('=');
    const format = (eq === -1 ? spec : spec.slice(0, eq)) as FormatName;
    const file = eq === -1 ? (outputs.length > 0 ? outputs[next++]! : '-') : spec.slice(eq + 1);
    if (file === '') throw new UsageError(`-f ${spec}: the file after "=" is empty`);
    return { format, file };
  });
  if (out.filter((o) => o.file === '-').length > 1) throw new UsageError('more than one report would go to stdout: give all but one a file with -f FORMAT=FILE or -o FILE');
  const files = out.filter((o) => o.file !== '-').map((o) => o.file);
  const dup = files.find((f, i) => files.indexOf(f) !== i);
  if (dup !== undefined) throw new UsageError(`two reports would be written to ${dup}`);
  return out;
}

/** commander argument parser for -f: a known format, optionally =FILE */
function formatSpec(v: string, acc: string[] | undefined): string[] {
  const name = v.includes('=') ? v.slice(0, v.indexOf('=')) : v;
  if (!isFormatName(name)) throw new InvalidArgumentError(`unknown format "${name}"; choose one of: ${FORMAT_NAMES.join(', ')}`);
  return [...(acc ?? []), v];
}

interface AnalyzeFlags extends FleetFlags {
  format?: string[];
  output: string[];
  config?: string;
  baseline?: string;
  writeBaseline?: string;
  since?: string;
  until?: string;
  state?: string;
  quiet?: boolean;
  logFormat?: string;
  timezone?: string;
  window: string;
  route: string[];
  maxRoutes: string;
  maxLineLength: string;
  rule: string[];
  event: string[];
  events?: string;
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

/** `cli` when the user gave the option on the command line (it then wins over the config file) */
type Sources = (key: string) => string | undefined;

async function runAnalyze(inputs: string[], flags: AnalyzeFlags, source: Sources): Promise<number> {
  const config: Config | null = await loadConfig(flags.config);
  const fromCli = (key: string): boolean => source(key) !== undefined && source(key) !== 'default';
  const outputs = planOutputs(flags.format ?? [], flags.output);
  const failOnText = fromCli('failOn') || config?.failOn === undefined ? flags.failOn : config.failOn;
  if (!(FAIL_ON as readonly string[]).includes(failOnText)) throw new UsageError(`--fail-on expects one of ${FAIL_ON.join(', ')}, got "${failOnText}"`);
  const failOn = failOnText as FailOn;
  const fleetAsked = flags.cube.length > 0 || flags.prometheus !== undefined;
  if (inputs.length === 0 && process.stdin.isTTY && !fleetAsked) {
    throw new UsageError('no input: pass log files, directories or quoted globs, or pipe a log into statuslint (see --help)');
  }
  let windowMs = parseDuration(flags.window);
  if (windowMs === null || windowMs < 1000) throw new UsageError(`--window expects a duration of at least 1s such as 30s, 5m, 1h; got "${flags.window}"`);
  if (!fromCli('window') && config?.windowMs !== undefined) windowMs = config.windowMs;
  const timeZone = flags.timezone ?? config?.timezone;
  if (flags.timezone !== undefined && parseTimeZone(flags.timezone) === null) throw new UsageError(`--timezone: ${timeZoneProblem(flags.timezone)}`);
  const rules: Record<string, RuleSeverity> = { ...config?.rules };
  for (const spec of flags.rule) {
    const [id, sev] = parseSeverityOverride(spec);
    rules[id] = sev;
  }
  const events: UserEvent[] = [
    ...(config?.events ?? []),
    ...flags.event.map((e) => {
      const ev = parseEvent(e);
      if (ev === null) throw new UsageError(`--event expects NAME@TIME such as token-rotation@2026-11-20T10:00Z, got "${e}"`);
      return ev;
    }),
  ];
  // STATUSLINT_NOW (ISO) pins "now" for relative --since/--until: reproducible cron tests and replays
  const pinned = process.env.STATUSLINT_NOW;
  const now = pinned === undefined || pinned === '' ? Date.now() : parseTimeBound(pinned, 0);
  if (now === null) throw new UsageError(`STATUSLINT_NOW expects an ISO time, got "${pinned}"`);
  const bound = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const t = parseTimeBound(v, now);
    if (t === null) throw new UsageError(`${name} expects an ISO time such as 2026-11-16T03:00Z or a duration back from now such as 24h, 7d; got "${v}"`);
    return t;
  };
  if (flags.events !== undefined) {
    let text: string;
    try {
      text = await readFile(flags.events, 'utf8');
    } catch (e) {
      throw new UsageError(`--events ${flags.events}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    const parsed = parseEventsFile(text);
    if (typeof parsed === 'string') throw new UsageError(`--events ${flags.events}: ${parsed}`);
    events.push(...parsed);
  }
  const since = bound('--since', flags.since);
  const until = bound('--until', flags.until);
  // the same --since/--until also bound a Prometheus query (default: the last 24 h)
  const fleet = fleetSources(flags, now);
  const baselinePath = flags.baseline ?? config?.baseline;
  const known = baselinePath === undefined ? null : await loadBaseline(baselinePath);

  const state = flags.state === undefined ? null : await loadState(flags.state);
  const showProgress = flags.quiet !== true && process.stderr.isTTY === true;
  let progress: Progress | undefined;
  if (showProgress) {
    let total = 0;
    for (const i of (await resolveInputs(inputs.length === 0 ? ['-'] : inputs)).inputs) {
      if (i.path !== '-') total += (await stat(i.path).catch(() => ({ size: 0 }))).size;
    }
    progress = new Progress(process.stderr, total);
  }
  const tracker = flags.state === undefined ? null : new StateTracker(state, progress?.onBytes);
  const opener: AnalyzeOptions['open'] =
    tracker !== null ? tracker.open : progress !== undefined ? async (path) => ({ bytes: (await openFile(path, { onBytes: progress!.onBytes })).bytes, linesBefore: 0 }) : undefined;

  let report: Report;
  try {
    report = await analyze({
      inputs,
      logFormat: flags.logFormat ?? config?.logFormat,
      timeZone,
      // cube files bring their own window unless --window (or the config) sets one
      windowMs: fleet.cubes.length > 0 && !fromCli('window') && config?.windowMs === undefined ? undefined : windowMs,
      ...fleet,
      routes: [...(config?.routes ?? []), ...flags.route],
      routeCap: maxRoutes(fromCli('maxRoutes') || config?.maxRoutes === undefined ? flags.maxRoutes : String(config.maxRoutes)),
      maxLineLength: fromCli('maxLineLength') || config?.maxLineLength === undefined ? positiveInt('--max-line-length', flags.maxLineLength) : config.maxLineLength,
      rules,
      ruleOptions: config?.ruleOptions,
      events,
      since,
      until,
      ignorePaths: config?.ignorePaths,
      ignoreClients: config?.ignoreClients,
      open: opener,
      onInput: progress?.onInput,
      beforeRules: () => collectGarbageIfLarge(),
      whileWorkersRead: serialScavenges,
      threads: flags.threads === undefined ? undefined : positiveInt('--threads', flags.threads),
    });
  } finally {
    progress?.stop();
  }
  if (tracker?.previousPeriod !== undefined) report.summary.previous = tracker.previousPeriod;
  if (known !== null) applyBaseline(report, known);

  const ctx = { rules: loadRuleDocs(), failOn, root: process.env.GITHUB_WORKSPACE ?? process.cwd() };
  for (const o of outputs) {
    const toStdout = o.file === '-';
    const text = FORMATTERS[o.format](report, { ...ctx, color: toStdout && o.format === 'text' && colorFor(process.stdout) });
    if (toStdout) process.stdout.write(text);
    else await writeFile(o.file, text);
    if (o.format === 'github' && process.env.GITHUB_STEP_SUMMARY) {
      await appendFile(process.env.GITHUB_STEP_SUMMARY, FORMATTERS.markdown(report, { ...ctx, color: false }));
    }
  }
  for (const f of report.summary.files) {
    if (f.error !== undefined) process.stderr.write(`statuslint: ${f.path}: ${f.error}${report.summary.partial ? ' (report is partial)' : ''}\n`);
  }
  if (flags.writeBaseline !== undefined) await writeFile(flags.writeBaseline, formatBaseline(report));
  if (tracker !== null) await saveState(flags.state!, tracker.next(periodOf(report)));
  // writing a baseline accepts the current findings: only an input error still fails
  if (flags.writeBaseline !== undefined) return report.summary.partial ? 2 : 0;
  return exitCodeFor(report, failOn);
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
    .addOption(new Option('-f, --format <name>', `report format, optionally =FILE; repeat for several reports: ${FORMAT_NAMES.join(', ')} (default: text)`).argParser(formatSpec))
    .option('-o, --output <file>', 'write the report of the -f before it to a file (repeatable, in -f order)', collect, [])
    .option('--config <file>', 'config file (default: ./statuslint.config.json when present)')
    .option('--log-format <name>', 'force the log format: a built-in id, "nginx:<log_format>" or "apache:<LogFormat>" pasted from your server config (see `statuslint formats`)')
    .option('--timezone <zone>', TIMEZONE_HELP)
    .option('--window <duration>', 'time window of the cube: 30s, 1m, 5m, 1h…', '5m')
    .option('--route <template>', "route template that wins over the heuristics, e.g. '/api/users/:id' (repeatable)", collect, [])
    .option('--max-routes <n>', 'distinct route templates kept; the rest fold into (other)', '2000')
    .option('--max-line-length <n>', 'longer lines are skipped and counted as oversized', String(64 * 1024))
    .option('--rule <id=severity>', 'override a rule\'s severity: error|warning|info|off (repeatable)', collect, [])
    .option('--event <name@time>', 'a known change to correlate findings with, e.g. token-rotation@2026-11-20T10:00Z (repeatable)', collect, [])
    .option('--events <file>', 'known changes from a file: a JSON array of {"name","time"} or NAME@TIME lines')
    .option('--threads <n>', 'worker threads for several input files (default: the available cores when the inputs total 128 MiB and 8 MiB each on average; 1: no workers)')
    .addOption(new Option('--fail-on <level>', 'exit 1 when a finding is at or above this severity').choices([...FAIL_ON]).default('error'))
    .option('--baseline <file>', 'findings whose fingerprints are in this file are shown as known and do not fail the run')
    .option('--write-baseline <file>', 'write the fingerprints of all findings to this file (and exit 0 unless an input failed)')
    .option('--since <time>', 'only requests logged at or after this time: ISO (2026-11-16T03:00Z) or back from now (24h, 7d); with --prometheus, the start of the query (default 24h)')
    .option('--until <time>', 'only requests logged before this time: ISO or back from now; with --prometheus, the end of the query (default now)')
    .option('--state <file>', 'incremental runs: remember how far each input was read, read only new lines next time, compare with the previous period')
    .option('-q, --quiet', 'no progress on stderr (it is shown only when stderr is a terminal)')
    .addHelpText(
      'after',
      `
Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage or input error.

Examples:
  statuslint /var/log/nginx/access.log*
  statuslint 'logs/**/*.log*' --fail-on warning -f json -o report.json
  statuslint logs/ -f sarif=statuslint.sarif -f github
  statuslint --since 24h --state ~/.statuslint-state.json -f html=report.html /var/log/nginx/
  zcat access.log.1.gz | statuslint -`,
    )
    .addHelpText('after', FLEET_HELP)
    .action(async (inputs: string[], flags: AnalyzeFlags, cmd: Command) => {
      process.exitCode = await runAnalyze(inputs, flags, (key) => cmd.getOptionValueSource(key));
    });
  // --since/--until are declared above: they filter log lines and bound a Prometheus query
  addFleetOptions(program, { timeRange: false });
  addAggregateCommand(program);
  program
    .command('formats')
    .description('list the log formats statuslint reads, with an example line each')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['text', 'json']).default('text'))
    .action((flags: { format: string }) => {
      process.stdout.write(flags.format === 'json' ? JSON.stringify(formatCatalogue(), null, 2) + '\n' : formatsText());
    });
  program
    .command('explain')
    .description('what a status code means, two side by side, or a class: explain 401 | explain 511 401 | explain 4xx')
    .argument('<codes...>', 'status codes (401), a class (4xx) or an IIS sub-status (403.14)')
    .addOption(new Option('-f, --format <name>', 'output format').choices([...EXPLAIN_FORMATS]).default('text'))
    .action((codes: string[], flags: { format: ExplainFormat }) => {
      const result = explain(codes, flags.format);
      if ('error' in result) throw new UsageError(result.error);
      process.stdout.write(result.output);
    });
  program
    .command('rules')
    .description('list the rules (id, default severity, what each flags), or print one rule\'s documentation')
    .argument('[id]', 'a rule id')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['text', 'json']).default('text'))
    .action((id: string | undefined, flags: { format: string }) => {
      const docs = loadRuleDocs();
      if (id !== undefined) {
        const doc = docs.find((d) => d.meta.id === id);
        if (doc === undefined) throw new UsageError(`unknown rule "${id}"; known rules: ${docs.map((d) => d.meta.id).join(', ')}`);
        process.stdout.write(flags.format === 'json' ? JSON.stringify({ ...doc.meta, doc: doc.markdown }, null, 2) + '\n' : doc.markdown);
        return;
      }
      if (flags.format === 'json') {
        process.stdout.write(JSON.stringify(docs.map((d) => d.meta), null, 2) + '\n');
        return;
      }
      const w = Math.max(...docs.map((d) => d.meta.id.length));
      const out = docs.map((d) => `  ${d.meta.id.padEnd(w)}  ${d.meta.severity.padEnd(7)}  ${d.meta.description}`);
      process.stdout.write(`Rules (statuslint rules ID for one rule's documentation; --rule ID=off to disable):\n\n${out.join('\n')}\n`);
    });
  return program;
}

interface AggregateFlags extends FleetFlags {
  output: string;
  logFormat?: string;
  timezone?: string;
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
    .option('--timezone <zone>', TIMEZONE_HELP)
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
    if (flags.timezone !== undefined && parseTimeZone(flags.timezone) === null) throw new UsageError(`--timezone: ${timeZoneProblem(flags.timezone)}`);
    const json = await aggregate({
      inputs,
      logFormat: flags.logFormat,
      timeZone: flags.timezone,
      windowMs: fleet.cubes.length > 0 && sub.getOptionValueSource('window') === 'default' ? undefined : windowMs,
      routes: flags.route,
      routeCap: maxRoutes(flags.maxRoutes),
      maxLineLength: positiveInt('--max-line-length', flags.maxLineLength),
      ...fleet,
      whileWorkersRead: serialScavenges,
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
  // a reader that stops early (`statuslint … | head`) closes the pipe: the analysis is
  // complete and the exit code still says what it found, so the unread rest of the output
  // is dropped quietly instead of crashing with a stack trace
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  const program = buildProgram();
  const output = { writeErr: (s: string) => process.stderr.write(s.startsWith('error:') ? `statuslint: ${s.slice(7)}` : s) };
  // subcommands do not inherit settings made after they were created: without this, a usage
  // error in `explain`/`formats`/`aggregate` (bad --format, missing argument) exited 1, unprefixed
  for (const cmd of [program, ...program.commands]) {
    cmd.exitOverride();
    cmd.configureOutput(output);
  }
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 2;
    }
    if (e instanceof UsageError || e instanceof InputError || e instanceof UnknownRuleError || e instanceof ConfigError || e instanceof BaselineError || e instanceof StateError) {
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
