import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenario, toCombined, toJsonLine } from '../gen/traffic.mjs';
import { repoRoot } from '../cli/run-cli.js';
import { workersRepay } from '../../src/index.js';

// Worker threads run the compiled worker (dist/src/parallel/worker.js), so this test drives
// the built API; `npm test` builds it first. The sources' analyze() reads on one thread.
type Analyze = (opts: Record<string, unknown>) => Promise<unknown>;
let analyze: Analyze;
let dir: string;
const files: string[] = [];

function write(name: string, lines: string[]): string {
  const p = join(dir, name);
  writeFileSync(p, lines.join('\n') + '\n');
  files.push(p);
  return p;
}

beforeAll(async () => {
  ({ analyze } = (await import(join(repoRoot, 'dist/src/index.js'))) as { analyze: Analyze });
  dir = mkdtempSync(join(tmpdir(), 'statuslint-workers-'));
  // the same hours from several "servers", plus a different format and a short file
  write('a-token-rotation.log', [...scenario('token-rotation', 1, { lines: 6000 }).events].map((e) => toCombined(e)));
  write('b-retry-storm.log', [...scenario('retry-storm', 2, { lines: 5000 }).events].map((e) => toCombined(e)));
  write('c-origin-511.jsonl', [...scenario('origin-511-as-server-error', 3, { lines: 4000 }).events].map((e) => toJsonLine(e)));
  write('d-short.log', [...scenario('clean-low-volume', 4).events].map((e) => toCombined(e)));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const report = async (threads: number, extra: Record<string, unknown> = {}): Promise<string> => JSON.stringify(await analyze({ inputs: files, threads, ...extra }));

describe('worker threads over several files', () => {
  it('give exactly the report one thread gives', async () => {
    const one = await report(1);
    expect(JSON.parse(one).summary.files).toHaveLength(4);
    expect(await report(2)).toBe(one);
    expect(await report(3)).toBe(one);
  });

  it('fold routes past the cap and coarsen windows exactly as one thread does', async () => {
    // 1 s windows over hours of traffic exceed the window cap, so each file's cube coarsens
    // on its own; a cap of 40 routes makes later files fold into (other) at merge time
    const opts = { windowMs: 1000, routeCap: 40 };
    const one = await report(1, opts);
    const parsed = JSON.parse(one);
    expect(parsed.summary.routes.pathsFolded).toBeGreaterThan(0);
    expect(parsed.summary.windowSeconds).toBeGreaterThan(1);
    expect(await report(2, opts)).toBe(one);
  });

  it('call whileWorkersRead before the workers read and its answer once they are done, on one thread neither', async () => {
    const calls: string[] = [];
    const whileWorkersRead = (): (() => void) => {
      calls.push('start');
      return () => calls.push('end');
    };
    const take = (threads: number): Promise<unknown> => analyze({ inputs: files, threads, whileWorkersRead, beforeRules: () => calls.push('rules') });
    await take(2);
    expect(calls).toEqual(['start', 'end', 'rules']);
    calls.length = 0;
    await take(1);
    expect(calls).toEqual(['rules']);
  });

  it('fail on the first unreadable input in input order, with the same message', async () => {
    const bad = write('0-not-a-log.txt', Array.from({ length: 300 }, (_, i) => `hello ${i}`));
    try {
      let restored = 0;
      const whileWorkersRead = (): (() => void) => () => restored++;
      const err = async (threads: number): Promise<string> => {
        try {
          await analyze({ inputs: files, threads, whileWorkersRead });
        } catch (e) {
          return `${(e as Error).name}: ${(e as Error).message}`;
        }
        return 'no error';
      };
      const one = await err(1);
      expect(one).toMatch(/^InputError: .*0-not-a-log\.txt: log format not recognised/);
      expect(await err(2)).toBe(one);
      // a run that fails on workers restores what it changed for them
      expect(restored).toBe(1);
    } finally {
      files.splice(files.indexOf(bad), 1);
    }
  });
});

describe('worker threads by default', () => {
  // sparse files: only their sizes are read
  const sized = (name: string, mib: number): { path: string; fromDirectory: boolean } => {
    const p = join(dir, name);
    writeFileSync(p, '');
    truncateSync(p, mib * 1024 * 1024);
    return { path: p, fromDirectory: false };
  };

  it.each([
    ['two inputs of 70 MiB', ['a.log', 'b.log'], 70, true],
    ['two inputs of 60 MiB (too little in all)', ['a.log', 'b.log'], 60, false],
    ['twenty inputs of 7 MiB (too little each)', Array.from({ length: 20 }, (_, i) => `s${i}.log`), 7, false],
    ['two gzip inputs of 10 MiB (counted eightfold)', ['a.log.gz', 'b.log.gz'], 10, true],
  ])('%s', async (_name, names, mib, expected) => {
    expect(await workersRepay(names.map((n) => sized(`size-${n}`, mib)))).toBe(expected);
  });
});
