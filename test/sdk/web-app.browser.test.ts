/**
 * examples/web-app end to end in Chromium: the Vite app on its own port calls the reference
 * server across origins (started allowing the app's origin), logs in, lists the cameras, keeps
 * working after the server's clock passes the access token's hour (the SDK refreshes through
 * the cookie), says the session ended once the refresh token has expired, and logs out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lifetimes } from '../../generated/contract.js';
import { startServer } from '../../mock/src/index.js';
import { browserStatus, type Chromium, launchChromium } from '../support/chromium.js';

const status = browserStatus('example web app test');
const appDir = fileURLToPath(new URL('../../examples/web-app', import.meta.url));

describe.runIf(status.run)('examples/web-app in Chromium', () => {
  let api: Awaited<ReturnType<typeof startServer>>;
  let vite: ViteDevServer;
  let chromium: Chromium;
  let appOrigin: string;
  let cacheDir: string;
  let log = '';
  /** The app's own HTTP server, which Vite serves through. */
  let app: Server | undefined;

  beforeAll(async () => {
    // The app's server listens first, on a port of the system's choosing, so that the API can be
    // started allowing its origin; Vite, given the API's address, then serves the app through it.
    const server = createHttpServer();
    app = server;
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, 'localhost', resolve));
    appOrigin = `http://localhost:${(server.address() as AddressInfo).port}`;
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => (log += chunk.toString()));
    api = await startServer({ port: 0, db: ':memory:', allowOrigins: [appOrigin], log: stream });
    cacheDir = mkdtempSync(path.join(tmpdir(), 'novavms-web-app-'));
    vite = await createServer({
      configFile: path.join(appDir, 'vite.config.ts'),
      cacheDir,
      logLevel: 'silent',
      server: { middlewareMode: true, ws: { server } },
      define: { 'import.meta.env.VITE_NOVAVMS_URL': JSON.stringify(`http://localhost:${api.port}`) },
    });
    server.on('request', vite.middlewares);
    chromium = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await vite?.close();
    app?.closeAllConnections();
    await new Promise((resolve) => (app ? app.close(resolve) : resolve(undefined)));
    await api?.close();
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  });

  const cameras = (page: Page) => page.locator('#cameras li');

  async function logIn(page: Page): Promise<void> {
    await page.locator('#login').waitFor();
    await page.locator('#email').fill(api.demo.ownerEmail);
    await page.locator('#password').fill(api.demo.password);
    await page.locator('#login button[type=submit]').click();
    await page.locator('#who').filter({ hasText: api.demo.ownerEmail }).waitFor();
  }

  it('logs in, lists the cameras, survives the access token expiring, reports the session ending, logs out', async () => {
    const page = await chromium.context.newPage();
    await page.goto(appOrigin);
    await logIn(page);
    await expect.poll(() => cameras(page).count()).toBeGreaterThan(0);
    const listed = await cameras(page).allTextContents();

    // Past the access token's lifetime: the next click still works, through a cookie refresh.
    const before = log.length;
    api.clock.advance(lifetimes.UserAccessToken.defaultSeconds + 60);
    await page.locator('#reload').click();
    await expect.poll(() => log.slice(before)).toMatch(/ POST \/api\/auth\/refresh 200 /);
    await expect.poll(() => cameras(page).allTextContents()).toEqual(listed);
    expect(await page.locator('#notice').textContent()).toBe('');

    // A reload of the page picks the session up from the cookie.
    await page.reload();
    await page.locator('#who').filter({ hasText: api.demo.ownerEmail }).waitFor();

    // Past the refresh token's lifetime: the session ends, and the app says so.
    api.clock.advance(lifetimes.RefreshCookie.defaultSeconds + 60);
    await page.locator('#reload').click();
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/session ended \(SESSION_EXPIRED\)/);
    await page.locator('#login').waitFor();

    await logIn(page);
    await page.locator('#logout').click();
    await expect.poll(() => page.locator('#notice').textContent()).toBe('You are logged out.');
    await page.reload();
    await page.locator('#login').waitFor();
    expect(await cameras(page).count()).toBe(0);
    await page.close();
  });
});
