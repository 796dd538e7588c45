import type { Report } from '../types.js';

export interface FormatContext {
  /** ANSI colour allowed (a TTY, or FORCE_COLOR) */
  color: boolean;
}

/** a formatter is pure: the same report gives the same bytes */
export type Formatter = (report: Report, ctx: FormatContext) => string;
