/**
 * The source page's own examples, sent as written with only the host swapped: its curl,
 * fetch and Python calls with its user and its placeholder key. They hold against a server
 * that has the reference server's demo data (the page's user, an admin, a disabled account,
 * `sk_live_abc123`), and are listed as not applicable elsewhere.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { operations } from '../../generated/contract.js';
import { DEMO_DATA } from '../../tools/target-settings.js';
import { contractFile } from './support/contract-file.js';
import { cite, contractTest, type Need } from './support/contract-test.js';
import { expectProblem, expectSuccess } from './support/expectations.js';
import { resetIfPossible } from './support/mock-control.js';
import { pathOf } from './support/operation-path.js';
import { apiSession, login, type TokenResponse } from './support/sessions.js';

const { target, client } = await contractFile();
const DEMO: readonly Need[] = ['stateful', 'demoData'];
const CAMERAS = pathOf('listCameras');
const LOGIN = pathOf('loginWithPassword');

beforeAll(() => resetIfPossible(target));
afterAll(() => resetIfPossible(target));

describe('service-account key examples', () => {
  contractTest(
    target,
    'curl -H "Authorization: Bearer sk_live_abc123" …/api/v1/cameras answers the production cameras',
    cite.page('curl -H "Authorization: Bearer sk_live_abc123" https://novavms.novalien.com/api/v1/cameras'),
    DEMO,
    async () => {
      const res = await client.send({
        path: CAMERAS,
        authorization: 'Bearer sk_live_abc123',
        userAgent: 'curl/8.5.0',
        headers: { accept: '*/*' },
      });
      expectSuccess(res);
      const cameras = res.json<{ data: { id: string; environment: string }[] }>().data;
      expect(cameras.length).toBeGreaterThan(0);
      for (const camera of cameras) expect(camera.environment).toBe('live');
    },
  );

  contractTest(
    target,
    'both an owner and an admin mint a key',
    cite.page('Get a key. An admin or owner mints the key from the admin UI at /admin/service-accounts.'),
    DEMO,
    async () => {
      for (const who of [DEMO_DATA.owner, DEMO_DATA.admin]) {
        const session = await apiSession(client, who);
        const me = (await client.send({ path: pathOf('getCurrentPrincipal'), bearer: session.accessToken })).json();
        expect(me.role, who.email).toBe(who === DEMO_DATA.owner ? 'owner' : 'admin');
        const account = await client.send({
          method: 'POST',
          path: pathOf('createServiceAccount'),
          bearer: session.accessToken,
          json: { name: `contract suite, minted by ${me.role}`, role: 'viewer' },
        });
        expectSuccess(account, `createServiceAccount as ${me.role}`);
        const minted = await client.send({
          method: 'POST',
          path: pathOf('createServiceAccountKey', { service_account_id: account.json().id }),
          bearer: session.accessToken,
          json: { mode: 'live', name: `minted by ${me.role}` },
        });
        expectSuccess(minted, `createServiceAccountKey as ${me.role}`);
        const revoked = await client.send({
          method: 'DELETE',
          path: pathOf('revokeServiceAccountKey', {
            service_account_id: account.json().id,
            key_id: minted.json().key.id,
          }),
          bearer: session.accessToken,
        });
        expectSuccess(revoked);
      }
    },
  );

  contractTest(
    target,
    'the placeholder key is the live demo key under another name: the same principal, and revoking that key refuses both',
    cite.page('Send the key. Put it in the Authorization header on every request (since v1.0)'),
    [...DEMO, 'mockControl'],
    async () => {
      const alias = await client.send({ path: pathOf('getCurrentPrincipal'), bearer: DEMO_DATA.placeholderKey });
      expectSuccess(alias);
      const principal = alias.json();
      expect(principal).toMatchObject({ kind: 'service_account', environment: 'live' });
      const owner = await apiSession(client, DEMO_DATA.owner);
      const keys = await client.send({
        path: pathOf('listServiceAccountKeys', { service_account_id: principal.id }, { limit: 100 }),
        bearer: owner.accessToken,
      });
      expectSuccess(keys);
      expect(keys.json().data.map((k: { id: string }) => k.id)).toContain(principal.key_id);
      const revoke = await client.send({
        method: 'DELETE',
        path: pathOf('revokeServiceAccountKey', { service_account_id: principal.id, key_id: principal.key_id }),
        bearer: owner.accessToken,
      });
      expectSuccess(revoke);
      expectProblem(
        await client.send({ path: pathOf('getCurrentPrincipal'), bearer: DEMO_DATA.placeholderKey }),
        'API_KEY_REVOKED',
      );
      // Any other short key is simply unknown.
      expectProblem(
        await client.send({ path: pathOf('getCurrentPrincipal'), bearer: 'sk_live_abc124' }),
        'INVALID_TOKEN',
      );
      await resetIfPossible(target);
    },
  );
});

describe('user login examples', () => {
  contractTest(
    target,
    'the curl login, its body as the page writes it, returns an access token and a refresh token',
    cite.page('1. Login (POST /api/auth/login) — available since v1.0'),
    DEMO,
    async () => {
      expect(operations.loginWithPassword.since).toBe('1.0');
      const res = await client.send({
        method: 'POST',
        path: LOGIN,
        userAgent: 'curl/8.5.0',
        contentType: 'application/json',
        body: `{
"email": "ops@example.com",
"password": "CorrectHorseBattery!",
"client_type": "api",
"remember_me": false
}`,
      });
      expectSuccess(res);
      const body = res.json<TokenResponse>();
      expect(body.access_token).toBeTypeOf('string');
      expect(body.refresh_token).toBeTypeOf('string');
    },
  );

  contractTest(
    target,
    'the fetch example, sent with fetch itself: const { access_token, refresh_token } = await res.json()',
    cite.page('const { access_token, refresh_token } = await res.json();'),
    DEMO,
    async () => {
      const res = await fetch(`${target.baseUrl}${LOGIN}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'ops@example.com', password: 'CorrectHorseBattery!', client_type: 'api' }),
      });
      expect(res.status).toBe(200);
      const { access_token, refresh_token } = (await res.json()) as { access_token?: string; refresh_token?: string };
      expect(access_token).toBeTypeOf('string');
      expect(refresh_token).toBeTypeOf('string');
    },
  );

  contractTest(
    target,
    "the Python example's request (httpx's User-Agent, the JSON body) answers both tokens",
    cite.page('tokens = r.json() # {"access_token": "...", "refresh_token": "..."}'),
    DEMO,
    async () => {
      const res = await client.send({
        method: 'POST',
        path: LOGIN,
        userAgent: 'python-httpx/0.28.1',
        json: { email: 'ops@example.com', password: 'CorrectHorseBattery!', client_type: 'api' },
      });
      expectSuccess(res);
      expect(Object.keys(res.json())).toEqual(expect.arrayContaining(['access_token', 'refresh_token']));
    },
  );

  contractTest(
    target,
    'a disabled account with its right password gets exactly the answer of a wrong password and of an unknown email',
    cite.design('Wrong email, wrong password and disabled user: one identical 401 INVALID_CREDENTIALS'),
    DEMO,
    async () => {
      const disabled = await login(client, DEMO_DATA.disabled, { clientType: 'api' });
      // The demo admin takes the wrong password, so that no account of the suite's settings counts a failure.
      const wrong = await login(client, { ...DEMO_DATA.admin, password: 'not-the-password-0' }, { clientType: 'api' });
      const unknown = await login(
        client,
        { ...DEMO_DATA.disabled, email: `nobody-${Date.now()}@example.invalid` },
        {
          clientType: 'api',
        },
      );
      const shape = (res: typeof wrong) => {
        const { request_id: _id, ...problem } = res.json<Record<string, unknown>>();
        return {
          status: res.status,
          headers: Object.keys(res.raw.headers)
            .filter((h) => h !== 'date')
            .sort(),
          challenge: res.header('www-authenticate'),
          cookies: res.setCookies,
          problem,
        };
      };
      expectProblem(disabled, 'INVALID_CREDENTIALS');
      expect(shape(disabled)).toEqual(shape(wrong));
      expect(shape(disabled)).toEqual(shape(unknown));
    },
  );
});
