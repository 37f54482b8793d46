/**
 * `@novavms/sdk/msw` in Chromium through a service worker: `msw init` writes the worker into a
 * folder this test serves on localhost, a page starts `setupWorker(...handlers)`, and the SDK in
 * web mode logs in and lists cameras with answers the worker serves from the contract's examples;
 * a scenario switches a call to a documented problem. No request leaves the page.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedResponses } from '../../generated/contract.js';
import { browserStatus, type Chromium, launchChromium } from '../support/chromium.js';
import { operations, resolve } from '../support/openapi.js';

const status = browserStatus('MSW service-worker test');
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The page's script: the worker with every handler, and the SDK in web mode. */
const ENTRY = `
import { setupWorker } from 'msw/browser';
import { handlers, scenarios } from './src/msw/index.ts';
import { createClient, toNovaVmsError } from './src/index.ts';
const worker = setupWorker(...handlers);
window.ready = worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'error', quiet: true });
window.run = async () => {
  const app = createClient({ session: {} });
  const session = await app.auth.login({ email: 'ops@example.com', password: 'CorrectHorseBattery!' });
  const cameras = await app.GET('/api/v1/cameras');
  worker.use(scenarios.listCameras.quotaExceeded({ once: true }));
  const limited = toNovaVmsError(await app.GET('/api/v1/cameras'));
  return {
    controlled: navigator.serviceWorker.controller !== null,
    session: typeof session,
    cameras: cameras.data,
    limited: limited && { status: limited.status, code: limited.code },
  };
};
`;

describe.runIf(status.run)('MSW handlers in Chromium, through a service worker', () => {
  let folder: string;
  let server: Server;
  let origin: string;
  let chromium: Chromium;
  /** Requests that reached the network layer for the API's host instead of the worker. */
  const leaked: string[] = [];

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'novavms-msw-'));
    const init = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'msw'), ['init', folder, '--no-save'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(init.status, `${init.stdout}${init.stderr}`).toBe(0);
    const bundle = await build({
      stdin: { contents: ENTRY, resolveDir: repoRoot, sourcefile: 'page.ts', loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const files: Record<string, { type: string; body: string | Buffer }> = {
      '/': {
        type: 'text/html',
        body: '<!doctype html><meta charset="utf-8"><script type="module" src="/app.js"></script>',
      },
      '/app.js': { type: 'text/javascript', body: bundle.outputFiles[0]!.text },
      '/mockServiceWorker.js': {
        type: 'text/javascript',
        body: readFileSync(path.join(folder, 'mockServiceWorker.js')),
      },
    };
    server = createServer((request, response) => {
      const file = files[(request.url ?? '/').split('?')[0]!];
      if (!file) return response.writeHead(404).end();
      response.writeHead(200, { 'content-type': `${file.type}; charset=utf-8` }).end(file.body);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    origin = `http://localhost:${(server.address() as AddressInfo).port}`;
    chromium = await launchChromium();
    await chromium.context.route(/^https:\/\/novavms\.novalien\.com\//, (route) => {
      leaked.push(route.request().url());
      return route.abort();
    });
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('serves the SDK the examples, and a scenario its problem, without a request leaving the page', async () => {
    const page = await chromium.context.newPage();
    await page.goto(origin);
    await page.evaluate(() => (window as unknown as { ready: Promise<unknown> }).ready);
    // The worker controls the page once it is reloaded under it.
    await page.reload();
    await page.evaluate(() => (window as unknown as { ready: Promise<unknown> }).ready);
    const outcome = await page.evaluate(() => (window as unknown as { run: () => Promise<unknown> }).run());
    const listCameras = operations().find((o) => o.operationId === 'listCameras')!;
    const example = resolve(
      resolve(listCameras.operation.responses['200']).content['application/json'].examples[
        documentedResponses.listCameras.cameras.example
      ],
    ).value;
    expect(outcome).toEqual({
      controlled: true,
      session: 'object',
      cameras: example,
      limited: { status: 429, code: 'RATE_LIMITED' },
    });
    // Every call went to the SDK's default server, and the worker answered each one.
    expect(leaked).toEqual([]);
    await page.close();
  });
});
