/**
 * W3C extended log files: IIS, HTTP.sys, IIS Advanced Logging, NetScaler, Incapsula,
 * Oracle Web Cache, and AWS CloudFront (standard logs, 2014 and Dec-2019 field sets,
 * RTMP distributions, real-time logs with epoch times).
 *
 * Columns come from the `#Fields:` directive, which may be repeated mid-file (log
 * rollover, app restart) and may change: the parser keeps it as state, so one parser
 * per input. Values are separated by a tab (CloudFront) or by runs of spaces (IIS,
 * Oracle's two spaces); a value may be quoted, with `""` for a quote inside.
 * Data lines with more values than `#Fields` declares keep the declared ones.
 *
 * An FTP service log in W3C form (IIS FTP: `[2]USER anonymous 331`) carries FTP reply
 * codes, not HTTP statuses: its lines are skipped as `no-status` so 331/226 never
 * become HTTP requests.
 */

import { epochToMs, parseIsoTime } from './time.js';
import { dashToNull, intOrNull, methodToken, targetPath } from './request.js';
import { numOrNull } from './fields.js';
import { resetRecord, type LineParser, type LogFormat, type LogRecord, type ParserOptions, type SkipReason } from './types.js';
import { UTC, type TimeZone } from './zone.js';

interface Columns {
  date: number; time: number; timestamp: number; client: number; user: number; method: number; stem: number; uri: number;
  status: number; bytes: number; ua: number; referer: number; taken: number; takenMs: number; host: number; hostHeader: number;
  count: number; cloudfront: boolean;
  /** IIS 7+ FTP service columns (x-session, x-fullpath): an FTP log */
  ftp: boolean;
  /** the time is IIS Advanced Logging's `time-local`, the server's wall clock: in --timezone, not UTC */
  localTime: boolean;
}

/**
 * FTP commands and IIS FTP events as they appear in cs-method. HTTP has none of these
 * (OPTIONS is HTTP, OPTS is FTP); the IIS 4-6 FTP service writes them as `[2]USER`.
 */
const FTP_COMMANDS = new Set([
  'USER', 'PASS', 'ACCT', 'QUIT', 'REIN', 'RETR', 'STOR', 'STOU', 'APPE', 'CWD', 'CDUP', 'PWD', 'XPWD', 'XCWD', 'LIST', 'NLST', 'MLSD', 'MLST',
  'TYPE', 'MODE', 'STRU', 'PASV', 'EPSV', 'PORT', 'EPRT', 'SYST', 'FEAT', 'OPTS', 'MKD', 'XMKD', 'RMD', 'XRMD', 'DELE', 'RNFR', 'RNTO', 'SIZE',
  'MDTM', 'AUTH', 'PBSZ', 'PROT', 'NOOP', 'ABOR', 'ALLO', 'REST', 'SITE', 'STAT', 'HELP', 'CLNT', 'HOST',
  'ControlChannelOpened', 'ControlChannelClosed', 'DataChannelOpened', 'DataChannelClosed', 'sent', 'created', 'deleted', 'appended',
]);

const ROLES: Readonly<Record<string, keyof Omit<Columns, 'count' | 'cloudfront' | 'ftp' | 'localTime'>>> = {
  date: 'date', 'date-local': 'date', time: 'time', 'time-local': 'time', timestamp: 'timestamp',
  'c-ip': 'client', 'cs-username': 'user', 'c-auth-id': 'user', 'cs-method': 'method', 'cs-uri-stem': 'stem', 'cs-uri': 'uri',
  'sc-status': 'status', 'sc-bytes': 'bytes', bytes: 'bytes',
  'cs(user-agent)': 'ua', 'cs-user-agent': 'ua', 'c-user-agent': 'ua',
  'cs(referer)': 'referer', 'cs(referrer)': 'referer', 'cs-referer': 'referer', 'c-referrer': 'referer',
  'time-taken': 'taken', timetakenms: 'takenMs', 'cs-host': 'host', 'cs(host)': 'host', 'x-host-header': 'hostHeader',
};

function columns(names: readonly string[]): Columns {
  const c: Columns = {
    date: -1, time: -1, timestamp: -1, client: -1, user: -1, method: -1, stem: -1, uri: -1, status: -1, bytes: -1, ua: -1,
    referer: -1, taken: -1, takenMs: -1, host: -1, hostHeader: -1, count: names.length, cloudfront: false, ftp: false, localTime: false,
  };
  names.forEach((raw, i) => {
    // U+200B and friends turn up in CloudFront RTMP headers
    const name = raw.replace(/[\u200b-\u200f\ufeff]/g, '').toLowerCase();
    if (name.startsWith('x-edge-')) c.cloudfront = true;
    if (name === 'x-session' || name === 'x-fullpath') c.ftp = true;
    const role = ROLES[name];
    if (role !== undefined && c[role] === -1) {
      c[role] = i;
      if (name === 'time-local') c.localTime = true;
    }
  });
  return c;
}

const IIS_DEFAULT = 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken'.split(' ');
const IIS_DEFAULT_OLD = IIS_DEFAULT.filter((f) => f !== 'cs(Referer)');
const CLOUDFRONT_2019 = 'date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end'.split(' ');
const CLOUDFRONT_REALTIME = 'timestamp c-ip time-to-first-byte sc-status sc-bytes cs-method cs-protocol cs-host cs-uri-stem cs-bytes x-edge-location x-edge-request-id x-host-header time-taken cs-protocol-version c-ip-version cs-user-agent cs-referer cs-cookie cs-uri-query x-edge-response-result-type x-forwarded-for ssl-protocol ssl-cipher x-edge-result-type fle-encrypted-fields fle-status sc-content-type sc-content-len sc-range-start sc-range-end c-port x-edge-detailed-result-type c-country cs-accept-encoding cs-accept cache-behavior-path-pattern cs-headers cs-header-names cs-headers-count'.split(' ');

/** values of one data line: tab-separated exactly, or space-run-separated with W3C quoting */
function splitValues(line: string, out: string[]): void {
  out.length = 0;
  if (line.indexOf('\t') !== -1) {
    let from = 0;
    for (;;) {
      const t = line.indexOf('\t', from);
      if (t === -1) { out.push(line.slice(from)); return; }
      out.push(line.slice(from, t));
      from = t + 1;
    }
  }
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && line.charCodeAt(i) === 32) i++;
    if (i >= n) return;
    if (line.charCodeAt(i) === 34) {
      // "..." with "" for a quote inside
      let v = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q === -1) { v += line.slice(j); j = n; break; }
        v += line.slice(j, q);
        if (line.charCodeAt(q + 1) === 34) { v += '"'; j = q + 2; continue; }
        j = q + 1;
        break;
      }
      out.push(v);
      i = j;
    } else {
      let j = line.indexOf(' ', i);
      if (j === -1) j = n;
      out.push(line.slice(i, j));
      i = j;
    }
  }
}

function decodeCloudFront(s: string): string {
  let v = s;
  for (let k = 0; k < 2 && v.indexOf('%') !== -1; k++) {
    try {
      v = decodeURIComponent(v);
    } catch {
      break;
    }
  }
  return v;
}

/** IIS writes spaces in the user agent as `+` */
function plusToSpace(s: string): string {
  return s.indexOf('+') !== -1 && s.indexOf(' ') === -1 ? s.replace(/\+/g, ' ') : s;
}

/** the value of column `i`, or `-` when the line has fewer values than #Fields declares */
function at(v: readonly string[], i: number): string {
  return i >= 0 && i < v.length ? v[i]! : '-';
}

const DATE_LINE = (s: string): boolean => s.length >= 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(0) >= 48 && s.charCodeAt(0) <= 57;

function createW3cParser(cloudfront: boolean, zone: TimeZone): LineParser {
  let cols: Columns | undefined;
  let directiveDate = '';
  let ftp = false;
  let lastTimeText = '';
  let lastTime = NaN;
  const v: string[] = [];
  return {
    parse(line: string, out: LogRecord): SkipReason | undefined {
      resetRecord(out);
      let start = 0;
      while (start < line.length && (line.charCodeAt(start) === 32 || line.charCodeAt(start) === 9)) start++;
      if (start === line.length) return 'blank';
      if (line.charCodeAt(start) === 35 /* # */) {
        if (line.startsWith('#Fields:', start)) {
          cols = columns(line.slice(start + 8).trim().split(/\s+/));
        } else if (line.startsWith('#Date:', start)) {
          directiveDate = line.slice(start + 6).trim().slice(0, 10);
        } else if (line.startsWith('#Software:', start)) {
          ftp = /\bFTP\b/i.test(line);
        }
        return 'directive';
      }
      splitValues(start === 0 ? line : line.slice(start), v);
      let c = cols;
      if (c === undefined) {
        // no header seen (a sample cut mid-file): the defaults of IIS and CloudFront
        if (cloudfront) {
          if (v.length >= 33 && DATE_LINE(v[0]!)) c = columns(CLOUDFRONT_2019);
          else if (v.length >= 20 && /^\d{10}\.\d{3}$/.test(v[0]!)) c = columns(CLOUDFRONT_REALTIME);
        } else if (DATE_LINE(v[0]!)) {
          if (v.length === IIS_DEFAULT.length) c = columns(IIS_DEFAULT);
          else if (v.length === IIS_DEFAULT_OLD.length) c = columns(IIS_DEFAULT_OLD);
        }
        if (c === undefined) return 'malformed';
      }
      if (cloudfront && !c.cloudfront) return 'malformed';
      if (v.length < Math.min(c.count, c.status + 1)) return 'malformed';
      if (c.status === -1) return 'no-status'; // e.g. RTMP: x-cf-status only
      const method = c.method === -1 ? null : at(v, c.method);
      // FTP replies (331, 226, ...), not HTTP statuses: the software, the columns or the command says so
      if (ftp || c.ftp || (method !== null && (method.charCodeAt(0) === 91 /* [ */ || FTP_COMMANDS.has(method)))) return 'no-status';
      const st = at(v, c.status);
      if (st.length === 0 || st === '-') return 'no-status';
      const status = st.length === 3 ? intOrNull(st) : null;
      if (status === null) return 'bad-status';
      out.status = status;

      if (c.timestamp !== -1) {
        const n = numOrNull(at(v, c.timestamp));
        out.time = n === null ? NaN : epochToMs(n);
      } else if (c.time !== -1) {
        const date = c.date !== -1 ? at(v, c.date) : directiveDate;
        if (date.length === 0) return 'no-time';
        // many lines share a second: one string compare instead of a regex
        const text = date + 'T' + at(v, c.time) + (c.localTime ? '' : 'Z');
        if (text !== lastTimeText) {
          lastTimeText = text;
          lastTime = parseIsoTime(text, zone);
        }
        out.time = lastTime;
      } else {
        return 'no-time';
      }
      if (!Number.isFinite(out.time)) return 'bad-time';

      if (method !== null) out.method = methodToken(method);
      if (out.method === '-') out.method = null;
      let target = c.stem !== -1 ? at(v, c.stem) : c.uri !== -1 ? at(v, c.uri) : '-';
      let uriHost: string | null = null;
      if (c.stem === -1 && target.charCodeAt(0) !== 47 /* / */ && target.indexOf('://') === -1) {
        // Incapsula's cs-uri is `host/path` without a scheme
        const slash = target.indexOf('/');
        if (slash > 0) {
          uriHost = target.slice(0, slash);
          target = target.slice(slash);
        }
      }
      out.path = target === '-' || target.length === 0 ? null : targetPath(target);
      if (c.client !== -1) out.client = dashToNull(at(v, c.client));
      if (c.user !== -1) out.user = dashToNull(at(v, c.user));
      if (c.ua !== -1) {
        const ua = dashToNull(at(v, c.ua));
        out.userAgent = ua === null ? null : cloudfront ? decodeCloudFront(ua) : plusToSpace(ua);
      }
      if (c.referer !== -1) out.referer = dashToNull(at(v, c.referer));
      const host = c.hostHeader !== -1 ? at(v, c.hostHeader) : c.host !== -1 ? at(v, c.host) : '-';
      out.host = dashToNull(host) ?? uriHost;
      if (c.bytes !== -1) {
        const b = numOrNull(at(v, c.bytes));
        out.bytes = b !== null && b >= 0 ? b : null;
      }
      if (c.takenMs !== -1) {
        const n = numOrNull(at(v, c.takenMs));
        out.durationMs = n !== null && n >= 0 ? n : null;
      } else if (c.taken !== -1) {
        // IIS writes integer ms; CloudFront writes seconds with a fraction
        const t = at(v, c.taken);
        const n = numOrNull(t);
        if (n !== null && n >= 0) out.durationMs = cloudfront || t.indexOf('.') !== -1 ? n * 1000 : n;
      }
      return undefined;
    },
  };
}

export const w3c: LogFormat = {
  id: 'w3c',
  description: 'W3C extended log (IIS, HTTP.sys, IIS Advanced Logging, NetScaler, Incapsula, Oracle); #Fields header, repeated mid-file',
  bytesField: 'total',
  hasResponseHeaders: false,
  examples: [
    { line: '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken', skip: 'directive' },
    {
      // lnav test/logfile_w3c_big.0 (IIS 8.5); the header it needs is the #Fields line above, so the default IIS columns are used here
      line: '2015-01-13 00:32:17 100.79.192.81 GET /robots.txt - 80 - 157.55.39.146 Mozilla/5.0+(compatible;+bingbot/2.0;++http://www.bing.com/bingbot.htm) - 404 0 2 283',
      expect: { time: Date.UTC(2015, 0, 13, 0, 32, 17), method: 'GET', path: '/robots.txt', status: 404, client: '157.55.39.146', userAgent: 'Mozilla/5.0 (compatible; bingbot/2.0;  http://www.bing.com/bingbot.htm)', durationMs: 283 },
    },
    { line: '2015-01-13 00:32:17 100.79.192.81 GET /caf\u00e9/\u6f22 - 80 - fe80::1 \u00c4\u00d6\u00dc\\M\u00f6zill\u00e4/5.0 - 200 0 0 12', expect: { path: '/caf\u00e9/\u6f22', client: 'fe80::1', status: 200 } },
    { line: '2015-01-13 00:32:17 100.79.192.81 GET /robots.txt - 80', skip: 'malformed' },
    // IIS 10 FTP service, default columns with the session fields dropped: FTP reply codes, not HTTP
    { line: '2015-01-13 00:32:17 10.0.0.1 USER /anonymous - 21 - 203.0.113.7 - - 331 0 0 3', skip: 'no-status' },
    { line: '2015-01-13 00:32:17 100.79.192.81 GET /x - 80 - 1.2.3.4 - - 2x0 0 0 1', skip: 'bad-status' },
    { line: '2015-13-13 00:32:17 100.79.192.81 GET /x - 80 - 1.2.3.4 - - 200 0 0 1', skip: 'bad-time' },
    { line: '\u0000\u00ff garbage', skip: 'malformed' },
    { line: '   ', skip: 'blank' },
    { line: '2015-01-13 00:32:17 10.0.0.1 GET /x - 80 - 2001:db8::1 " a ""quoted"" agent " - 200 0 0 -', expect: { userAgent: ' a "quoted" agent ', durationMs: null, status: 200 } },
  ],
  createParser: (opts: ParserOptions = {}) => createW3cParser(false, opts.timeZone ?? UTC),
};

export const cloudfront: LogFormat = {
  id: 'cloudfront',
  description: 'AWS CloudFront standard logs (2014 and Dec-2019 field sets), RTMP (no HTTP status) and real-time logs',
  bytesField: 'total',
  hasResponseHeaders: false,
  examples: [
    {
      // node-cloudfront-log-parser test/fixtures/web-1-0-2019-12.txt (AWS documentation example), without its #Fields header: the Dec-2019 columns are the default
      line: '2019-12-04\t21:02:31\tLAX1\t392\t192.0.2.100\tGET\td111111abcdef8.cloudfront.net\t/index.html\t200\t-\tMozilla/5.0%2520(Windows%2520NT%252010.0;%2520Win64;%2520x64)\t-\t-\tHit\tSOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==\td111111abcdef8.cloudfront.net\thttps\t23\t0.001\t-\tTLSv1.2\tECDHE-RSA-AES128-GCM-SHA256\tHit\tHTTP/2.0\t-\t-\t11040\t0.001\tHit\ttext/html\t78\t-\t-',
      expect: { time: Date.UTC(2019, 11, 4, 21, 2, 31), method: 'GET', path: '/index.html', status: 200, bytes: 392, client: '192.0.2.100', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', durationMs: 1, host: 'd111111abcdef8.cloudfront.net' },
    },
    { line: '#Fields: date time x-edge-location c-ip x-event sc-bytes x-cf-status x-cf-client-id cs-uri-stem cs-uri-query c-referrer x-page-url c-user-agent x-sname x-sname-query x-file-ext x-sid', skip: 'directive' },
    { line: '2019-12-04\t21:02:31\tLAX1\t392\t2001:db8::1\tGET\td1.cloudfront.net\t/x', skip: 'malformed' },
    { line: '2014-05-23 01:13:11 FRA2 182 192.0.2.10 GET /view/my/file.html 200', skip: 'malformed' },
    { line: '\u0000\u00ff garbage\tx', skip: 'malformed' },
  ],
  createParser: (opts: ParserOptions = {}) => createW3cParser(true, opts.timeZone ?? UTC),
};
