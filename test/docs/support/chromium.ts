import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium; CI installs it with apt when it is missing. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether the browser tests run, and why not. */
export interface BrowserStatus {
  run: boolean;
  reason: string;
}

/**
 * Decides whether the docs browser tests can run. Without Chromium they are skipped with a
 * loud message saying how to install it, except under REQUIRE_BROWSER=1 (CI), where a
 * missing browser throws, so that the suite fails instead of passing without its test.
 */
export function browserStatus(env: NodeJS.ProcessEnv = process.env, exists: (file: string) => boolean = existsSync): BrowserStatus {
  if (exists(chromiumPath)) return { run: true, reason: '' };
  const reason =
    `Chromium not found at ${chromiumPath}, so the docs browser test cannot run. ` +
    'Install it with `apt-get install -y chromium` (or point CHROMIUM_PATH at a Chromium binary).';
  if (env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1: ${reason}`);
  console.warn(`\n${'!'.repeat(78)}\nSKIPPED: ${reason}\n${'!'.repeat(78)}\n`);
  return { run: false, reason };
}

/** A headless Chromium with a fresh profile, closed (profile removed) by `close()`. */
export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with a fresh user-data-dir and the flags that keep the
 * browser itself from reaching the network (background networking, component updates,
 * sync, QUIC), so that every request the test sees comes from the page.
 */
export async function launchChromium(): Promise<Chromium> {
  const profile = await mkdtemp(path.join(tmpdir(), 'novavms-docs-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 1000 },
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
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
