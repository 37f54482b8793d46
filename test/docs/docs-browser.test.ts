/**
 * The rendered docs in a real browser: headless Chromium opens `/docs` of the reference
 * server and then the built file straight from disk, with every request that would leave
 * this machine recorded and aborted. Skipped, loudly, when Chromium is missing, except under
 * REQUIRE_BROWSER=1, where that fails.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocs, docsOutFile } from '../../docs/build/build.js';
import { humanDuration } from '../../docs/build/duration.js';
import { errors, lifetimes } from '../../generated/contract.js';
import { repoRoot } from '../../tools/paths.js';
import { browserStatus, type Chromium, launchChromium } from '../support/chromium.js';
import { operations, spec } from '../support/openapi.js';
import {
  chooseSampleLanguage,
  codeBlockTexts,
  headingTexts,
  rowsByHeader,
  squash,
  tableWithHeader,
  waitForHeading,
} from './support/docs-dom.js';
import { type PageRecord, recordContext } from './support/page-recorder.js';

const resultsDir = path.join(repoRoot, 'test-results');
const GUIDES = ['Authenticate to the API', 'Service-account keys', 'Errors', 'Local development'];
const SCHEMES = ['ServiceAccountKey', 'UserAccessToken', 'RefreshToken', 'RefreshCookie'];
const LANGUAGES = ['curl', 'TypeScript', 'Python'];

const status = browserStatus('docs browser test');

describe.skipIf(!status.run)('the docs in Chromium, served at /docs by the reference server', () => {
  let browser: Chromium;
  let record: PageRecord;
  let page: Page;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    // The reference server serves docs/dist/index.html, as npm start has it: build it fresh from this checkout.
    await buildDocs(docsOutFile);
    const { startServer } = await import('../../mock/src/index.js');
    server = await startServer({ port: 0, docsPage: docsOutFile });
    browser = await launchChromium({ viewport: { width: 1400, height: 1000 } });
    record = await recordContext(browser.context);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${server.url}/docs`, { waitUntil: 'load' });
    await waitForHeading(page, GUIDES[0]!);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves the built page at /docs', async () => {
    const response = await fetch(`${server.url}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toBe(await readFile(docsOutFile, 'utf8'));
  });

  it('shows the four guides and the sections the source page has', async () => {
    const headings = await headingTexts(page);
    expect(headings).toEqual(
      expect.arrayContaining([
        ...GUIDES,
        'Token lifetimes',
        'User-Agent binding, and why there is no IP binding',
        'Error codes',
      ]),
    );
    // The guides are also entries of the side menu.
    for (const name of GUIDES) {
      expect(
        await page.locator('[data-testid="menu-item-label"]').getByText(name, { exact: true }).count(),
        name,
      ).toBeGreaterThan(0);
    }
  });

  it('shows the lifetimes table: 1 hour, 7 days, 30 days, and no expiry for keys', async () => {
    const rows = rowsByHeader(await tableWithHeader(page, 'Default lifetime'));
    const byScheme = Object.fromEntries(rows.map((row) => [row.Scheme, row]));
    // The source page's table, "Token lifetimes":
    //   Access token (JWT) | 1 hour | 1 hour; Refresh token | 7 days | 30 days; Service-account API key | No expiry
    expect(byScheme.UserAccessToken?.['Default lifetime']).toBe('1 hour');
    expect(byScheme.UserAccessToken?.['With remember_me: true']).toBe('1 hour');
    expect(byScheme.RefreshToken?.['Default lifetime']).toBe('7 days');
    expect(byScheme.RefreshToken?.['With remember_me: true']).toBe('30 days');
    expect(byScheme.RefreshCookie?.['Default lifetime']).toBe('7 days');
    expect(byScheme.ServiceAccountKey?.['Default lifetime']).toBe('no expiry');
    // ...and every row is what generated/contract.ts says.
    expect(Object.keys(byScheme).sort()).toEqual(Object.keys(lifetimes).sort());
    for (const [scheme, lifetime] of Object.entries(lifetimes)) {
      expect(byScheme[scheme]?.['Default lifetime'], scheme).toBe(humanDuration(lifetime.defaultSeconds));
    }
    await page.locator('h2', { hasText: 'Token lifetimes' }).first().scrollIntoViewIfNeeded();
    await mkdir(resultsDir, { recursive: true });
    await page.screenshot({ path: path.join(resultsDir, 'docs-lifetimes.png') });
  });

  it('explains SESSION_MISMATCH: status, meaning and what to do, and why the session ended', async () => {
    const rows = rowsByHeader(await tableWithHeader(page, 'What to do'));
    const row = rows.find((r) => r.Code?.startsWith('SESSION_MISMATCH'));
    expect(row).toBeDefined();
    expect(row?.Status).toBe(String(errors.SESSION_MISMATCH.status));
    expect(row?.Meaning).toBe(squash(errors.SESSION_MISMATCH.meaning.replace(/`/g, '')));
    expect(row?.['What to do']).toBe(squash(errors.SESSION_MISMATCH.action.replace(/`/g, '')));
    // Every code of the enum has its row.
    expect(rows.map((r) => r.Code?.split(' ')[0])).toEqual(spec.components.schemas.ErrorCode.enum);
    const binding = page.locator('p', { hasText: 'SESSION_MISMATCH' }).filter({ hasText: 'User-Agent' });
    expect(await binding.count()).toBeGreaterThan(0);
  });

  it('names the four security schemes, in the guide and on the operations', async () => {
    const rows = rowsByHeader(await tableWithHeader(page, 'Sent as'));
    expect(rows.map((row) => row.Scheme)).toEqual(SCHEMES);
    // Redoc renders an operation when the route reaches it, which takes seconds on a long page.
    const shown = { timeout: 20_000 };
    await page.evaluate(() => (location.hash = '#/authentication/refreshsession'));
    await expect.poll(() => page.getByText('RefreshToken or RefreshCookie').count(), shown).toBeGreaterThan(0);
    await page.evaluate(() => (location.hash = '#/identity/getcurrentprincipal'));
    await expect.poll(() => page.getByText('ServiceAccountKey or UserAccessToken').count(), shown).toBeGreaterThan(0);
  });

  it('shows the curl, TypeScript and Python sample of every operation', async () => {
    const ops = operations();
    // Redoc's route of an operation: its first tag and its operationId, in lower case.
    const routeOf = (op: (typeof ops)[number]) =>
      `#/${String(op.operation.tags[0]).toLowerCase().replace(/\s+/g, '-')}/${op.operationId.toLowerCase()}`;
    const sampleOf = (op: (typeof ops)[number], language: string) => {
      const sample = (op.operation['x-codeSamples'] as { lang: string; source: string }[]).find(
        (s) => s.lang === language,
      );
      expect(sample, `${op.operationId} has a ${language} sample in the spec`).toBeDefined();
      return squash(sample!.source);
    };
    const shows = async (op: (typeof ops)[number], language: string) => {
      await page.evaluate((hash) => (location.hash = hash), routeOf(op));
      await expect
        .poll(async () => (await codeBlockTexts(page)).includes(sampleOf(op, language)), {
          message: `${op.operationId} shows its ${language} sample`,
          timeout: 10_000,
        })
        .toBe(true);
    };
    let current = LANGUAGES[0]!;
    for (const language of LANGUAGES) {
      if (language !== current) {
        await shows(ops[0]!, current);
        await chooseSampleLanguage(page, current, language);
        current = language;
      }
      for (const op of ops) await shows(op, language);
    }
  });

  it('opens from disk with the network off and shows the complete docs', async () => {
    await page.goto(pathToFileURL(docsOutFile).href, { waitUntil: 'load' });
    for (const name of GUIDES) await waitForHeading(page, name);
    expect(rowsByHeader(await tableWithHeader(page, 'Default lifetime')).length).toBe(Object.keys(lifetimes).length);
    expect(record.requests.some((url) => url.startsWith('file:'))).toBe(true);
    expect(record.remote()).toEqual([]);
  });

  it('logged no console error and made no request that leaves this machine', async () => {
    await page.goto(`${server.url}/docs`, { waitUntil: 'load' });
    await waitForHeading(page, GUIDES[0]!);
    await mkdir(resultsDir, { recursive: true });
    await page.screenshot({ path: path.join(resultsDir, 'docs.png') });
    // Scroll through the whole page, so that anything loaded lazily is loaded too.
    await page.mouse.wheel(0, 20_000);
    await page.waitForLoadState('networkidle');
    // The recorder did see the page itself, so an empty remote list means something.
    expect(record.requests.some((url) => url.startsWith(`${server.url}/docs`))).toBe(true);
    expect(record.remote()).toEqual([]);
    expect(record.errors).toEqual([]);
  });
});

describe.skipIf(!status.run)('the offline check itself', () => {
  it('catches a page that loads a remote image and posts telemetry', async () => {
    const { startStaticServer } = await import('./support/static-server.js');
    const site = await startStaticServer({
      '/': {
        type: 'text/html',
        body: `<!doctype html><title>leaky</title><img src="https://cdn.redoc.ly/redoc/logo-mini-full.svg" alt="">
<script>fetch('https://otel.cloud.redocly.com/v1/traces', { method: 'POST', body: '{}' }).catch(() => {});</script>`,
      },
    });
    const browser = await launchChromium({ viewport: { width: 1400, height: 1000 } });
    try {
      const record = await recordContext(browser.context);
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      await page.goto(`${site.url}/`, { waitUntil: 'load' });
      await expect.poll(() => record.remote().length).toBe(2);
      // The image and the script's fetch race each other: the order of the two is the browser's.
      expect([...record.remote()].sort()).toEqual([
        'https://cdn.redoc.ly/redoc/logo-mini-full.svg',
        'https://otel.cloud.redocly.com/v1/traces',
      ]);
      // The aborted loads surface as console errors too, so the console check bites as well.
      expect(record.errors.length).toBeGreaterThan(0);
    } finally {
      await browser.close();
      await site.close();
    }
  });
});
