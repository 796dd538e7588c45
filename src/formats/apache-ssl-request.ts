/**
 * Apache mod_ssl's `ssl_request_log` (`%t %h %{SSL_PROTOCOL}x %{SSL_CIPHER}x \"%r\" %b`):
 * it records the TLS parameters of each request but no HTTP status. Recognised so that
 * such a file is reported for what it is, and every line is skipped as `no-status`
 * rather than counted as malformed or, worse, read with an invented status.
 */

import { parseClfTime } from './time.js';
import { resetRecord, type LineParser, type LogFormat, type LogRecord, type SkipReason } from './types.js';

function parseSslRequest(line: string, out: LogRecord): SkipReason | undefined {
  resetRecord(out);
  if (line.trim().length === 0) return 'blank';
  if (line.charCodeAt(0) !== 91 || line.charCodeAt(27) !== 93) return 'malformed';
  if (Number.isNaN(parseClfTime(line.slice(1, 27)))) return 'malformed';
  const q = line.indexOf(' "', 28);
  if (q === -1) return 'malformed';
  const fields = line.slice(29, q).split(' ');
  // client, protocol, cipher
  if (fields.length !== 3 || !/^(?:TLS|SSL)/i.test(fields[1]!)) return 'malformed';
  return 'no-status';
}

export const apacheSslRequest: LogFormat = {
  id: 'apache-ssl-request',
  description: 'Apache mod_ssl ssl_request_log: TLS parameters per request, no HTTP status (every line is skipped as no-status)',
  bytesField: 'body',
  hasResponseHeaders: false,
  examples: [
    // elastic/integrations packages/apache test-access-ssl-request.log
    { line: '[10/Aug/2018:09:45:56 +0200] 172.30.0.119 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 "GET /nagiosxi/ajaxhelper.php?cmd=getxicoreajax HTTP/1.1" 1375', skip: 'no-status' },
    { line: '[10/Aug/2018:09:45:56 +0200] 172.30.0.119 "GET / HTTP/1.1" 200 1375', skip: 'malformed' },
  ],
  createParser: (): LineParser => ({ parse: parseSslRequest }),
};
