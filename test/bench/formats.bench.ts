import { bench, describe } from 'vitest';
import { combined } from '../../src/formats/clf.js';
import { compileApacheFormat } from '../../src/formats/apache-log-format.js';
import { compileNginxFormat } from '../../src/formats/nginx-log-format.js';
import { emptyRecord, type LogFormat } from '../../src/formats/types.js';

/**
 * The compiled custom-format parser against the built-in `combined` parser on the same
 * generated combined data. Run with:
 *
 *   npx vitest bench --config test/vitest.config.ts test/bench/formats.bench.ts --run
 *
 * Each iteration parses all LINES lines held in memory; lines/s = LINES / (mean ms / 1000).
 */

export const LINES = 1_000_000;

function generate(n: number): string[] {
  const paths = ['/', '/api/v1/users/42', '/api/v1/orders?page=2', '/static/app.3f2a1c.js', '/login', '/caf%C3%A9/menu'];
  const agents = ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36', 'curl/8.4.0', 'okhttp/4.12.0', 'Googlebot/2.1 (+http://www.google.com/bot.html)'];
  const statuses = [200, 200, 200, 304, 404, 401, 500, 301];
  const out: string[] = [];
  const t0 = Date.UTC(2026, 10, 16, 0, 0, 0);
  const mon = 'Nov';
  for (let i = 0; i < n; i++) {
    const t = new Date(t0 + Math.floor(i / 20) * 1000);
    const ts = `${String(t.getUTCDate()).padStart(2, '0')}/${mon}/${t.getUTCFullYear()}:${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}:${String(t.getUTCSeconds()).padStart(2, '0')} +0000`;
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    out.push(`${ip} - - [${ts}] "GET ${paths[i % paths.length]} HTTP/1.1" ${statuses[i % statuses.length]} ${(i * 37) % 50000} "https://example.com/" "${agents[i % agents.length]}"`);
  }
  return out;
}

const lines = generate(LINES);

function run(format: LogFormat): number {
  const p = format.createParser();
  const rec = emptyRecord();
  let ok = 0;
  for (let i = 0; i < lines.length; i++) if (p.parse(lines[i]!, rec) === undefined) ok++;
  if (ok !== lines.length) throw new Error(`${format.id}: ${lines.length - ok} lines did not parse`);
  return ok;
}

const nginx = compileNginxFormat(`$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`);
const apache = compileApacheFormat(String.raw`%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"`);

describe(`parse ${LINES} combined lines`, () => {
  bench('built-in combined (clf.ts)', () => { run(combined); }, { iterations: 5, time: 0, warmupIterations: 1 });
  bench('nginx:<combined log_format> (compiled)', () => { run(nginx); }, { iterations: 5, time: 0, warmupIterations: 1 });
  bench('apache:<combined LogFormat> (compiled)', () => { run(apache); }, { iterations: 5, time: 0, warmupIterations: 1 });
});
