/**
 * A deprecated operation answers every request with `Deprecation` (RFC 9745) and `Sunset`
 * (RFC 8594), read from its `x-novavms-deprecation` in the contract. The real contract
 * deprecates nothing yet, so this builds the reference server of a fixture contract: the real
 * one with listAuditEvents deprecated.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { deprecationViolations } from '../../test/support/response-check.js';
import { generate } from '../../tools/generate/generate.js';
import { repoRoot } from '../../tools/paths.js';
import type { RunningServer } from '../src/index.js';

const DEPRECATION = { announced: '2026-11-02', sunset: '2027-06-30', replacement: 'listCameras' };
let work: string;
let build: string;
let server: RunningServer;
let liveKey: string;
/** listAuditEvents as the fixture contract states it. */
let fixtureOperation: Record<string, unknown>;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'novavms-deprecated-contract-'));
  cpSync(path.join(repoRoot, 'openapi'), path.join(work, 'openapi'), { recursive: true });
  const file = path.join(work, 'openapi', 'paths', 'api_v1_audit-events.yaml');
  const item = YAML.parse(readFileSync(file, 'utf8'));
  item.get.deprecated = true;
  item.get['x-novavms-deprecation'] = DEPRECATION;
  writeFileSync(file, YAML.stringify(item));
  await generate(path.join(work, 'generated'), path.join(work, 'openapi', 'openapi.yaml'));
  // Inside the repository, so that the bundle finds its dependencies in node_modules.
  build = mkdtempSync(path.join(repoRoot, 'node_modules', '.novavms-deprecated-server-'));
  execFileSync(process.execPath, [
    path.join(repoRoot, 'mock', 'scripts', 'build.mjs'),
    '--outdir',
    build,
    '--contract',
    path.join(work, 'generated'),
  ]);
  const bundled = JSON.parse(readFileSync(path.join(work, 'generated', 'openapi.json'), 'utf8'));
  fixtureOperation = bundled.paths['/api/v1/audit-events'].get;
  const built = (await import(pathToFileURL(path.join(build, 'index.js')).href)) as typeof import('../src/index.js');
  server = await built.startServer({ port: 0, db: ':memory:' });
  liveKey = built.DEMO.liveKey;
}, 60_000);

afterAll(async () => {
  await server?.close();
  for (const dir of [work, build]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${url}`, { headers: { 'user-agent': 'deprecation-test', ...headers } });

describe('a deprecated operation (listAuditEvents in a fixture contract)', () => {
  it('answers with Deprecation (RFC 9745: @ and the seconds of the announcement) and Sunset (RFC 8594: an HTTP-date)', async () => {
    const res = await get('/api/v1/audit-events', { authorization: `Bearer ${liveKey}` });
    expect(res.status).toBe(200);
    const checked = { status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.alloc(0) };
    expect(deprecationViolations(fixtureOperation, checked)).toEqual([]);
    expect(deprecationViolations({ ...fixtureOperation, deprecated: false }, checked)).not.toEqual([]);
    expect(res.headers.get('deprecation')).toBe(`@${Date.UTC(2026, 10, 2) / 1000}`);
    expect(res.headers.get('sunset')).toBe('Wed, 30 Jun 2027 00:00:00 GMT');
  });

  it.each([
    ['without a credential (401)', {}],
    ['with a key that is no key (401)', { authorization: 'Bearer sk_live_nonsense' }],
  ])('says so on its errors too: %s', async (_, headers) => {
    const res = await get('/api/v1/audit-events', headers);
    expect(res.status).toBe(401);
    expect(res.headers.get('deprecation')).toMatch(/^@\d+$/);
    expect(res.headers.get('sunset')).toMatch(/ GMT$/);
  });

  it('an operation that is not deprecated sends neither header', async () => {
    const res = await get('/api/v1/cameras', { authorization: `Bearer ${liveKey}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('deprecation')).toBeNull();
    expect(res.headers.get('sunset')).toBeNull();
  });
});
