import type { BrowserContext, Page } from 'playwright-core';
import { isLocalUrl, remoteUrls } from './request-filter.js';

/** What a page did while it was observed. */
export interface PageRecord {
  /** Every request the page made, in order (URL only). */
  requests: string[];
  /** Console messages of type error, and uncaught page errors. */
  errors: string[];
  /** The requests of `requests` that would have left this machine. */
  remote(): string[];
}

/**
 * Records every request and every console error of the pages of `context`. Requests are
 * seen twice: by `page.on('request')` and by a route on the whole context, which also
 * aborts every request that would leave this machine, so that a test never depends on the
 * network being there, or not, and nothing is ever sent.
 */
export async function recordContext(context: BrowserContext): Promise<PageRecord> {
  const requests: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    requests.push(url);
    if (isLocalUrl(url)) await route.continue();
    else await route.abort('blockedbyclient');
  });
  const watch = (page: Page) => {
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return { requests, errors, remote: () => remoteUrls(requests) };
}
