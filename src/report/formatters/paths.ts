import { isAbsolute, relative, sep } from 'node:path';

/**
 * A report path as CI tools want it: relative to `root` (the repository) when it lies
 * below it, with `/` separators. Pure string work, no file system access.
 */
export function repoRelative(path: string, root: string | undefined): string {
  if (root === undefined || !isAbsolute(path)) return path.split(sep).join('/');
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return path.split(sep).join('/');
  return rel.split(sep).join('/');
}

/** a path as a URI reference: each segment percent-encoded, absolute paths as file:// URIs */
export function pathUri(path: string, root: string | undefined): { uri: string; relative: boolean } {
  if (path === '(stdin)') return { uri: 'stdin', relative: true };
  const p = repoRelative(path, root);
  const encoded = p
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
  if (p.startsWith('/')) return { uri: `file://${encoded}`, relative: false };
  return { uri: encoded.replace(/^\.\//, ''), relative: true };
}
