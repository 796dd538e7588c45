/**
 * AWS load balancer and S3 access logs.
 *
 * - ALB: `type time elb client:port target:port req_t target_t resp_t elb_status target_status
 *   received sent "request" "user_agent" ...`. `elb_status_code` is what the client got;
 *   `target_status_code` (`-` when no target answered) is the upstream status. NLB `tls`
 *   lines and ALB connection-log lines carry no HTTP status: `no-status`.
 * - Classic ELB: the same without the leading type; TCP listeners log `-` statuses and
 *   `"- - - "` requests: `no-status`.
 * - S3 server access log; lines cut after the status (older or truncated logs) still parse.
 *
 * Tokenised with quotedTokens (one pass, no regex). sent_bytes (ALB/ELB) counts headers
 * too, so those formats say `total`; S3's bytes_sent excludes protocol overhead: `body`.
 */

import { parseClfTime, parseIsoTime } from './time.js';
import { dashToNull, methodToken, splitRequestLine, statusOrNull } from './request.js';
import { numOrNull, quotedTokens, stripPort, urlHost } from './fields.js';
import { resetRecord, type LineParser, type LogFormat, type LogRecord, type SkipReason } from './types.js';

const ALB_TYPES = new Set(['http', 'https', 'h2', 'grpcs', 'ws', 'wss']);

function isIsoStart(s: string): boolean {
  return s.length >= 19 && s.charCodeAt(4) === 45 && s.charCodeAt(10) === 84 /* T */ && s.charCodeAt(0) >= 48 && s.charCodeAt(0) <= 57;
}

/** request time, method, path, host and duration from the common ELB columns starting at `t[0]` = time */
function elbCommon(t: string[], o: number, out: LogRecord): SkipReason | undefined {
  // o: index of the time column
  if (t.length < o + 12) return 'malformed';
  out.time = parseIsoTime(t[o]!);
  if (!Number.isFinite(out.time)) return 'bad-time';
  const client = t[o + 2]!;
  if (client.length === 0) return 'malformed';
  out.client = stripPort(client);
  const st = t[o + 7]!;
  const request = t[o + 11]!;
  if (st === '-') return 'no-status'; // TCP listener / connection with no HTTP response
  const status = statusOrNull(st);
  if (status === null) return 'malformed';
  out.status = status;
  out.upstreamStatus = t[o + 8] === '-' ? null : statusOrNull(t[o + 8]!);
  const sent = numOrNull(t[o + 10]!);
  out.bytes = sent !== null && sent >= 0 ? sent : null;
  const times = [numOrNull(t[o + 4]!), numOrNull(t[o + 5]!), numOrNull(t[o + 6]!)];
  if (times.every((x) => x !== null && x >= 0)) out.durationMs = (times[0]! + times[1]! + times[2]!) * 1000;
  const req = splitRequestLine(request);
  out.method = req.method === '-' ? null : req.method;
  out.path = req.path;
  const sp = request.indexOf(' ');
  if (sp !== -1) {
    const sp2 = request.indexOf(' ', sp + 1);
    out.host = urlHost(request.slice(sp + 1, sp2 === -1 ? undefined : sp2));
  }
  const ua = t[o + 12];
  out.userAgent = ua === undefined ? null : dashToNull(ua);
  return undefined;
}

function parseAlb(line: string, out: LogRecord): SkipReason | undefined {
  resetRecord(out);
  if (line.trim().length === 0) return 'blank';
  const sp = line.indexOf(' ');
  const type = sp === -1 ? line : line.slice(0, sp);
  if (type === 'tls' || type === 'tcp' || type === 'udp') {
    // NLB: `tls 2.0 <time> net/...`: a TLS/TCP connection, no HTTP exchange
    return line.startsWith(' 2.0 ', sp) || line.indexOf(' net/', sp) !== -1 ? 'no-status' : 'malformed';
  }
  if (!ALB_TYPES.has(type)) {
    // ALB connection log: `<time> <client ip> <client port> <listener port> <tls protocol> ...`
    if (isIsoStart(type)) {
      const t = quotedTokens(line, 5);
      if (t !== null && t.length >= 4 && /^\d+$/.test(t[2]!) && /^\d+$/.test(t[3]!)) return 'no-status';
    }
    return 'malformed';
  }
  const t = quotedTokens(line, 40);
  if (t === null || t.length < 13) return 'malformed';
  if (!t[2]!.includes('/')) return 'malformed'; // app/<name>/<id>
  return elbCommon(t, 1, out);
}

function parseElb(line: string, out: LogRecord): SkipReason | undefined {
  resetRecord(out);
  if (line.trim().length === 0) return 'blank';
  if (line.charCodeAt(0) === 35) return 'directive'; // a comment line (matomo's fixture has one)
  if (!isIsoStart(line)) return 'malformed';
  const t = quotedTokens(line, 20);
  if (t === null || t.length < 12) return 'malformed';
  // the ELB name has no slash (ALB's is app/..) and the client has a port
  if (t[1]!.includes('/') || !(t[2] ?? '').includes(':')) return 'malformed';
  return elbCommon(t, 0, out);
}

export const awsAlb: LogFormat = {
  id: 'aws-alb',
  description: 'AWS Application Load Balancer access log (elb_status_code and target_status_code); NLB TLS and ALB connection-log lines carry no status',
  bytesField: 'total',
  hasResponseHeaders: false,
  examples: [
    {
      // elastic/integrations packages/aws elb_logs test-alb.log (AWS documentation example)
      line: 'http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2018-07-02T22:22:48.364000Z "forward,redirect" "-" "-" "10.0.0.1:80" "200" "-" "-"',
      expect: { time: Date.UTC(2018, 6, 2, 22, 23, 0, 186), method: 'GET', path: '/', host: 'www.example.com', status: 200, upstreamStatus: 200, bytes: 366, client: '192.168.131.39', userAgent: 'curl/7.46.0', durationMs: 1 },
    },
    {
      line: 'https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 [fe80::202:b3ff:fe1e:8329]:443 - -1 -1 -1 502 - 0 57 "GET https://www.example.com:443/caf\u00e9?x=1 HTTP/1.1" "curl \\"q\\"" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:x "Root=1" "www.example.com" "-" 1 2018-07-02T22:22:48.364000Z "forward" "-" "-" "-" "-" "-" "-" TID_1',
      expect: { client: 'fe80::202:b3ff:fe1e:8329', status: 502, upstreamStatus: null, durationMs: null, path: '/caf\u00e9' },
    },
    { line: 'tls 2.0 2018-12-20T02:59:40 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd 192.168.131.39:2817 10.0.0.1:80 5 2 98 246 - arn:aws:acm:us-east-2:671290407336:certificate/2a108f19 - ECDHE-RSA-AES128-SHA tlsv12 - my.elb.amazonaws.com - - - 2018-12-20T02:59:30', skip: 'no-status' },
    { line: '2024-10-04T17:05:15.514108Z 192.168.131.39 36280 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 4.036 "CN=amazondomains.com" NotBefore=2023-09-21T22:43:21Z FEF257372D5C14D4 Success', skip: 'no-status' },
    { line: 'http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200', skip: 'malformed' },
    { line: 'http 2018-07-02T22:23:00.186641Z app/lb/1 1.2.3.4:1 - 0 0 0 2x0 - 0 0 "GET / HTTP/1.1" "-"', skip: 'malformed' },
    { line: 'http 2018-07-02T22:23:00.186641Z app/lb/1 1.2.3.4:1 - 0 0 0 200 - 0 0 "GET / HTTP/1.1', skip: 'malformed' },
    { line: '\u0000\u00ff garbage', skip: 'malformed' },
  ],
  createParser: (): LineParser => ({ parse: parseAlb }),
};

export const awsElb: LogFormat = {
  id: 'aws-elb',
  description: 'AWS Classic Load Balancer access log; TCP-listener lines (status -) carry no status',
  bytesField: 'total',
  hasResponseHeaders: false,
  examples: [
    {
      // matomo-log-analytics tests/logs/elb.log (AWS documentation example)
      line: '2015-05-13T23:39:43.945958Z my-loadbalancer 1.2.3.4:2817 10.0.0.1:80 0.000086 0.001048 0.001337 200 200 0 57 "GET https://www.example.com:443/path/index.html HTTP/1.1" "Mozilla/5.0 (X11; Linux x86_64)" DHE-RSA-AES128-SHA TLSv1.2',
      expect: { time: Date.UTC(2015, 4, 13, 23, 39, 43, 945), method: 'GET', path: '/path/index.html', status: 200, upstreamStatus: 200, bytes: 57, client: '1.2.3.4', host: 'www.example.com' },
    },
    { line: '2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.001069 0.000028 0.000041 - - 82 305 "- - - " "-" - -', skip: 'no-status' },
    { line: '# a comment', skip: 'directive' },
    { line: '2015-05-13T23:39:43.945958Z my-loadbalancer 1.2.3.4:2817 10.0.0.1:80 0.1 0.1', skip: 'malformed' },
    { line: '2015-05-13T23:39:43.945958Z my-lb [2001:db8::1]:2817 - -1 -1 -1 503 - 0 0 "GET http://www.example.com:80/caf\u00e9 HTTP/1.1" "ua \\"q\\"" - -', expect: { client: '2001:db8::1', status: 503, upstreamStatus: null, durationMs: null, path: '/caf\u00e9' } },
    { line: '\u0000\u00ff garbage', skip: 'malformed' },
  ],
  createParser: (): LineParser => ({ parse: parseElb }),
};

function parseS3(line: string, out: LogRecord): SkipReason | undefined {
  resetRecord(out);
  if (line.trim().length === 0) return 'blank';
  // owner bucket [time] ip requester request_id operation key "request" status error bytes_sent object_size total_time turnaround "referer" "ua" ... host_header ...
  const open = line.indexOf(' [');
  if (open === -1 || line.charCodeAt(open + 28) !== 93 /* ] */) return 'malformed';
  const head = line.slice(0, open);
  const sp = head.indexOf(' ');
  if (sp === -1 || head.indexOf(' ', sp + 1) !== -1) return 'malformed';
  const t = quotedTokens(line.slice(open + 30), 24);
  if (t === null || t.length < 6) return 'malformed';
  out.time = parseClfTime(line.slice(open + 2, open + 28));
  out.client = dashToNull(t[0]!);
  out.user = dashToNull(t[1]!);
  if (!(t[3] ?? '').includes('.')) return 'malformed'; // operation: REST.GET.OBJECT, WEBSITE.GET.OBJECT, BATCH.DELETE.OBJECT
  const status = t[6] === undefined ? null : statusOrNull(t[6]);
  if (status === null) return t[6] === '-' ? 'no-status' : 'malformed';
  out.status = status;
  if (!Number.isFinite(out.time)) return 'bad-time';
  const req = splitRequestLine(t[5]!);
  out.method = req.method !== null ? methodToken(req.method) : null;
  out.path = req.path;
  out.host = head.slice(sp + 1);
  if (t[8] !== undefined) {
    const b = numOrNull(t[8]);
    out.bytes = b !== null && b >= 0 ? b : null;
  }
  const total = t[10] === undefined ? null : numOrNull(t[10]);
  out.durationMs = total !== null && total >= 0 ? total : null;
  if (t[12] !== undefined) out.referer = dashToNull(t[12]);
  if (t[13] !== undefined) out.userAgent = dashToNull(t[13]);
  if (t[19] !== undefined && t[19] !== '-' && t[19].includes('.')) out.host = t[19];
  return undefined;
}

export const s3: LogFormat = {
  id: 's3',
  description: 'AWS S3 server access log (also lines cut after the status)',
  bytesField: 'body',
  hasResponseHeaders: false,
  examples: [
    {
      // matomo-log-analytics tests/logs/s3.log
      line: 'b659b576cff1e15e4c0313ff8930fba9f53e6794567f5c60dab3abf2f8dfb6cc www.example.com [10/Feb/2012:16:42:07 -0500] 1.2.3.4 arn:aws:iam::179580289999:user/phillip.boss EB3502676500C6BE WEBSITE.GET.OBJECT index "GET /index HTTP/1.1" 200 - 368 368 10 9 "-" "Mozilla/5.0 (X11; Linux x86_64)"',
      expect: { time: Date.UTC(2012, 1, 10, 21, 42, 7), method: 'GET', path: '/index', status: 200, bytes: 368, durationMs: 10, client: '1.2.3.4', user: 'arn:aws:iam::179580289999:user/phillip.boss', host: 'www.example.com' },
    },
    {
      // nekrassov01/access-log-parser testdata/sample_s3_all_unmatch.log: cut after the user agent
      line: 'a19b12df90c456a18e96d34c56d23c56a78f0d89a45f6a78901b23c45d67ef8a awsrandombucket43 [16/Feb/2019:11:23:45 +0000] 192.0.2.132 a19b12df90c456a18e96d34c56d23c56a78f0d89a45f6a78901b23c45d67ef8a 3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /awsrandombucket43?versioning HTTP/1.1" 404 NoSuchBucketPolicy',
      expect: { status: 404, path: '/awsrandombucket43', bytes: null },
    },
    { line: 'a19b awsrandombucket43 [16/Feb/2019:11:23:45 +0000] 192.0.2.132 - 3E57 REST.GET.VERSIONING - "GET /x HTTP/1.1"', skip: 'malformed' },
    { line: '1.2.3.4 - - [10/Feb/2012:16:42:07 -0500] "GET / HTTP/1.0" 301 368 "-" "-"', skip: 'malformed' },
    { line: 'b659b576 www.example.com [10/Feb/2012:16:42:07 -0500] 2001:db8::1 - EB35 REST.GET.OBJECT caf\u00e9.txt "GET /caf\u00e9.txt HTTP/1.1" 304 - - 368 10 - "-" "aws-cli \\"x\\""', expect: { client: '2001:db8::1', status: 304, bytes: null, path: '/caf\u00e9.txt' } },
    { line: '\u0000\u00ff garbage [10/Feb/2012:16:42:07 -0500]', skip: 'malformed' },
  ],
  createParser: (): LineParser => ({ parse: parseS3 }),
};
