/**
 * uWSGI's default request log line:
 *
 *   [pid: 88185|app: 0|req: 1/1] 127.0.0.1 () {38 vars in 696 bytes} [Sun Mar 13 22:49:12 2016]
 *   POST /update_metrics => generated 47 bytes in 129 msecs (HTTP/1.1 200) 9 headers in 378 bytes (...)
 *
 * `generated N bytes` is the body; the time has no zone: it is in --timezone (default UTC).
 */

import { parseAsctime } from './fields.js';
import { dashToNull, methodToken, statusOrNull, targetPath } from './request.js';
import { resetRecord, type LineParser, type LogFormat, type LogRecord, type ParserOptions, type SkipReason } from './types.js';
import { UTC, type TimeZone } from './zone.js';

function parseUwsgi(line: string, out: LogRecord, zone: TimeZone): SkipReason | undefined {
  resetRecord(out);
  if (line.trim().length === 0) return 'blank';
  if (!line.startsWith('[pid: ')) return 'malformed';
  const h = line.indexOf('] ');
  if (h === -1) return 'malformed';
  const sp = line.indexOf(' ', h + 2);
  if (sp === -1) return 'malformed';
  out.client = dashToNull(line.slice(h + 2, sp));
  const userEnd = line.indexOf(') ', sp);
  if (line.charCodeAt(sp + 1) !== 40 || userEnd === -1) return 'malformed';
  out.user = dashToNull(line.slice(sp + 2, userEnd));
  const tOpen = line.indexOf('} [', userEnd);
  if (tOpen === -1) return 'malformed';
  const tClose = line.indexOf('] ', tOpen + 3);
  if (tClose === -1) return 'malformed';
  out.time = parseAsctime(line.slice(tOpen + 3, tClose), zone);
  const arrow = line.indexOf(' => generated ', tClose);
  if (arrow === -1) return 'malformed';
  const req = line.slice(tClose + 2, arrow);
  const rsp = req.indexOf(' ');
  if (rsp === -1) return 'malformed';
  out.method = methodToken(req.slice(0, rsp));
  out.path = targetPath(req.slice(rsp + 1));
  const bEnd = line.indexOf(' bytes in ', arrow + 14);
  if (bEnd === -1) return 'malformed';
  const bytes = Number(line.slice(arrow + 14, bEnd));
  out.bytes = Number.isInteger(bytes) && bytes >= 0 ? bytes : null;
  const dEnd = line.indexOf(' ', bEnd + 10);
  const d = Number(line.slice(bEnd + 10, dEnd));
  const unit = line.slice(dEnd + 1, line.indexOf(' ', dEnd + 1));
  if (Number.isFinite(d) && d >= 0) out.durationMs = unit === 'micros' ? d / 1000 : d;
  const proto = line.indexOf(' (HTTP/', dEnd);
  if (proto === -1) return 'malformed';
  const pEnd = line.indexOf(')', proto);
  const stSp = line.indexOf(' ', proto + 2);
  if (pEnd === -1 || stSp === -1 || stSp > pEnd) return 'malformed';
  const status = statusOrNull(line.slice(stSp + 1, pEnd));
  if (status === null) return 'malformed';
  out.status = status;
  if (!Number.isFinite(out.time)) return 'bad-time';
  return undefined;
}

export const uwsgi: LogFormat = {
  id: 'uwsgi',
  description: 'uWSGI default request log (generated N bytes in T msecs (HTTP/1.1 200))',
  bytesField: 'body',
  hasResponseHeaders: false,
  examples: [
    {
      // lnav test/logfile_uwsgi.0
      line: '[pid: 88185|app: 0|req: 1/1] 127.0.0.1 () {38 vars in 696 bytes} [Sun Mar 13 22:49:12 2016] POST /update_metrics => generated 47 bytes in 129 msecs (HTTP/1.1 200) 9 headers in 378 bytes (1 switches on core 3)',
      expect: { time: Date.UTC(2016, 2, 13, 22, 49, 12), client: '127.0.0.1', method: 'POST', path: '/update_metrics', bytes: 47, durationMs: 129, status: 200 },
    },
    { line: '[pid: 1|app: 0|req: 3/3] ::1 (bob) {34 vars in 617 bytes} [Sun Mar 13 22:49:15 2016] GET /a?x=1 => generated 215 bytes in 68 micros (HTTP/2.0 404) 9 headers in 373 bytes (1 switches on core 8)', expect: { client: '::1', user: 'bob', path: '/a', durationMs: 0.068, status: 404 } },
    { line: '[pid: 88185|app: 0|req: 1/1] 127.0.0.1 () {38 vars in 696 bytes} [Sun Mar 13 22:49:12 2016] POST /update_metrics => generated 47 bytes in 129 msecs', skip: 'malformed' },
    { line: '*** Starting uWSGI 2.0.12 (64bit) on [Sun Mar 13 22:49:00 2016] ***', skip: 'malformed' },
    { line: '\u0000\u00ff garbage', skip: 'malformed' },
  ],
  createParser: (opts: ParserOptions = {}): LineParser => {
    const zone = opts.timeZone ?? UTC;
    return { parse: (line, out) => parseUwsgi(line, out, zone) };
  },
};
