// Throughput of the compiled custom-format parsers against the built-in `combined`
// parser on the same generated combined data (1M lines held in memory).
//
//   npx tsc -p . --outDir /tmp/statuslint-bench && node test/bench/formats-throughput.mjs /tmp/statuslint-bench
//
// Rounds are interleaved (A B C, A B C, ...) so machine noise hits all parsers alike;
// the report gives the best and the median round per parser, in lines/s, by wall-clock
// time and by the process's CPU time (user + system), which a busy machine disturbs less.
// (test/bench/formats.bench.ts measures the same under `vitest bench`.)
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.argv[2];
if (!dist) {
  console.error('usage: node test/bench/formats-throughput.mjs <tsc outDir>');
  process.exit(2);
}
const load = (p) => import(pathToFileURL(path.resolve(dist, p)).href);
const { combined } = await load('src/formats/clf.js');
const { compileNginxFormat } = await load('src/formats/nginx-log-format.js');
const { compileApacheFormat } = await load('src/formats/apache-log-format.js');
const { emptyRecord } = await load('src/formats/types.js');
const { findFormat } = await load('src/formats/index.js');

const N = Number(process.env.LINES ?? 1_000_000);
const ROUNDS = Number(process.env.ROUNDS ?? 7);

function generate(n) {
  const paths = ['/', '/api/v1/users/42', '/api/v1/orders?page=2', '/static/app.3f2a1c.js', '/login', '/caf%C3%A9/menu'];
  const agents = ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36', 'curl/8.4.0', 'okhttp/4.12.0', 'Googlebot/2.1 (+http://www.google.com/bot.html)'];
  const statuses = [200, 200, 200, 304, 404, 401, 500, 301];
  const out = new Array(n);
  const t0 = Date.UTC(2026, 10, 16, 0, 0, 0);
  for (let i = 0; i < n; i++) {
    const t = new Date(t0 + Math.floor(i / 20) * 1000);
    const p2 = (v) => String(v).padStart(2, '0');
    const ts = `${p2(t.getUTCDate())}/Nov/${t.getUTCFullYear()}:${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}:${p2(t.getUTCSeconds())} +0000`;
    out[i] = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} - - [${ts}] "GET ${paths[i % paths.length]} HTTP/1.1" ${statuses[i % statuses.length]} ${(i * 37) % 50000} "https://example.com/" "${agents[i % agents.length]}"`;
  }
  return out;
}

const lines = generate(N);
const parsers = [
  ['built-in combined (clf.ts)', combined],
  ['nginx:<combined log_format> compiled', compileNginxFormat('$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"')],
  ['apache:<combined LogFormat> compiled', compileApacheFormat('%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\"')],
  // what detection hands to ingest: combined inside the prefix wrapper
  ['combined as detected (prefix wrapper)', findFormat('combined')],
];
const results = parsers.map(() => []);
const cpuResults = parsers.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  parsers.forEach(([name, format], k) => {
    const p = format.createParser();
    const rec = emptyRecord();
    let ok = 0;
    const cpu0 = process.cpuUsage();
    const t = process.hrtime.bigint();
    for (let i = 0; i < lines.length; i++) if (p.parse(lines[i], rec) === undefined) ok++;
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    if (ok !== lines.length) throw new Error(`${name}: ${lines.length - ok} lines did not parse`);
    if (round > 0) {
      // round 0 warms up the JIT
      results[k].push((lines.length / ms) * 1000);
      cpuResults[k].push((lines.length / cpuMs) * 1000);
    }
  });
}
console.log(`node ${process.version}, ${N} lines, ${ROUNDS - 1} measured rounds (interleaved), lines/s`);
const fmt = (v) => Math.round(v).toLocaleString('en-US').padStart(9);
const stats = (xs) => {
  const r = xs.slice().sort((a, b) => a - b);
  return `best ${fmt(r[r.length - 1])}  median ${fmt(r[Math.floor(r.length / 2)])}`;
};
parsers.forEach(([name], k) => {
  console.log(`${name.padEnd(40)} wall: ${stats(results[k])}   cpu: ${stats(cpuResults[k])}`);
});
