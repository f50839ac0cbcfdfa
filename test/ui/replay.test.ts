/**
 * The replay app end to end in headless Chromium (Debian's chromium via playwright-core): a real
 * trace (broker-crash, 60 s, made here by simulate()) loads by ?trace=URL with the hash
 * `kafkasim run` gives, every chart has data, play advances the clock, scrubbing changes the
 * cluster view, clicking an event jumps to it, compare mode marks where two seeds diverge, and
 * the space-time diagram draws a hand-made detail window. Screenshots go to out/screenshots/.
 * Skipped, saying so, where /usr/bin/chromium is missing (apt-get install -y chromium).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulateResult } from '../../sim/runner/run.ts';
import {
  SCREENSHOTS,
  buildAndServe,
  launchChromium,
  simulateFile,
  type AppServer,
} from './appServer.ts';
import { chromiumFor } from '../browser.ts';
import { detailFixture } from './detailFixture.ts';

const hasChromium = chromiumFor('replay.test.ts');

describe.skipIf(!hasChromium)('replay app in headless Chromium', () => {
  let browser: Browser;
  let server: AppServer;
  let crash: SimulateResult;
  let crashUrl: string;
  let earlyRestartUrl: string;
  let consumersUrl: string;
  let multiAzUrl: string;
  const problems: string[] = [];

  beforeAll(async () => {
    const sets = ['duration=60s'];
    crash = await simulateFile('scenarios/broker-crash.yaml', sets);
    // The same seed with broker-1 back after 10 s instead of 30 s: identical until 30 s.
    const earlyRestart = await simulateFile('scenarios/broker-crash.yaml', [
      ...sets,
      'faults.0.restartAfter=10s',
    ]);
    const consumers = await simulateFile('scenarios/consumers/consumer-crash.yaml', sets);
    const multiAz = await simulateFile('scenarios/multi-az.yaml', ['duration=2s', 'warmup=1s']);
    server = await buildAndServe();
    multiAzUrl = server.addFile('multi-az.json', multiAz.traceText);
    consumersUrl = server.addFile('consumer-crash.json', consumers.traceText);
    crashUrl = server.addFile('crash.json', crash.traceText);
    earlyRestartUrl = server.addFile('crash-restart-10s.json', earlyRestart.traceText);
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(query: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${server.url}?${query}`);
    await page.waitForSelector('body[data-loaded-hash]', { timeout: 20_000 });
    return page;
  }

  const clockUs = (page: Page): Promise<number> =>
    page.$eval('[data-testid=clock]', (clock) => Number((clock as HTMLElement).dataset['timeUs']));

  async function scrubTo(page: Page, timeUs: number): Promise<void> {
    await page.$eval(
      '[data-testid=scrub]',
      (input, value) => {
        (input as HTMLInputElement).value = String(value);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      },
      timeUs,
    );
  }

  it('loads a trace by ?trace=URL with the hash kafkasim run gives, every chart with data', async () => {
    const page = await open(`trace=${encodeURIComponent(crashUrl)}`);
    expect(await page.textContent('[data-testid=trace-hash]')).toBe(crash.traceHash);
    expect(await page.textContent('[data-testid=trace-name]')).toBe('broker-crash');
    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((figure) => ({
        id: (figure as HTMLElement).dataset['chart'],
        longest: Math.max(
          0,
          ...[...figure.querySelectorAll('path.line')].map(
            (path) => (path.getAttribute('d') ?? '').length,
          ),
        ),
      })),
    );
    expect(charts.map((chart) => chart.id)).toEqual([
      'rates',
      'latency',
      'partitions',
      'nic',
      'disk',
      'cpu',
    ]);
    for (const chart of charts)
      expect(chart.longest, `${chart.id} has a drawn line`).toBeGreaterThan(100);
    expect(await page.$$eval('.partition', (tiles) => tiles.length)).toBe(30);
    expect(await page.textContent('.detail-note')).toContain('traceDetail:');
    await scrubTo(page, 30_000_000);
    await page.screenshot({ path: join(SCREENSHOTS, 'ui-broker-crash.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });

  it('draws every zone inside the cluster panel and charts the traffic between zones', async () => {
    const page = await open(`trace=${encodeURIComponent(multiAzUrl)}`);
    const fit = await page.$eval('#cluster', (panel) => {
      const box = panel.getBoundingClientRect();
      const zones = [...panel.querySelectorAll('g.zone rect')].map((rect) =>
        rect.getBoundingClientRect(),
      );
      return { count: zones.length, outside: zones.filter((z) => z.right > box.right).length };
    });
    expect(fit).toEqual({ count: 3, outside: 0 });
    expect(await page.$$eval('g.broker', (brokers) => brokers.length)).toBe(6);
    const crossZone = await page.$$eval('figure[data-chart=crossZone] path.line', (paths) =>
      paths.map((path) => (path.getAttribute('d') ?? '').length),
    );
    expect(crossZone.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...crossZone), 'the cross-zone chart has a drawn line').toBeGreaterThan(20);
    await (await page.$('#cluster'))?.screenshot({ path: join(SCREENSHOTS, 'ui-multi-az.png') });
    await page.close();
    expect(problems).toEqual([]);
  });

  it('a trace with a consumer group: lag chart with data, members and their partitions', async () => {
    const page = await open(`trace=${encodeURIComponent(consumersUrl)}`);
    const lag = await page.$eval(
      'figure[data-chart=lag] path.line',
      (path) => (path.getAttribute('d') ?? '').length,
    );
    expect(lag).toBeGreaterThan(100);
    await scrubTo(page, 20_000_000);
    const members = await page.$$eval('.group[data-group=billing] li', (items) =>
      items.map((item) => item.textContent ?? ''),
    );
    expect(members).toHaveLength(3);
    for (const member of members) expect(member).toMatch(/^billing-\d\S*: orders-\d+/);
    await scrubTo(page, 45_000_000);
    await page.screenshot({ path: join(SCREENSHOTS, 'ui-consumer-crash.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });

  it('brushing a chart zooms every chart to the selection; Whole trace resets', async () => {
    const page = await open(`trace=${encodeURIComponent(crashUrl)}`);
    const box = await page.locator('figure[data-chart=rates] .brush .overlay').boundingBox();
    expect(box).not.toBeNull();
    const { x, y, width, height } = box as { x: number; y: number; width: number; height: number };
    await page.mouse.move(x + width * 0.25, y + height / 2);
    await page.mouse.down();
    await page.mouse.move(x + width * 0.5, y + height / 2, { steps: 5 });
    await page.mouse.up();
    const label = await page.textContent('.zoom-label');
    expect(label).toMatch(/^zoom 1\d\.\d{3} s – 3\d\.\d{3} s$/);
    const ticks = await page.$$eval('figure[data-chart=cpu] .axis.x .tick text', (all) =>
      all.map((tick) => tick.textContent),
    );
    expect(ticks).not.toContain('0 s');
    expect(ticks).not.toContain('60 s');
    await page.click('.reset-zoom');
    expect(await page.textContent('.zoom-label')).toBe('');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('play advances the clock; pause stops it', async () => {
    const page = await open(`trace=${encodeURIComponent(crashUrl)}`);
    expect(await clockUs(page)).toBe(0);
    await page.selectOption('[data-testid=speed]', '10');
    await page.click('[data-testid=play]');
    await page.waitForTimeout(600);
    await page.click('[data-testid=play]');
    const paused = await clockUs(page);
    expect(paused).toBeGreaterThan(1_000_000);
    expect(paused).toBeLessThan(60_000_000);
    await page.waitForTimeout(300);
    expect(await clockUs(page)).toBe(paused);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('scrubbing changes the cluster view: broker-1 down and its leaders moved after the crash', async () => {
    const page = await open(`trace=${encodeURIComponent(crashUrl)}`);
    const view = () =>
      page.evaluate(() => ({
        broker1: document.querySelector('[data-broker=broker-1]')?.getAttribute('data-state'),
        leaders: [...document.querySelectorAll('.partition')].map((tile) =>
          tile.getAttribute('data-leader'),
        ),
        time: document.querySelector('.cluster-time')?.textContent,
      }));
    await scrubTo(page, 10_000_000);
    const before = await view();
    await scrubTo(page, 40_000_000);
    const after = await view();
    expect(before.broker1).toBe('up');
    expect(after.broker1).toBe('down, fenced');
    expect(before.leaders.filter((leader) => leader === '1').length).toBe(10);
    expect(after.leaders.filter((leader) => leader === '1').length).toBe(0);
    expect(after.time).toBe('40.000 s');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('clicking an event in the log moves the playhead to it', async () => {
    const page = await open(`trace=${encodeURIComponent(crashUrl)}`);
    const fenced = crash.trace.events.find((event) => event.kind === 'brokerFenced');
    expect(fenced).toBeDefined();
    await page.selectOption('[data-testid=event-filter]', 'brokerFenced');
    await page.click('.log-row[data-kind=brokerFenced]');
    expect(await clockUs(page)).toBe(fenced?.atUs);
    expect(await page.textContent('.log-row.current .log-message')).toBe(fenced?.message);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('compare mode marks where a restart 20 s earlier diverges, and none for the same trace', async () => {
    const page = await open(
      `trace=${encodeURIComponent(crashUrl)}&compare=${encodeURIComponent(earlyRestartUrl)}`,
    );
    await page.waitForSelector('[data-testid=compare-hash]:not(:empty)');
    const markers = await page.$$eval('figure.chart .divergence-marker', (all) =>
      all.map((marker) => Number(marker.getAttribute('data-time-us'))),
    );
    expect(markers.length).toBeGreaterThan(0);
    expect(Math.min(...markers)).toBeGreaterThanOrEqual(30_000_000);
    expect(Math.min(...markers)).toBeLessThan(40_000_000);
    expect(
      await page.$$eval('figure.chart path.line.compare', (all) => all.length),
    ).toBeGreaterThan(6);
    expect(await page.textContent('.compare-info')).toMatch(
      /series diverge at 3\d\.\d{3} s.*events from #\d+ at 30\.000 s/,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'ui-compare.png'), fullPage: true });
    await page.close();
    const same = await open(
      `trace=${encodeURIComponent(crashUrl)}&compare=${encodeURIComponent(crashUrl)}`,
    );
    await same.waitForSelector('[data-testid=compare-hash]:not(:empty)');
    expect(await same.$$eval('.divergence-marker', (all) => all.length)).toBe(0);
    expect(await same.textContent('.compare-info')).toContain('identical series and events');
    await same.close();
    expect(problems).toEqual([]);
  });

  it('the space-time diagram draws a detail window: lanes per node, arrows per request', async () => {
    const url = server.addFile('detail.json', JSON.stringify(detailFixture(crash.trace)));
    const page = await open(`trace=${encodeURIComponent(url)}`);
    await page.selectOption('[data-testid=detail-partition]', 'orders-3');
    const drawn = await page.evaluate(() => ({
      lanes: [...document.querySelectorAll('.space-time .lane-name')].map(
        (lane) => lane.textContent,
      ),
      events: document.querySelectorAll('.space-time .detail-event').length,
      messages: document.querySelectorAll('.space-time .step.message').length,
      labels: [...document.querySelectorAll('.space-time .detail-event text')].map(
        (label) => label.textContent,
      ),
    }));
    expect(drawn.lanes).toEqual(['checkout-0', 'broker-0', 'broker-1', 'broker-2', 'billing-0']);
    expect(drawn.events).toBe(13);
    // Requests are (client, id): checkout-0's produce 2 and broker-1's fetch 2 are not joined.
    // Messages: produce send->arrive, broker-1 fetch send->arrive and arrive->append (back on
    // broker-1), broker-2 fetch send->arrive, billing-0 fetch send->arrive.
    expect(drawn.messages).toBe(5);
    expect(drawn.labels).toContain('leaderAppend [100–149]');
    expect(drawn.labels).toContain('hwAdvance HW 150');
    expect(drawn.labels).toContain('followerFetchSend @100');
    await page.locator('#space-time').screenshot({ path: join(SCREENSHOTS, 'ui-space-time.png') });
    await page.close();
    expect(problems).toEqual([]);
  });
});
