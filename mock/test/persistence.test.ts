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
import { expectProblem, expectSuccess } from '../../test/contract/support/expectations.js';
import { pathOf } from '../../test/contract/support/operation-path.js';
import {
  apiSession,
  login,
  logoutWithToken,
  refreshCookieOf,
  refreshWithToken,
} from '../../test/contract/support/sessions.js';
import { DEMO, DEMO_KEY_ALIAS, DEMO_LIVE_KEY, DEMO_PASSWORD, DEMO_TEST_KEY } from '../src/demo.js';
import { SCHEMA_SQL } from '../src/store/schema.js';
import { startTestServer } from './support/server.js';

const OWNER = { email: DEMO.ownerEmail, password: DEMO_PASSWORD };
const KEYS = pathOf('listServiceAccountKeys', { service_account_id: DEMO.serviceAccountId });
const ME = pathOf('getCurrentPrincipal');
const CAMERAS = pathOf('listCameras');
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
    const session = await apiSession(first.client, OWNER);
    const mint = (mode: string) =>
      first.client.send({ method: 'POST', path: KEYS, bearer: session.accessToken, json: { mode } });
    const minted = await mint('live');
    const toRevoke = await mint('test');
    expectSuccess(
      await first.client.send({
        method: 'DELETE',
        path: `${KEYS}/${toRevoke.json().key.id}`,
        bearer: session.accessToken,
      }),
    );
    const ended = await apiSession(first.client, OWNER);
    expectSuccess(await logoutWithToken(first.client, ended.refreshToken, { userAgent: ended.userAgent }));
    await first.close();

    const second = await startTestServer({ db });
    try {
      expectSuccess(await second.client.send({ path: ME, bearer: session.accessToken }));
      expectSuccess(await second.client.send({ path: ME, bearer: minted.json().secret }));
      expectProblem(await second.client.send({ path: ME, bearer: toRevoke.json().secret }), 'API_KEY_REVOKED');
      expectProblem(
        await refreshWithToken(second.client, ended.refreshToken, { userAgent: ended.userAgent }),
        'SESSION_REVOKED',
      );
      const refreshed = await refreshWithToken(second.client, session.refreshToken, { userAgent: session.userAgent });
      expect(refreshed.status).toBe(200);
      // Not seeded again: the demo keys are still there once, and the minted key is still listed.
      const keys = await second.client.send({ path: KEYS, bearer: refreshed.json().access_token });
      expect(keys.json().data).toHaveLength(4);
    } finally {
      await second.close();
    }
  });

  it('--no-seed on a fresh database has no demo data at all', async () => {
    const empty = await startTestServer({ db: path.join(dir, 'empty.db'), seed: false });
    try {
      expectProblem(await login(empty.client, OWNER), 'INVALID_CREDENTIALS');
      expectProblem(await empty.client.send({ path: CAMERAS, bearer: DEMO_KEY_ALIAS }), 'INVALID_TOKEN');
      expectProblem(await empty.client.send({ path: CAMERAS, bearer: DEMO_LIVE_KEY }), 'INVALID_TOKEN');
      expectSuccess(await empty.client.send({ path: pathOf('getJsonWebKeySet') }));
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
      const owner = (await apiSession(t.client, OWNER)).accessToken;
      const rotate = () =>
        t.client.send({
          method: 'POST',
          path: `${KEYS}/${DEMO.keyIds.live}/rotate`,
          bearer: owner,
          json: { overlap_seconds: 60 },
        });
      expect((await rotate()).status).toBe(201);
      expectProblem(await rotate(), 'NOT_FOUND');
    } finally {
      await t.close();
    }
  });
});

describe('secrets at rest and in logs', () => {
  it('no password, access token, refresh token or API key is in the database files or the log in plain text', async () => {
    const db = path.join(dir, 'secrets.db');
    const t = await startTestServer({ db });
    const secrets: string[] = [DEMO_PASSWORD, DEMO_LIVE_KEY, DEMO_TEST_KEY, DEMO_KEY_ALIAS];
    try {
      const api = await apiSession(t.client, OWNER);
      const rotated = await refreshWithToken(t.client, api.refreshToken, { userAgent: api.userAgent });
      const web = await login(t.client, { email: DEMO.adminEmail, password: DEMO_PASSWORD }, { clientType: 'web' });
      const minted = await t.client.send({
        method: 'POST',
        path: KEYS,
        bearer: api.accessToken,
        json: { mode: 'live' },
      });
      const rotatedKey = await t.client.send({
        method: 'POST',
        path: `${KEYS}/${minted.json().key.id}/rotate`,
        bearer: api.accessToken,
        json: { overlap_seconds: 60 },
      });
      await login(t.client, { email: DEMO.ownerEmail, password: 'a wrong Secret-Password 42' });
      await t.client.send({ path: CAMERAS, bearer: DEMO_KEY_ALIAS });
      await t.client.send({ path: CAMERAS, bearer: `${DEMO_LIVE_KEY.slice(0, -1)}X` });
      await t.client.send({ path: CAMERAS, bearer: DEMO_LIVE_KEY });
      secrets.push(
        api.accessToken,
        api.refreshToken,
        rotated.json().access_token,
        rotated.json().refresh_token,
        refreshCookieOf(web)!.value,
        minted.json().secret,
        rotatedKey.json().secret,
        'a wrong Secret-Password 42',
      );
      expect(t.log()).toContain('POST /api/auth/login 200');
      expect(t.log()).toContain('POST /api/auth/refresh 200');
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
