import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where the Debian chromium lives (CI installs it there with apt). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether browser tests can run here. Without Chromium they are skipped with a loud
 * message, except under REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
 */
export function browserStatus(): { run: boolean; mustFail: boolean; reason: string } {
  if (existsSync(chromiumPath)) return { run: true, mustFail: false, reason: '' };
  const reason = `Chromium not found at ${chromiumPath}: the SDK browser test cannot run (install chromium or set CHROMIUM_PATH)`;
  return { run: false, mustFail: process.env.REQUIRE_BROWSER === '1', reason };
}

/** Headless Chromium with a fresh profile and nothing that reaches the network on its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
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
