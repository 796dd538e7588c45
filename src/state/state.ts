import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { InputOpener, OpenedInput } from '../index.js';
import type { PeriodSummary, Report } from '../report/types.js';
import { openFile, probeFile, readHead } from './open.js';

/**
 * Incremental runs (`--state FILE`, for cron). For every input file the state keeps its
 * identity (device + inode), its size, how far it was read (offset, in content bytes, and
 * lines), and a hash of its first bytes. The next run reads only what is new:
 *
 * - appended:   same content head, longer → read from the offset
 * - renamed:    (access.log → access.log.1) same head under another name → from the offset
 * - copied:     (copytruncate: access.log.1 is a copy) same head, new inode → from the offset
 * - compressed: (access.log.1 → access.log.2.gz) the head of the decompressed content
 *               matches → the decompressed stream is read from the offset
 * - truncated:  same inode, but shorter than the offset or another head → from the start
 * - new file:   no head matches → from the start
 *
 * Content is identified by its head, not by its name, so a file met twice in one run
 * (a renamed file and its compressed copy) is counted once. A plain file's last line
 * without a newline is left for the next run: it may still be being written.
 * The state also keeps the totals of the period just read, for the next report to compare.
 */

export const STATE_VERSION = 1;
/** bytes of content that identify a file */
export const HEAD_BYTES = 4096;
/** entries kept for files not seen in a run (deleted or out of the input set) */
const MAX_STALE_ENTRIES = 200;

export interface FileState {
  path: string;
  dev: number;
  ino: number;
  /** size on disk when last read */
  size: number;
  gzip: boolean;
  /** content bytes read (decompressed bytes for gzip) */
  offset: number;
  /** lines read (so line numbers stay file line numbers) */
  lines: number;
  /** sha256 (hex, 32 chars) of the first headLen content bytes */
  headHash: string;
  headLen: number;
}

export interface StateFile {
  version: 1;
  tool: 'statuslint';
  files: FileState[];
  /** the totals of the last period read */
  period?: PeriodSummary;
}

export class StateError extends Error {}

const hashOf = (b: Buffer): string => createHash('sha256').update(b).digest('hex').slice(0, 32);

export async function loadState(path: string): Promise<StateFile | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StateError(`${path}: cannot read the state file (${(e as Error).message})`);
  }
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    throw new StateError(`${path}: the state file is not valid JSON; delete it to start afresh`);
  }
  const s = j as Partial<StateFile>;
  if (typeof j !== 'object' || j === null || s.version !== STATE_VERSION || s.tool !== 'statuslint' || !Array.isArray(s.files)) {
    throw new StateError(`${path}: not a statuslint state file (version ${STATE_VERSION}); delete it to start afresh`);
  }
  return s as StateFile;
}

/** written beside and renamed over, so a crash never leaves half a state */
export async function saveState(path: string, state: StateFile): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(state, null, 2) + '\n');
  await rename(tmp, path);
}

export function periodOf(report: Report): PeriodSummary {
  return { timeRange: report.summary.timeRange, requests: report.summary.requests, statusCounts: report.summary.statusCounts };
}

export interface Resumed {
  path: string;
  /** how the file relates to the state */
  how: 'new' | 'continued' | 'restarted';
  skippedBytes: number;
}

export class StateTracker {
  private readonly previous: FileState[];
  private readonly current: FileState[] = [];
  /** previous entries whose content an input of this run continued */
  private readonly superseded = new Set<FileState>();
  /** what happened to each input, for tests and --verbose */
  readonly resumed: Resumed[] = [];

  constructor(
    prev: StateFile | null,
    private readonly onBytes?: (n: number) => void,
  ) {
    this.previous = prev?.files ?? [];
    this.previousPeriod = prev?.period;
  }

  readonly previousPeriod: PeriodSummary | undefined;

  /** the entry whose content this file continues (largest offset wins), if any */
  private async match(path: string, gzip: boolean, size: number, dev: number, ino: number): Promise<{ entry: FileState | undefined; head: Buffer; truncated: boolean }> {
    const head = await readHead(path, gzip, HEAD_BYTES);
    let best: FileState | undefined;
    let truncated = false;
    for (const e of [...this.current, ...this.previous]) {
      if (e.headLen === 0 || e.headLen > head.length || hashOf(head.subarray(0, e.headLen)) !== e.headHash) {
        if (e.dev === dev && e.ino === ino && e.path === path) truncated = true;
        continue;
      }
      // a plain file shorter than what was read is not that content any more (truncated and rewritten)
      if (!gzip && size < e.offset) {
        truncated = true;
        continue;
      }
      if (best === undefined || e.offset > best.offset) best = e;
    }
    return { entry: best, head, truncated };
  }

  readonly open: InputOpener = async (path: string): Promise<OpenedInput> => {
    const probe = await probeFile(path);
    const { entry, head, truncated } = await this.match(path, probe.gzip, probe.size, probe.dev, probe.ino);
    const skip = entry?.offset ?? 0;
    if (entry !== undefined) this.superseded.add(entry);
    // progress counts what is skipped as done, so the percentage and ETA reach the end
    if (!probe.gzip && skip > 0) this.onBytes?.(Math.min(skip, probe.size));
    const f = await openFile(path, { skip, onBytes: this.onBytes, completeLinesOnly: true });
    this.resumed.push({ path, how: entry !== undefined ? 'continued' : truncated ? 'restarted' : 'new', skippedBytes: skip });
    const linesBefore = entry?.lines ?? 0;
    return {
      bytes: f.bytes,
      linesBefore,
      done: () => {
        const p = f.passed();
        const offset = skip + p.bytes;
        // identify by as much of the content as was read (up to HEAD_BYTES)
        const headLen = Math.min(HEAD_BYTES, offset, head.length);
        const next: FileState = { path, dev: f.dev, ino: f.ino, size: f.size, gzip: f.gzip, offset, lines: linesBefore + p.newlines, headHash: hashOf(head.subarray(0, headLen)), headLen };
        this.current.push(next);
      },
    };
  };

  /** the state to save after a successful run */
  next(period: PeriodSummary): StateFile {
    const stale = this.previous.filter((e) => !this.superseded.has(e)).slice(0, MAX_STALE_ENTRIES);
    return { version: STATE_VERSION, tool: 'statuslint', files: [...this.current, ...stale], period };
  }
}
