/**
 * LTSV (Labeled Tab-Separated Values, ltsv.org): `label:value` fields joined by tabs.
 * Labels follow ltsv.org's recommendations (`host` is the client, `vhost` the virtual
 * host, `req`/`request`, `status`, `size`, `reqtime` in seconds, `reqtime_microsec`) and
 * the names nginx/Apache configs commonly use. A line without a `status:` label is
 * malformed (nekrassov01's fixture has a bare `404`).
 */

import { parseAnyTime } from './time.js';
import { dashToNull, methodToken, splitRequestLine, statusOrNull, targetPath } from './request.js';
import { numOrNull } from './fields.js';
import { resetRecord, type LineParser, type LogFormat, type LogRecord, type ParserOptions, type SkipReason } from './types.js';
import { UTC } from './zone.js';

function createLtsvParser(opts: ParserOptions = {}): LineParser {
  const zone = opts.timeZone ?? UTC;
  const m = new Map<string, string>();
  const get = (...keys: string[]): string | null => {
    for (const k of keys) {
      const v = m.get(k);
      if (v !== undefined && v.length > 0 && v !== '-') return v;
    }
    return null;
  };
  return {
    parse(line: string, out: LogRecord): SkipReason | undefined {
      resetRecord(out);
      if (line.trim().length === 0) return 'blank';
      if (line.indexOf('\t') === -1) return 'malformed';
      m.clear();
      let labelled = 0;
      let from = 0;
      for (;;) {
        const tab = line.indexOf('\t', from);
        const field = line.slice(from, tab === -1 ? undefined : tab);
        const colon = field.indexOf(':');
        if (colon > 0 && /^[0-9A-Za-z_.-]+$/.test(field.slice(0, colon))) {
          m.set(field.slice(0, colon), field.slice(colon + 1));
          labelled++;
        }
        if (tab === -1) break;
        from = tab + 1;
      }
      if (labelled < 2) return 'malformed';
      const st = m.get('status');
      if (st === undefined) return 'malformed';
      const status = statusOrNull(st);
      if (status === null) return 'bad-status';
      out.status = status;
      const t = get('time', 'datetime', 'timestamp');
      if (t === null) return 'no-time';
      out.time = parseAnyTime(t, zone);
      const req = get('req', 'request');
      if (req !== null) {
        const r = splitRequestLine(req);
        out.method = r.method;
        out.path = r.path;
      }
      const method = get('method');
      if (method !== null) out.method = methodToken(method);
      const uri = get('uri', 'path');
      if (uri !== null) out.path = targetPath(uri);
      out.client = get('host', 'remote_host', 'remote_addr', 'client');
      out.user = dashToNull(get('user', 'remote_user') ?? '-');
      out.host = get('vhost', 'server_name', 'http_host');
      out.userAgent = get('ua', 'user_agent', 'useragent');
      out.referer = get('referer', 'referrer');
      const size = numOrNull(get('size', 'body_bytes_sent', 'bytes') ?? '-');
      out.bytes = size !== null && size >= 0 ? size : null;
      const us = numOrNull(get('reqtime_microsec') ?? '-');
      const sec = numOrNull(get('reqtime', 'request_time') ?? '-');
      out.durationMs = us !== null && us >= 0 ? us / 1000 : sec !== null && sec >= 0 ? sec * 1000 : null;
      if (!Number.isFinite(out.time)) return 'bad-time';
      return undefined;
    },
  };
}

export const ltsv: LogFormat = {
  id: 'ltsv',
  description: 'LTSV access log (label:value fields separated by tabs, ltsv.org labels)',
  bytesField: 'body',
  hasResponseHeaders: false,
  examples: [
    {
      // nekrassov01/access-log-parser testdata/sample_ltsv_all_match.log
      line: 'remote_host:192.168.1.1\tremote_logname:-\tremote_user:john\tdatetime:[12/Mar/2023:10:55:36 +0000]\trequest:GET /index.html HTTP/1.1\tstatus:200\tsize:1024\treferer:http://www.example.com/\tuser_agent:Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
      expect: { time: Date.UTC(2023, 2, 12, 10, 55, 36), client: '192.168.1.1', user: 'john', method: 'GET', path: '/index.html', status: 200, bytes: 1024, referer: 'http://www.example.com/' },
    },
    { line: 'time:2026-11-16T03:05:00+09:00\thost:2001:db8::1\treq:GET /caf\u00e9?x HTTP/1.1\tstatus:401\tsize:-\treqtime:0.012\tvhost:api.example', expect: { client: '2001:db8::1', path: '/caf\u00e9', status: 401, bytes: null, durationMs: 12, host: 'api.example' } },
    { line: 'remote_host:192.168.1.4\tremote_logname:-\tremote_user:anna\tdatetime:[12/Mar/2023:10:58:24 +0000]\trequest:GET /products HTTP/1.1\t404\tsize:0', skip: 'malformed' },
    { line: 'host:1.2.3.4\tstatus:abc\ttime:2026-11-16T03:05:00Z', skip: 'bad-status' },
    { line: '\u0000\u00ff garbage\tx', skip: 'malformed' },
  ],
  createParser: createLtsvParser,
};
