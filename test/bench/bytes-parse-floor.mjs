#!/usr/bin/env node
// How fast can Node read, split and parse combined-log lines as bytes, making no string?
//
//   node test/bench/bytes-parse-floor.mjs .statuslint-bench/bench-combined-3000000-s1-v2.log
//
// A measuring stick, not product code: statuslint parses strings (readline-transform, fed
// decoded text, is the splitter issue 8 pins). This reads 1 MiB chunks into a Buffer, finds
// lines and fields with Buffer.indexOf, and takes from each line what the cube builder needs:
// a hash of the client, the path and the agent's first bytes, the time through a minute cache
// compared byte by byte, the status and the body size. It skips every check the real parser
// makes (escaped quotes, vhost and ident variants, a truncated line, a bad date), so its
// figure is a floor for parsing bytes, against the "reading and parsing" row of the README.
// Prints CPU per line and a checksum of what it read (so no part of the work is optimised away).

import { openSync, readSync, closeSync } from 'node:fs';

const SPACE = 32;
const QUOTE = 34;
const OPEN_BRACKET = 91;
const QUESTION_MARK = 63;
const NEWLINE = 10;

const file = process.argv[2];
if (file === undefined) {
  console.error('usage: node test/bench/bytes-parse-floor.mjs COMBINED-LOG');
  process.exit(2);
}

/** FNV-1a over bytes [from, to) */
function fnv(b, from, to) {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h;
}

const checksum = { status: 0, bytes: 0, hashes: 0, seconds: 0 };
const lastMinute = Buffer.alloc(17);
let minuteKnown = false;
let minuteSeconds = 0;

/** reads the line at [from, to) of `b`; false when it does not have the combined skeleton */
function parseLine(b, from, to) {
  const clientEnd = b.indexOf(SPACE, from);
  if (clientEnd === -1 || clientEnd >= to) return false;
  const open = b.indexOf(OPEN_BRACKET, clientEnd);
  if (open === -1 || open >= to) return false;
  const clientHash = fnv(b, from, clientEnd);
  // dd/Mon/yyyy:HH:MM:SS +zzzz: the minute cached by its 17 bytes, the seconds read each time
  const t = open + 1;
  let sameMinute = minuteKnown;
  for (let i = 0; sameMinute && i < 17; i++) if (b[t + i] !== lastMinute[i]) sameMinute = false;
  if (!sameMinute) {
    b.copy(lastMinute, 0, t, t + 17);
    minuteKnown = true;
    minuteSeconds = ((b[t + 12] - 48) * 10 + (b[t + 13] - 48)) * 3600 + ((b[t + 15] - 48) * 10 + (b[t + 16] - 48)) * 60;
  }
  const second = (b[t + 18] - 48) * 10 + (b[t + 19] - 48);
  const requestOpen = t + 28;
  if (b[requestOpen] !== QUOTE) return false;
  const methodEnd = b.indexOf(SPACE, requestOpen + 1);
  const targetEnd = b.indexOf(SPACE, methodEnd + 1);
  const requestClose = b.indexOf(QUOTE, targetEnd);
  if (methodEnd === -1 || targetEnd === -1 || requestClose === -1 || requestClose >= to) return false;
  const query = b.indexOf(QUESTION_MARK, methodEnd + 1);
  const pathEnd = query !== -1 && query < targetEnd ? query : targetEnd;
  const pathHash = fnv(b, methodEnd + 1, pathEnd);
  const status = (b[requestClose + 2] - 48) * 100 + (b[requestClose + 3] - 48) * 10 + (b[requestClose + 4] - 48);
  let i = requestClose + 6;
  let size = 0;
  for (; b[i] >= 48 && b[i] <= 57; i++) size = size * 10 + b[i] - 48;
  const refererOpen = b.indexOf(QUOTE, i);
  const refererClose = b.indexOf(QUOTE, refererOpen + 1);
  const agentOpen = b.indexOf(QUOTE, refererClose + 1);
  const agentClose = b.indexOf(QUOTE, agentOpen + 1);
  if (refererOpen === -1 || agentOpen === -1 || agentClose === -1 || agentClose > to) return false;
  // what the agent cache samples: a few bytes and the length
  const agentHash = fnv(b, agentOpen + 1, Math.min(agentOpen + 9, agentClose)) ^ (agentClose - agentOpen);
  checksum.status += status;
  checksum.bytes += size;
  checksum.hashes ^= clientHash ^ pathHash ^ agentHash;
  checksum.seconds += minuteSeconds + second;
  return true;
}

const CHUNK = 1 << 20;
const fd = openSync(file, 'r');
const buf = Buffer.allocUnsafe(2 * CHUNK);
let start = 0;
let end = 0;
let lines = 0;
let unread = 0;
const cpu0 = process.cpuUsage();
for (;;) {
  // the unfinished last line moves to the front before the next read
  if (end + CHUNK > buf.length) {
    if (start === 0) throw new Error('a line longer than 1 MiB: not a combined log');
    buf.copy(buf, 0, start, end);
    end -= start;
    start = 0;
  }
  const n = readSync(fd, buf, end, CHUNK, null);
  if (n === 0) break;
  end += n;
  for (let nl = buf.indexOf(NEWLINE, start); nl !== -1 && nl < end; nl = buf.indexOf(NEWLINE, start)) {
    if (!parseLine(buf, start, nl)) unread++;
    lines++;
    start = nl + 1;
  }
}
closeSync(fd);
const used = process.cpuUsage(cpu0);
const seconds = (used.user + used.system) / 1e6;
console.log(`${lines} lines (${unread} without the combined skeleton), ${seconds.toFixed(2)} s CPU, ${((seconds * 1e6) / lines).toFixed(3)} µs a line`);
console.log(`checksum: status ${checksum.status}, bytes ${checksum.bytes}, hashes ${checksum.hashes}, seconds ${checksum.seconds}`);
