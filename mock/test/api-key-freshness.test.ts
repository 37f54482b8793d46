/**
 * Verified API keys are remembered between requests for speed, but never longer than the
 * database stays unchanged: revocation and expiry take effect on the next request, whether
 * they come from this server, from the clock, or from another server process on the same
 * database file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, DEMO_PASSWORD } from '../src/demo.js';
import { expectProblem } from './support/expectations.js';
import { bearer, loginApi, resetTestServer, startTestServer, type TestServer } from './support/server.js';

const KEYS = `/api/v1/service-accounts/${DEMO.serviceAccountId}/keys`;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'novavms-key-freshness-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function mint(
  t: TestServer,
  owner: string,
  body: Record<string, unknown>,
): Promise<{ id: string; secret: string }> {
  const res = await t.client.post(KEYS, { headers: bearer(owner), body });
  expect(res.status, res.text).toBe(201);
  return { id: res.json.key.id, secret: res.json.secret };
}

describe('a remembered key', () => {
  it('is refused on the next request after another process on the same file revokes it', async () => {
    const db = path.join(dir, 'shared.db');
    const first = await startTestServer({ db });
    const second = await startTestServer({ db });
    try {
      const owner = (await loginApi(first.client, DEMO.ownerEmail, DEMO_PASSWORD)).accessToken;
      const key = await mint(first, owner, { mode: 'live' });
      for (let i = 0; i < 3; i++)
        expect((await first.client.get('/api/v1/cameras', { headers: bearer(key.secret) })).status).toBe(200);
      const otherOwner = (await loginApi(second.client, DEMO.ownerEmail, DEMO_PASSWORD)).accessToken;
      expect((await second.client.delete(`${KEYS}/${key.id}`, { headers: bearer(otherOwner) })).status).toBe(204);
      const after = await first.client.get('/api/v1/cameras', { headers: bearer(key.secret) });
      expectProblem(after, 'API_KEY_REVOKED');
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('expires on the next request once the clock passes expires_at, with no write in between', async () => {
    const t = await startTestServer();
    try {
      const owner = (await loginApi(t.client, DEMO.ownerEmail, DEMO_PASSWORD)).accessToken;
      const expiresAt = new Date(t.server.clock.now().getTime() + 3600_000).toISOString();
      const key = await mint(t, owner, { mode: 'live', expires_at: expiresAt });
      for (let i = 0; i < 3; i++)
        expect((await t.client.get('/api/v1/cameras', { headers: bearer(key.secret) })).status).toBe(200);
      t.server.clock.advance(3600);
      const after = await t.client.get('/api/v1/cameras', { headers: bearer(key.secret) });
      expectProblem(after, 'API_KEY_EXPIRED');
    } finally {
      await t.close();
    }
  });

  it('is forgotten by a reset of the mock: a key minted before it is unknown after it', async () => {
    const t = await startTestServer();
    try {
      const owner = (await loginApi(t.client, DEMO.ownerEmail, DEMO_PASSWORD)).accessToken;
      const key = await mint(t, owner, { mode: 'live' });
      expect((await t.client.get('/api/v1/cameras', { headers: bearer(key.secret) })).status).toBe(200);
      await resetTestServer(t);
      const after = await t.client.get('/api/v1/cameras', { headers: bearer(key.secret) });
      expectProblem(after, 'INVALID_TOKEN');
    } finally {
      await t.close();
    }
  });
});
