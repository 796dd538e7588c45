// The status-code registry: one source of truth for names, classes, cacheability, retry
// semantics and header expectations. Rules import from here instead of repeating literals.

import { IANA_DEPRECATED, IANA_ENTRIES, IANA_RESERVED } from './data-iana.js';
import { IIS_SUB_STATUSES, VENDOR_ENTRIES } from './data-vendor.js';
import type { StatusEntry } from './entry.js';
import {
  classOf,
  type HeaderExpectations,
  type IisSubStatus,
  type StatusClass,
  type StatusInfo,
  type StatusKindOrUnknown,
} from './types.js';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function build(entry: StatusEntry): StatusInfo {
  const cls = classOf(entry.code);
  if (!cls) throw new Error(`status registry: ${entry.code} is outside 100–599`);
  const kind =
    entry.kind ?? (IANA_DEPRECATED.has(entry.code) ? 'deprecated' : IANA_RESERVED.has(entry.code) ? 'reserved' : 'iana');
  // keep a stable key order for JSON output: code, name, aka, class, kind, vendor, then the rest
  const { code, name, aka, vendor, ...rest } = entry;
  const info: StatusInfo = {
    code,
    name,
    ...(aka ? { aka } : {}),
    class: cls,
    kind,
    ...(vendor ? { vendor } : {}),
    ...rest,
  };
  return info;
}

const BY_CODE: ReadonlyMap<number, StatusInfo> = (() => {
  const map = new Map<number, StatusInfo>();
  for (const entry of [...IANA_ENTRIES, ...VENDOR_ENTRIES]) {
    if (map.has(entry.code)) throw new Error(`status registry: ${entry.code} listed twice`);
    map.set(entry.code, deepFreeze(build(entry)));
  }
  return new Map([...map.entries()].sort((a, b) => a[0] - b[0]));
})();

const ALL: readonly StatusInfo[] = Object.freeze([...BY_CODE.values()]);

const IIS_BY_CODE: ReadonlyMap<string, IisSubStatus> = new Map(
  IIS_SUB_STATUSES.map((s) => [s.code, deepFreeze({ ...s })]),
);

/** the knowledge base's record for a code (IANA or vendor); undefined if it has none */
export function getStatus(code: number): StatusInfo | undefined {
  return BY_CODE.get(code);
}

/** every record, sorted by code */
export function allStatuses(): StatusInfo[] {
  return [...ALL];
}

/** records whose code is in the class (first digit), sorted */
export function statusesInClass(cls: StatusClass): StatusInfo[] {
  return ALL.filter((s) => s.class === cls);
}

/** the reason phrase, e.g. 'Network Authentication Required'; 'Unknown' for unlisted codes */
export function statusName(code: number): string {
  return BY_CODE.get(code)?.name ?? 'Unknown';
}

/** the class by first digit (for any integer 100–599, listed or not); undefined outside */
export function statusClass(code: number): StatusClass | undefined {
  return classOf(code);
}

/**
 * Where a number stands: 'iana' (registered, in use), 'deprecated' (305, 510), 'reserved'
 * (306, 418), 'vendor' (a product's own code, e.g. nginx 499), 'unassigned' (100–599 but not
 * registered nor a known vendor code), 'out-of-range' (not an integer in 100–599).
 */
export function statusKind(code: number): StatusKindOrUnknown {
  const info = BY_CODE.get(code);
  if (info) return info.kind;
  return classOf(code) ? 'unassigned' : 'out-of-range';
}

/** true for entries of the IANA registry, including the deprecated and "(Unused)" ones;
 *  use statusKind() to tell those apart */
export function isRegistered(code: number): boolean {
  const kind = statusKind(code);
  return kind === 'iana' || kind === 'deprecated' || kind === 'reserved';
}

/** true when a cache must not store a response with this status (RFC 6585: 428, 429, 431, 511;
 *  interim 1xx; vendor codes where no response reaches the client) */
export function mustNotStore(code: number): boolean {
  return BY_CODE.get(code)?.cacheable === 'never';
}

/** true when the status is heuristically cacheable (RFC 9110 §15.1, RFC 9111 §4.2.2) */
export function isHeuristicallyCacheable(code: number): boolean {
  return BY_CODE.get(code)?.cacheable === 'heuristic';
}

const NO_HEADERS: HeaderExpectations = Object.freeze({
  required: Object.freeze([]) as unknown as string[],
  expected: Object.freeze([]) as unknown as string[],
});

/** headers a response with this status requires / is expected to carry (empty if unknown) */
export function expectedHeaders(code: number): HeaderExpectations {
  return BY_CODE.get(code)?.headers ?? NO_HEADERS;
}

/** the CLI command that explains a code, or compares two: `statuslint explain 511 401` */
export function explainLink(a: number | string, b?: number | string): string {
  return b === undefined ? `statuslint explain ${a}` : `statuslint explain ${a} ${b}`;
}

/** an IIS sub-status by its dotted form ('403.14'); undefined if not listed */
export function getIisSubStatus(code: string): IisSubStatus | undefined {
  return IIS_BY_CODE.get(code.trim());
}

export function allIisSubStatuses(): IisSubStatus[] {
  return [...IIS_BY_CODE.values()];
}

/** the listed codes closest to `code` (by distance, then lower first) */
export function nearestKnown(code: number, count = 3): number[] {
  return [...BY_CODE.keys()]
    .filter((c) => c !== code)
    .sort((a, b) => Math.abs(a - code) - Math.abs(b - code) || a - b)
    .slice(0, count);
}
