import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeCube } from '../../src/cube/serialize.js';
import { aggregate, analyze, type Report } from '../../src/index.js';
import { generateTraffic, linesByServer, rng, toLine, type TrafficEvent } from '../fleets/traffic.js';

/**
 * The cube is additive: analysing the logs together equals merging the cubes of any
 * sharding of them. Checked on random shardings of generated traffic (with the incidents
 * the rules look for), through real cube files on disk.
 */
const dir = mkdtempSync(join(tmpdir(), 'statuslint-merge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WINDOW = 5 * 60_000;
const START = Date.UTC(2026, 10, 16, 0, 0);
const SERVERS = 5;

function traffic(seed: number): TrafficEvent[] {
  return generateTraffic({
    seed,
    start: START,
    minutes: 180,
    servers: SERVERS,
    clients: 14,
    perMinute: 12,
    unauthorizedFrom: START + 95 * 60_000,
    serverErrors: { start: START + 40 * 60_000, end: START + 55 * 60_000 },
    login511: { start: START + 120 * 60_000, end: START + 140 * 60_000 },
  });
}

function writeLog(name: string, lines: readonly string[]): string {
  const p = join(dir, name);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

async function writeCube(name: string, inputs: string[]): Promise<string> {
  const p = join(dir, name);
  writeFileSync(p, encodeCube(await aggregate({ inputs, windowMs: WINDOW }), name.endsWith('.gz')));
  return p;
}

/** a report without the field that differs by design (where the data came from) */
function comparable(r: Report): unknown {
  const { sources, ...summary } = r.summary;
  expect(sources.length).toBeGreaterThan(0);
  return { ...r, summary };
}

/** random partition of `items` into 1..max non-empty groups */
function partition<T>(items: readonly T[], max: number, rand: () => number): T[][] {
  const k = 1 + Math.floor(rand() * Math.min(max, items.length));
  const groups: T[][] = Array.from({ length: k }, () => []);
  items.forEach((x, i) => groups[i < k ? i : Math.floor(rand() * k)]!.push(x));
  return groups;
}

describe('analyze(logs) equals analyze(merge(aggregate(shard) for shard))', () => {
  for (const seed of [1, 2, 3]) {
    it(`whole files as shards, seed ${seed}: the same report, samples and per-file summaries included`, async () => {
      const files = linesByServer(traffic(seed), SERVERS).map((lines, i) => writeLog(`s${seed}-web-${i}.log`, lines));
      const whole = await analyze({ inputs: files, windowMs: WINDOW });
      expect(whole.findings.length).toBeGreaterThan(0);
      const rand = rng(seed * 7919);
      for (let trial = 0; trial < 3; trial++) {
        const shards = partition(files, 4, rand);
        const cubes = await Promise.all(shards.map((s, i) => writeCube(`s${seed}-t${trial}-shard${i}.cube.json${i % 2 ? '.gz' : ''}`, s)));
        const merged = await analyze({ inputs: [], cubes });
        expect(comparable(merged)).toEqual(comparable(whole));
        expect(merged.summary.sources.map((s) => s.kind)).toEqual(cubes.map(() => 'cube'));
      }
    });
  }

  it('lines sharded by client: the same findings and counts (samples point at shard files by design)', async () => {
    const events = traffic(4);
    const one = writeLog('all.log', events.map(toLine));
    const whole = await analyze({ inputs: [one], windowMs: WINDOW });
    const rand = rng(99);
    for (let trial = 0; trial < 3; trial++) {
      const shardOf = new Map<string, number>();
      const k = 2 + trial;
      const shards: string[][] = Array.from({ length: k }, () => []);
      for (const e of events) {
        if (!shardOf.has(e.client)) shardOf.set(e.client, Math.floor(rand() * k));
        shards[shardOf.get(e.client)!]!.push(toLine(e));
      }
      const cubes: string[] = [];
      for (let i = 0; i < k; i++) cubes.push(await writeCube(`c${trial}-${i}.cube.json`, [writeLog(`c${trial}-${i}.log`, shards[i]!)]));
      const merged = await analyze({ inputs: [], cubes });
      const strip = (r: Report): unknown => r.findings.map(({ samples, ...f }) => {
        expect(samples.length).toBeGreaterThan(0);
        return f;
      });
      expect(strip(merged)).toEqual(strip(whole));
      const counts = (r: Report): unknown => {
        const { files, sources, skipExamples, ...rest } = r.summary;
        void files, void sources, void skipExamples;
        return rest;
      };
      expect(counts(merged)).toEqual(counts(whole));
      expect(merged.summary.files.reduce((n, f) => n + f.requests, 0)).toBe(whole.summary.requests);
    }
  });

  it('a log and a cube file of other logs merge in one run', async () => {
    const files = linesByServer(traffic(5), SERVERS).map((lines, i) => writeLog(`mix-${i}.log`, lines));
    const whole = await analyze({ inputs: files, windowMs: WINDOW });
    const mixed = await analyze({ inputs: files.slice(0, 2), cubes: [await writeCube('mix.cube.json', files.slice(2))], windowMs: WINDOW });
    expect(comparable(mixed)).toEqual(comparable(whole));
    expect(mixed.summary.sources.map((s) => s.kind)).toEqual(['logs', 'cube']);
  });
});
