#!/usr/bin/env node
// Generation speed, without disk I/O: `node test/gen/speed.mjs [lines] [scenario]`.
// Prints lines/s for generation alone, and generation + each writer encoded into a
// reused buffer (what cli.mjs does before write(2)). CPU figures are process CPU time
// (robust on a busy machine); wall figures are what a user waits.
import { scenario, createCombinedWriter, createJsonWriter } from './traffic.mjs';

const N = Number(process.argv[2] ?? 1_000_000);
const name = process.argv[3] ?? 'clean-api';

/** @param {string} label @param {(ev: any) => string} [write] @param {'latin1'|'utf8'} [enc] */
function run(label, write, enc = 'latin1') {
  const sc = scenario(name, 1, { lines: N });
  const buf = Buffer.allocUnsafe(1 << 20);
  let off = 0;
  let bytes = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const n = sc.forEach(write === undefined ? () => {} : (ev) => {
    const line = write(ev);
    if (off + line.length * 3 + 1 > buf.length) { bytes += off; off = 0; }
    off += enc === 'latin1' ? buf.latin1Write(line, off) : buf.utf8Write(line, off);
    buf[off++] = 10;
  });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  bytes += off;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(`${label.padEnd(22)} ${n} lines  ${Math.round(n / cpuMs * 1000).toLocaleString('en')} lines/s (cpu ${cpuMs.toFixed(0)} ms)  ` +
    `${Math.round(n / wall * 1000).toLocaleString('en')} lines/s (wall ${wall.toFixed(0)} ms)` + (bytes ? `  ${(bytes / 1e6).toFixed(0)} MB` : ''));
}

run('generate only');
run('generate + combined', createCombinedWriter(), 'latin1');
run('generate + json', createJsonWriter(), 'utf8');
