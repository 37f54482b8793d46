/**
 * CORS in a real browser: a page served from another port, on an origin the server allows,
 * logs in with the web (cookie) flow through a preflight, calls the API with the access token
 * and reads an exposed header, and refreshes with the cookie and the CSRF header; the same page
 * from an origin that is not allowed is refused by the browser before its login reaches the
 * server. Chromium decides, not the test.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathOf } from '../../test/contract/support/operation-path.js';
import { browserStatus, type Chromium, launchChromium } from '../../test/support/chromium.js';
import { DEMO } from '../src/demo.js';
import { startTestServer, type TestServer } from './support/server.js';

const status = browserStatus('CORS browser test');

const PAGE = '<!doctype html><meta charset="utf-8"><title>Another origin</title><p>app</p>';

/** A page server on a free port of localhost. */
async function pageServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What the page's script saw. */
interface Outcome {
  login: number | string;
  me?: number;
  rateLimitPolicy?: string | null;
  kind?: string;
  refresh?: number;
  refreshedToken?: boolean;
}

/** Runs in the page: the web flow against `api`, across origins. */
async function webFlow(page: import('playwright-core').Page, api: string): Promise<Outcome> {
  return page.evaluate(
    async ({ api, email, password, paths }) => {
      let login: Response;
      try {
        login = await fetch(api + paths.login, {
          method: 'POST',
          credentials: 'include',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email, password, client_type: 'web' }),
        });
      } catch (error) {
        return { login: `refused: ${(error as Error).name}` };
      }
      const { access_token } = (await login.json()) as { access_token: string };
      const me = await fetch(api + paths.me, { headers: { Authorization: `Bearer ${access_token}` } });
      const body = (await me.json()) as { kind: string };
      const refresh = await fetch(api + paths.refresh, {
        method: 'POST',
        credentials: 'include',
        headers: { 'X-NovaVMS-CSRF': '1' },
      });
      const refreshed = (await refresh.json()) as { access_token?: string };
      return {
        login: login.status,
        me: me.status,
        rateLimitPolicy: me.headers.get('RateLimit-Policy'),
        kind: body.kind,
        refresh: refresh.status,
        refreshedToken: typeof refreshed.access_token === 'string' && refreshed.access_token !== access_token,
      };
    },
    {
      api,
      email: DEMO.viewerEmail,
      password: DEMO.password,
      paths: {
        login: pathOf('loginWithPassword'),
        me: pathOf('getCurrentPrincipal'),
        refresh: pathOf('refreshSession'),
      },
    },
  );
}

describe.runIf(status.run)('CORS in Chromium', () => {
  let allowedPage: Awaited<ReturnType<typeof pageServer>>;
  let foreignPage: Awaited<ReturnType<typeof pageServer>>;
  let t: TestServer;
  let chromium: Chromium;
  let api: string;

  beforeAll(async () => {
    allowedPage = await pageServer();
    foreignPage = await pageServer();
    t = await startTestServer({ allowOrigins: [allowedPage.origin] });
    // The same site as the pages (localhost), so that the SameSite=Strict refresh cookie travels.
    api = `http://localhost:${t.server.port}`;
    chromium = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await t?.close();
    await allowedPage?.close();
    await foreignPage?.close();
  });

  it('from the allowed origin: a preflighted web login with credentials, a call with the token, and a cookie refresh', async () => {
    const page = await chromium.context.newPage();
    await page.goto(allowedPage.origin);
    const outcome = await webFlow(page, api);
    expect(outcome).toEqual({
      login: 200,
      me: 200,
      rateLimitPolicy: expect.stringMatching(/\S/),
      kind: 'user',
      refresh: 200,
      refreshedToken: true,
    });
    const log = t.log();
    expect(log).toMatch(/ OPTIONS \/api\/auth\/login 204 /);
    expect(log).toMatch(/ POST \/api\/auth\/login 200 /m);
    expect(log).toMatch(/ POST \/api\/auth\/refresh 200 /m);
    await page.close();
  });

  it('from an origin that is not allowed: the browser refuses, and the login never reaches the server', async () => {
    const before = t.log();
    const page = await chromium.context.newPage();
    await page.goto(foreignPage.origin);
    expect(await webFlow(page, api)).toEqual({ login: 'refused: TypeError' });
    const seen = t.log().slice(before.length);
    expect(seen).toMatch(/ OPTIONS \/api\/auth\/login 405 /m);
    expect(seen).not.toMatch(/ POST /m);
    await page.close();
  });
});
