import MarkdownIt from 'markdown-it';
import { expect } from 'vitest';

/**
 * Markdown rendered with raw HTML allowed (GitHub sanitises it, we must not rely on that) and
 * autolinks, fuzzy ones included (`evil.com`): stricter than GitHub, which links only www. and
 * scheme URLs
 */
export function renderWithHtmlAndAutolinks(markdown: string): string {
  return new MarkdownIt({ html: true, linkify: true }).render(markdown);
}

/** the only links are our own rule-doc links, and every table row has as many cells as its header */
export function expectOwnLinksAndWholeRows(html: string): void {
  const hrefs = [...html.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => m[1]);
  expect(hrefs.length).toBeGreaterThan(0);
  for (const h of hrefs) expect(h).toMatch(/^https:\/\/github\.com\/statuslint\/statuslint\/blob\/main\/rules\/[a-z0-9-]+\.md$/);
  for (const table of html.split('<table>').slice(1)) {
    const body = table.slice(0, table.indexOf('</table>'));
    const head = (body.match(/<th[ >]/g) ?? []).length;
    for (const row of body.split('<tr>').slice(2)) expect((row.match(/<td[ >]/g) ?? []).length).toBe(head);
  }
}
