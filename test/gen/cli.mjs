#!/usr/bin/env node
// Writes a generated access log: for the benchmark runner and for humans.
//
//   node test/gen/cli.mjs --scenario clean-api --format combined --lines 3000000 --seed 1 --out big.log
//   node test/gen/cli.mjs --scenario token-rotation --format json --truth truth.json | head
//   node test/gen/cli.mjs --list
//
// Plain ESM, no TypeScript loader needed. Streams: memory stays flat whatever --lines is.

import { openSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { scenario, SCENARIO_NAMES, INJECTION_NAMES, createCombinedWriter, createJsonWriter } from './traffic.mjs';

const USAGE = `usage: node test/gen/cli.mjs [options]
  --scenario NAME      scenario to generate (default clean-api); --list shows them
  --format FMT         combined | json (default combined)
  --lines N            exactly N lines; also sets the volume (the time range stretches past
                       the scenario's window if the volume needs it)
  --seed S             seed (default 1): same seed, byte-identical output
  --out FILE           write to FILE instead of stdout
  --tz=±HHMM           local time offset written in the log (default +0000; use the = form for negative offsets)
  --no-headers         JSON: leave out the sent_http_* response header keys
  --non-latin-users N  JSON: log one user in N under a name in a non-Latin script
                       (Han, Hangul, Cyrillic, Arabic, Devanagari); the events are the same
  --extra-routes N     add N synthetic API route templates (benchmarks: route-cap pressure)
  --truth FILE         write the ground truth (JSON array) to FILE
  --list               print scenario and injection names and exit
  --help`;

/** @param {string} msg */
function fail(msg) {
  process.stderr.write(`gen: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      scenario: { type: 'string', default: 'clean-api' },
      format: { type: 'string', default: 'combined' },
      lines: { type: 'string' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      tz: { type: 'string', default: '+0000' },
      'no-headers': { type: 'boolean', default: false },
      'non-latin-users': { type: 'string', default: '0' },
      'extra-routes': { type: 'string' },
      truth: { type: 'string' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
} catch (e) {
  fail(/** @type {Error} */ (e).message);
}
if (args.help) { process.stdout.write(USAGE + '\n'); process.exit(0); }
if (args.list) {
  process.stdout.write(`scenarios:\n  ${SCENARIO_NAMES.join('\n  ')}\ninjections (for traffic.mjs generateTraffic):\n  ${INJECTION_NAMES.join('\n  ')}\n`);
  process.exit(0);
}
if (args.format !== 'combined' && args.format !== 'json') fail(`--format must be combined or json, not ${args.format}`);
const nonLatinUsers = Number(args['non-latin-users']);
if (!Number.isInteger(nonLatinUsers) || nonLatinUsers < 0) fail(`--non-latin-users must be a whole number, not ${args['non-latin-users']}`);
// nginx escapes every byte >= 0x7F of a combined line, so such a name could only be written as \xHH there
if (nonLatinUsers > 0 && args.format !== 'json') fail('--non-latin-users is for --format json');
const tz = /^([+-])(\d{2}):?(\d{2})$/.exec(args.tz);
if (tz === null) fail(`--tz must look like +0000 or -0700, not ${args.tz}`);
const tzOffsetMinutes = (tz[1] === '-' ? -1 : 1) * (Number(tz[2]) * 60 + Number(tz[3]));
/** @type {Record<string, unknown>} */
const overrides = { tzOffsetMinutes };
if (args.lines !== undefined) {
  const n = Number(args.lines);
  if (!Number.isInteger(n) || n < 1) fail(`--lines must be a positive integer, not ${args.lines}`);
  overrides.lines = n;
}
if (args['extra-routes'] !== undefined) overrides.extraRoutes = Number(args['extra-routes']);
const seed = /^\d+$/.test(args.seed) ? Number(args.seed) : args.seed;

let sc;
try {
  sc = scenario(args.scenario, seed, overrides);
} catch (e) {
  fail(/** @type {Error} */ (e).message);
}
const write = args.format === 'json'
  ? createJsonWriter({ tzOffsetMinutes, headers: !args['no-headers'], nonLatinUsers })
  : createCombinedWriter({ tzOffsetMinutes });

const fd = args.out !== undefined ? openSync(args.out, 'w') : 1;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes the whole chunk synchronously. stdout may be a non-blocking pipe (EAGAIN: wait a
 * moment and retry); a reader that went away (`| head`) ends the run quietly — and at
 * once, rather than after generating the rest.
 * @param {Buffer} chunk
 */
function flush(chunk) {
  let done = 0;
  while (done < chunk.length) {
    try {
      done += writeSync(fd, chunk, done, chunk.length - done);
    } catch (e) {
      const code = /** @type {NodeJS.ErrnoException} */ (e).code;
      if (code === 'EAGAIN') { Atomics.wait(pause, 0, 0, 2); continue; }
      if (code === 'EPIPE') process.exit(0);
      throw e;
    }
  }
}

// Each line is encoded straight into a 1 MiB buffer and the buffer is written when full.
// Why: concatenating lines into a big string keeps every line's rope alive until the
// chunk is written, and those survivors get promoted by the GC — that cost more than the
// generation itself. Combined lines are pure ASCII (nginx escapes every byte >= 0x7F),
// so latin1 is exact and the cheapest encoder; JSON can carry UTF-8.
const encoding = args.format === 'json' ? 'utf8' : 'latin1';
// latin1Write/utf8Write are what Buffer#write calls after normalising its arguments; calling
// them directly saves that per line. Fall back to the documented API if they ever go away.
const fastWrite = typeof (/** @type {any} */ (Buffer.prototype)).latin1Write === 'function';
const SIZE = 1 << 20;
let buf = Buffer.allocUnsafe(SIZE);
let off = 0;
let n = 0;
sc.forEach((ev) => {
  const line = write(ev);
  if (off + line.length * 3 + 1 > SIZE) {
    flush(buf.subarray(0, off));
    if (line.length * 3 + 1 > SIZE) buf = Buffer.allocUnsafe(line.length * 3 + 1);
    off = 0;
  }
  off += fastWrite ? (encoding === 'latin1' ? buf.latin1Write(line, off) : buf.utf8Write(line, off)) : buf.write(line, off, encoding);
  buf[off++] = 10;
  n++;
});
if (off > 0) flush(buf.subarray(0, off));
if (fd !== 1) closeSync(fd);
if (args.truth !== undefined) writeFileSync(args.truth, JSON.stringify(sc.truth, null, 2) + '\n');
process.stderr.write(`gen: ${n} lines, scenario ${sc.name}, seed ${args.seed}, format ${args.format}\n`);
