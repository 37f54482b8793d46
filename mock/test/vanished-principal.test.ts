/**
 * An access token is signed by a key that outlives the data (it is kept in the database's
 * meta table): restart on the same file with --no-seed, reset, and the user and organisation
 * of an earlier login are gone while its token still verifies. Such a token is a 401
 * INVALID_TOKEN on every operation, never a foreign-key 500.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO } from '../src/demo.js';
import { expectProblem } from './support/expectations.js';
import { bearer, loginApi, startTestServer } from './support/server.js';

const dir = mkdtempSync(path.join(tmpdir(), 'novavms-vanished-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a token whose user or organisation no longer exists', () => {
  it('is a 401 INVALID_TOKEN after a restart with --no-seed and a reset', async () => {
    const db = path.join(dir, 'novavms.db');
    const first = await startTestServer({ db });
    const { accessToken } = await loginApi(first.client, DEMO.ownerEmail, DEMO.password);
    const me = await first.client.get('/api/v1/me', { headers: bearer(accessToken) });
    expect(me.status, me.text).toBe(200);
    await first.close();

    const second = await startTestServer({ db, seed: false });
    try {
      // Before the reset the data is still there: the token works across the restart.
      expect((await second.client.get('/api/v1/me', { headers: bearer(accessToken) })).status).toBe(200);
      const reset = await second.client.post('/__mock/reset', { body: {} });
      expect(reset.status, reset.text).toBe(200);
      const headers = bearer(accessToken);
      expectProblem(
        await second.client.post('/api/v1/service-accounts', {
          headers,
          body: { name: 'after the reset', role: 'viewer' },
        }),
        'INVALID_TOKEN',
        'createServiceAccount',
      );
      expectProblem(await second.client.get('/api/v1/me', { headers }), 'INVALID_TOKEN', 'getCurrentPrincipal');
      expectProblem(await second.client.get('/api/v1/cameras', { headers }), 'INVALID_TOKEN', 'listCameras');
      expectProblem(
        await second.client.get('/api/v1/service-accounts', { headers }),
        'INVALID_TOKEN',
        'listServiceAccounts',
      );
      expect(second.log()).not.toMatch(/FOREIGN KEY|error:/);
    } finally {
      await second.close();
    }
  });
});
