/**
 * The admin UI at /admin/service-accounts in Chromium, against the reference server: an owner
 * signs in (web flow), mints a key and sees its secret once with a copy button (a reload keeps
 * the session but no longer shows it), the key then calls the API, rotation keeps the old key
 * for the overlap asked for, revocation ends a key on its next request; a viewer is told they
 * may not manage service accounts.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFormat } from '../../generated/contract.js';
import { sendRaw } from '../../test/contract/support/http-transport.js';
import { pathOf } from '../../test/contract/support/operation-path.js';
import { browserStatus, type Chromium, launchChromium } from '../../test/support/chromium.js';
import { ADMIN_UI_ROUTES } from '../src/admin-ui/index.js';
import { DEMO } from '../src/demo.js';
import { startTestServer, type TestServer } from './support/server.js';

const status = browserStatus('admin UI browser test');
const KEY = new RegExp(String(keyFormat.pattern));

describe.runIf(status.run)('the admin UI in Chromium', () => {
  let t: TestServer;
  let chromium: Chromium;
  let base: string;

  beforeAll(async () => {
    t = await startTestServer();
    // localhost, where Chromium keeps the Secure refresh cookie over http.
    base = `http://localhost:${t.server.port}`;
    chromium = await launchChromium();
    await chromium.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await t?.close();
  });

  /** GET /api/v1/me with `key`: its status and problem code. */
  async function callWith(key: string): Promise<[number, string | undefined]> {
    const res = await sendRaw(t.server.url, {
      method: 'GET',
      path: pathOf('getCurrentPrincipal'),
      headers: { authorization: `Bearer ${key}` },
    });
    return [res.status, res.status === 200 ? undefined : JSON.parse(res.body.toString()).code];
  }

  async function signIn(page: Page, email: string): Promise<void> {
    await page.goto(`${base}${ADMIN_UI_ROUTES.page}`);
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(DEMO.password);
    await page.locator('#signin-button').click();
    await page.locator('#who').filter({ hasText: email }).waitFor();
  }

  const account = (page: Page) => page.locator(`section.account[data-account-id="${DEMO.serviceAccountId}"]`);
  const secret = (page: Page) => page.locator('#secret-value');

  it('an owner mints a key, sees it once, copies it, and the key calls the API; rotation overlaps, revocation ends it', async () => {
    const page = await chromium.context.newPage();
    await signIn(page, DEMO.ownerEmail);
    await account(page).locator('tr.key').first().waitFor();
    const keysBefore = await account(page).locator('tr.key').count();

    await account(page).locator('select.mode').selectOption('test');
    await account(page).locator('button.mint').click();
    await secret(page).filter({ hasText: /sk_/ }).waitFor();
    const minted = (await secret(page).textContent())!;
    expect(minted).toMatch(KEY);
    await page.locator('#copy').click();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(minted);
    await expect.poll(() => account(page).locator('tr.key').count()).toBe(keysBefore + 1);
    expect(await callWith(minted)).toEqual([200, undefined]);

    // A reload resumes the session through the cookie; the secret is nowhere on the page.
    await page.reload();
    await account(page).locator('tr.key').first().waitFor();
    expect(await page.content()).not.toContain(minted);
    const masked = `${minted.slice(0, keyFormat.prefixes.test.length)}…${minted.slice(-4)}`;
    const row = account(page).locator('tr.key', { has: page.locator('td.masked', { hasText: masked }) });
    await expect.poll(() => row.count()).toBe(1);

    await row.locator('input.overlap').fill('3600');
    await row.locator('button.rotate').click();
    await secret(page).filter({ hasText: /sk_/ }).waitFor();
    const rotated = (await secret(page).textContent())!;
    expect(rotated).toMatch(KEY);
    expect(rotated).not.toBe(minted);
    expect(await callWith(rotated)).toEqual([200, undefined]);
    expect(await callWith(minted), 'the old key works during the overlap').toEqual([200, undefined]);
    // Past the overlap, and past the page's access token too: its next call refreshes it.
    t.server.clock.advance(3601);
    expect((await callWith(minted))[0], 'and not after it').toBe(401);

    await page.locator('#dismiss').click();
    const newRow = account(page).locator('tr.key', {
      has: page.locator('td.masked', {
        hasText: `${rotated.slice(0, keyFormat.prefixes.test.length)}…${rotated.slice(-4)}`,
      }),
    });
    await newRow.locator('button.revoke').click();
    await expect.poll(() => newRow.locator('td.key-status').textContent()).toBe('revoked');
    expect(await callWith(rotated)).toEqual([401, 'API_KEY_REVOKED']);

    await page.locator('#signout').click();
    await page.locator('#signin').waitFor();
    await page.reload();
    await page.locator('#signin').waitFor();
    await page.close();
  });

  it('a viewer signs in and is told they may not manage service accounts', async () => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    await signIn(page, DEMO.viewerEmail);
    await expect.poll(() => page.locator('#refused').textContent()).toMatch(/viewer, may not manage service accounts/);
    expect(await page.locator('button.mint').count()).toBe(0);
    await context.close();
  });

  it('serves the page with a policy that runs its own script only and never caches it', async () => {
    const res = await sendRaw(t.server.url, { method: 'GET', path: ADMIN_UI_ROUTES.page });
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
