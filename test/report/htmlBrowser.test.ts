/**
 * The HTML reports open from disk in headless Chromium (Debian's chromium driven by
 * playwright-core) with every chart drawn, no console error and no network request; screenshots
 * go to out/screenshots/ for a person to look at. Skipped, saying so, where /usr/bin/chromium is
 * missing (install it with `apt-get install -y chromium`, as .ci/run does).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { chromiumFor, launchChromium } from '../browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareHtmlReport } from '../../sim/report/compareHtml.ts';
import type { CompareReportData } from '../../sim/report/compareTypes.ts';
import { runSummary } from './fixtures.ts';
import { hostileReport } from './htmlFixtures.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCREENSHOTS = join(ROOT, 'out/screenshots');
const hasChromium = chromiumFor('htmlBrowser.test.ts');

describe.skipIf(!hasChromium)('HTML report in headless Chromium', () => {
  let browser: Browser;
  const directory = mkdtempSync(join(tmpdir(), 'kafkasim-html-'));

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  async function open(name: string, html: string, screenshot: string) {
    const path = join(directory, name);
    writeFileSync(path, html);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) problems.push(`request: ${request.url()}`);
    });
    await page.goto(pathToFileURL(path).href);
    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((figure) => {
        const marks = [...figure.querySelectorAll('path.line, path.front, circle')];
        const drawn = marks.filter((mark) => {
          const box = (mark as SVGGraphicsElement).getBBox();
          return box.width > 0 || box.height > 0;
        });
        const svg = figure.querySelector('svg')?.getBoundingClientRect();
        return { id: figure.id, drawn: drawn.length, width: svg?.width ?? 0 };
      }),
    );
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, screenshot), fullPage: true });
    await page.close();
    return { charts, problems };
  }

  it('report.html of a run opens from disk with every chart drawn and no error', async () => {
    const { charts, problems } = await open('run.html', hostileReport(), 'report.png');
    expect(problems).toEqual([]);
    expect(charts.length).toBeGreaterThanOrEqual(6);
    for (const chart of charts) {
      expect(chart.drawn, `chart ${chart.id}`).toBeGreaterThan(0);
      expect(chart.width, `chart ${chart.id}`).toBeGreaterThan(300);
    }
  });

  it('report.html of a comparison draws the front and the series overlaid per variant', async () => {
    const run = runSummary();
    const stats = (throughput: number, p99: number, lost: number) => ({
      'produce.recordsPerSec': { mean: throughput, halfWidth95: throughput / 50 },
      'produce.latencyMs.p99': { mean: p99, halfWidth95: p99 / 10 },
      'durability.ackedRecordsLost': { mean: lost, halfWidth95: null },
    });
    const data: CompareReportData = {
      scenario: 'acks',
      file: 'acks.yaml',
      sets: [],
      axes: [{ path: 'producers.checkout.config.acks', values: ['0', '1', 'all'] }],
      seeds: [1, 2],
      metrics: [
        { key: 'produce.recordsPerSec', better: 'higher' },
        { key: 'produce.latencyMs.p99', better: 'lower' },
        { key: 'durability.ackedRecordsLost', better: 'lower' },
      ],
      variants: [
        {
          set: { 'producers.checkout.config.acks': 0 },
          runs: [run],
          mean: run,
          stats: stats(52000, 3.1, 120),
        },
        {
          set: { 'producers.checkout.config.acks': 1 },
          runs: [run],
          mean: run,
          stats: stats(50000, 4.2, 40),
        },
        {
          set: { 'producers.checkout.config.acks': 'all' },
          runs: [run],
          mean: run,
          stats: stats(48000, 6.5, 0),
        },
      ],
    };
    // Series with a gap (no acknowledgement for two samples in the middle).
    const timeS = Array.from({ length: 40 }, (_, index) => (index + 1) * 0.5);
    const series = (throughput: number, p99: number) => ({
      timeS,
      recordsPerSec: timeS.map((t, i) => (i > 20 && i < 24 ? 0 : throughput + 500 * Math.sin(t))),
      produceP99Ms: timeS.map((_, i) => (i > 20 && i < 24 ? null : p99 * (i === 24 ? 100 : 1))),
    });
    data.variants.forEach((variant, index) => {
      variant.series = series(52000 - index * 2000, 3 + index * 2);
    });
    const { charts, problems } = await open('compare.html', compareHtmlReport(data), 'compare.png');
    expect(problems).toEqual([]);
    expect(charts).toEqual([
      { id: 'front', drawn: 4, width: expect.any(Number) },
      { id: 'overlay-throughput', drawn: 3, width: expect.any(Number) },
      { id: 'overlay-p99', drawn: 3, width: expect.any(Number) },
    ]);
  });
});
