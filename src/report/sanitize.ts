/**
 * Every string that came from a log is attacker-controlled. Before it reaches a terminal,
 * control characters (C0, DEL, C1 — which carry ESC/CSI/OSC sequences, OSC 8 links and
 * title changes), BiDi overrides/isolates and other invisible format characters are
 * replaced by a visible escape (`\x1b`, `\u202e`), so the reader sees that they were there.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
const UNSAFE_WITH_LAYOUT = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** for text that we lay out ourselves: tab and newline from a log are escaped too */
export function termSafe(s: string): string {
  return s.replace(UNSAFE_WITH_LAYOUT, escapeChar);
}

/** for multi-line text we wrote (advice), keeping our own newlines and tabs */
export function termSafeKeepLayout(s: string): string {
  return s.replace(UNSAFE, escapeChar);
}
