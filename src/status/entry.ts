import type { StatusInfo } from './types.js';

/** a record as written in the data files: class is derived from the code, and kind defaults
 *  to 'iana' (data-iana.ts lists which entries are deprecated or reserved) */
export type StatusEntry = Omit<StatusInfo, 'class' | 'kind'> & { kind?: StatusInfo['kind'] };
