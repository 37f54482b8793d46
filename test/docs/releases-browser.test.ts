/**
 * The Changelog page and a release's reference in Chromium, served by the reference server:
 * from the latest docs to the changelog, on to the reference of a release and its contract,
 * with every request that would leave this machine recorded and aborted.
 */

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocs, docsOutFile } from '../../docs/build/build.js';
import { releasedVersions, releaseFile } from '../../tools/diff/releases.js';
import { browserStatus, type Chromium, launchChromium } from '../support/chromium.js';
import { waitForHeading } from './support/docs-dom.js';
import { type PageRecord, recordContext } from './support/page-recorder.js';

const status = browserStatus('docs releases browser test');
const latest = releasedVersions().at(-1)!;
const version = `${latest.major}.${latest.minor}.${latest.patch}`;

describe.skipIf(!status.run)('the changelog and a release reference in Chromium', () => {
  let browser: Chromium;
  let record: PageRecord;
  let page: Page;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    await buildDocs(docsOutFile);
    const { startServer } = await import('../../mock/src/index.js');
    server = await startServer({ port: 0, docsPage: docsOutFile });
    browser = await launchChromium({ viewport: { width: 1400, height: 1000 } });
    record = await recordContext(browser.context);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('/docs leads to the latest page, whose Changelog links to the reference of each release', async () => {
    await page.goto(`${server.url}/docs`, { waitUntil: 'load' });
    expect(new URL(page.url()).pathname).toBe('/docs/');
    await waitForHeading(page, 'Changelog');
    await expect
      .poll(() => page.getByText(new RegExp(`^${version.replace(/\./g, '\\.')} — `)).count())
      .toBeGreaterThan(0);
    const link = page.getByRole('link', { name: `Reference of ${version}` });
    await link.scrollIntoViewIfNeeded();
    await link.click();
    await page.waitForURL(`${server.url}/docs/v${version}/index.html`);
    await expect.poll(() => page.getByText(`This is release ${version} of the contract`).count()).toBeGreaterThan(0);
    expect(await page.title()).toContain(`${version} (release)`);
  });

  it("the release's contract downloads from beside its reference, exactly as frozen", async () => {
    const res = await page.request.get(`${server.url}/docs/v${version}/openapi.json`);
    expect(res.status()).toBe(200);
    expect(await res.text()).toBe(readFileSync(releaseFile(version), 'utf8'));
  });

  it('made no request that leaves this machine, and logged no console error', async () => {
    await page.mouse.wheel(0, 20_000);
    await page.waitForLoadState('networkidle');
    expect(record.requests.some((url) => url.startsWith(`${server.url}/docs/v${version}/`))).toBe(true);
    expect(record.remote()).toEqual([]);
    expect(record.errors).toEqual([]);
  });
});
