// Micro-benchmarks per pipeline stage: `npm run bench:micro` (never part of `npm test`).
// Inputs are generated in memory from the `bench` scenario (seed 1) so figures compare
// across runs. Throughput figures are ops/s of one call over a whole batch of lines.
import { Readable } from 'node:stream';
import { bench, describe } from 'vitest';
import { scenario, toCombined, toJsonLine } from '../gen/traffic.mjs';
import { Cube } from '../../src/cube/cube.js';
import { CubeBuilder } from '../../src/enrich/builder.js';
import { heuristicTemplate, RouteTemplater } from '../../src/enrich/routes.js';
import { runRules } from '../../src/engine/run.js';
import { combined, common } from '../../src/formats/clf.js';
import { jsonLines } from '../../src/formats/json.js';
import { emptyRecord, type LogRecord } from '../../src/formats/types.js';
import { forEachLine, linesOf } from '../../src/ingest/lines.js';
import { RULES } from '../../rules/index.js';

const N = 20_000;
const events = [...scenario('bench', 1, { lines: N }).events];
const clfLines = events.map((e) => toCombined(e));
const jsonLinesText = events.map((e) => toJsonLine(e));
const clfText = Buffer.from(clfLines.join('\n') + '\n', 'latin1');
const paths = events.map((e) => (e.path.includes('?') ? e.path.slice(0, e.path.indexOf('?')) : e.path));

function parsedRecords(): LogRecord[] {
  const p = combined.createParser();
  return clfLines.map((l) => {
    const r = emptyRecord();
    p.parse(l, r);
    return r;
  });
}
const records = parsedRecords();

function chunks(buf: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}
const oneMiB = chunks(clfText, 1 << 20);

describe(`line splitting (${N} combined lines, ${(clfText.length / 1e6).toFixed(1)} MB)`, () => {
  bench('linesOf: latin1 decode + LineCap + readline-transform', async () => {
    await forEachLine(linesOf(Readable.from(oneMiB)), () => {});
  });
  bench('baseline: latin1 + String.split', () => {
    for (const c of oneMiB) c.toString('latin1').split('\n');
  });
});

describe(`parsers (${N} lines)`, () => {
  const rec = emptyRecord();
  bench('combined', () => {
    const p = combined.createParser();
    for (const l of clfLines) p.parse(l, rec);
  });
  bench('common (on combined lines)', () => {
    const p = common.createParser();
    for (const l of clfLines) p.parse(l, rec);
  });
  bench('json', () => {
    const p = jsonLines.createParser();
    for (const l of jsonLinesText) p.parse(l, rec);
  });
  // the floor under `json`: what is left above it is field mapping, times and headers
  bench('baseline: JSON.parse alone', () => {
    for (const l of jsonLinesText) JSON.parse(l);
  });
});

describe(`route templating (${N} paths)`, () => {
  bench('heuristicTemplate', () => {
    for (const p of paths) heuristicTemplate(p);
  });
  bench('RouteTemplater with 3 user templates', () => {
    const t = new RouteTemplater(['/api/v1/users/:id', '/api/v1/orders/:id', '/static/*']);
    for (const p of paths) t.template(p);
  });
});

describe(`cube insert (${N} parsed records)`, () => {
  bench('CubeBuilder.add (enrichment + cube + attribution)', () => {
    const b = new CubeBuilder();
    for (let i = 0; i < records.length; i++) b.add(records[i]!, 0, i + 1, 'body');
  });
  bench('Cube.slot + count only', () => {
    const c = new Cube(300_000);
    const m = c.methodId('GET');
    const w = c.windowId(0);
    for (let i = 0; i < records.length; i++) c.add(c.slot(w, m, i % 2000, records[i]!.status), 0, 1);
  });
});

describe('rules over a big cube', () => {
  // 300k records spread over 10 copies of the day: a cube of realistic size
  const b = new CubeBuilder();
  for (let k = 0; k < 15; k++) for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    b.add({ ...r, time: r.time + k * 86_400_000 }, 0, i + 1, 'body');
  }
  const cube = b.cube;
  bench(`every rule (${RULES.length}) on ${cube.size.toLocaleString('en')} cells`, () => {
    runRules(cube, RULES);
  });
  // cells() of every cell is cached per cube state; a filtered call builds its views each time
  bench('cube.cells(where): the 4xx and 5xx cells, views built per call', () => {
    cube.cells((status) => status >= 400);
  });
});
