import { compileApacheFormat } from './apache-log-format.js';
import { apacheSslRequest } from './apache-ssl-request.js';
import { awsAlb, awsElb, s3 } from './aws.js';
import { combined, common } from './clf.js';
import { envoy } from './envoy.js';
import { haproxy } from './haproxy.js';
import { jsonLines } from './json.js';
import { azureFrontDoor, caddyJson, cloudflareJson, gcpLb, traefikJson } from './json-vendors.js';
import { logfmt } from './logfmt.js';
import { ltsv } from './ltsv.js';
import { compileNginxFormat } from './nginx-log-format.js';
import { withPrefixes } from './prefix.js';
import { ingressNginx, traefikClf } from './server-templates.js';
import type { LogFormat } from './types.js';
import { uwsgi } from './uwsgi.js';
import { cloudfront, w3c } from './w3c.js';

export { FormatSpecError } from './nginx-log-format.js';
export { compileApacheFormat } from './apache-log-format.js';
export { compileNginxFormat } from './nginx-log-format.js';
export { withPrefixes } from './prefix.js';

/**
 * Every built-in format, in detection priority order: when two formats parse a sample
 * equally well, the earlier (more specific) one wins. Each is wrapped by withPrefixes,
 * so docker-compose, syslog and Docker JSON prefixes are stripped when the raw line
 * does not parse.
 *
 * Why this order:
 * - ingress-nginx and traefik-clf before combined: combined reads their lines too (it
 *   ignores the tail) but loses the upstream status and duration; they reject plain
 *   combined lines, whose tail is missing.
 * - s3 before combined/common: neither reads S3 lines today, but S3's is the stricter check.
 * - cloudfront before w3c: both read CloudFront files; cloudfront rejects files whose
 *   #Fields has no x-edge-* column.
 * - the vendor JSON formats before the generic `json`, which stays last among JSON
 *   formats: it maps common names and would otherwise take ties.
 */
export const FORMATS: readonly LogFormat[] = [
  ingressNginx,
  traefikClf,
  s3,
  combined,
  common,
  awsAlb,
  awsElb,
  cloudfront,
  w3c,
  haproxy,
  envoy,
  uwsgi,
  ltsv,
  logfmt,
  caddyJson,
  traefikJson,
  gcpLb,
  azureFrontDoor,
  cloudflareJson,
  jsonLines,
].map(withPrefixes);

/**
 * Formats whose lines never carry an HTTP status (Apache ssl_request_log). Detection
 * falls back to them only when no format in FORMATS reads a single request, so a file
 * of such lines is named for what it is and its lines are skipped as `no-status`.
 */
export const STATUSLESS_FORMATS: readonly LogFormat[] = [apacheSslRequest].map(withPrefixes);

export function findFormat(id: string): LogFormat | undefined {
  return FORMATS.find((f) => f.id === id) ?? STATUSLESS_FORMATS.find((f) => f.id === id);
}

/**
 * What `--log-format` names: `nginx:<log_format string or directive>`,
 * `apache:<LogFormat string or directive>`, or a built-in id. Returns undefined for an
 * unknown id; throws FormatSpecError, whose message names the part it cannot use, for a
 * custom format it cannot compile.
 */
export function formatFromSpec(spec: string): LogFormat | undefined {
  if (spec.startsWith('nginx:')) return compileNginxFormat(spec.slice(6));
  if (spec.startsWith('apache:')) return compileApacheFormat(spec.slice(7));
  return findFormat(spec.trim());
}

export interface CatalogueEntry {
  id: string;
  description: string;
  /** one line in the format: its first example that parses into a request (or, for status-less formats, its first example) */
  example: string;
}

/** every format `statuslint formats` lists: built-ins in detection order, then the custom-format compilers */
export function formatCatalogue(): CatalogueEntry[] {
  const entries: CatalogueEntry[] = [...FORMATS, ...STATUSLESS_FORMATS].map((f) => ({
    id: f.id,
    description: f.description,
    example: (f.examples.find((e) => e.skip === undefined) ?? f.examples[0])?.line ?? '',
  }));
  entries.push(
    {
      id: 'nginx:<log_format>',
      description: 'your nginx log_format, pasted verbatim (string or whole directive, escape=json too): --log-format "nginx:$remote_addr - $remote_user [$time_local] ..."',
      example: `nginx:log_format main '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $upstream_status';`,
    },
    {
      id: 'apache:<LogFormat>',
      description: 'your Apache LogFormat string, pasted verbatim: --log-format \'apache:%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D\'',
      example: 'apache:LogFormat "%v:%p %h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"" vhost_combined',
    },
  );
  return entries;
}
