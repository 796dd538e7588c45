// `statuslint explain`: pure renderers over the registry and the comparisons.
//   explain(['401'])        one code
//   explain(['511', '401']) side by side, with the decision rule when the pair is a known one
//   explain(['4xx'])        the class: code, name, one line each
//   explain(['403.14'])     an IIS sub-status, then its base code
// Text output fits 100 columns and has no colour codes.

import { CONTRAST_DIMENSIONS, CONTRAST_LABEL, comparedWith, findComparison, type Comparison } from './comparisons.js';
import { IIS_SUBSTATUS_DOC, IIS_SUBSTATUS_FORM } from './data-vendor.js';
import {
  allIisSubStatuses,
  explainLink,
  getIisSubStatus,
  getStatus,
  nearestKnown,
  statusesInClass,
} from './registry.js';
import { escapeMarkdown, firstSentence, padEnd, plain, wrap, wrapIndented } from './text.js';
import {
  CLASS_LABEL,
  classOf,
  specLabel,
  specUrl,
  type Cacheability,
  type IisSubStatus,
  type StatusClass,
  type StatusInfo,
} from './types.js';

export type ExplainFormat = 'text' | 'markdown' | 'json';
export const EXPLAIN_FORMATS: readonly ExplainFormat[] = ['text', 'markdown', 'json'];

export type ExplainResult = { output: string } | { error: string };

/** text output never exceeds this many columns */
export const TEXT_WIDTH = 100;

type Request =
  | { type: 'codes'; statuses: StatusInfo[] }
  | { type: 'class'; cls: StatusClass; digit: number }
  | { type: 'iis'; sub: IisSubStatus; base: StatusInfo };

/** user input echoed in an error: control characters escaped, length bounded */
function quote(token: string): string {
  const shown = token.length > 40 ? `${token.slice(0, 40)}…` : token;
  // eslint-disable-next-line no-control-regex
  return `'${shown.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

const USAGE_HINT = 'expected a status code like 401, a class like 4xx, or an IIS sub-status like 403.14';

function parse(args: readonly string[]): Request | { error: string } {
  const tokens = args.flatMap((a) => a.split(/[\s,]+/)).filter((t) => t.length > 0);
  if (tokens.length === 0) return { error: `no status code given; ${USAGE_HINT}` };

  const classToken = tokens.find((t) => /^[1-5]xx$/i.test(t));
  if (classToken) {
    if (tokens.length > 1) return { error: `a class (${classToken}) cannot be combined with other codes` };
    const digit = Number(classToken[0]);
    return { type: 'class', cls: classOf(digit * 100)!, digit };
  }

  const iisToken = tokens.find((t) => /^\d{3}\.\d+$/.test(t));
  if (iisToken) {
    if (tokens.length > 1) return { error: `an IIS sub-status (${iisToken}) cannot be combined with other codes` };
    const sub = getIisSubStatus(iisToken);
    const base = getStatus(Number(iisToken.slice(0, 3)));
    if (!sub || !base) {
      const known = iisKnownFor(Number(iisToken.slice(0, 3)));
      return {
        error: `unknown IIS sub-status ${iisToken}${known ? `; known for ${iisToken.slice(0, 3)}: ${known}` : ''}`,
      };
    }
    return { type: 'iis', sub, base };
  }

  const statuses: StatusInfo[] = [];
  for (const t of tokens) {
    if (!/^\d+$/.test(t)) return { error: `not a status code: ${quote(t)}; ${USAGE_HINT}` };
    const code = Number(t);
    if (!classOf(code)) return { error: `status ${t} is out of range: HTTP status codes run from 100 to 599` };
    const info = getStatus(code);
    if (!info) return { error: `unknown status ${code}; nearest known: ${nearestKnown(code, 3).join(', ')}` };
    if (!statuses.includes(info)) statuses.push(info);
  }
  return { type: 'codes', statuses };
}

function iisKnownFor(status: number): string {
  return allIisSubStatuses()
    .filter((s) => s.status === status)
    .map((s) => s.code)
    .join(', ');
}

/** known comparisons among the given codes, in the order the codes were given */
function comparisonsAmong(statuses: readonly StatusInfo[]): Comparison[] {
  const out: Comparison[] = [];
  for (let i = 0; i < statuses.length; i++) {
    for (let j = i + 1; j < statuses.length; j++) {
      const c = findComparison(statuses[i]!.code, statuses[j]!.code);
      if (c) out.push(c);
    }
  }
  return out;
}

export function explain(codes: readonly string[], format: ExplainFormat): ExplainResult {
  if (!EXPLAIN_FORMATS.includes(format)) {
    return { error: `unknown format '${String(format)}'; use one of: ${EXPLAIN_FORMATS.join(', ')}` };
  }
  const req = parse(codes);
  if ('error' in req) return req;
  switch (format) {
    case 'json':
      return { output: renderJson(req) };
    case 'markdown':
      return { output: renderMarkdown(req) };
    case 'text':
      return { output: renderText(req) };
  }
}

// ───────────────────────────── shared wording ─────────────────────────────

const KIND_LABEL = (s: StatusInfo): string => {
  switch (s.kind) {
    case 'iana':
      return 'IANA registered';
    case 'deprecated':
      return 'IANA registered, deprecated';
    case 'reserved':
      return 'IANA reserved (unused)';
    case 'vendor':
      return `not registered: ${VENDOR_LABEL[s.vendor ?? 'nginx']} code`;
  }
};

const VENDOR_LABEL: Record<NonNullable<StatusInfo['vendor']>, string> = {
  nginx: 'nginx',
  'aws-alb': 'AWS Application Load Balancer',
  cloudflare: 'Cloudflare',
  iis: 'IIS',
};

const VENDOR_SHORT: Record<NonNullable<StatusInfo['vendor']>, string> = {
  nginx: 'nginx',
  'aws-alb': 'AWS ALB',
  cloudflare: 'Cloudflare',
  iis: 'IIS',
};

const CACHE_LABEL: Readonly<Record<Cacheability, string>> = {
  heuristic: 'Heuristically cacheable: caches may store it without explicit freshness information.',
  'explicit-only': 'Stored only when Cache-Control or Expires explicitly allow it.',
  never: 'Never stored by caches.',
};

function cachingText(s: StatusInfo): string {
  return s.cacheNote ? `${CACHE_LABEL[s.cacheable]} ${s.cacheNote}` : CACHE_LABEL[s.cacheable];
}

function retryText(s: StatusInfo): string {
  const head = s.retry.safe === true ? 'Yes' : s.retry.safe === false ? 'No' : 'Conditionally';
  return `${head}. ${s.retry.when}`;
}

function headersText(s: StatusInfo): string {
  const list = (h: string[]) => (h.length ? h.join(', ') : 'none');
  const base = `Required: ${list(s.headers.required)}. Expected: ${list(s.headers.expected)}.`;
  return s.headers.note ? `${base} ${s.headers.note}` : base;
}

function title(s: StatusInfo): string {
  return `${s.code} ${s.name}`;
}

function definitionText(s: StatusInfo): string {
  const aka = s.aka?.length ? ` Also known as: ${s.aka.join(', ')}.` : '';
  return `${s.code.toString()[0]}xx class (${CLASS_LABEL[s.class]}); ${KIND_LABEL(s)}; defined in ${specLabel(s.spec)}.${aka}`;
}

// ───────────────────────────── text ─────────────────────────────

function section(label: string, body: string | string[]): string[] {
  const paragraphs = Array.isArray(body) ? body : [body];
  return [label, ...paragraphs.flatMap((p) => wrapIndented(plain(p), TEXT_WIDTH, '  ')), ''];
}

/** "  Label:   text..." with continuation lines aligned under the text */
function labelled(label: string, text: string, labelWidth: number): string[] {
  return wrapIndented(plain(text), TEXT_WIDTH, ' '.repeat(labelWidth + 3), `  ${padEnd(label, labelWidth)} `);
}

function textSingle(s: StatusInfo): string[] {
  const lines: string[] = [];
  lines.push(title(s));
  lines.push(...wrap(`${CLASS_LABEL[s.class]} · ${KIND_LABEL(s)} · ${specLabel(s.spec)}`, TEXT_WIDTH));
  lines.push(...wrap(specUrl(s.spec), TEXT_WIDTH));
  if (s.aka?.length) lines.push(...wrap(`also known as: ${s.aka.join(', ')}`, TEXT_WIDTH));
  lines.push('');
  lines.push(...section('Summary', s.summary));
  lines.push(...section('When to use', s.whenToUse));
  lines.push('Client behaviour');
  lines.push(...labelled('Browsers:', s.clients.browsers, 12));
  lines.push(...labelled('API clients:', s.clients.apiClients, 12));
  lines.push(...labelled('Automated:', s.clients.automated, 12));
  lines.push('');
  lines.push(...section('Caching', cachingText(s)));
  lines.push(...section('SEO / crawlers', s.seo));
  lines.push(...section('Safe to retry', retryText(s)));
  lines.push(...section('Headers', headersText(s)));
  if (s.notes?.length) {
    lines.push('Notes');
    for (const n of s.notes) lines.push(...wrapIndented(plain(n), TEXT_WIDTH, '    ', '  - '));
    lines.push('');
  }
  const others = comparedWith(s.code);
  if (others.length) {
    lines.push('Compare');
    for (const o of others) lines.push(`  ${explainLink(s.code, o)}`);
    lines.push('');
  }
  return lines;
}

const LABEL_W = 14;
const SEP = ' | ';

/** a table with a label column and n value columns, fitting TEXT_WIDTH */
function textTable(header: string[], rows: Array<[string, string[]]>): string[] {
  const n = header.length;
  const colW = Math.floor((TEXT_WIDTH - LABEL_W - SEP.length * n) / n);
  const rule = ['-'.repeat(LABEL_W), ...header.map(() => '-'.repeat(colW))].join('-+-');
  const renderRow = (label: string, cells: string[]): string[] => {
    const wrapped = [wrap(label, LABEL_W), ...cells.map((c) => wrap(plain(c), colW))];
    const height = Math.max(...wrapped.map((w) => w.length));
    const out: string[] = [];
    for (let i = 0; i < height; i++) {
      const parts = wrapped.map((w, k) => padEnd(w[i] ?? '', k === 0 ? LABEL_W : colW));
      out.push(parts.join(SEP).trimEnd());
    }
    return out;
  };
  const lines = [...renderRow('', header), rule];
  rows.forEach(([label, cells], i) => {
    if (i > 0) lines.push(rule);
    lines.push(...renderRow(label, cells));
  });
  return lines;
}

type Row = [string, (s: StatusInfo) => string];

const SIDE_BY_SIDE_ROWS: Row[] = [
  ['Definition', definitionText],
  ['Summary', (s) => s.summary],
  ['When to use', (s) => s.whenToUse],
  ['Client behaviour', (s) => `Browsers: ${s.clients.browsers}\nAutomated: ${s.clients.automated}`],
  ['Caching', cachingText],
  ['SEO / crawlers', (s) => s.seo],
  ['API impact', (s) => s.clients.apiClients],
  ['Safe to retry', retryText],
  ['Headers', headersText],
];

function comparisonText(c: Comparison): string[] {
  const lines: string[] = [];
  lines.push(...section('Decision rule', c.decisionRule));
  lines.push(...section('Common mistake', c.commonMistake));
  const dims = CONTRAST_DIMENSIONS.filter((d) => c.contrasts[d]);
  if (dims.length) {
    lines.push('How they differ');
    const w = Math.max(...dims.map((d) => CONTRAST_LABEL[d].length + 1));
    for (const d of dims) lines.push(...labelled(`${CONTRAST_LABEL[d]}:`, c.contrasts[d]!, w));
    lines.push('');
  }
  return lines;
}

function textCompare(statuses: StatusInfo[]): string[] {
  const [a, b] = statuses as [StatusInfo, StatusInfo];
  const lines: string[] = [];
  lines.push(...wrap(`${title(a)} vs ${title(b)}`, TEXT_WIDTH));
  lines.push('');
  lines.push(
    ...textTable(
      statuses.map(title),
      SIDE_BY_SIDE_ROWS.map(([label, get]) => [label, statuses.map(get)]),
    ),
  );
  lines.push('');
  const c = findComparison(a.code, b.code);
  if (c) lines.push(...comparisonText(c));
  else {
    lines.push(...wrap(`${a.code} and ${b.code} are not a commonly confused pair; the table shows how they differ.`, TEXT_WIDTH));
    lines.push('');
  }
  lines.push('Specifications');
  for (const s of statuses) lines.push(...wrapIndented(`${specUrl(s.spec)}`, TEXT_WIDTH, '       ', `  ${s.code}: `));
  lines.push('');
  return lines;
}

function listingRows(cls: StatusClass): Array<{ code: string; name: string; line: string }> {
  return statusesInClass(cls).map((s) => {
    const tag = s.kind === 'iana' ? '' : s.kind === 'vendor' ? ` [${VENDOR_SHORT[s.vendor!]}]` : ` [${s.kind}]`;
    return { code: String(s.code), name: s.name + tag, line: firstSentence(s.summary) };
  });
}

function classHeading(cls: StatusClass, digit: number): string {
  const all = statusesInClass(cls);
  const vendor = all.filter((s) => s.kind === 'vendor').length;
  return `${digit}xx ${CLASS_LABEL[cls]}: ${all.length} codes (${all.length - vendor} in the IANA registry, ${vendor} vendor-specific)`;
}

function textClass(cls: StatusClass, digit: number): string[] {
  const rows = listingRows(cls);
  const nameW = Math.min(36, Math.max(...rows.map((r) => r.name.length)));
  const indent = ' '.repeat(3 + 2 + nameW + 2);
  const lines = [...wrap(classHeading(cls, digit), TEXT_WIDTH), ''];
  for (const r of rows) {
    const head = `${r.code}  ${padEnd(r.name, nameW)}  `;
    if (r.name.length > nameW) {
      lines.push(`${r.code}  ${r.name}`);
      lines.push(...wrapIndented(plain(r.line), TEXT_WIDTH, indent));
    } else {
      lines.push(...wrapIndented(plain(r.line), TEXT_WIDTH, indent, head));
    }
  }
  lines.push('');
  lines.push(...wrap(`Details: statuslint explain <code>, e.g. ${explainLink(rows[0]!.code)}`, TEXT_WIDTH));
  lines.push('');
  return lines;
}

function textIis(sub: IisSubStatus, base: StatusInfo): string[] {
  return [
    `IIS ${sub.code}: ${sub.meaning}`,
    '',
    ...section('Sub-status form', IIS_SUBSTATUS_FORM),
    'Reference',
    `  ${IIS_SUBSTATUS_DOC.doc}`,
    ...wrap(IIS_SUBSTATUS_DOC.url, TEXT_WIDTH),
    '',
    ...textSingle(base),
  ];
}

function renderText(req: Request): string {
  let lines: string[];
  if (req.type === 'class') lines = textClass(req.cls, req.digit);
  else if (req.type === 'iis') lines = textIis(req.sub, req.base);
  else if (req.statuses.length === 1) lines = textSingle(req.statuses[0]!);
  else if (req.statuses.length === 2) lines = textCompare(req.statuses);
  else {
    lines = [];
    for (const s of req.statuses) lines.push(...textSingle(s), '='.repeat(TEXT_WIDTH), '');
    for (const c of comparisonsAmong(req.statuses)) {
      lines.push(`${c.codes[0]} vs ${c.codes[1]}`, '');
      lines.push(...comparisonText(c));
    }
  }
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

// ───────────────────────────── markdown ─────────────────────────────

const md = (t: string) => escapeMarkdown(t);
const cell = (t: string) => escapeMarkdown(t, true);

function mdSingle(s: StatusInfo, level = 2): string[] {
  const h = '#'.repeat(level);
  const lines: string[] = [];
  lines.push(`${h} ${md(title(s))}`, '');
  lines.push(`*${md(`${CLASS_LABEL[s.class]} · ${KIND_LABEL(s)}`)} · [${md(specLabel(s.spec))}](${specUrl(s.spec)})*`, '');
  if (s.aka?.length) lines.push(`Also known as: ${md(s.aka.join(', '))}`, '');
  lines.push(`**Summary.** ${md(s.summary)}`, '');
  lines.push(`**When to use.** ${md(s.whenToUse)}`, '');
  lines.push('**Client behaviour**', '');
  lines.push(`- Browsers: ${md(s.clients.browsers)}`);
  lines.push(`- API clients: ${md(s.clients.apiClients)}`);
  lines.push(`- Automated: ${md(s.clients.automated)}`, '');
  lines.push(`**Caching.** ${md(cachingText(s))}`, '');
  lines.push(`**SEO / crawlers.** ${md(s.seo)}`, '');
  lines.push(`**Safe to retry.** ${md(retryText(s))}`, '');
  lines.push(`**Headers.** ${md(headersText(s))}`, '');
  if (s.notes?.length) {
    lines.push('**Notes**', '');
    for (const n of s.notes) lines.push(`- ${md(n)}`);
    lines.push('');
  }
  const others = comparedWith(s.code);
  if (others.length) lines.push(`**Compare:** ${others.map((o) => `\`${explainLink(s.code, o)}\``).join(', ')}`, '');
  return lines;
}

function mdComparison(c: Comparison): string[] {
  const lines = [`**Decision rule.** ${md(c.decisionRule)}`, '', `**Common mistake.** ${md(c.commonMistake)}`, ''];
  const dims = CONTRAST_DIMENSIONS.filter((d) => c.contrasts[d]);
  if (dims.length) {
    lines.push('**How they differ**', '');
    for (const d of dims) lines.push(`- ${CONTRAST_LABEL[d]}: ${md(c.contrasts[d]!)}`);
    lines.push('');
  }
  return lines;
}

function mdCompare(statuses: StatusInfo[]): string[] {
  const [a, b] = statuses as [StatusInfo, StatusInfo];
  const lines = [`## ${md(title(a))} vs ${md(title(b))}`, ''];
  lines.push(`| | ${statuses.map((s) => cell(title(s))).join(' | ')} |`);
  lines.push(`|---|${statuses.map(() => '---').join('|')}|`);
  for (const [label, get] of SIDE_BY_SIDE_ROWS) {
    lines.push(`| **${cell(label)}** | ${statuses.map((s) => cell(get(s))).join(' | ')} |`);
  }
  lines.push(`| **Specification** | ${statuses.map((s) => `[${cell(specLabel(s.spec))}](${specUrl(s.spec)})`).join(' | ')} |`);
  lines.push('');
  const c = findComparison(a.code, b.code);
  if (c) lines.push(...mdComparison(c));
  else lines.push(md(`${a.code} and ${b.code} are not a commonly confused pair; the table shows how they differ.`), '');
  return lines;
}

function mdClass(cls: StatusClass, digit: number): string[] {
  const lines = [`## ${md(classHeading(cls, digit))}`, '', '| Code | Name | Summary |', '|---|---|---|'];
  for (const r of listingRows(cls)) lines.push(`| ${r.code} | ${cell(r.name)} | ${cell(r.line)} |`);
  lines.push('');
  return lines;
}

function renderMarkdown(req: Request): string {
  let lines: string[];
  if (req.type === 'class') lines = mdClass(req.cls, req.digit);
  else if (req.type === 'iis') {
    lines = [
      `## IIS ${md(req.sub.code)}: ${md(req.sub.meaning)}`,
      '',
      md(IIS_SUBSTATUS_FORM),
      '',
      `Reference: [${md(IIS_SUBSTATUS_DOC.doc)}](${IIS_SUBSTATUS_DOC.url})`,
      '',
      ...mdSingle(req.base, 3),
    ];
  } else if (req.statuses.length === 1) lines = mdSingle(req.statuses[0]!);
  else if (req.statuses.length === 2) lines = mdCompare(req.statuses);
  else {
    lines = req.statuses.flatMap((s) => mdSingle(s));
    for (const c of comparisonsAmong(req.statuses)) {
      lines.push(`## ${c.codes[0]} vs ${c.codes[1]}`, '', ...mdComparison(c));
    }
  }
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

// ───────────────────────────── json ─────────────────────────────

function renderJson(req: Request): string {
  let value: unknown;
  if (req.type === 'class') {
    value = { class: req.cls, statuses: statusesInClass(req.cls) };
  } else if (req.type === 'iis') {
    value = { iisSubStatus: { ...req.sub, form: IIS_SUBSTATUS_FORM, reference: IIS_SUBSTATUS_DOC.url }, statuses: [req.base] };
  } else {
    value = { statuses: req.statuses, comparisons: comparisonsAmong(req.statuses) };
  }
  return `${JSON.stringify(value, null, 2)}\n`;
}
