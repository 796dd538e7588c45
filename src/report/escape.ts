/**
 * Escaping for every output that is not a terminal. Every string that came from a log
 * (paths, routes, user agents, file names, and rule messages that quote them) goes
 * through one of these before it is written.
 */

/** C0/C1 controls (but tab, LF, CR), DEL, BiDi overrides and invisible format characters */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** makes control and invisible characters visible as `\x1b` / `\u202e` (keeps tab, LF, CR) */
export function showInvisible(s: string): string {
  return s.replace(INVISIBLE, visible);
}

const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** text or attribute value in HTML/SVG */
export function escapeHtml(s: string): string {
  return showInvisible(s).replace(/[&<>"']/g, (c) => HTML[c]!);
}

/** characters XML 1.0 cannot carry at all: shown as `\x01`, `\ufffe`, lone surrogates as `\ud800` */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** text content in XML */
export function escapeXmlText(s: string): string {
  return showInvisible(s)
    .replace(XML_INVALID, visible)
    .replace(/[&<>]/g, (c) => HTML[c]!);
}

/** attribute value in XML (double-quoted): newlines and tabs kept as character references */
export function escapeXmlAttr(s: string): string {
  return escapeXmlText(s)
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/**
 * Inline Markdown text (GitHub-flavoured): no link, image, autolink, HTML, emphasis or
 * table cell break can come out of it. Every ASCII punctuation character that Markdown
 * gives a meaning is backslash-escaped (CommonMark allows escaping any ASCII punctuation);
 * `:` and `@` too, so `https://…` and `user@host` are not autolinked, and the dot of a
 * `www.` prefix; line breaks become spaces so a string cannot start a block.
 */
export function escapeMarkdown(s: string): string {
  return showInvisible(s)
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_{}[\]<>()#!|~:@&]/g, (c) => '\\' + c)
    .replace(/(w)(w)(w)\./gi, '$1$2$3\\.')
    .replace(/^(\d+)([.)])/, '$1\\$2')
    .replace(/^([-+=])/, '\\$1');
}

/**
 * A Markdown code span (for routes and paths): backticks fence it; in a table cell
 * (`inTable`) pipes are escaped so they cannot end the cell (GFM unescapes them there).
 */
export function markdownCode(s: string, inTable = false): string {
  const oneLine = showInvisible(s).replace(/\r\n|\r|\n/g, ' ');
  const text = inTable ? oneLine.replace(/\|/g, '\\|') : oneLine;
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** the message part of a GitHub Actions workflow command (`::error …::MESSAGE`) */
export function escapeGithubData(s: string): string {
  return showInvisible(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** a property value of a GitHub Actions workflow command (`file=`, `title=`) */
export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * SARIF message text: plain text that viewers show in a browser (GitHub code scanning) and
 * scan for embedded links, `[text](url or related location id)` (SARIF 2.1.0, message
 * objects). The spec has literal brackets escaped with a backslash; backslashes are escaped
 * too, so a `\` from the log cannot pair with the one added before its bracket and leave the
 * bracket live. Control and BiDi characters are made visible, as for every display format.
 */
export function escapeSarifText(s: string): string {
  return showInvisible(s).replace(/[\\[\]]/g, (c) => '\\' + c);
}
