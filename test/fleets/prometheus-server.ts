import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * A real Prometheus for tests: the history is written as OpenMetrics, turned into TSDB
 * blocks by `promtool tsdb create-blocks-from openmetrics`, and served by `prometheus` on
 * 127.0.0.1 at a free port with a temporary data directory. `stop()` kills it (and a
 * process-exit hook does too, should a test run die first).
 */
export function findBinary(name: string): string | null {
  for (const d of [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin']) {
    if (d === '') continue;
    const p = join(d, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

export const PROMETHEUS = findBinary('prometheus');
export const PROMTOOL = findBinary('promtool');

export interface RunningPrometheus {
  url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of live) p.kill('SIGKILL');
});

export async function startPrometheus(openMetrics: string, extraArgs: readonly string[] = []): Promise<RunningPrometheus> {
  if (PROMETHEUS === null || PROMTOOL === null) throw new Error('prometheus/promtool not installed');
  const dir = mkdtempSync(join(tmpdir(), 'statuslint-prom-'));
  const data = join(dir, 'data');
  writeFileSync(join(dir, 'history.om'), openMetrics);
  const blocks = spawnSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'history.om'), data], { encoding: 'utf8' });
  if (blocks.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`promtool failed: ${blocks.stderr || blocks.stdout}`);
  }
  // no scrape targets: the server only serves the history
  writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 15s\n');

  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const proc = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${data}`,
        `--web.listen-address=127.0.0.1:${port}`,
        // the history is in the past: keep it whatever today's date
        '--storage.tsdb.retention.time=100y',
        ...extraArgs,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    live.add(proc);
    let log = '';
    proc.stderr!.on('data', (c: Buffer) => {
      log = (log + c.toString()).slice(-4000);
    });
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    const stop = async (): Promise<void> => {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      live.delete(proc);
    };
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && proc.exitCode === null) {
      const ok = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
      if (ok) {
        return {
          url,
          stop: async () => {
            await stop();
            rmSync(dir, { recursive: true, force: true });
          },
        };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await stop();
    lastError = log;
    if (!/address already in use/.test(log)) break;
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`prometheus did not become ready:\n${lastError}`);
}
