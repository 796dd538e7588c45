#!/usr/bin/env node
// statuslint end-to-end benchmark against GoAccess, lnav and mawk, in the same run, on
// the same page-cached files. Plain Node ESM; runs the built CLI (dist/, `npm run build`).
//
//   npm run bench                       # 3M lines, 3 runs each, 30M-line stdin stream
//   npm run bench -- --quick            # 300k lines, 1 run of each competitor, 3M-line stream
//   npm run bench -- --lines 1000000 --runs 5 --stream-lines 0 --no-competitors
//   npm run bench -- --against 6684ad8 --runs 8   # this build against another commit's
//
// Inputs are generated once (test/gen, scenario `bench`, seed 1) and cached under
// .statuslint-bench/ (gitignored; BENCH_DIR overrides). Every figure is measured with
// GNU time (`/usr/bin/time -f '%e %U %S %M'`): wall seconds, user + system CPU seconds,
// peak RSS. On a loaded machine CPU time is the honest throughput figure; wall time is
// what a user waits. A competitor that is not installed is skipped, never faked.

import { spawnSync, execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, openSync, closeSync, statSync, renameSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { availableParallelism, loadavg } from 'node:os';

const root = fileURLToPath(new URL('../../', import.meta.url));
// the installed executable (package.json bin); older builds have only cli.js
const cli = existsSync(join(root, 'dist/src/bin.js')) ? join(root, 'dist/src/bin.js') : join(root, 'dist/src/cli.js');
const gen = join(root, 'test/gen/cli.mjs');

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    lines: { type: 'string' },
    runs: { type: 'string' },
    'stream-lines': { type: 'string' },
    'no-competitors': { type: 'boolean', default: false },
    'no-workers': { type: 'boolean', default: false },
    against: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log('usage: node test/bench/run.mjs [--quick] [--lines N] [--runs R] [--stream-lines N (0 skips)] [--no-competitors] [--no-workers] [--against GIT-REF]');
  process.exit(0);
}
const LINES = Number(args.lines ?? (args.quick ? 300_000 : 3_000_000));
const RUNS = Number(args.runs ?? 3);
const COMPETITOR_RUNS = args.quick ? 1 : Math.min(RUNS, 2);
const STREAM_LINES = Number(args['stream-lines'] ?? (args.quick ? 3_000_000 : 30_000_000));
const SMALL = 300_000;
const dir = process.env.BENCH_DIR ?? join(root, '.statuslint-bench');
mkdirSync(dir, { recursive: true });

if (!existsSync(cli)) {
  console.error(`bench: ${cli} is missing; run \`npm run build\` first`);
  process.exit(2);
}
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
if (TIME === null) console.error('bench: GNU time (/usr/bin/time) not found: CPU and RSS figures will be missing');

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

// ---------- inputs ----------

/** bumped whenever the `bench` scenario changes, so that a cached input of an older one is not reused */
const SCENARIO_VERSION = 2;

/** `nonLatinUsers` N: JSON with one user in N logged under a non-Latin name (test/gen --non-latin-users) */
function generate(format, lines, nonLatinUsers = 0) {
  const ext = format === 'json' ? 'jsonl' : 'log';
  const variant = nonLatinUsers > 0 ? `-nonlatin${nonLatinUsers}` : '';
  const file = join(dir, `bench-${format}${variant}-${lines}-s1-v${SCENARIO_VERSION}.${ext}`);
  if (!existsSync(file)) {
    process.stderr.write(`bench: generating ${file} (${lines.toLocaleString('en')} lines, once)…\n`);
    const extra = nonLatinUsers > 0 ? ['--non-latin-users', String(nonLatinUsers)] : [];
    execFileSync(process.execPath, [gen, '--scenario', 'bench', '--format', format, '--lines', String(lines), '--seed', '1', ...extra, '--out', file + '.tmp'], { stdio: 'inherit' });
    renameSync(file + '.tmp', file);
  }
  return file;
}

async function gzipped(file) {
  const out = file + '.gz';
  if (!existsSync(out)) {
    process.stderr.write(`bench: compressing ${out} (once)…\n`);
    await pipeline(createReadStream(file), createGzip({ level: 6 }), createWriteStream(out + '.tmp'));
    renameSync(out + '.tmp', out);
  }
  return out;
}

/** `file` cut into files of `per` lines each (a directory of rotated logs), once; returns their paths */
function split(file, per) {
  const out = join(dir, `${file.split('/').pop()}.split-${per}`);
  const names = () => readdirSync(out).filter((n) => n.endsWith('.log')).sort().map((n) => join(out, n));
  if (!existsSync(out)) {
    process.stderr.write(`bench: cutting ${file} into files of ${per.toLocaleString('en')} lines (once)…\n`);
    mkdirSync(out + '.tmp', { recursive: true });
    const lines = readFileSync(file, 'utf8').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (let i = 0; i * per < lines.length; i++) writeFileSync(join(out + '.tmp', `part-${String(i).padStart(5, '0')}.log`), lines.slice(i * per, (i + 1) * per).join('\n') + '\n');
    renameSync(out + '.tmp', out);
  }
  return names();
}

/** reads a file once so every tool starts from the page cache */
function warm(file) {
  execFileSync('sh', ['-c', `cat '${file}' > /dev/null`]);
}

// ---------- measuring ----------

/**
 * Runs `cmd args` under GNU time with stdout discarded; returns wall s, CPU s (user+sys),
 * peak RSS in MB. `okCodes`: exit codes that mean success for this tool. `timedInside`: the
 * shell command runs GNU time itself on the one command of a pipeline it measures.
 */
function measure(cmd, argv, { okCodes = [0], shell = false, timedInside = false } = {}) {
  const devnull = openSync('/dev/null', 'w');
  try {
    const t0 = performance.now();
    const full = shell ? ['sh', '-c', cmd] : [cmd, ...argv];
    const r = TIME === null || timedInside
      ? spawnSync(full[0], full.slice(1), { stdio: ['ignore', devnull, 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 })
      : spawnSync(TIME, ['-f', 'BENCH %e %U %S %M', ...full], { stdio: ['ignore', devnull, 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
    const wallJs = (performance.now() - t0) / 1000;
    if (!okCodes.includes(r.status ?? -1) && !(TIME !== null && /BENCH/.test(r.stderr ?? '') && okCodes.includes(exitOf(r.stderr)))) {
      throw new Error(`${full.join(' ')} exited ${r.status}: ${(r.stderr ?? '').split('\n').slice(-4).join(' | ')}`);
    }
    const m = /BENCH (\S+) (\S+) (\S+) (\S+)\s*$/.exec(r.stderr ?? '');
    if (m === null) return { wall: wallJs, cpu: NaN, rssMb: NaN };
    return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMb: Number(m[4]) / 1024 };
  } finally {
    closeSync(devnull);
  }
}

/** GNU time prints "Command exited with non-zero status N" before the format line */
function exitOf(stderr) {
  const m = /Command exited with non-zero status (\d+)/.exec(stderr);
  return m === null ? 0 : Number(m[1]);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** medians of wall and CPU time, and the largest peak RSS, of some runs */
function summary(rs) {
  return { wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)), rssMb: Math.max(...rs.map((r) => r.rssMb)), runs: rs.length };
}

function repeat(n, fn) {
  const rs = [];
  for (let i = 0; i < n; i++) rs.push(fn());
  return summary(rs);
}

/**
 * Runs `a` and `b` in turn, n times each (a, b, a, b, …), for figures that are a ratio of
 * the two: a slow spell of a shared machine then falls on both. In blocks (every a, then
 * every b) one spell made the two-file speed-up read 2.08× in one bench (the one-thread
 * runs took 24 s of wall time against 16–17 s alone before and after).
 */
function alternate(n, a, b) {
  const ra = [];
  const rb = [];
  for (let i = 0; i < n; i++) {
    ra.push(a());
    rb.push(b());
  }
  return [summary(ra), summary(rb)];
}

// ---------- this build against another commit's ----------

/**
 * `--against REF`: builds REF in a temporary worktree (with this checkout's node_modules)
 * and runs both builds on the combined, JSON-lines and gzip inputs in turn, RUNS times
 * each. Between benches a shared machine's speed drifts by 10–20%, more than most single
 * changes gain; alternating runs on one machine see the same spells. Prints each side's
 * CPU median and range and the largest peak RSS, and whether the two reports are the same
 * byte for byte.
 */
function compareWith(ref) {
  const tree = join(dir, `against-${ref.replace(/[^\w.-]/g, '_')}`);
  const git = (...a) => execFileSync('git', ['-C', root, ...a], { encoding: 'utf8' });
  if (existsSync(tree)) git('worktree', 'remove', '--force', tree);
  git('worktree', 'add', '--detach', tree, ref);
  try {
    symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'));
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: tree, stdio: 'inherit' });
    const theirs = join(tree, 'dist/src/bin.js');
    const run = (bin, input) => () => measure(process.execPath, [bin, input, '--format', 'json'], { okCodes: [0, 1] });
    const report = (bin, input) => spawnSync(process.execPath, [bin, input, '--format', 'json'], { maxBuffer: 1 << 30 }).stdout;
    const range = (rs) => `${Math.min(...rs.map((r) => r.cpu)).toFixed(2)}–${Math.max(...rs.map((r) => r.cpu)).toFixed(2)}`;
    console.log(`This build (${git('rev-parse', '--short', 'HEAD').trim()}${git('status', '--porcelain', '--untracked-files=no').trim() === '' ? '' : ', with uncommitted changes'}) against ${ref}, ${RUNS} alternating runs each, CPU s (median, range), largest peak RSS:`);
    for (const [what, input] of [['combined', combined], ['JSON lines', json], [NON_LATIN_ROW, jsonNonLatin], ['combined .gz', gz]]) {
      const a = [];
      const b = [];
      for (let i = 0; i < RUNS; i++) {
        a.push(run(theirs, input)());
        b.push(run(cli, input)());
      }
      const [sa, sb] = [summary(a), summary(b)];
      const same = Buffer.compare(report(theirs, input), report(cli, input)) === 0;
      console.log(`  ${what}: ${ref} ${sa.cpu.toFixed(2)} s (${range(a)}), ${sa.rssMb.toFixed(0)} MB; this ${sb.cpu.toFixed(2)} s (${range(b)}), ${sb.rssMb.toFixed(0)} MB; ${(100 * (sb.cpu / sa.cpu - 1)).toFixed(1)}% CPU; reports ${same ? 'identical' : 'DIFFER'}`);
    }
  } finally {
    git('worktree', 'remove', '--force', tree);
  }
}

// ---------- the run ----------

const rows = [];
function row(tool, what, file, lines, r, note = '') {
  const mb = statSync(file).size / 1e6;
  rows.push({ tool, what, lines, mb, ...r, note });
  const fmt = (x) => (Number.isFinite(x) ? x : NaN);
  process.stderr.write(`  ${tool} ${what}: cpu ${fmt(r.cpu).toFixed(2)} s, wall ${fmt(r.wall).toFixed(2)} s, ${perSecond(lines, r.cpu)} lines/s CPU, RSS ${fmt(r.rssMb).toFixed(0)} MB\n`);
}

/** GNU time prints seconds to two decimals: a command that took less reads as 0.00 s */
const TIMER_RESOLUTION_S = 0.01;
const n0 = (x) => Math.round(x).toLocaleString('en');

/**
 * `amount` per second, or a lower bound ("> …") when `seconds` is below the timer's
 * resolution (`wc -l` on the 300k-line file), where the quotient is Infinity or noise
 */
function perSecond(amount, seconds, format = n0) {
  return seconds < TIMER_RESOLUTION_S ? `> ${format(amount / TIMER_RESOLUTION_S)}` : format(amount / seconds);
}

const statuslint = (input, extra = []) => () => measure(process.execPath, [cli, ...input, '--format', 'json', ...extra], { okCodes: [0, 1] });

const combined = generate('combined', LINES);
const json = generate('json', LINES);
// The same JSON traffic with one user in 20 logged under a name in Han, Hangul, Cyrillic…:
// V8 stores a line holding such a character two bytes a character, which the decoder keeps
// to that line (src/ingest/lines.ts). Here about 1.4% of the lines have one, in most 60 KiB
// decoded pieces, so a regression there shows in this row and not in the plain JSON one.
const NON_LATIN_ROW = 'JSON lines, 1 user in 20 non-Latin';
const jsonNonLatin = generate('json', LINES, 20);
const gz = await gzipped(combined);
for (const f of [combined, json, jsonNonLatin, gz]) warm(f);

process.stderr.write(`bench: ${LINES.toLocaleString('en')} lines, ${RUNS} runs (median), ${availableParallelism()} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);

if (args.against !== undefined) {
  compareWith(args.against);
  process.exit(0);
}

const small = LINES === SMALL ? combined : generate('combined', SMALL);
warm(small);

row('statuslint', 'combined', combined, LINES, repeat(RUNS, statuslint([combined])));
row('statuslint', 'JSON lines', json, LINES, repeat(RUNS, statuslint([json])));
row('statuslint', NON_LATIN_ROW, jsonNonLatin, LINES, repeat(RUNS, statuslint([jsonNonLatin])));
row('statuslint', 'combined .gz', gz, LINES, repeat(RUNS, statuslint([gz])));

// two large files: worker threads (default) against one thread
let workers = null;
if (!args['no-workers']) {
  const second = combined.replace(/\.log$/, '.copy.log');
  if (!existsSync(second)) execFileSync('cp', [combined, second]);
  warm(second);
  const [one, many] = alternate(RUNS, statuslint([combined, second], ['--threads', '1']), statuslint([combined, second]));
  workers = { one, many, cores: availableParallelism() };
  process.stderr.write(`  2 files: 1 thread cpu ${one.cpu.toFixed(2)} s wall ${one.wall.toFixed(2)} s; workers cpu ${many.cpu.toFixed(2)} s wall ${many.wall.toFixed(2)} s\n`);
}

if (!args['no-competitors']) {
  const goaccess = which('goaccess');
  if (goaccess !== null) {
    // the full HTML report (goaccess's default output type), written to /dev/null
    const out = '/dev/null';
    row('GoAccess', 'full report', combined, LINES, repeat(COMPETITOR_RUNS, () => measure(goaccess, [combined, '--log-format=COMBINED', '--no-progress', '-o', out])));
    const panels = ['VISITORS', 'REQUESTS_STATIC', 'NOT_FOUND', 'HOSTS', 'OS', 'BROWSERS', 'VISIT_TIMES', 'VIRTUAL_HOSTS', 'REFERRERS', 'REFERRING_SITES', 'KEYPHRASES', 'STATUS_CODES', 'REMOTE_USER', 'CACHE_STATUS', 'GEO_LOCATION', 'MIME_TYPE', 'TLS_TYPE'];
    const ignore = panels.filter((p) => p !== 'STATUS_CODES').map((p) => `--ignore-panel=${p}`);
    row('GoAccess', 'status + requests panels only', combined, LINES, repeat(COMPETITOR_RUNS, () => measure(goaccess, [combined, '--log-format=COMBINED', '--no-progress', ...ignore, '-o', out])));
  } else process.stderr.write('bench: goaccess not installed, skipped\n');

  const lnav = which('lnav');
  if (lnav !== null) {
    row('lnav', 'SQL count by status', combined, LINES, repeat(COMPETITOR_RUNS, () => measure(lnav, ['-n', '-c', ';SELECT sc_status, count(*) FROM access_log GROUP BY sc_status', combined])));
  } else process.stderr.write('bench: lnav not installed, skipped\n');

  const mawk = which('mawk');
  if (mawk !== null) {
    // minute × status: $4 is "[16/Nov/2026:03:05:09", $9 the status in a combined line
    const prog = '{ c[substr($4, 2, 17) " " $9]++ } END { for (k in c) n++; print n }';
    row('mawk', 'count minute × status', combined, LINES, repeat(COMPETITOR_RUNS, () => measure(mawk, [prog, combined])));
  } else process.stderr.write('bench: mawk not installed, skipped\n');

  const wc = which('wc');
  if (wc !== null) row('wc -l', 'count lines', combined, LINES, repeat(COMPETITOR_RUNS, () => measure(wc, ['-l', combined])));
}

// memory: the same traffic at 300k and at LINES lines
// as many runs as the full-size one, so that both figures are the largest of the same number of runs
const smallRun = LINES === SMALL ? null : repeat(RUNS, statuslint([small]));

// many small files: the 300k-line file as 300 files of 1,000 lines (hourly rotated logs, a
// directory of per-pod logs), each read, detected and merged on its own, against the one file
const parts = split(small, 1000);
for (const f of parts) warm(f);
const [oneFile, manyFiles] = alternate(RUNS, statuslint([small]), statuslint(parts));
process.stderr.write(`  ${parts.length} files: cpu ${manyFiles.cpu.toFixed(2)} s, wall ${manyFiles.wall.toFixed(2)} s; one file cpu ${oneFile.cpu.toFixed(2)} s, wall ${oneFile.wall.toFixed(2)} s\n`);

// a long stream through stdin, generated on the fly and never written to disk
let stream = null;
if (STREAM_LINES > 0 && TIME !== null) {
  process.stderr.write(`bench: streaming ${STREAM_LINES.toLocaleString('en')} generated lines through stdin (the generator runs at ~0.3M lines/s: this takes a while)…\n`);
  const cmd = `'${process.execPath}' '${gen}' --scenario bench --format combined --lines ${STREAM_LINES} --seed 2 | ${TIME} -f 'BENCH %e %U %S %M' '${process.execPath}' '${cli}' - --format json`;
  // GNU time inside the pipeline measures statuslint alone: around the shell it counted the
  // generator too (the bench before 5001eef reported 140 s of CPU, statuslint's own was 76 s)
  stream = measure(cmd, [], { shell: true, okCodes: [0, 1], timedInside: true });
  process.stderr.write(`  stream: statuslint cpu ${stream.cpu.toFixed(1)} s, peak RSS ${stream.rssMb.toFixed(0)} MB\n`);
}

const startup = repeat(10, () => measure(process.execPath, [cli, '--version']));

// ---------- report ----------

const base = rows.find((r) => r.tool === 'statuslint' && r.what === 'combined');
const out = [];
out.push(`statuslint ${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}, Node ${process.version}, ${availableParallelism()} cores, load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}.`);
out.push(`Input: ${n0(LINES)} lines of generated traffic (scenario \`bench\`, seed 1), page-cached; statuslint median of ${RUNS} runs, competitors median of ${COMPETITOR_RUNS}. CPU = user + system time of the process (GNU time).`);
out.push('');
out.push('| tool | what | lines/s (CPU) | lines/s (wall) | MB/s (CPU) | CPU s | wall s | peak RSS | CPU lines/s vs statuslint combined |');
out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const vsCombined = perSecond(r.lines / (base.lines / base.cpu), r.cpu, (x) => `${x.toFixed(2)}×`);
  out.push(`| ${r.tool} | ${r.what} | ${perSecond(r.lines, r.cpu)} | ${perSecond(r.lines, r.wall)} | ${perSecond(r.mb, r.cpu, (x) => x.toFixed(0))} | ${r.cpu.toFixed(2)} | ${r.wall.toFixed(2)} | ${r.rssMb.toFixed(0)} MB | ${vsCombined} |`);
}
out.push('');
if (workers !== null) {
  out.push(`Two ${n0(LINES)}-line files: one thread ${workers.one.cpu.toFixed(2)} s CPU / ${workers.one.wall.toFixed(2)} s wall; worker threads (${workers.cores} cores) ${workers.many.cpu.toFixed(2)} s CPU / ${workers.many.wall.toFixed(2)} s wall → wall speed-up ${(workers.one.wall / workers.many.wall).toFixed(2)}× (peak RSS ${workers.one.rssMb.toFixed(0)} → ${workers.many.rssMb.toFixed(0)} MB).`);
}
out.push(`Many small files: the ${n0(SMALL)}-line file cut into ${parts.length} files of 1,000 lines takes ${manyFiles.cpu.toFixed(2)} s CPU / ${manyFiles.wall.toFixed(2)} s wall (peak RSS ${manyFiles.rssMb.toFixed(0)} MB), against ${oneFile.cpu.toFixed(2)} s / ${oneFile.wall.toFixed(2)} s (${oneFile.rssMb.toFixed(0)} MB) as one file: ${(manyFiles.wall / oneFile.wall).toFixed(2)}× the wall time.`);
if (smallRun !== null) out.push(`Memory growth: peak RSS ${smallRun.rssMb.toFixed(0)} MB at ${n0(SMALL)} lines, ${base.rssMb.toFixed(0)} MB at ${n0(LINES)} lines (${(base.rssMb / smallRun.rssMb).toFixed(2)}×).`);
if (stream !== null) out.push(`Stream: ${n0(STREAM_LINES)} generated lines through stdin (never on disk): statuslint ${stream.cpu.toFixed(1)} s CPU, peak RSS ${stream.rssMb.toFixed(0)} MB.`);
out.push(`Startup: \`statuslint --version\` median ${(startup.wall * 1000).toFixed(0)} ms wall, ${(startup.cpu * 1000).toFixed(0)} ms CPU (10 runs).`);
console.log(out.join('\n'));
