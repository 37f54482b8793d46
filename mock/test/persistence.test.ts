/**
 * Durability and secrecy of the stored data: a restart on the same database file keeps
 * sessions, keys, revocations and the signing key; seeding happens only into an empty
 * database; and no password, refresh token or API key appears in plain text in the database
 * files or in the server's log.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, DEMO_KEY_ALIAS, DEMO_LIVE_KEY, DEMO_PASSWORD, DEMO_TEST_KEY } from '../src/demo.js';
import { SCHEMA_SQL } from '../src/store/schema.js';
import { expectProblem } from './support/expectations.js';
import { bearer, loginApi, refreshCookieOf, startTestServer } from './support/server.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'novavms-persist-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Every byte of the database and its WAL, as latin1 text, to search for secrets. */
function databaseBytes(file: string): string {
  const base = path.basename(file);
  return readdirSync(path.dirname(file))
    .filter((name) => name.startsWith(base))
    .map((name) => readFileSync(path.join(path.dirname(file), name)).toString('latin1'))
    .join('\n');
}

describe('restart', () => {
  it('keeps sessions, keys, revocations and access-token validity across a restart', async () => {
    const db = path.join(dir, 'restart.db');
    const first = await startTestServer({ db });
    const login = await loginApi(first.client, DEMO.ownerEmail, DEMO_PASSWORD);
    const minted = await first.client.post(`/api/v1/service-accounts/${DEMO.serviceAccountId}/keys`, {
      headers: bearer(login.accessToken),
      body: { mode: 'live' },
    });
    const toRevoke = await first.client.post(`/api/v1/service-accounts/${DEMO.serviceAccountId}/keys`, {
      headers: bearer(login.accessToken),
      body: { mode: 'test' },
    });
    expect(
      (
        await first.client.delete(`/api/v1/service-accounts/${DEMO.serviceAccountId}/keys/${toRevoke.json.key.id}`, {
          headers: bearer(login.accessToken),
        })
      ).status,
    ).toBe(204);
    const ended = await loginApi(first.client, DEMO.ownerEmail, DEMO_PASSWORD);
    expect((await first.client.post('/api/auth/logout', { headers: bearer(ended.refreshToken) })).status).toBe(204);
    await first.close();

    const second = await startTestServer({ db });
    try {
      expect((await second.client.get('/api/v1/me', { headers: bearer(login.accessToken) })).status).toBe(200);
      expect((await second.client.get('/api/v1/me', { headers: bearer(minted.json.secret) })).status).toBe(200);
      expectProblem(
        await second.client.get('/api/v1/me', { headers: bearer(toRevoke.json.secret) }),
        'API_KEY_REVOKED',
      );
      expectProblem(
        await second.client.post('/api/auth/refresh', { headers: bearer(ended.refreshToken) }),
        'SESSION_REVOKED',
      );
      const refreshed = await second.client.post('/api/auth/refresh', { headers: bearer(login.refreshToken) });
      expect(refreshed.status).toBe(200);
      // Not seeded again: the demo keys are still there once, and the minted key is still listed.
      const keys = await second.client.get(`/api/v1/service-accounts/${DEMO.serviceAccountId}/keys`, {
        headers: bearer(refreshed.json.access_token),
      });
      expect(keys.json.data).toHaveLength(4);
    } finally {
      await second.close();
    }
  });

  it('--no-seed on a fresh database has no demo data at all', async () => {
    const empty = await startTestServer({ db: path.join(dir, 'empty.db'), seed: false });
    try {
      const res = await empty.client.post('/api/auth/login', {
        body: { email: DEMO.ownerEmail, password: DEMO_PASSWORD },
      });
      expectProblem(res, 'INVALID_CREDENTIALS');
      expectProblem(await empty.client.get('/api/v1/cameras', { headers: bearer(DEMO_KEY_ALIAS) }), 'INVALID_TOKEN');
      expectProblem(await empty.client.get('/api/v1/cameras', { headers: bearer(DEMO_LIVE_KEY) }), 'INVALID_TOKEN');
      expect((await empty.client.get('/.well-known/jwks.json')).status).toBe(200);
    } finally {
      await empty.close();
    }
  });

  it('opens a database file made before api_keys.replaced_by existed, adding the column, and rotates its keys once', async () => {
    const db = path.join(dir, 'before-replaced-by.db');
    const older = SCHEMA_SQL.replace(',\n  replaced_by TEXT REFERENCES api_keys(id)', '');
    expect(older).not.toBe(SCHEMA_SQL);
    const file = new Database(db);
    file.exec(older);
    file.close();
    const t = await startTestServer({ db });
    try {
      const owner = (await loginApi(t.client, DEMO.ownerEmail, DEMO_PASSWORD)).accessToken;
      const rotate = () =>
        t.client.post(`/api/v1/service-accounts/${DEMO.serviceAccountId}/keys/${DEMO.keyIds.live}/rotate`, {
          headers: bearer(owner),
          body: { overlap_seconds: 60 },
        });
      expect((await rotate()).status).toBe(201);
      expectProblem(await rotate(), 'NOT_FOUND');
    } finally {
      await t.close();
    }
  });
});

describe('secrets at rest and in logs', () => {
  it('no password, refresh token or API key is in the database files or the log in plain text', async () => {
    const db = path.join(dir, 'secrets.db');
    const t = await startTestServer({ db });
    const secrets: string[] = [DEMO_PASSWORD, DEMO_LIVE_KEY, DEMO_TEST_KEY, DEMO_KEY_ALIAS];
    try {
      const api = await loginApi(t.client, DEMO.ownerEmail, DEMO_PASSWORD);
      const rotated = await t.client.post('/api/auth/refresh', { headers: bearer(api.refreshToken) });
      const web = await t.client.post('/api/auth/login', {
        body: { email: DEMO.adminEmail, password: DEMO_PASSWORD, client_type: 'web' },
      });
      const minted = await t.client.post(`/api/v1/service-accounts/${DEMO.serviceAccountId}/keys`, {
        headers: bearer(api.accessToken),
        body: { mode: 'live' },
      });
      const rotatedKey = await t.client.post(
        `/api/v1/service-accounts/${DEMO.serviceAccountId}/keys/${minted.json.key.id}/rotate`,
        { headers: bearer(api.accessToken), body: { overlap_seconds: 60 } },
      );
      await t.client.post('/api/auth/login', {
        body: { email: DEMO.ownerEmail, password: 'a wrong Secret-Password 42' },
      });
      await t.client.get('/api/v1/cameras', { headers: bearer(DEMO_KEY_ALIAS) });
      await t.client.get('/api/v1/cameras', { headers: bearer(`${DEMO_LIVE_KEY.slice(0, -1)}X`) });
      secrets.push(
        api.refreshToken,
        rotated.json.refresh_token,
        refreshCookieOf(web.cookies)!,
        minted.json.secret,
        rotatedKey.json.secret,
        'a wrong Secret-Password 42',
      );
      expect(t.log()).toContain('POST /api/auth/login 200');
    } finally {
      await t.close();
    }
    const stored = databaseBytes(db);
    const logged = t.log();
    expect(stored.length).toBeGreaterThan(10_000);
    for (const secret of secrets) {
      expect(stored.includes(secret), `database holds ${secret.slice(0, 10)}…`).toBe(false);
      expect(logged.includes(secret), `log holds ${secret.slice(0, 10)}…`).toBe(false);
      // Nor the random part of a key without its prefix.
      if (secret.startsWith('sk_') && secret.length > 20) expect(stored.includes(secret.slice(8, 30))).toBe(false);
    }
    expect(stored).toContain('$argon2id$v=19$m=19456,t=2,p=1$');
  });
});
