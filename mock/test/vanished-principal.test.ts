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
import { expectProblem } from '../../test/contract/support/expectations.js';
import { apiSession } from '../../test/contract/support/sessions.js';
import { DEMO } from '../src/demo.js';
import { startTestServer } from './support/server.js';

const dir = mkdtempSync(path.join(tmpdir(), 'novavms-vanished-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a token whose user or organisation no longer exists', () => {
  it('is a 401 INVALID_TOKEN after a restart with --no-seed and a reset', async () => {
    const db = path.join(dir, 'novavms.db');
    const first = await startTestServer({ db });
    const { accessToken } = await apiSession(first.client, { email: DEMO.ownerEmail, password: DEMO.password });
    const me = await first.client.send({ path: '/api/v1/me', bearer: accessToken });
    expect(me.status, me.text).toBe(200);
    await first.close();

    const second = await startTestServer({ db, seed: false });
    try {
      // Before the reset the data is still there: the token works across the restart.
      expect((await second.client.send({ path: '/api/v1/me', bearer: accessToken })).status).toBe(200);
      const reset = await second.client.send({ method: 'POST', path: '/__mock/reset', json: {} });
      expect(reset.status, reset.text).toBe(200);
      expectProblem(
        await second.client.send({
          method: 'POST',
          path: '/api/v1/service-accounts',
          bearer: accessToken,
          json: { name: 'after the reset', role: 'viewer' },
        }),
        'INVALID_TOKEN',
        'createServiceAccount',
      );
      expectProblem(
        await second.client.send({ path: '/api/v1/me', bearer: accessToken }),
        'INVALID_TOKEN',
        'getCurrentPrincipal',
      );
      expectProblem(
        await second.client.send({ path: '/api/v1/cameras', bearer: accessToken }),
        'INVALID_TOKEN',
        'listCameras',
      );
      expectProblem(
        await second.client.send({ path: '/api/v1/service-accounts', bearer: accessToken }),
        'INVALID_TOKEN',
        'listServiceAccounts',
      );
      expect(second.log()).not.toMatch(/FOREIGN KEY|error:/);
    } finally {
      await second.close();
    }
  });
});
