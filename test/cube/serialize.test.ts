import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MEASURES } from '../../src/cube/measures.js';
import { CUBE_FORMAT_VERSION, CubeFormatError, cubeFromJson, cubeToJson, decodeCube, encodeCube, type CubeFileJson } from '../../src/cube/serialize.js';
import { aggregate } from '../../src/index.js';
import { clf } from '../rules/rule-tester.js';

const T = '2026-11-16T03:05:00Z';
const LINES = [
  clf({ time: T, path: '/api/login', method: 'POST', status: 511, ip: '203.0.113.1' }),
  clf({ time: T, path: '/api/users/42', status: 401, ip: '203.0.113.2', bytes: 0 }),
  clf({ time: '2026-11-16T03:12:00Z', path: '/api/users/43', status: 200, ip: '203.0.113.2', user: 'alice' }),
  'not a log line',
  clf({ time: '2026-11-16T03:31:00Z', path: '/', status: 204, bytes: 20 }),
];

/** the cube file of LINES, as `statuslint aggregate` writes it */
const dir = mkdtempSync(join(tmpdir(), 'statuslint-ser-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cubeFile(): Promise<CubeFileJson> {
  const log = join(dir, 'a.log');
  writeFileSync(log, LINES.join('\n'));
  return aggregate({ inputs: [log] });
}

/** a minimal valid cube file to break in one place */
function minimal(patch: Record<string, unknown>): unknown {
  return {
    format: 'statuslint-cube', version: 1, tool: { name: 'statuslint', version: 'test' }, windowMs: 300_000,
    measures: ['count'], available: ['count'], formats: [], sources: [], time: { min: null, max: null },
    methods: ['GET'], routes: ['/'], windows: [Date.parse(T)], files: [], skipped: {}, skipExamples: [], pathsFolded: 0, requestsFolded: 0,
    cells: [[0, 0, 0, 200, [1], []]], byWindowStatus: [], byRouteStatus: [],
    ...patch,
  };
}

describe('cube files', () => {
  it('round-trips through JSON and gzip unchanged', async () => {
    const json = await cubeFile();
    const log = (json.sources[0] as { files: string[] }).files[0];
    expect(json.files.map((f) => f.requests)).toEqual([4]);
    expect(json.skipped).toEqual({ malformed: 1 });
    expect(json).toMatchObject({ format: 'statuslint-cube', version: CUBE_FORMAT_VERSION, windowMs: 300_000, formats: ['combined'], measures: [...MEASURES] });
    for (const gz of [false, true]) {
      const bytes = encodeCube(json, gz);
      expect(bytes[0] === 0x1f).toBe(gz);
      const { cube, meta } = decodeCube(bytes);
      expect(meta).toEqual({ version: 1, formats: ['combined'], sources: [{ kind: 'logs', files: [log] }] });
      expect(cubeToJson(cube, { formats: meta.formats, sources: meta.sources, toolVersion: json.tool.version })).toEqual(json);
    }
  });

  it('loads a file written before a measure existed: that measure is not available', async () => {
    const json = await cubeFile();
    const drop = json.measures.indexOf('retryStreak');
    json.measures.splice(drop, 1);
    json.available = json.available.filter((m) => m !== 'retryStreak');
    for (const c of json.cells) c[4].splice(drop, 1);
    const { cube } = cubeFromJson(json);
    expect(cube.totalRequests()).toBe(4);
    expect(cube.available.has('retryStreak')).toBe(false);
    expect(cube.available.has('withBody')).toBe(true);
    expect(cube.lacks('retryStreak')).toMatch(/retryStreak/);
    expect(cube.lacks('count', 'withBody')).toBeNull();
  });

  it('ignores a measure this build does not know (written by a newer build of the same version)', () => {
    const { cube } = cubeFromJson(minimal({ measures: ['count', 'fromTheFuture'], available: ['count', 'fromTheFuture'], cells: [[0, 0, 0, 200, [7, 3], []]] }));
    expect(cube.totalRequests()).toBe(7);
    expect([...cube.available]).toEqual(['count']);
  });

  const ONE_FILE = { path: 'a.log', format: 'combined', lines: 1, requests: 1, skipped: 0 };

  it('accepts the minimal file the refusals below break', () => {
    expect(cubeFromJson(minimal({})).cube.totalRequests()).toBe(1);
    const { cube } = cubeFromJson(minimal({ files: [ONE_FILE], cells: [[0, 0, 0, 200, [1], [[0, 1], [0, 2 ** 31 - 1]]]] }));
    expect(cube.rawSamples(0)).toEqual([[0, 1], [0, 2 ** 31 - 1]]);
  });

  it.each([
    [{ format: 'something-else' }, /not a statuslint cube file/],
    [{ version: 2 }, /version 2 was written by a newer statuslint; this one reads versions up to 1: upgrade/],
    [{ version: 0 }, /"version" must be a positive integer/],
    [{ windowMs: -5 }, /windowMs/],
    [{ cells: [[0, 0, 0, 200, [1, 2]]] }, /cells\[0\] measures/],
    [{ cells: [[0, 0, 0, 200, [-1]]] }, /cells\[0\] measures/],
    [{ cells: [[0, 0, 0, 200, [1], [[3, 1]]]] }, /cells\[0\] sample/],
    // lines count from 1 (0 marks an empty sample) and are stored as 32-bit integers
    [{ files: [ONE_FILE], cells: [[0, 0, 0, 200, [1], [[0, 0]]]] }, /cells\[0\] sample/],
    [{ files: [ONE_FILE], cells: [[0, 0, 0, 200, [1], [[0, 2 ** 31]]]] }, /cells\[0\] sample/],
    [{ cells: [[5, 0, 0, 200, [1]]] }, /cells\[0\] window index/],
    [{ cells: [[0, 0, 0, 2000, [1]]] }, /cells\[0\] status/],
    [{ methods: [1] }, /"methods" must be a list of strings/],
  ])('refuses %j clearly', (patch, message) => {
    const json = minimal(patch);
    expect(() => cubeFromJson(json)).toThrow(CubeFormatError);
    expect(() => cubeFromJson(json)).toThrow(message);
  });

  it('refuses bytes that are not a cube file', () => {
    expect(() => decodeCube(Buffer.from('{"hello":1}'))).toThrow(/not a statuslint cube file/);
    expect(() => decodeCube(Buffer.from('[1,2'))).toThrow(/not JSON/);
    expect(() => decodeCube(Buffer.from([0x1f, 0x8b, 1, 2, 3]))).toThrow(/corrupt gzip/);
  });
});
