/**
 * Verified API keys are remembered between requests for speed, but never longer than the
 * database stays unchanged: a revocation by another server process on the same database file
 * takes effect on the next request, and a reset of the mock forgets every key minted before
 * it. (Expiry by the clock on the next request is checked by the contract suite.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, expectSuccess } from '../../test/contract/support/expectations.js';
import { pathOf } from '../../test/contract/support/operation-path.js';
import { apiSession } from '../../test/contract/support/sessions.js';
import { DEMO, DEMO_PASSWORD } from '../src/demo.js';
import { resetTestServer, startTestServer, type TestServer } from './support/server.js';

const KEYS = pathOf('listServiceAccountKeys', { service_account_id: DEMO.serviceAccountId });
const CAMERAS = pathOf('listCameras');
const OWNER = { email: DEMO.ownerEmail, password: DEMO_PASSWORD };
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'novavms-key-freshness-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function mint(t: TestServer, owner: string): Promise<{ id: string; secret: string }> {
  const res = await t.client.send({ method: 'POST', path: KEYS, bearer: owner, json: { mode: 'live' } });
  expect(res.status, res.text).toBe(201);
  return { id: res.json().key.id, secret: res.json().secret };
}

describe('a remembered key', () => {
  it('is refused on the next request after another process on the same file revokes it', async () => {
    const db = path.join(dir, 'shared.db');
    const first = await startTestServer({ db });
    const second = await startTestServer({ db });
    try {
      const owner = (await apiSession(first.client, OWNER)).accessToken;
      const key = await mint(first, owner);
      for (let i = 0; i < 3; i++) expectSuccess(await first.client.send({ path: CAMERAS, bearer: key.secret }));
      const otherOwner = (await apiSession(second.client, OWNER)).accessToken;
      expectSuccess(await second.client.send({ method: 'DELETE', path: `${KEYS}/${key.id}`, bearer: otherOwner }));
      expectProblem(await first.client.send({ path: CAMERAS, bearer: key.secret }), 'API_KEY_REVOKED');
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('is forgotten by a reset of the mock: a key minted before it is unknown after it', async () => {
    const t = await startTestServer();
    try {
      const owner = (await apiSession(t.client, OWNER)).accessToken;
      const key = await mint(t, owner);
      expectSuccess(await t.client.send({ path: CAMERAS, bearer: key.secret }));
      await resetTestServer(t);
      expectProblem(await t.client.send({ path: CAMERAS, bearer: key.secret }), 'INVALID_TOKEN');
    } finally {
      await t.close();
    }
  });
});
