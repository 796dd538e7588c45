// Types of the status-code knowledge base. The rules, the formatters and `statuslint explain`
// all read these records, so the wording lives in one place (src/status/data-*.ts).

export type StatusClass = 'informational' | 'success' | 'redirection' | 'client-error' | 'server-error';

/**
 * - `iana`: an entry in the IANA HTTP Status Code Registry in current use
 * - `deprecated`: in the registry but deprecated or obsoleted (305 Use Proxy, 510 Not Extended)
 * - `reserved`: in the registry as "(Unused)" (306, 418): reserved, must not be assigned
 * - `vendor`: not in the registry; a number one product uses for its own purpose
 */
export type StatusKind = 'iana' | 'deprecated' | 'reserved' | 'vendor';

/** statusKind() also answers for numbers the knowledge base does not list */
export type StatusKindOrUnknown = StatusKind | 'unassigned' | 'out-of-range';

export type Vendor = 'nginx' | 'aws-alb' | 'cloudflare' | 'iis';

/** a section of an RFC */
export interface RfcSpec {
  rfc: number;
  section: string;
}

/** vendor documentation, for codes no RFC defines */
export interface DocSpec {
  doc: string;
  url: string;
}

export type Spec = RfcSpec | DocSpec;

/**
 * - `heuristic`: a cache may store and reuse the response without explicit freshness
 *   information (RFC 9110 §15.1, RFC 9111 §4.2.2)
 * - `explicit-only`: stored only when Cache-Control / Expires say so
 * - `never`: must not be stored (RFC 6585 for 428/429/431/511; RFC 9111 §3 for interim 1xx),
 *   or no response reaches the client at all (vendor "connection closed" codes)
 */
export type Cacheability = 'heuristic' | 'explicit-only' | 'never';

export interface ClientBehaviour {
  /** what a browser does with it */
  browsers: string;
  /** what an API client / SDK / HTTP library does with it, and what contract it signals */
  apiClients: string;
  /** crawlers, monitors, retrying job runners, CLIs */
  automated: string;
}

export interface RetryAdvice {
  /** true: the same request may be repeated (with backoff); false: repeating it unchanged will
   *  not help; 'conditional': only in the stated circumstances */
  safe: boolean | 'conditional';
  when: string;
}

export interface HeaderExpectations {
  /** the specification requires them (MUST), or a client cannot act on the status without them */
  required: string[];
  /** recommended (SHOULD / MAY), and what well-behaved servers send */
  expected: string[];
  note?: string;
}

export interface StatusInfo {
  code: number;
  /** the registered reason phrase (or the vendor's name for it) */
  name: string;
  /** other names people search for (older reason phrases, nicknames) */
  aka?: string[];
  class: StatusClass;
  kind: StatusKind;
  vendor?: Vendor;
  spec: Spec;
  /** plain words: what the code says */
  summary: string;
  whenToUse: string;
  clients: ClientBehaviour;
  cacheable: Cacheability;
  cacheNote?: string;
  /** effect on search crawlers and the index */
  seo: string;
  retry: RetryAdvice;
  headers: HeaderExpectations;
  /** corrections of common misreadings, and anything else worth a line */
  notes?: string[];
}

/** an IIS sub-status (the `sc-substatus` field of a W3C log), e.g. 403.14 */
export interface IisSubStatus {
  /** the dotted form, e.g. '403.14' */
  code: string;
  status: number;
  subStatus: number;
  meaning: string;
}

export function isRfcSpec(spec: Spec): spec is RfcSpec {
  return 'rfc' in spec;
}

/** e.g. https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2 */
export function rfcUrl(rfc: number, section?: string): string {
  const base = `https://www.rfc-editor.org/rfc/rfc${rfc}`;
  return section ? `${base}#section-${section}` : base;
}

export function specUrl(spec: Spec): string {
  return isRfcSpec(spec) ? rfcUrl(spec.rfc, spec.section) : spec.url;
}

/** e.g. "RFC 9110 §15.5.2", or the vendor document's title */
export function specLabel(spec: Spec): string {
  return isRfcSpec(spec) ? `RFC ${spec.rfc} §${spec.section}` : spec.doc;
}

export const CLASS_LABEL: Readonly<Record<StatusClass, string>> = {
  informational: 'informational',
  success: 'success',
  redirection: 'redirection',
  'client-error': 'client error',
  'server-error': 'server error',
};

const CLASS_BY_DIGIT: readonly StatusClass[] = [
  'informational',
  'success',
  'redirection',
  'client-error',
  'server-error',
];

/** the class a number belongs to by its first digit; undefined outside 100–599 */
export function classOf(code: number): StatusClass | undefined {
  if (!Number.isInteger(code) || code < 100 || code > 599) return undefined;
  return CLASS_BY_DIGIT[Math.floor(code / 100) - 1];
}
