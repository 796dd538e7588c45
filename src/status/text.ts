// Plain-text helpers for `explain`: word wrapping to a fixed width and Markdown escaping.
// No colour here: the CLI decides about colour.

const URL_RE = /^<?https?:\/\//;

/**
 * Wrap `text` to lines of at most `width` characters. Newlines in the text start new
 * paragraphs; words longer than the width are split, except URLs, which stay whole on a line
 * of their own (the one case where a line may exceed the width).
 */
export function wrap(text: string, width: number): string[] {
  if (width < 1) throw new RangeError('wrap: width must be positive');
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    const words = paragraph.split(/\s+/).filter((w) => w.length > 0);
    if (words.length === 0) {
      out.push('');
      continue;
    }
    let line = '';
    for (let word of words) {
      if (word.length > width && URL_RE.test(word)) {
        // a URL is never split: a terminal can open it only when it is whole
        if (line) out.push(line);
        out.push(word);
        line = '';
        continue;
      }
      while (word.length > width) {
        if (line) {
          out.push(line);
          line = '';
        }
        out.push(word.slice(0, width));
        word = word.slice(width);
      }
      if (!line) line = word;
      else if (line.length + 1 + word.length <= width) line += ` ${word}`;
      else {
        out.push(line);
        line = word;
      }
    }
    if (line) out.push(line);
  }
  return out;
}

/** wrap with a prefix on every line (indentation), keeping the total within `width` */
export function wrapIndented(text: string, width: number, indent: string, firstIndent = indent): string[] {
  const inner = width - Math.max(indent.length, firstIndent.length);
  return wrap(text, inner).map((l, i) => {
    const prefix = i === 0 ? firstIndent : indent;
    // an unsplittable URL that does not fit after the indent starts at column 0
    if (l.length > inner && prefix.length + l.length > width) return i === 0 ? `${prefix.trimEnd()}\n${l}` : l;
    return (prefix + l).trimEnd();
  }).flatMap((l) => l.split('\n'));
}

export function padEnd(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

const MD_SPECIAL = /[\\`*_[\]<>#|~!&]/g;

/**
 * Escape text for Markdown (CommonMark/GFM). Spans written as `code` in our data stay code
 * spans; everything else has its punctuation backslash-escaped. With `inTable`, pipes are
 * escaped inside code spans too and newlines become <br>, so a cell stays one cell.
 */
export function escapeMarkdown(text: string, inTable = false): string {
  const parts = text.split(/(`[^`\n]+`)/);
  const escaped = parts
    .map((part, i) => {
      if (i % 2 === 1) return inTable ? part.replace(/\|/g, '\\|') : part;
      return part.replace(MD_SPECIAL, (c) => `\\${c}`);
    })
    .join('');
  return inTable ? escaped.replace(/\r?\n/g, '<br>') : escaped;
}

/** text without the backticks our data uses to mark code spans (for plain-text output) */
export function plain(text: string): string {
  return text.replace(/`([^`\n]+)`/g, '$1');
}

/** the first sentence of a summary, for one-line listings */
export function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(?=\s+[A-Z(`"]|\s*$)/.exec(text);
  return m ? m[1]! : text;
}
