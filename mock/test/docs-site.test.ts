/**
 * `/docs`: a packaged page wins over the repository's `docs/dist/index.html`; when neither
 * exists in a repository that can build it, `npm run -s docs` runs in the background and the
 * page answers 503 with `Retry-After` until the file is there.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContractResponse } from '../../test/contract/support/contract-client.js';
import { expectProblem } from '../../test/contract/support/expectations.js';
import { sendRaw } from '../../test/contract/support/http-transport.js';
import { DocsSite, findRepositoryRoot, lockFileOf } from '../src/docs-site.js';
import { startTestServer } from './support/server.js';

/**
 * A request to the docs pages, read without the contract checker: they are HTML for people,
 * also when they answer 503, and the releases beside them are files, not problems.
 */
const unchecked = async (baseUrl: string, path: string, method = 'GET') =>
  new ContractResponse(null, await sendRaw(baseUrl, { method, path }));

const dirs: string[] = [];
function tempRoot(docsScript?: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'novavms-docs-'));
  dirs.push(root);
  const scripts = docsScript ? { docs: docsScript } : {};
  writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({ name: '@novavms/sdk', workspaces: ['mock'], scripts }),
  );
  return root;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('DocsSite', () => {
  it('finds this repository from the server sources', () => {
    expect(findRepositoryRoot()).toBe(path.resolve(import.meta.dirname, '..', '..'));
  });

  it('serves the packaged copy first, then docs/dist/index.html', async () => {
    const root = tempRoot();
    const packaged = path.join(root, 'packaged.html');
    mkdirSync(path.join(root, 'docs', 'dist'), { recursive: true });
    writeFileSync(path.join(root, 'docs', 'dist', 'index.html'), '<html>repository docs</html>');
    expect(await new DocsSite(null, { root, packaged }).answer()).toEqual({
      status: 200,
      html: '<html>repository docs</html>',
    });
    writeFileSync(packaged, '<html>packaged docs</html>');
    expect(await new DocsSite(null, { root, packaged }).answer()).toEqual({
      status: 200,
      html: '<html>packaged docs</html>',
    });
  });

  it('without a docs script: 503 telling how to build them, and no build is started', async () => {
    const site = new DocsSite(null, { root: tempRoot(), packaged: '/nonexistent/index.html' });
    site.buildIfMissing();
    const answer = await site.answer();
    expect(answer.status).toBe(503);
    expect(answer.html).toContain('npm run docs');
    expect(answer).not.toHaveProperty('retryAfter');
  });

  it('builds missing docs in the background: 503 with Retry-After until the page exists, then 200', async () => {
    const script = `node -e "setTimeout(() => { require('fs').mkdirSync('docs/dist', { recursive: true }); require('fs').writeFileSync('docs/dist/index.html', '<html>built</html>'); }, 300)"`;
    const site = new DocsSite(null, { root: tempRoot(script), packaged: '/nonexistent/index.html' });
    site.buildIfMissing();
    try {
      const first = await site.answer();
      expect(first.status).toBe(503);
      expect(first).toMatchObject({ retryAfter: expect.any(Number) });
      let answer = first;
      for (let i = 0; i < 100 && answer.status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 100));
        answer = await site.answer();
      }
      expect(answer).toEqual({ status: 200, html: '<html>built</html>' });
    } finally {
      site.close();
    }
  });

  it('a build already running in another process is waited for, not repeated; a stale lock is taken over', async () => {
    const script = `node -e "require('fs').writeFileSync('started-' + process.pid, '')"`;
    const root = tempRoot(script);
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const holderExited = new Promise((r) => holder.once('exit', r));
    writeFileSync(lockFileOf(root), String(holder.pid));
    const waiting = new DocsSite(null, { root, packaged: '/nonexistent/index.html' });
    try {
      waiting.buildIfMissing();
      // A build starts only under the lock, and the lock still names the live holder: this
      // server started none, and it says the page is being built elsewhere.
      expect(readFileSync(lockFileOf(root), 'utf8')).toBe(String(holder.pid));
      expect(await waiting.answer()).toMatchObject({ status: 503, retryAfter: expect.any(Number) });
      waiting.close();
      expect(readFileSync(lockFileOf(root), 'utf8')).toBe(String(holder.pid));
    } finally {
      holder.kill('SIGKILL');
      await holderExited;
    }
    // The holder is gone and nothing is building: the page is simply not built (no Retry-After).
    const answer = await waiting.answer();
    expect(answer.status).toBe(503);
    expect(answer).not.toHaveProperty('retryAfter');
    // The next server takes the stale lock and builds, once.
    const site = new DocsSite(null, { root, packaged: '/nonexistent/index.html' });
    site.buildIfMissing();
    expect(readFileSync(lockFileOf(root), 'utf8')).toBe(String(process.pid));
    for (let i = 0; i < 200 && existsSync(lockFileOf(root)); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(lockFileOf(root))).toBe(false);
    expect(readdirSync(root).filter((f) => f.startsWith('started-'))).toHaveLength(1);
    site.close();
  });

  it('GET /docs redirects to /docs/, which answers 503 with how to build it while the page is missing, then exactly the page', async () => {
    const page = path.join(tempRoot(), 'index.html');
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
    const root = tempRoot();
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
