import type { Formatter } from './types.js';

/** the Report JSON contract (schemaVersion 1), two-space indented, newline-terminated */
export const formatJson: Formatter = (report) => JSON.stringify(report, null, 2) + '\n';
