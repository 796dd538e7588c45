import { stat } from 'node:fs/promises';

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

export interface ResolvedInputs {
  inputs: Input[];
  /** arguments that resolved to nothing readable, with the reason (one line each) */
  problems: { path: string; message: string }[];
}

/**
 * Turns command-line arguments into a sorted list of inputs: `-` is stdin, a directory
 * means every regular file below it, a glob (quoted, so the shell did not expand it) is
 * expanded by fast-glob. An argument that matches nothing is a problem naming it; the
 * other inputs are still read, unless nothing at all was found.
 */
export async function resolveInputs(args: readonly string[]): Promise<ResolvedInputs> {
  const out = new Map<string, Input>();
  const problems: { path: string; message: string }[] = [];
  for (const arg of args) {
    try {
      await resolveOne(arg, out);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push({ path: arg, message: e.message });
    }
  }
  if (out.size === 0 && problems.length > 0) throw new InputError(problems.map((p) => p.message).join('; '));
  const inputs = [...out.values()].sort((a, b) => (a.path === '-' ? -1 : b.path === '-' ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { inputs, problems };
}

async function resolveOne(arg: string, out: Map<string, Input>): Promise<void> {
  {
    if (arg === '-') {
      out.set('-', { path: '-', fromDirectory: false });
      return;
    }
    const st = await stat(arg).catch((e: NodeJS.ErrnoException) => e);
    if (!(st instanceof Error)) {
      if (st.isDirectory()) {
        const files = await (await fastGlob())('**/*', { cwd: arg, onlyFiles: true, dot: false, followSymbolicLinks: false });
        if (files.length === 0) throw new InputError(`${arg}: directory has no files`);
        for (const f of files.sort()) {
          const p = joinPath(arg, f);
          if (!out.has(p)) out.set(p, { path: p, fromDirectory: true });
        }
      } else {
        out.set(arg, { path: arg, fromDirectory: false });
      }
      return;
    }
    const fg = await fastGlob();
    if (fg.isDynamicPattern(arg)) {
      const files = await fg(arg, { onlyFiles: true, dot: false, unique: true });
      if (files.length === 0) throw new InputError(`${arg}: pattern matches no files (quote it so the shell passes it through, and check the path)`);
      for (const f of files.sort()) if (!out.has(f)) out.set(f, { path: f, fromDirectory: false });
      return;
    }
    const code = (st as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${arg}: no such file or directory`);
    if (code === 'EACCES') throw new InputError(`${arg}: permission denied`);
    throw new InputError(`${arg}: cannot read (${code ?? st.message})`);
  }
}

/**
 * fast-glob, loaded when an argument is a directory or a pattern: its 73 modules took
 * 23 ms of every run's start, and most runs name files (the shell expands unquoted globs).
 */
async function fastGlob(): Promise<typeof import('fast-glob')> {
  return (await import('fast-glob')).default;
}

function joinPath(dir: string, file: string): string {
  return dir.endsWith('/') ? dir + file : `${dir}/${file}`;
}
