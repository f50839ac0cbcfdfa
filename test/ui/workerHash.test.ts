/**
 * The simulator in the browser: the app is built with vite into a temporary directory, served on
 * 127.0.0.1 by node:http, and ui/run.html is driven in headless Chromium (playwright-core). A
 * scenario run in the Web Worker must give the trace hash that `simulate()` gives in Node for
 * the same text, duration and seed; a scenario with an error shows file:line:column field.
 * Skipped, saying so, where /usr/bin/chromium is missing. Screenshot: out/screenshots/ui-run.png.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromiumFor, launchChromium } from '../browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAppBuilt } from '../../sim/cli/replayBuild.ts';
import { startReplayServer, type RunningServer } from '../../sim/cli/replayServer.ts';
import { simulate } from '../../sim/runner/run.ts';
import { formatScenarioErrors, parseScenarioText } from '../../sim/scenario/parse.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCREENSHOTS = join(ROOT, 'out/screenshots');
const hasChromium = chromiumFor('workerHash.test.ts');

const QUICKSTART = readFileSync(join(ROOT, 'scenarios/quickstart.yaml'), 'utf8');
const SEED = 5;
const DURATION_S = 10;

function nodeHash(text: string): string {
  const loaded = parseScenarioText(text, 'quickstart.yaml', { sets: [`duration=${DURATION_S}s`] });
  if (!loaded.ok) throw new Error(formatScenarioErrors(loaded.errors));
  return simulate(loaded.scenario, { seed: SEED }).traceHash;
}

describe.skipIf(!hasChromium)('ui/run.html runs a scenario in a Web Worker', () => {
  let browser: Browser;
  let server: RunningServer;
  let page: Page;
  const problems: string[] = [];
  const directory = mkdtempSync(join(tmpdir(), 'kafkasim-ui-'));

  beforeAll(async () => {
    const dist = join(directory, 'dist');
    await ensureAppBuilt(dist);
    server = await startReplayServer({ dist, page: 'run.html', traceText: '{}' }, 0);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith(`http://127.0.0.1:${server.port}/`)) {
        problems.push(`request: ${request.url()}`);
      }
    });
    await page.goto(`http://127.0.0.1:${server.port}/run.html`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('quickstart.yaml in the worker gives the trace hash of simulate() in Node', async () => {
    const expected = nodeHash(QUICKSTART);
    expect(await page.inputValue('[data-testid=scenario-select]')).toBe('quickstart.yaml');
    expect(await page.inputValue('[data-testid=scenario-text]')).toBe(QUICKSTART);
    await page.fill('[data-testid=seed]', String(SEED));
    await page.fill('[data-testid=duration]', String(DURATION_S));
    await page.click('[data-testid=run]');
    const hash = page.locator('[data-testid=trace-hash]');
    await expect
      .poll(async () => hash.textContent(), { timeout: 90_000, interval: 250 })
      .toMatch(/^[0-9a-f]{16}$/);
    expect(await hash.textContent(), `kafkasim run quickstart.yaml --seed ${SEED}`).toBe(expected);
    expect(await page.getAttribute('[data-testid=progress]', 'value')).toBe('1');
    expect(await page.textContent('[data-testid=run-status]')).toContain(`seed ${SEED}`);
    expect(await page.locator('[data-testid=scenario-errors] li').count()).toBe(0);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'ui-run.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 120_000);

  it('a scenario with an error shows file:line:column field: message, as kafkasim validate', async () => {
    const broken = QUICKSTART.replace('partitions: 12', 'partitions: twelve');
    expect(broken).not.toBe(QUICKSTART);
    const loaded = parseScenarioText(broken, 'quickstart.yaml');
    if (loaded.ok) throw new Error('the broken scenario should not load');
    const expected = formatScenarioErrors(loaded.errors).split('\n');
    expect(expected[0]).toMatch(/^quickstart\.yaml:\d+:\d+ topics\[0\]\.partitions: /);
    await page.fill('[data-testid=scenario-text]', broken);
    await page.fill('[data-testid=duration]', '');
    await page.click('[data-testid=run]');
    const errors = page.locator('[data-testid=scenario-errors] li');
    await expect.poll(async () => errors.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await errors.allTextContents()).toEqual(expected);
    expect(await page.textContent('[data-testid=run-status]')).toMatch(/quickstart\.yaml: 1 error/);
    expect(await page.textContent('[data-testid=trace-hash]')).toBe('(no trace yet)');
    await page.screenshot({ path: join(SCREENSHOTS, 'ui-run-error.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 60_000);

  it('Cancel stops a run in progress: no trace, the panel ready for the next run', async () => {
    await page.selectOption('[data-testid=scenario-select]', 'quickstart.yaml');
    await page.fill('[data-testid=duration]', '3600');
    await page.click('[data-testid=run]');
    expect(await page.textContent('[data-testid=run-status]')).toContain('running');
    expect(await page.isEnabled('[data-testid=cancel]')).toBe(true);
    await page.waitForTimeout(500);
    await page.click('[data-testid=cancel]');
    await expect
      .poll(async () => page.textContent('[data-testid=run-status]'), { timeout: 10_000 })
      .toBe('cancelled');
    expect(await page.isEnabled('[data-testid=run]')).toBe(true);
    expect(await page.isDisabled('[data-testid=cancel]')).toBe(true);
    expect(await page.textContent('[data-testid=trace-hash]')).toBe('(no trace yet)');
    expect(problems).toEqual([]);
  }, 60_000);
});
