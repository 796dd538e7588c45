import { ClfTimeReader } from './time.js';
import { dashToNull, intIn, readRequestLine, statusIn } from './request.js';
import { resetRecord, type LineParser, type LogFormat, type LogRecord, type SkipReason } from './types.js';

/**
 * NCSA common and combined logs (Apache `common`/`combined`, nginx `combined`), with an
 * optional leading virtual host (`vhost_combined`, `%v:%p`), an ident field holding a
 * host (OVH), missing ident/user fields, and extra fields after the user agent
 * (`$http_x_forwarded_for`, ingress-nginx tails), which are ignored.
 *
 * Parsed with indexOf and char codes instead of a regex: a combined line has a fixed
 * skeleton, and walking it directly is several times faster than a capturing regex.
 */

const SPACE = 32;
const QUOTE = 34;
const BACKSLASH = 92;

/** index of the closing quote of a quoted field that starts after `from`, honouring `\"` escapes */
function closingQuote(line: string, from: number): number {
  let i = line.indexOf('"', from);
  while (i !== -1) {
    let bs = 0;
    for (let j = i - 1; j >= from && line.charCodeAt(j) === BACKSLASH; j--) bs++;
    if ((bs & 1) === 0) return i;
    i = line.indexOf('"', i + 1);
  }
  return -1;
}

/** `line` from `start` to `end`, or null when that is empty or `-` (no string cut for the `-`) */
function dashOrText(line: string, start: number, end: number): string | null {
  if (end <= start || (end === start + 1 && line.charCodeAt(start) === 45)) return null;
  return line.slice(start, end);
}

function parseClf(line: string, out: LogRecord, times: ClfTimeReader, requireAgent: boolean): SkipReason | undefined {
  resetRecord(out);
  const open = line.indexOf(' [');
  if (open === -1) return line.trim().length === 0 ? 'blank' : 'malformed';

  // up to four space-separated fields before the time: [vhost] client [ident] [user];
  // their starts in locals, not an array and a closure per line (GC is a tenth of a run)
  let fields = 1;
  let s1 = open + 1;
  let s2 = open + 1;
  let s3 = open + 1;
  for (let i = line.indexOf(' '); i !== -1 && i < open; i = line.indexOf(' ', i + 1)) {
    if (fields === 4) return 'malformed';
    if (fields === 1) s1 = i + 1;
    else if (fields === 2) s2 = i + 1;
    else s3 = i + 1;
    fields++;
  }
  // field k ends one before the start of field k + 1 (or at the time's " [")
  switch (fields) {
    case 4:
      out.host = dashOrText(line, 0, s1 - 1);
      out.client = line.slice(s1, s2 - 1);
      out.user = dashOrText(line, s3, open);
      break;
    case 3:
      out.client = line.slice(0, s1 - 1);
      out.user = dashOrText(line, s2, open);
      break;
    case 2:
      out.client = line.slice(0, s1 - 1);
      out.user = dashOrText(line, s1, open);
      break;
    default:
      out.client = line.slice(0, open);
  }
  if (out.client!.length === 0) return 'malformed';

  const tStart = open + 2;
  if (line.charCodeAt(tStart + 26) !== 93 /* ] */) return 'malformed';
  out.time = times.read(line, tStart);
  if (Number.isNaN(out.time)) return 'bad-time';

  let p = tStart + 27;
  if (line.charCodeAt(p) !== SPACE) return 'malformed';
  p++;
  // Gandi puts the serving time between the date and the request: `(0 s)`
  if (line.charCodeAt(p) === 40 /* ( */) {
    const close = line.indexOf(') ', p);
    if (close === -1) return 'malformed';
    p = close + 2;
  }
  if (line.charCodeAt(p) !== QUOTE) return 'malformed';
  const reqEnd = closingQuote(line, p + 1);
  if (reqEnd === -1 || line.charCodeAt(reqEnd + 1) !== SPACE) return 'malformed';
  readRequestLine(line, p + 1, reqEnd, out);

  const sStart = reqEnd + 2;
  let sEnd = line.indexOf(' ', sStart);
  if (sEnd === -1) sEnd = line.length;
  const status = statusIn(line, sStart, sEnd);
  if (status === null) return line.charCodeAt(sStart) === 45 /* - */ ? 'no-status' : 'malformed';
  out.status = status;

  if (sEnd === line.length) return requireAgent ? 'malformed' : undefined;
  let bEnd = line.indexOf(' ', sEnd + 1);
  if (bEnd === -1) bEnd = line.length;
  if (bEnd === sEnd + 1) return 'malformed';
  out.bytes = intIn(line, sEnd + 1, bEnd);
  if (out.bytes === null && !(bEnd === sEnd + 2 && line.charCodeAt(sEnd + 1) === 45 /* - */)) return 'malformed';

  if (!requireAgent) return undefined;
  if (line.charCodeAt(bEnd) !== SPACE || line.charCodeAt(bEnd + 1) !== QUOTE) return 'malformed';
  const refEnd = closingQuote(line, bEnd + 2);
  if (refEnd === -1 || line.charCodeAt(refEnd + 1) !== SPACE || line.charCodeAt(refEnd + 2) !== QUOTE) return 'malformed';
  // a line cut short inside the user agent (a full disk, a capped log line) keeps the rest as the agent
  let uaEnd = closingQuote(line, refEnd + 3);
  if (uaEnd === -1) uaEnd = line.length;
  out.referer = dashToNull(line.slice(bEnd + 2, refEnd));
  out.userAgent = dashToNull(line.slice(refEnd + 3, uaEnd));
  return undefined;
}

export const combined: LogFormat = {
  id: 'combined',
  description: 'NCSA/Apache/nginx combined log (optional leading vhost; extra trailing fields ignored)',
  bytesField: 'body',
  hasResponseHeaders: false,
  examples: [
    {
      line: '203.0.113.7 - alice [16/Nov/2026:03:05:00 +0100] "POST /api/v1/orders?x=1 HTTP/1.1" 201 512 "https://shop.example/" "Mozilla/5.0 (X11; Linux x86_64)"',
      expect: { time: Date.UTC(2026, 10, 16, 2, 5, 0), method: 'POST', path: '/api/v1/orders', status: 201, bytes: 512, client: '203.0.113.7', user: 'alice', referer: 'https://shop.example/', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' },
    },
    {
      line: 'www.example.com 1.2.3.4 - theuser [10/Feb/2012:16:42:07 -0500] "GET / HTTP/1.0" 301 368 "-" "curl/8.0"',
      expect: { host: 'www.example.com', client: '1.2.3.4', user: 'theuser', status: 301, referer: null },
    },
    {
      line: '2001:db8::1 - - [16/Nov/2026:00:00:00 +0000] "GET /a\\"b HTTP/1.1" 404 - "-" "x \\"quoted\\" agent" "-"',
      expect: { client: '2001:db8::1', path: '/a\\"b', status: 404, bytes: null, userAgent: 'x \\"quoted\\" agent' },
    },
    { line: '10.112.81.15 - - [15/Feb/2013:06:00:31 +0000] "-" 400 0 "-" "-"', expect: { method: null, path: null, status: 400 } },
    { line: '1.2.3.4 - - [16/Nov/2026:00:00:00 +0000] "GET / HTTP/1.1" 200 12', skip: 'malformed' },
    { line: '133.43.96.45 - - [01/Aug/199', skip: 'malformed' },
    { line: '1.2.3.4 - - [31/Feb/2026:00:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-"', skip: 'bad-time' },
    { line: '', skip: 'blank' },
  ],
  createParser(): LineParser {
    const times = new ClfTimeReader();
    return { parse: (line, out) => parseClf(line, out, times, true) };
  },
};

export const common: LogFormat = {
  id: 'common',
  description: 'NCSA Common Log Format (CLF), optional leading vhost; anything after the byte count is ignored',
  bytesField: 'body',
  hasResponseHeaders: false,
  examples: [
    {
      line: '199.72.81.55 - - [01/Jul/1995:00:00:01 -0400] "GET /history/apollo/ HTTP/1.0" 200 6245',
      expect: { time: Date.UTC(1995, 6, 1, 4, 0, 1), method: 'GET', path: '/history/apollo/', status: 200, bytes: 6245, userAgent: null },
    },
    { line: 'ix.netcom.com - - [01/Jul/1995:00:00:13 -0400] "GET /ksc.html" 304 -', expect: { path: '/ksc.html', status: 304, bytes: null } },
    { line: 'uplherc.upl.com - - [01/Aug/1995:00:00:44 -0400] "GET /shuttle/missions', skip: 'malformed' },
    { line: '1.2.3.4 - - [01/Jul/1995:00:00:13 -0400] "GET / HTTP/1.0" 2x0 5', skip: 'malformed' },
  ],
  createParser(): LineParser {
    const times = new ClfTimeReader();
    return { parse: (line, out) => parseClf(line, out, times, false) };
  },
};
