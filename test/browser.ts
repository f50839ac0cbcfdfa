/**
 * Debian's Chromium for the browser tests, driven by playwright-core (`npx playwright install`
 * cannot download browsers here): the path and the flags a sandboxed, offline machine needs.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether Chromium is installed; when it is not, says which test file is skipped and why. */
export function chromiumFor(testFile: string): boolean {
  const present = existsSync(CHROMIUM);
  if (!present) console.warn(`${testFile} skipped: no ${CHROMIUM} (apt-get install -y chromium)`);
  return present;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
