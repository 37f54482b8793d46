/**
 * `/docs/`: the page the server is given (`--docs FILE`, `docsPage`) or the copy packaged with
 * it, and the releases' references beside it. The server never looks for a repository around
 * it and never builds the page: while the file is missing it answers 503 and says how.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContractResponse } from '../../test/contract/support/contract-client.js';
import { expectProblem } from '../../test/contract/support/expectations.js';
import { sendRaw } from '../../test/contract/support/http-transport.js';
import { DocsSite, packagedDocsPage } from '../src/docs-site.js';
import { startTestServer } from './support/server.js';

/**
 * A request to the docs pages, read without the contract checker: they are HTML for people,
 * also when they answer 503, and the releases beside them are files, not problems.
 */
const unchecked = async (baseUrl: string, path: string, method = 'GET') =>
  new ContractResponse(null, await sendRaw(baseUrl, { method, path }));

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'novavms-docs-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('DocsSite', () => {
  it('serves the page it is given, and by default the copy packaged next to the server', async () => {
    const page = path.join(tempDir(), 'index.html');
    writeFileSync(page, '<html>given docs</html>');
    expect(await new DocsSite(page).answer()).toEqual({ status: 200, html: '<html>given docs</html>' });
    expect(packagedDocsPage).toBe(path.resolve(import.meta.dirname, '..', 'src', 'docs', 'index.html'));
  });

  it("without a page given, serves the packaged copy only, never the repository's docs/dist/index.html", async () => {
    // The packaged copy exists only in a packed build; here, running from the sources, it does not.
    const answer = await new DocsSite().answer();
    expect(answer.status).toBe(503);
    expect(answer.html).toContain(packagedDocsPage);
  });

  it('answers 503 saying how to build the page while it is missing, and starts nothing', async () => {
    const dir = tempDir();
    const page = path.join(dir, 'index.html');
    const site = new DocsSite(page);
    const answer = await site.answer();
    expect(answer.status).toBe(503);
    expect(answer.html).toContain('npm run docs');
    expect(answer.html).toContain('--docs FILE');
    expect(answer).not.toHaveProperty('retryAfter');
    writeFileSync(page, '<html>built</html>');
    expect(await site.answer()).toEqual({ status: 200, html: '<html>built</html>' });
  });

  it('GET /docs redirects to /docs/, which answers 503 with how to build it while the page is missing, then exactly the page', async () => {
    const page = path.join(tempDir(), 'index.html');
    const t = await startTestServer({ docsPage: page });
    try {
      const moved = await t.client.send({ path: '/docs' });
      expect(moved.status).toBe(308);
      expect(moved.header('location')).toBe('/docs/');
      const missing = await unchecked(t.server.url, '/docs/');
      expect(missing.status).toBe(503);
      expect(missing.header('content-type')).toMatch(/^text\/html/);
      expect(missing.header('retry-after')).toBeUndefined();
      expect(missing.text).toContain('npm run docs');
      writeFileSync(page, '<html>the docs</html>');
      const res = await unchecked(t.server.url, '/docs/');
      expect(res.status).toBe(200);
      expect(res.header('content-type')).toMatch(/^text\/html/);
      expect(res.text).toBe('<html>the docs</html>');
      expectProblem(await t.client.send({ method: 'POST', path: '/docs' }), 'METHOD_NOT_ALLOWED');
    } finally {
      await t.close();
    }
  });

  it('serves the reference of each release beside the page, and nothing else from there', async () => {
    const root = tempDir();
    const page = path.join(root, 'index.html');
    writeFileSync(page, '<html>the docs</html>');
    mkdirSync(path.join(root, 'v1.2.0'));
    writeFileSync(path.join(root, 'v1.2.0', 'index.html'), '<html>release 1.2.0</html>');
    writeFileSync(path.join(root, 'v1.2.0', 'openapi.json'), '{"openapi":"3.1.0"}');
    writeFileSync(path.join(root, 'v1.2.0', 'notes.txt'), 'not served');
    const t = await startTestServer({ docsPage: page });
    try {
      for (const url of ['/docs/v1.2.0/', '/docs/v1.2.0/index.html']) {
        const res = await unchecked(t.server.url, url);
        expect(res.status, url).toBe(200);
        expect(res.header('content-type')).toMatch(/^text\/html/);
        expect(res.text).toBe('<html>release 1.2.0</html>');
      }
      const spec = await unchecked(t.server.url, '/docs/v1.2.0/openapi.json');
      expect(spec.header('content-type')).toMatch(/^application\/json/);
      expect(spec.text).toBe('{"openapi":"3.1.0"}');
      for (const url of ['/docs/v1.2.0/notes.txt', '/docs/v9.9.9/', '/docs/v1.2/', '/docs/..%2F..%2Fetc/passwd']) {
        expectProblem(await t.client.send({ path: url }), 'NOT_FOUND');
      }
      const wrongMethod = await unchecked(t.server.url, '/docs/v1.2.0/openapi.json', 'DELETE');
      expectProblem(wrongMethod, 'METHOD_NOT_ALLOWED');
      expect(wrongMethod.header('content-type')).toMatch(/^application\/problem\+json/);
      expect(wrongMethod.header('allow')).toBe('GET, HEAD');
    } finally {
      await t.close();
    }
  });
});
