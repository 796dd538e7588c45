#!/usr/bin/env node
// Line splitting alone, CPU time: statuslint's reader (1 MiB reads, latin1/TextDecoder,
// LineCap, readline-transform) against a plain indexOf splitter on the same decoded
// chunks. `node test/bench/split.mjs FILE [reader|indexof]` (run on dist/).
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file = process.argv[2];
const mode = process.argv[3] ?? 'reader';
const { forEachLine, linesOf, READ_CHUNK } = await import(fileURLToPath(new URL('../../dist/src/ingest/lines.js', import.meta.url)));
const c0 = process.cpuUsage();
let n = 0;
let chars = 0;
if (mode === 'reader') {
  n = await forEachLine(linesOf(createReadStream(file, { highWaterMark: READ_CHUNK })), (l) => {
    chars += l.length;
  });
} else {
  let rest = '';
  for await (const buf of createReadStream(file, { highWaterMark: READ_CHUNK })) {
    const s = rest + buf.toString('latin1');
    let p = 0;
    for (let nl = s.indexOf('\n'); nl !== -1; nl = s.indexOf('\n', p)) {
      chars += nl - p;
      n++;
      p = nl + 1;
    }
    rest = s.slice(p);
  }
  if (rest.length > 0) n++;
}
const cpu = process.cpuUsage(c0);
const s = (cpu.user + cpu.system) / 1e6;
console.log(`${mode}: ${n} lines, ${s.toFixed(2)} s CPU, ${Math.round(n / s).toLocaleString('en')} lines/s CPU (${chars} chars)`);
