import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lifetimes, refreshCookie } from '../../generated/contract.js';
import { browserStatus, type Chromium, launchChromium } from '../support/chromium.js';
import { type ReferenceServer, startReferenceServer } from './support/reference-server.js';
import { type ProxiedExchange, type SameOriginProxy, startSameOriginProxy } from './support/same-origin-proxy.js';

const status = browserStatus('SDK browser test');

/** The SDK as a browser loads it: one ESM bundle; a Node-only import fails the build. */
async function browserBundle(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../../src/index.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild produced no bundle');
  return output.text;
}

/**
 * The page: loads the bundle, records the Web Locks the SDK asks for, and keeps a session
 * client on `window.app` (client type left to the SDK's default, `web` in a browser).
 */
const pageHtml = `<!doctype html><meta charset="utf-8"><title>NovaVMS SDK</title>
<script type="module">
  import { createClient } from '/sdk.js';
  const request = navigator.locks.request.bind(navigator.locks);
  window.lockRequests = [];
  navigator.locks.request = (name, ...rest) => (window.lockRequests.push(name), request(name, ...rest));
  window.ended = [];
  window.events = [];
  window.app = createClient({ baseUrl: location.origin, session: { onSessionEnd: (reason) => window.ended.push(reason) } });
  window.app.auth.onChange((event) => window.events.push(event.type + (event.fromOtherTab ? ' (other tab)' : '')));
</script>`;

/** What the page keeps on `window`. */
interface PageState {
  ended: string[];
  events: string[];
  lockRequests: string[];
  app: {
    auth: {
      login(c: { email: string; password: string }): Promise<unknown>;
      logout(): Promise<void>;
      refresh(): Promise<void>;
      getSession(): Promise<{ kind: string; clientType: string } | undefined>;
    };
    GET(path: string): Promise<{ response: Response; error?: { code: string } }>;
  };
}

async function call(page: Page, path: string): Promise<{ status: number; code: string | undefined }> {
  return page.evaluate(async (p) => {
    const { response, error } = await (window as unknown as PageState).app.GET(p);
    return { status: response.status, code: error?.code };
  }, path);
}

function toText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join('\n') : (value ?? '');
}

function refreshCookieValue(cookieHeader: string | undefined): string | undefined {
  return new RegExp(`${refreshCookie.name}=([^;]*)`).exec(cookieHeader ?? '')?.[1];
}

describe.runIf(status.run)('SDK web mode in Chromium (cookie refresh)', () => {
  let server: ReferenceServer;
  let proxy: SameOriginProxy;
  let chromium: Chromium;
  /** When set, refresh requests wait at the proxy until it resolves. */
  let holdRefresh: Promise<void> | undefined;

  /** A tab of `context` with the SDK loaded and a session client on `window.app`. */
  async function openTab(context: BrowserContext): Promise<Page> {
    const tab = await context.newPage();
    await tab.goto(`${proxy.url}/`);
    await tab.waitForFunction(() => 'app' in window);
    return tab;
  }

  /**
   * A browser profile of its own (its own cookie jar) with one tab logged in as the demo
   * owner, and the index of the first proxied exchange that belongs to it: every test
   * starts from here, so none depends on another.
   */
  async function signedIn(): Promise<{ context: BrowserContext; page: Page; from: number }> {
    const context = await chromium.browser.newContext();
    const page = await openTab(context);
    const from = proxy.exchanges.length;
    await page.evaluate(
      async (credentials) => {
        await (window as unknown as PageState).app.auth.login(credentials);
      },
      { email: server.demo.ownerEmail, password: server.demo.password },
    );
    return { context, page, from };
  }

  beforeAll(async () => {
    server = await startReferenceServer();
    proxy = await startSameOriginProxy(
      server.url,
      {
        '/': { contentType: 'text/html; charset=utf-8', body: pageHtml },
        '/sdk.js': { contentType: 'text/javascript; charset=utf-8', body: await browserBundle() },
      },
      async (_method, path) => {
        if (path.startsWith('/api/auth/refresh')) await holdRefresh;
      },
    );
    chromium = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await proxy?.close();
    await server?.close();
  });

  /** The exchanges with `path` from index `from` on. */
  const exchangesTo = (path: string, from: number): ProxiedExchange[] =>
    proxy.exchanges.slice(from).filter((e) => e.path.split('?')[0] === path);

  it('logs in with client_type "web": the refresh token arrives only as an HttpOnly cookie', async () => {
    const { context, page, from } = await signedIn();
    const [login] = exchangesTo('/api/auth/login', from);
    expect(login?.status).toBe(200);
    expect(JSON.parse(login?.requestBody ?? '{}')).toMatchObject({ client_type: 'web' });
    const body = JSON.parse(login?.responseBody ?? '{}') as Record<string, unknown>;
    expect(body).toHaveProperty('access_token');
    expect(body).not.toHaveProperty('refresh_token');
    const setCookie = toText(login?.responseHeaders['set-cookie']);
    expect(setCookie).toContain(`${refreshCookie.name}=`);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(await call(page, '/api/v1/cameras')).toEqual({ status: 200, code: undefined });
    await context.close();
  });

  it('after the access token expires, refreshes with the cookie and the CSRF header, and the call succeeds', async () => {
    const { context, page } = await signedIn();
    const before = proxy.exchanges.length;
    server.clock.advance(lifetimes.UserAccessToken.defaultSeconds + 1);
    expect(await call(page, '/api/v1/cameras')).toEqual({ status: 200, code: undefined });
    const sequence = proxy.exchanges.slice(before).map((e) => `${e.method} ${e.path.split('?')[0]} ${e.status}`);
    expect(sequence).toEqual(['GET /api/v1/cameras 401', 'POST /api/auth/refresh 200', 'GET /api/v1/cameras 200']);
    const refresh = exchangesTo('/api/auth/refresh', before)[0];
    expect(refresh?.requestHeaders[refreshCookie.csrfHeader.toLowerCase()]).toBe(refreshCookie.csrfValue);
    expect(refreshCookieValue(refresh?.requestHeaders.cookie)).toBeTruthy();
    expect(refresh?.requestHeaders.authorization).toBeUndefined();
    expect(JSON.parse(refresh?.responseBody ?? '{}')).not.toHaveProperty('refresh_token');
    expect(await page.evaluate(() => (window as unknown as PageState).lockRequests)).toEqual([
      `@novavms/sdk refresh ${proxy.url}`,
    ]);
    expect(await page.evaluate(() => (window as unknown as PageState).ended)).toEqual([]);
    await context.close();
  });

  it('two tabs of one cookie session refresh one after the other under navigator.locks: no reuse', async () => {
    const { context, page } = await signedIn();
    const tab = await openTab(context);
    await tab.evaluate(async () => (window as unknown as PageState).app.auth.refresh());
    server.clock.advance(lifetimes.UserAccessToken.defaultSeconds + 1);
    const from = proxy.exchanges.length;

    let release!: () => void;
    holdRefresh = new Promise((resolve) => (release = resolve));
    const first = call(page, '/api/v1/cameras');
    const second = call(tab, '/api/v1/cameras');
    // Both tabs have asked for the lock: one refresh is held at the proxy, the other tab waits.
    await page.waitForFunction(() => (window as unknown as PageState).lockRequests.length === 1);
    await tab.waitForFunction(() => (window as unknown as PageState).lockRequests.length === 2);
    release();
    holdRefresh = undefined;
    expect(await Promise.all([first, second])).toEqual([
      { status: 200, code: undefined },
      { status: 200, code: undefined },
    ]);

    const refreshes = exchangesTo('/api/auth/refresh', from);
    expect(refreshes.map((r) => r.status)).toEqual([200, 200]);
    const [a, b] = refreshes.map((r) => refreshCookieValue(r.requestHeaders.cookie));
    expect(a).toBeTruthy();
    expect(b).not.toBe(a);
    for (const p of [page, tab]) expect(await p.evaluate(() => (window as unknown as PageState).ended)).toEqual([]);
    await context.close();
  });

  it('never lets page JavaScript or storage see a refresh token', async () => {
    const { context, page, from } = await signedIn();
    await page.evaluate(async () => (window as unknown as PageState).app.auth.refresh());
    await page.evaluate(async () => (window as unknown as PageState).app.auth.refresh());
    const exchanges = proxy.exchanges.slice(from);
    const refreshTokens = exchanges
      .flatMap((e) => toText(e.responseHeaders['set-cookie']).split('\n'))
      .map((line) => refreshCookieValue(line))
      .filter((value): value is string => value !== undefined && value !== '');
    expect(refreshTokens.length).toBe(3);
    const visible = await page.evaluate(() => {
      const dump = (storage: Storage) => JSON.stringify(Object.fromEntries(Object.entries(storage)));
      return {
        cookie: document.cookie,
        local: dump(localStorage),
        session: dump(sessionStorage),
        title: document.title,
      };
    });
    expect(visible.title).toBe('NovaVMS SDK');
    expect(visible.cookie).not.toContain(refreshCookie.name);
    const bodies = exchangesTo('/api/auth/login', from)
      .concat(exchangesTo('/api/auth/refresh', from))
      .map((e) => e.responseBody);
    for (const token of refreshTokens) {
      expect(visible.local).not.toContain(token);
      expect(visible.session).not.toContain(token);
      for (const body of bodies) expect(body).not.toContain(token);
    }
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === refreshCookie.name)?.httpOnly).toBe(true);
    await context.close();
  });

  it('logs out with the cookie and the CSRF header; the session is over', async () => {
    const { context, page, from } = await signedIn();
    await page.evaluate(async () => (window as unknown as PageState).app.auth.logout());
    const [logout] = exchangesTo('/api/auth/logout', from);
    expect(logout?.status).toBe(204);
    expect(logout?.requestHeaders[refreshCookie.csrfHeader.toLowerCase()]).toBe(refreshCookie.csrfValue);
    expect(refreshCookieValue(logout?.requestHeaders.cookie)).toBeTruthy();
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === refreshCookie.name)).toBeUndefined();
    expect(await call(page, '/api/v1/cameras')).toEqual({ status: 401, code: 'AUTHENTICATION_REQUIRED' });
    expect(await page.evaluate(() => (window as unknown as PageState).ended)).toEqual([]);
    await context.close();
  });

  it('picks the cookie session up on the first call after a reload, with one refresh', async () => {
    const { context, page } = await signedIn();
    await page.reload();
    await page.waitForFunction(() => 'app' in window);
    const from = proxy.exchanges.length;
    expect(await call(page, '/api/v1/cameras')).toEqual({ status: 200, code: undefined });
    const sequence = proxy.exchanges.slice(from).map((e) => `${e.method} ${e.path.split('?')[0]} ${e.status}`);
    expect(sequence).toEqual(['POST /api/auth/refresh 200', 'GET /api/v1/cameras 200']);
    expect(await page.evaluate(() => (window as unknown as PageState).app.auth.getSession())).toMatchObject({
      kind: 'user',
      clientType: 'web',
    });
    await context.close();
  });

  it('a logout in one tab signs the other tab out (BroadcastChannel): it forgets its access token too', async () => {
    const { context, page } = await signedIn();
    const other = await openTab(context);
    expect(await call(other, '/api/v1/cameras')).toEqual({ status: 200, code: undefined });
    await page.evaluate(async () => (window as unknown as PageState).app.auth.logout());
    await other.waitForFunction(() => (window as unknown as PageState).events.includes('signed-out (other tab)'));
    // The other tab picked the cookie session up with a refresh of its own, which this tab heard of.
    expect(await page.evaluate(() => (window as unknown as PageState).events)).toEqual([
      'signed-in',
      'token-refreshed (other tab)',
      'signed-out',
    ]);
    const from = proxy.exchanges.length;
    // Its access token would still be valid for an hour: the tab sends none.
    expect(await call(other, '/api/v1/cameras')).toEqual({ status: 401, code: 'AUTHENTICATION_REQUIRED' });
    const sent = proxy.exchanges.slice(from);
    expect(sent.map((e) => e.path.split('?')[0])).toEqual(['/api/v1/cameras']);
    expect(sent[0]?.requestHeaders.authorization).toBeUndefined();
    expect(await other.evaluate(() => (window as unknown as PageState).app.auth.getSession())).toBeUndefined();
    await context.close();
  });
});
