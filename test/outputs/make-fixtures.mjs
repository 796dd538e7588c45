// Regenerates fixtures/logs/outputs-mixed.log and fixtures/logs/outputs-hostile.log:
//   node test/outputs/make-fixtures.mjs
// Deterministic (seeded): two hours of API and shop traffic with several findings
// (511 standing in for 401, for a server error, and unclear), a 401 rise after a token
// rotation and a 5xx burst, so every chart has something to show.
import { writeFileSync } from 'node:fs';

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n) => String(n).padStart(2, '0');
function clf({ t, ip = '198.51.100.10', user = '-', method = 'GET', path, status, bytes = 512, ua = 'okhttp/4.12.0' }) {
  const d = new Date(t);
  const ts = `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
  return `${ip} - ${user} [${ts}] "${method} ${path} HTTP/1.1" ${status} ${bytes} "-" "${ua}"`;
}
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const t0 = Date.parse('2026-11-16T03:00:00Z');
const lines = [];
for (let s = 0; s < 2 * 3600; s += 10) {
  const t = t0 + s * 1000;
  const min = s / 60;
  const ip = `198.51.100.${1 + Math.floor(rnd() * 60)}`;
  const r = rnd();
  // steady traffic
  if (r < 0.45) {
    // user records differ in size, as real JSON bodies do (a constant size would be a soft 404)
    const id = Math.floor(rnd() * 500);
    lines.push(clf({ t, ip, path: `/api/v1/users/${id}`, status: 200, user: pick(['alice', 'bob', '-']), bytes: 380 + ((id * 37) % 300) }));
  }
  else if (r < 0.7) lines.push(clf({ t, ip, path: pick(['/products/blue-shirt', '/products/red-hat', '/']), status: 200, ua: BROWSER, bytes: 2400 }));
  else if (r < 0.78) lines.push(clf({ t, ip, path: '/old-catalogue', status: 301, ua: BROWSER, bytes: 0 }));
  else if (r < 0.84) lines.push(clf({ t, ip, path: '/missing-page', status: 404, ua: BROWSER }));
  // 401s: a trickle, then a lasting rise after the token rotation at 03:40
  else if (r < (min >= 40 ? 0.97 : 0.86)) lines.push(clf({ t, ip, path: '/api/v1/orders', status: 401 }));
  else lines.push(clf({ t, ip, path: '/api/v1/orders', status: 200, user: 'alice' }));
  // a checkout incident 04:10–04:25: 502s, with 511 standing in for a server error
  if (min >= 70 && min < 85 && s % 30 === 0) lines.push(clf({ t: t + 3000, ip, method: 'POST', path: '/checkout', status: s % 90 === 0 ? 511 : 502, user: 'carol' }));
  // the login endpoint answers 511 for missing credentials
  if (min >= 20 && min < 30 && s % 60 === 0) lines.push(clf({ t: t + 5000, ip, method: 'POST', path: '/api/login', status: 511 }));
  // authenticated widget requests answered 511: unclear
  if (min >= 95 && min < 100 && s % 60 === 0) lines.push(clf({ t: t + 7000, ip, path: '/api/v1/widgets', status: 511, user: 'dave' }));
}
writeFileSync(new URL('../../fixtures/logs/outputs-mixed.log', import.meta.url), lines.join('\n') + '\n');

// hostile strings in paths and user agents: HTML, Markdown links/images, pipes, backticks,
// autolinks, workflow-command breakers, terminal escapes
const hostile = [
  '/<script>alert(1)</script>',
  '/[click](https://evil.com/x)',
  '/![img](https://evil.com/a.png)',
  '/a|b|c`code`<b>bold</b>&amp;',
  '/redirect/https://evil.com/www.evil.com/user@evil.com',
  '/x%0A::set-output%20name=a::b,c:d',
  '/\u001b]8;;https://evil.com\u0007link\u001b]8;;\u0007',
  '/\u202eevil',
];
const hl = [];
hostile.forEach((path, i) => {
  for (let k = 0; k < 3; k++) {
    hl.push(clf({ t: t0 + (i * 600 + k * 60) * 1000, ip: `203.0.113.${10 + i}`, path, status: 511, ua: '<img src=x onerror=alert(1)> [ua](https://evil.com) |' }));
  }
  hl.push(clf({ t: t0 + (i * 600 + 200) * 1000, ip: `203.0.113.${10 + i}`, path: '/ok', status: 200 }));
});
hl.sort((a, b) => (a.slice(a.indexOf('[')) < b.slice(b.indexOf('[')) ? -1 : 1));
writeFileSync(new URL('../../fixtures/logs/outputs-hostile.log', import.meta.url), hl.join('\n') + '\n');
