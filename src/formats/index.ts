import { combined, common } from './clf.js';
import { jsonLines } from './json.js';
import type { LogFormat } from './types.js';

/**
 * Every built-in format, in detection priority order: when two formats parse a sample
 * equally well, the earlier (more specific) one wins.
 */
export const FORMATS: readonly LogFormat[] = [combined, common, jsonLines];

export function findFormat(id: string): LogFormat | undefined {
  return FORMATS.find((f) => f.id === id);
}
