/**
 * The backtest HTML report in a real browser: Debian's headless Chromium opens a report made
 * from a shipped scenario and checks that every chart is drawn (series, bound, event marker,
 * non-zero boxes) and that each chart's PNG button downloads a real image of the chart.
 * String checks on the HTML (backtest.test.ts) cannot see a chart that renders empty or an
 * export that the browser refuses.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStrategyRegistry } from '../../strategies/registry.ts';
import { loadBacktestPolicy } from '../../src/backtest/policy.ts';
import { renderReport } from '../../src/backtest/report-html.ts';
import { runBacktest } from '../../src/backtest/run.ts';
import { loadScenario } from '../../src/backtest/scenario-load.ts';
import { launchChromium, type TestBrowser } from '../helpers/chromium.ts';
import { PROJECT_ROOT } from '../helpers/chain.ts';
import { PNG_SIGNATURE, decodePng, pngSize } from '../helpers/png.ts';

// operator-slashing: 4 positions, 4-hour steps, 48 warm-up steps, one slashing at step 90,
// i.e. day 7 of a 44.83-day chart.
const SCENARIO = join(PROJECT_ROOT, 'scenarios/operator-slashing.json');
const CONFIG = join(PROJECT_ROOT, 'config/backtest.yaml');
const CHARTS = ['value', 'allocation', 'yields', 'market'] as const;
const CHART_W = 900;
const CHART_H = 260;
// Plot area inside a chart: x from 60 to 750, y from 20 to 230 (report-html.ts PAD).
const EVENT_X = 60 + (7 / 44.833_333) * 690;

let dir: string;
let browser: TestBrowser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bt-browser-'));
  const registry = await loadStrategyRegistry();
  const policy = await loadBacktestPolicy(CONFIG, { env: {}, registry });
  const result = runBacktest(await loadScenario(SCENARIO), policy, registry);
  const report = join(dir, 'report.html');
  writeFileSync(report, renderReport(result), 'utf8');

  browser = await launchChromium(process.env);
  page = await browser.context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(`console: ${msg.text()}`);
  });
  await page.goto(pathToFileURL(report).href);
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The rendered box of the nth match in page pixels, all zero when it is not laid out. */
async function box(selector: string, nth = 0): Promise<{ x: number; y: number; width: number; height: number }> {
  return (await page.locator(selector).nth(nth).boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 };
}

describe('backtest report in Chromium', () => {
  it('draws every chart at its full size', async () => {
    for (const id of CHARTS) {
      const b = await box(`svg#${id}`);
      expect(b.width, id).toBeGreaterThanOrEqual(CHART_W);
      expect(b.height, id).toBeGreaterThanOrEqual(CHART_H);
    }
  });

  it('draws the value of every run and the dashed upper bound across the whole time axis', async () => {
    const series = page.locator('svg#value polyline.series');
    expect(await series.count()).toBe(5);
    const legend = await page.locator('svg#value text').allTextContents();
    for (const name of ['strategy', 'hold', 'equal-weight', 'threshold', 'upper bound']) expect(legend).toContain(name);
    const chart = await box('svg#value');
    for (let i = 0; i < 5; i++) {
      const b = await box('svg#value polyline.series', i);
      // Each line spans the plot area (690 px wide) and stays inside it vertically.
      expect(b.width, `value series ${i}`).toBeGreaterThan(680);
      expect(b.y, `value series ${i}`).toBeGreaterThanOrEqual(chart.y + 19);
      expect(b.y + b.height, `value series ${i}`).toBeLessThanOrEqual(chart.y + 231);
      const length = await series.nth(i).evaluate((el) => (el as unknown as { getTotalLength(): number }).getTotalLength());
      expect(length, `value series ${i}`).toBeGreaterThan(690);
    }
    // Values move over 45 days, so the lines together take up some height.
    const heights = await Promise.all([0, 1, 2, 3, 4].map(async (i) => (await box('svg#value polyline.series', i)).height));
    expect(Math.max(...heights)).toBeGreaterThan(20);
    expect(await page.locator('svg#value polyline.series[stroke-dasharray]').count()).toBe(1);
  });

  it('stacks the allocation of every position, pending and idle to the full height', async () => {
    const layers = page.locator('svg#allocation polygon.series');
    expect(await layers.count()).toBe(6);
    let widest = 0;
    for (let i = 0; i < 6; i++) widest = Math.max(widest, (await box('svg#allocation polygon.series', i)).width);
    expect(widest).toBeGreaterThan(680);
    // Together the layers reach from the 0 bps line to the 10 000 bps line: 210 px.
    const tops: number[] = [];
    const bottoms: number[] = [];
    for (let i = 0; i < 6; i++) {
      const b = await box('svg#allocation polygon.series', i);
      if (b.height > 0) {
        tops.push(b.y);
        bottoms.push(b.y + b.height);
      }
    }
    expect(Math.max(...bottoms) - Math.min(...tops)).toBeGreaterThan(200);
  });

  it('draws the yields and market lines', async () => {
    for (const id of ['yields', 'market'] as const) {
      // weETH, ezETH and rsETH, and the AVS APR or the base fee.
      const n = await page.locator(`svg#${id} polyline.series`).count();
      expect(n, id).toBe(4);
      for (let i = 0; i < n; i++) {
        const points = (await page.locator(`svg#${id} polyline.series`).nth(i).getAttribute('points')) ?? '';
        expect(points.split(' ').length, `${id} series ${i}`).toBeGreaterThan(100);
        expect((await box(`svg#${id} polyline.series`, i)).width, `${id} series ${i}`).toBeGreaterThan(600);
      }
    }
  });

  it('marks the slashing on every chart at day 7', async () => {
    for (const id of CHARTS) {
      const markers = page.locator(`svg#${id} line.event`);
      expect(await markers.count(), id).toBe(1);
      const chart = await box(`svg#${id}`);
      const b = await box(`svg#${id} line.event`);
      // A vertical line over the plot's height, at day 7 of 44.8 (the chart has a 1 px border).
      expect(b.height, id).toBeGreaterThan(200);
      expect(Math.abs(b.x - chart.x - 1 - EVENT_X), id).toBeLessThan(2);
      expect(await page.locator(`svg#${id} text`).allTextContents(), id).toContain('slashing');
    }
  });

  it('exports each chart as a PNG that matches the chart on the page', async () => {
    for (const id of CHARTS) {
      const downloading = page.waitForEvent('download', { timeout: 5_000 });
      await page.locator(`figure:has(svg#${id}) button`, { hasText: 'PNG' }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe(`${id}.png`);
      const bytes = readFileSync(await download.path());
      expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE), `${id}: PNG signature`).toBe(true);
      expect(pngSize(bytes), id).toEqual({ width: CHART_W, height: CHART_H });

      const png = decodePng(bytes);
      const colours = new Set<number>();
      let coloured = 0;
      let transparent = 0;
      for (let p = 0; p < png.rgba.length; p += 4) {
        const [r, g, b, a] = [png.rgba[p] as number, png.rgba[p + 1] as number, png.rgba[p + 2] as number, png.rgba[p + 3] as number];
        colours.add((r << 16) | (g << 8) | b);
        if (r < 240 || g < 240 || b < 240) coloured++;
        if (a !== 255) transparent++;
      }
      expect(transparent, `${id}: pixels not opaque`).toBe(0);
      expect(colours.size, `${id}: distinct colours`).toBeGreaterThan(10);
      expect(coloured / (CHART_W * CHART_H), `${id}: share of non-white pixels`).toBeGreaterThan(0.01);

      // Every series' colour shows (at least its legend swatch).
      const seriesColours = await page.locator(`svg#${id} .series`).evaluateAll((els) =>
        els.map((el) => (el as unknown as { getAttribute(n: string): string | null }).getAttribute(el.tagName === 'polygon' ? 'fill' : 'stroke') ?? ''),
      );
      for (const hex of seriesColours) {
        const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
        let n = 0;
        for (let p = 0; p < png.rgba.length; p += 4) if (want.every((v, c) => Math.abs((png.rgba[p + c] as number) - v) <= 8)) n++;
        // A solid 20 × 3 px legend swatch leaves 40 px of the exact colour; a dashed one fewer,
        // but a dashed series is drawn across the plot.
        expect(n, `${id}: pixels of ${hex}`).toBeGreaterThanOrEqual(30);
      }

      // The PNG is what the browser shows: same lines, same text in the same font. The element
      // screenshot has the 1 px border around the chart's 900 × 260.
      const shot = decodePng(await page.locator(`svg#${id}`).screenshot());
      let differing = 0;
      for (let row = 0; row < CHART_H; row++) {
        for (let col = 0; col < CHART_W; col++) {
          const p = (row * CHART_W + col) * 4;
          const q = ((row + 1) * shot.width + col + 1) * 4;
          let d = 0;
          for (let c = 0; c < 3; c++) d = Math.max(d, Math.abs((png.rgba[p + c] as number) - (shot.rgba[q + c] as number)));
          if (d > 64) differing++;
        }
      }
      expect(differing, `${id}: pixels differing from the page`).toBeLessThan(200);
    }
    expect(pageErrors).toEqual([]);
  });
});
