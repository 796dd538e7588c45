import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

/**
 * The HTML report in a real headless Chromium (Debian's `chromium`; .ci/run installs it):
 * the three charts render with visible marks, nothing is requested from the network, no
 * console message or page error appears, and hostile strings stay text. A full-page
 * screenshot is written (its path is printed) for a person to look at.
 */
const CHROMIUM = process.env.STATUSLINT_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) console.warn(`SKIPPED: the Chromium screenshot test needs ${CHROMIUM} (apt-get install chromium)`);

const dir = mkdtempSync(join(tmpdir(), 'statuslint-html-'));

interface PageRun {
  console: string[];
  errors: string[];
  requests: string[];
  dialogs: string[];
  charts: Record<string, { w: number; h: number; marks: number; drawn: number }>;
  onsets: number;
  events: number;
  lines: { cls: string; w: number }[];
  scripts: number;
  text: string;
  mixPngBytes: number;
}

// playwright-core is only loaded when the browser exists
type Browser = import('playwright-core').Browser;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!available) return;
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function load(htmlFile: string, png: string): Promise<PageRun> {
  const page = await browser!.newPage({ viewport: { width: 1040, height: 900 } });
  const run: PageRun = { console: [], errors: [], requests: [], dialogs: [], charts: {}, onsets: 0, events: 0, lines: [], scripts: 0, text: '', mixPngBytes: 0 };
  const url = pathToFileURL(htmlFile).href;
  page.on('console', (m) => run.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => run.errors.push(e.message));
  page.on('request', (r) => {
    if (r.url() !== url) run.requests.push(r.url());
  });
  page.on('dialog', async (d) => {
    run.dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  Object.assign(
    run,
    await page.evaluate(() => {
      const charts: Record<string, { w: number; h: number; marks: number; drawn: number }> = {};
      for (const svg of document.querySelectorAll('svg.chart')) {
        const r = svg.getBoundingClientRect();
        const marks = [...svg.querySelectorAll('rect.bar, path.line')];
        const drawn = marks.filter((m) => {
          const b = m.getBoundingClientRect();
          return (b.width > 0 && b.height > 0) || (m.tagName === 'path' && b.width > 0);
        }).length;
        charts[svg.getAttribute('data-chart')!] = { w: r.width, h: r.height, marks: marks.length, drawn };
      }
      return {
        charts,
        onsets: document.querySelectorAll('svg[data-chart="error-share"] g.onset').length,
        events: document.querySelectorAll('svg[data-chart="error-share"] g.event').length,
        lines: [...document.querySelectorAll('svg[data-chart="error-share"] path.line')].map((p) => ({ cls: p.getAttribute('class')!, w: p.getBoundingClientRect().width })),
        scripts: document.scripts.length,
        text: document.body.innerText,
      };
    }),
  );
  run.mixPngBytes = (await page.locator('svg[data-chart="status-mix"]').screenshot()).length;
  await page.screenshot({ path: png, fullPage: true });
  await page.close();
  return run;
}

describe.skipIf(!available)('HTML report in headless Chromium', () => {
  it('renders the three charts with marks, no console errors, no network', async () => {
    const html = join(dir, 'mixed.html');
    const r = runCli(['fixtures/logs/outputs-mixed.log', '--event', 'token-rotation@2026-11-16T03:38Z', '-f', `html=${html}`, '-f', 'json']);
    const report = JSON.parse(r.stdout);
    const png = join(dir, 'mixed.png');
    const run = await load(html, png);
    console.log(`screenshot: ${png}`);
    expect(run.console).toEqual([]);
    expect(run.errors).toEqual([]);
    expect(run.requests).toEqual([]);
    expect(Object.keys(run.charts).sort()).toEqual(['error-share', 'status-mix', 'top-routes']);
    for (const [name, c] of Object.entries(run.charts)) {
      expect(c.w, name).toBeGreaterThan(500);
      expect(c.h, name).toBeGreaterThan(100);
      expect(c.drawn, name).toBeGreaterThan(0);
      expect(c.drawn, name).toBe(c.marks);
    }
    // one stacked bar segment per class present in each window with traffic
    expect(run.charts['status-mix']!.drawn).toBeGreaterThanOrEqual(report.summary.timeline.length);
    expect(run.lines.map((l) => l.cls)).toEqual(['line l401', 'line l5xx']);
    for (const l of run.lines) expect(l.w).toBeGreaterThan(500);
    expect(run.onsets).toBe(report.findings.length);
    expect(run.events).toBe(1);
    expect(run.charts['top-routes']!.drawn).toBeGreaterThanOrEqual(report.summary.topErrorRoutes.length);
    // a blank chart area compresses to almost nothing; bars and colours do not
    expect(run.mixPngBytes).toBeGreaterThan(4000);
    expect(statSync(png).size).toBeGreaterThan(50_000);
  }, 60_000);

  it('hostile log strings stay text: no script runs, no dialog, no request', async () => {
    const html = join(dir, 'hostile.html');
    runCli(['fixtures/logs/outputs-hostile.log', '-f', `html=${html}`]);
    const run = await load(html, join(dir, 'hostile.png'));
    expect(run.scripts).toBe(0);
    expect(run.dialogs).toEqual([]);
    expect(run.requests).toEqual([]);
    expect(run.errors).toEqual([]);
    expect(run.console).toEqual([]);
    expect(run.text).toContain('GET /<script>alert(1)</script>');
    expect(run.text).toContain('/![img](https://evil.com/a.png)');
  }, 60_000);

  it('an empty log still renders (charts say there is no data)', async () => {
    const empty = join(dir, 'empty.log');
    writeFileSync(empty, '');
    const html = join(dir, 'empty.html');
    runCli([empty, '-f', `html=${html}`]);
    expect(readFileSync(html, 'utf8')).toContain('no timed requests');
    const run = await load(html, join(dir, 'empty.png'));
    expect(run.errors).toEqual([]);
    expect(run.console).toEqual([]);
    expect(Object.keys(run.charts).sort()).toEqual(['error-share', 'status-mix', 'top-routes']);
  }, 60_000);
});
