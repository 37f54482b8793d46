/**
 * Every sentence of the public page "Authenticate to the API", checked against the reference
 * server over HTTP. Each test name quotes the sentence it checks. The page's curl and fetch
 * examples are sent as written, with only the host swapped for the local server.
 */
import { describe, expect, it } from 'vitest';
import { binding, keyFormat, lifetimes, operations, roles } from '../../generated/contract.js';
import { DEMO } from '../src/demo.js';
import { expectProblem } from './support/expectations.js';
import { bearer, jwtPart, loginApi, refreshCookieOf, useTestServer } from './support/server.js';

const t = useTestServer({}, { resetBeforeEach: true });

describe('service-account keys', () => {
  it('"NovaVMS accepts two credential types on /api/v1/*: a service-account API key (for server-to-server integrations) and a user JWT access token (for customer-facing apps acting on behalf of a human)."', async () => {
    const { accessToken } = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    for (const token of [t.server.demo.liveKey, accessToken]) {
      const res = await t.client.get('/api/v1/cameras', { headers: bearer(token) });
      expect(res.status).toBe(200);
    }
    const asKey = await t.client.get('/api/v1/me', { headers: bearer(t.server.demo.liveKey) });
    const asUser = await t.client.get('/api/v1/me', { headers: bearer(accessToken) });
    expect(asKey.json.kind).toBe('service_account');
    expect(asUser.json.kind).toBe('user');
  });

  it('"Both travel in the Authorization: Bearer ... header."', async () => {
    const key = t.server.demo.liveKey;
    expect((await t.client.get('/api/v1/cameras', { headers: bearer(key) })).status).toBe(200);
    for (const headers of [
      { 'x-api-key': key },
      { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
      { authorization: `Token ${key}` },
    ]) {
      const res = await t.client.get('/api/v1/cameras', { headers });
      expectProblem(res, 'AUTHENTICATION_REQUIRED');
    }
    const inQuery = await t.client.get(`/api/v1/cameras?access_token=${key}`);
    expectProblem(inQuery, 'AUTHENTICATION_REQUIRED');
  });

  it('"Pick one per integration — do not mix."', async () => {
    const { accessToken } = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    // One request carries one credential: two in one header is a malformed header.
    const res = await t.client.get('/api/v1/cameras', {
      headers: { authorization: `Bearer ${t.server.demo.liveKey}, Bearer ${accessToken}` },
    });
    expectProblem(res, 'INVALID_REQUEST');
    expect(res.headers['www-authenticate']).toContain('error="invalid_request"');
  });

  it('"A service-account key represents a non-human caller with a fixed role and scope."', async () => {
    const me = await t.client.get('/api/v1/me', { headers: bearer(t.server.demo.liveKey) });
    expect(me.json).toMatchObject({
      kind: 'service_account',
      role: 'auditor',
      scopes: [...roles.ServiceAccountKey.auditor],
    });
    expect(me.json.email).toBeUndefined();
  });

  it('"It does not expire on a timer and it does not carry a session."', async () => {
    t.server.clock.advance(10 * 365 * 24 * 3600);
    const me = await t.client.get('/api/v1/me', { headers: bearer(t.server.demo.liveKey) });
    expect(me.status).toBe(200);
    expect(me.json.session_id).toBeUndefined();
    expect(me.cookies).toEqual([]);
    // No session: a key cannot be refreshed or logged out.
    const refresh = await t.client.post('/api/auth/refresh', { headers: bearer(t.server.demo.liveKey) });
    expectProblem(refresh, 'INVALID_TOKEN');
  });

  it('"Use this for ticketing bridges, SIEM collectors, backup exporters, and anything else where there is no logged-in user."', async () => {
    // The demo service account is a SIEM collector: it reads the audit trail with no user logged in.
    const events = await t.client.get('/api/v1/audit-events', { headers: bearer(t.server.demo.liveKey) });
    expect(events.status).toBe(200);
    expect(Array.isArray(events.json.data)).toBe(true);
  });

  it('"Get a key. An admin or owner mints the key from the admin UI at /admin/service-accounts."', async () => {
    for (const email of ['ops@example.com', 'admin@example.com']) {
      const { accessToken } = await loginApi(t.client, email, DEMO.password);
      const res = await t.client.post(`/api/v1/service-accounts/${t.server.demo.serviceAccountId}/keys`, {
        headers: bearer(accessToken),
        body: { mode: 'live', name: `minted by ${email}` },
      });
      expect(res.status).toBe(201);
    }
    const { accessToken } = await loginApi(t.client, 'viewer@example.com', DEMO.password);
    const denied = await t.client.post(`/api/v1/service-accounts/${t.server.demo.serviceAccountId}/keys`, {
      headers: bearer(accessToken),
      body: { mode: 'live' },
    });
    expectProblem(denied, 'INSUFFICIENT_SCOPE');
  });

  it('"See Rotate an API key for the exact UI flow."', async () => {
    const { accessToken } = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    const res = await t.client.post(
      `/api/v1/service-accounts/${t.server.demo.serviceAccountId}/keys/${t.server.demo.keyIds.test}/rotate`,
      {
        headers: bearer(accessToken),
        body: { overlap_seconds: 60 },
      },
    );
    expect(res.status).toBe(201);
    expect(res.json.previous_key.id).toBe(t.server.demo.keyIds.test);
    expect((await t.client.get('/api/v1/me', { headers: bearer(res.json.secret) })).status).toBe(200);
  });

  it('"The key is shown once; copy it straight into your secret store."', async () => {
    const { accessToken } = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    const path = `/api/v1/service-accounts/${t.server.demo.serviceAccountId}/keys`;
    const created = await t.client.post(path, { headers: bearer(accessToken), body: { mode: 'test' } });
    expect(created.status).toBe(201);
    const secret: string = created.json.secret;
    expect(created.headers['cache-control']).toBe('no-store');
    const list = await t.client.get(path, { headers: bearer(accessToken) });
    expect(list.text).not.toContain(secret);
    expect(list.json.data.find((k: { id: string }) => k.id === created.json.key.id).masked).toBe(
      `sk_test_…${secret.slice(-4)}`,
    );
  });

  it('"Send the key. Put it in the Authorization header on every request (since v1.0):"', async () => {
    expect(operations.listCameras.since).toBe('1.0');
    expect((await t.client.get('/api/v1/cameras', { headers: bearer(t.server.demo.liveKey) })).status).toBe(200);
    // Nothing is remembered between requests: the next one without the header is refused.
    const next = await t.client.get('/api/v1/cameras');
    expectProblem(next, 'AUTHENTICATION_REQUIRED');
    expect(next.headers['www-authenticate']).toBe('Bearer realm="novavms"');
  });

  it('curl -H "Authorization: Bearer sk_live_abc123" https://novavms.novalien.com/api/v1/cameras (verbatim against the local server)', async () => {
    const res = await t.client.get('/api/v1/cameras', {
      headers: { authorization: 'Bearer sk_live_abc123', 'user-agent': 'curl/8.5.0', accept: '*/*' },
    });
    expect(res.status).toBe(200);
    expect(res.json.data.map((c: { id: string }) => c.id)).toContain('cam_lobby01');
  });

  it('"Key prefixes. sk_live_ is a production key."', async () => {
    expect(t.server.demo.liveKey.startsWith(keyFormat.prefixes.live)).toBe(true);
    const me = await t.client.get('/api/v1/me', { headers: bearer(t.server.demo.liveKey) });
    expect(me.json.environment).toBe('live');
    const cameras = await t.client.get('/api/v1/cameras', { headers: bearer(t.server.demo.liveKey) });
    expect(cameras.json.data.every((c: { environment: string }) => c.environment === 'live')).toBe(true);
  });

  it('"sk_test_ is a sandbox-org key and will return 404 on production-only resources."', async () => {
    const key = t.server.demo.testKey;
    const me = await t.client.get('/api/v1/me', { headers: bearer(key) });
    expect(me.json.environment).toBe('test');
    const cameras = await t.client.get('/api/v1/cameras', { headers: bearer(key) });
    expect(cameras.json.data.length).toBeGreaterThan(0);
    expect(cameras.json.data.every((c: { environment: string }) => c.environment === 'test')).toBe(true);
    const audit = await t.client.get('/api/v1/audit-events', { headers: bearer(key) });
    expectProblem(audit, 'NOT_FOUND');
    // The same service account's live key reads it.
    expect((await t.client.get('/api/v1/audit-events', { headers: bearer(t.server.demo.liveKey) })).status).toBe(200);
  });

  it('"See API keys for the full prefix and quota rules."', async () => {
    // The prefix rules are machine-readable in the contract, and every key the server mints follows them.
    const { accessToken } = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    for (const mode of ['live', 'test'] as const) {
      const res = await t.client.post(`/api/v1/service-accounts/${t.server.demo.serviceAccountId}/keys`, {
        headers: bearer(accessToken),
        body: { mode },
      });
      expect(res.json.secret).toMatch(new RegExp(keyFormat.pattern));
      expect(res.json.secret.startsWith(keyFormat.prefixes[mode])).toBe(true);
    }
  });
});

describe('user JWT', () => {
  it('"Use this when a human signs in through your product and you call NovaVMS with their identity."', async () => {
    const { accessToken } = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    const me = await t.client.get('/api/v1/me', { headers: bearer(accessToken) });
    expect(me.json).toMatchObject({ kind: 'user', email: DEMO.ownerEmail, role: 'owner' });
  });

  it('"The flow is email + password exchanged for a short-lived access token plus a longer-lived refresh token."', async () => {
    const { response } = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    expect(response.json.expires_in).toBe(lifetimes.UserAccessToken.defaultSeconds);
    expect(response.json.refresh_token_expires_in).toBeGreaterThan(response.json.expires_in);
  });

  it('"1. Login (POST /api/auth/login) — available since v1.0:" and its curl example, verbatim', async () => {
    expect(operations.loginWithPassword.since).toBe('1.0');
    const body = `{
"email": "ops@example.com",
"password": "CorrectHorseBattery!",
"client_type": "api",
"remember_me": false
}`;
    const res = await t.client.post('/api/auth/login', {
      headers: { 'content-type': 'application/json', 'user-agent': 'curl/8.5.0' },
      body,
    });
    expect(res.status).toBe(200);
    expect(res.json.access_token).toBeTypeOf('string');
    expect(res.json.refresh_token).toBeTypeOf('string');
  });

  it('the fetch example: "const { access_token, refresh_token } = await res.json();"', async () => {
    const res = await fetch(`${t.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'ops@example.com', password: 'CorrectHorseBattery!', client_type: 'api' }),
    });
    expect(res.status).toBe(200);
    const { access_token, refresh_token } = (await res.json()) as { access_token?: string; refresh_token?: string };
    expect(access_token).toBeTypeOf('string');
    expect(refresh_token).toBeTypeOf('string');
  });

  it('the Python example: "tokens = r.json() # {"access_token": "...", "refresh_token": "..."}"', async () => {
    // httpx sends the JSON body with its own User-Agent; the answer carries both tokens.
    const res = await t.client.post('/api/auth/login', {
      headers: { 'user-agent': 'python-httpx/0.28.1' },
      body: { email: 'ops@example.com', password: 'CorrectHorseBattery!', client_type: 'api' },
    });
    expect(Object.keys(res.json)).toEqual(expect.arrayContaining(['access_token', 'refresh_token']));
  });

  it('"Set client_type: "api" so NovaVMS returns the refresh token in the response body instead of as an HttpOnly cookie (cookies are only useful for browser clients)."', async () => {
    const api = await t.client.post('/api/auth/login', {
      body: { email: DEMO.ownerEmail, password: DEMO.password, client_type: 'api' },
    });
    expect(api.json.refresh_token).toMatch(/^rt_/);
    expect(api.cookies).toEqual([]);
    const web = await t.client.post('/api/auth/login', {
      body: { email: DEMO.ownerEmail, password: DEMO.password, client_type: 'web' },
    });
    expect(web.json.refresh_token).toBeUndefined();
    expect(refreshCookieOf(web.cookies)).toMatch(/^rt_/);
    expect(web.cookies[0]).toContain('HttpOnly');
    // web is the default.
    const byDefault = await t.client.post('/api/auth/login', {
      body: { email: DEMO.ownerEmail, password: DEMO.password },
    });
    expect(byDefault.json.refresh_token).toBeUndefined();
    expect(refreshCookieOf(byDefault.cookies)).toMatch(/^rt_/);
  });

  it('"2. Call the API with the access token:" curl -H "Authorization: Bearer $ACCESS_TOKEN" …/api/v1/cameras', async () => {
    const { accessToken } = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    const res = await t.client.get('/api/v1/cameras', { headers: bearer(accessToken) });
    expect(res.status).toBe(200);
    expect(res.json.data.length).toBeGreaterThan(0);
  });

  it('"3. Refresh before the access token expires (POST /api/auth/refresh):" curl -X POST … -H "Authorization: Bearer $REFRESH_TOKEN"', async () => {
    const ua = 'curl/8.5.0';
    const { refreshToken } = await loginApi(t.client, DEMO.ownerEmail, DEMO.password, { userAgent: ua });
    t.server.clock.advance(lifetimes.UserAccessToken.defaultSeconds - 60);
    const res = await t.client.post('/api/auth/refresh', { headers: { ...bearer(refreshToken), 'user-agent': ua } });
    expect(res.status).toBe(200);
    expect((await t.client.get('/api/v1/cameras', { headers: bearer(res.json.access_token) })).status).toBe(200);
  });

  it('"The server rotates the refresh token on every refresh — store the new one and discard the old."', async () => {
    const { refreshToken } = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    const first = await t.client.post('/api/auth/refresh', { headers: bearer(refreshToken) });
    const second = await t.client.post('/api/auth/refresh', { headers: bearer(first.json.refresh_token) });
    expect(second.status).toBe(200);
    expect(new Set([refreshToken, first.json.refresh_token, second.json.refresh_token]).size).toBe(3);
    const old = await t.client.post('/api/auth/refresh', { headers: bearer(refreshToken) });
    expectProblem(old, 'REFRESH_TOKEN_REUSED');
  });
});

describe('token lifetimes', () => {
  it('"Access token (JWT) | 1 hour | 1 hour | Stateless; cannot be revoked mid-lifetime"', async () => {
    for (const rememberMe of [false, true]) {
      const login = await loginApi(t.client, DEMO.ownerEmail, DEMO.password, { rememberMe });
      const claims = jwtPart(login.accessToken, 1);
      expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
      expect(login.response.json.expires_in).toBe(3600);
    }
    const { accessToken, refreshToken } = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    expect((await t.client.post('/api/auth/logout', { headers: bearer(refreshToken) })).status).toBe(204);
    t.server.clock.advance(3599);
    expect((await t.client.get('/api/v1/cameras', { headers: bearer(accessToken) })).status).toBe(200);
    t.server.clock.advance(1);
    const expired = await t.client.get('/api/v1/cameras', { headers: bearer(accessToken) });
    expectProblem(expired, 'TOKEN_EXPIRED');
  });

  it('"Refresh token | 7 days | 30 days | Opaque; stored hashed server-side; rotated each refresh"', async () => {
    const week = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    const month = await loginApi(t.client, DEMO.ownerEmail, DEMO.password, { rememberMe: true });
    expect(week.response.json.refresh_token_expires_in).toBe(7 * 24 * 3600);
    expect(month.response.json.refresh_token_expires_in).toBe(30 * 24 * 3600);
    expect(week.refreshToken.split('.')).toHaveLength(1); // opaque, not a JWT
    t.server.clock.advance(7 * 24 * 3600 - 1);
    const stillOk = await t.client.post('/api/auth/refresh', { headers: bearer(week.refreshToken) });
    expect(stillOk.status).toBe(200);
    t.server.clock.advance(7 * 24 * 3600);
    const expired = await t.client.post('/api/auth/refresh', { headers: bearer(stillOk.json.refresh_token) });
    expectProblem(expired, 'SESSION_EXPIRED');
    const monthLater = await t.client.post('/api/auth/refresh', { headers: bearer(month.refreshToken) });
    expect(monthLater.status).toBe(200);
  });

  it('"Service-account API key | No expiry | — | Revoke via admin UI or set expires_at explicitly"', async () => {
    const { accessToken } = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    const base = `/api/v1/service-accounts/${t.server.demo.serviceAccountId}/keys`;
    const expiresAt = new Date(t.server.clock.now().getTime() + 3600_000).toISOString();
    const timed = await t.client.post(base, {
      headers: bearer(accessToken),
      body: { mode: 'live', expires_at: expiresAt },
    });
    const forever = await t.client.post(base, { headers: bearer(accessToken), body: { mode: 'live' } });
    expect(forever.json.key.expires_at).toBeNull();
    t.server.clock.advance(3600);
    expectProblem(await t.client.get('/api/v1/me', { headers: bearer(timed.json.secret) }), 'API_KEY_EXPIRED');
    expect((await t.client.get('/api/v1/me', { headers: bearer(forever.json.secret) })).status).toBe(200);
    expect(
      (
        await t.client.delete(`${base}/${forever.json.key.id}`, {
          headers: bearer((await loginApi(t.client, DEMO.ownerEmail, DEMO.password)).accessToken),
        })
      ).status,
    ).toBe(204);
    expectProblem(await t.client.get('/api/v1/me', { headers: bearer(forever.json.secret) }), 'API_KEY_REVOKED');
  });
});

describe('User-Agent binding', () => {
  it('"User-Agent binding. Refresh tokens are bound to the User-Agent string captured at login."', async () => {
    const { refreshToken } = await loginApi(t.client, DEMO.ownerEmail, DEMO.password, {
      userAgent: 'MyApp/2.1 (iPhone)',
    });
    const same = await t.client.post('/api/auth/refresh', {
      headers: { ...bearer(refreshToken), 'user-agent': 'MyApp/2.1 (iPhone)' },
    });
    expect(same.status).toBe(200);
    // The rotated token is bound to the same User-Agent.
    const other = await t.client.post('/api/auth/refresh', {
      headers: { ...bearer(same.json.refresh_token), 'user-agent': 'MyApp/2.2 (iPhone)' },
    });
    expectProblem(other, 'SESSION_MISMATCH');
  });

  it('"A refresh attempt with a different User-Agent returns 401 SESSION_MISMATCH and the user must re-login."', async () => {
    const { refreshToken } = await loginApi(t.client, DEMO.ownerEmail, DEMO.password, { userAgent: 'Browser A' });
    const mismatch = await t.client.post('/api/auth/refresh', {
      headers: { ...bearer(refreshToken), 'user-agent': 'Browser B' },
    });
    expectProblem(mismatch, 'SESSION_MISMATCH');
    // The session is over, even with the right User-Agent: only a new login helps.
    const retry = await t.client.post('/api/auth/refresh', {
      headers: { ...bearer(refreshToken), 'user-agent': 'Browser A' },
    });
    expectProblem(retry, 'SESSION_REVOKED');
    const relogin = await loginApi(t.client, DEMO.ownerEmail, DEMO.password, { userAgent: 'Browser A' });
    expect(
      (
        await t.client.post('/api/auth/refresh', {
          headers: { ...bearer(relogin.refreshToken), 'user-agent': 'Browser A' },
        })
      ).status,
    ).toBe(200);
  });

  it('"No IP binding — that would break mobile clients, VPN users, and anyone behind a CGNAT."', async () => {
    const { refreshToken } = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    // The next refresh comes from another source address (127.0.0.2) and claims yet another one.
    const moved = await t.client.post('/api/auth/refresh', {
      headers: { ...bearer(refreshToken), 'x-forwarded-for': '203.0.113.7', forwarded: 'for=198.51.100.9' },
      localAddress: '127.0.0.2',
    });
    expect(moved.status).toBe(200);
    const back = await t.client.post('/api/auth/refresh', { headers: bearer(moved.json.refresh_token) });
    expect(back.status).toBe(200);
  });

  it('"This is decision D-R2."', () => {
    expect(binding).toEqual({ userAgent: true, ipAddress: false, decision: 'D-R2' });
  });
});
