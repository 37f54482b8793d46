/**
 * Debian's Chromium for the browser tests (docs, SDK web mode): where it is, whether the
 * tests can run, and a headless launch that keeps the browser itself off the network.
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium; CI installs it with apt when it is missing. */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether a browser suite runs, and why not. */
export interface BrowserStatus {
  run: boolean;
  reason: string;
}

/** What `browserStatus` looks at, injectable so that its own test decides the answer. */
export interface BrowserStatusDeps {
  env?: NodeJS.ProcessEnv;
  exists?: (file: string) => boolean;
  warn?: (message: string) => void;
}

/**
 * Decides whether a browser suite can run. Without Chromium it is skipped with a loud
 * message saying how to install it, except under REQUIRE_BROWSER=1 (CI), where a missing
 * browser throws, so that the run fails instead of passing without its browser tests.
 */
export function browserStatus(suite: string, deps: BrowserStatusDeps = {}): BrowserStatus {
  const { env = process.env, exists = existsSync, warn = console.warn } = deps;
  if (exists(chromiumPath)) return { run: true, reason: '' };
  const reason =
    `Chromium not found at ${chromiumPath}, so the ${suite} cannot run. ` +
    'Install it with `apt-get install -y chromium` (or point CHROMIUM_PATH at a Chromium binary).';
  if (env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1: ${reason}`);
  warn(`\n${'!'.repeat(78)}\nSKIPPED: ${reason}\n${'!'.repeat(78)}\n`);
  return { run: false, reason };
}

/** A headless Chromium and one fresh context of it; `close()` ends both. */
export interface Chromium {
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium (a fresh temporary profile) with the flags that keep the
 * browser itself from reaching the network (background networking, component updates,
 * sync, QUIC), so that every request a test sees comes from its page.
 */
export async function launchChromium(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<Chromium> {
  const browser = await chromium.launch({
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
  const context = await browser.newContext(options.viewport ? { viewport: options.viewport } : {});
  return { browser, context, close: () => browser.close() };
}
