import { compileApacheFormat } from './apache-log-format.js';
import { combined, common } from './clf.js';
import { jsonLines } from './json.js';
import { compileNginxFormat } from './nginx-log-format.js';
import type { LogFormat } from './types.js';

export { FormatSpecError } from './nginx-log-format.js';
export { compileApacheFormat } from './apache-log-format.js';
export { compileNginxFormat } from './nginx-log-format.js';

/**
 * Every built-in format, in detection priority order: when two formats parse a sample
 * equally well, the earlier (more specific) one wins.
 */
export const FORMATS: readonly LogFormat[] = [combined, common, jsonLines];

export function findFormat(id: string): LogFormat | undefined {
  return FORMATS.find((f) => f.id === id);
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
