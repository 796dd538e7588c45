import { stat } from 'node:fs/promises';
import fg from 'fast-glob';

export interface Input {
  /** `-` for stdin */
  path: string;
  /** found by expanding a directory: an undetectable format is a warning, not an error */
  fromDirectory: boolean;
}

/** a usage or input problem: the CLI prints `message` on one line and exits 2 */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/**
 * Turns command-line arguments into a sorted list of inputs: `-` is stdin, a directory
 * means every regular file below it, a glob (quoted, so the shell did not expand it) is
 * expanded by fast-glob. A pattern or path that matches nothing is an error naming it.
 */
export async function resolveInputs(args: readonly string[]): Promise<Input[]> {
  const out = new Map<string, Input>();
  for (const arg of args) {
    if (arg === '-') {
      out.set('-', { path: '-', fromDirectory: false });
      continue;
    }
    const st = await stat(arg).catch((e: NodeJS.ErrnoException) => e);
    if (!(st instanceof Error)) {
      if (st.isDirectory()) {
        const files = await fg('**/*', { cwd: arg, onlyFiles: true, dot: false, followSymbolicLinks: false });
        if (files.length === 0) throw new InputError(`${arg}: directory has no files`);
        for (const f of files.sort()) {
          const p = joinPath(arg, f);
          if (!out.has(p)) out.set(p, { path: p, fromDirectory: true });
        }
      } else {
        out.set(arg, { path: arg, fromDirectory: false });
      }
      continue;
    }
    if (fg.isDynamicPattern(arg)) {
      const files = await fg(arg, { onlyFiles: true, dot: false, unique: true });
      if (files.length === 0) throw new InputError(`${arg}: pattern matches no files (quote it so the shell passes it through, and check the path)`);
      for (const f of files.sort()) if (!out.has(f)) out.set(f, { path: f, fromDirectory: false });
      continue;
    }
    const code = (st as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${arg}: no such file or directory`);
    if (code === 'EACCES') throw new InputError(`${arg}: permission denied`);
    throw new InputError(`${arg}: cannot read (${code ?? st.message})`);
  }
  return [...out.values()].sort((a, b) => (a.path === '-' ? -1 : b.path === '-' ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function joinPath(dir: string, file: string): string {
  return dir.endsWith('/') ? dir + file : `${dir}/${file}`;
}
