/**
 * One test per decision of DESIGN.md ("Decisions the contract states" and "Reference server"),
 * each quoting the decision. The detailed cases live in the topic files (login, refresh,
 * access-tokens, api-keys, scopes, errors, persistence, cli); these check each decision end
 * to end in one place.
 */
import { describe, expect, it } from 'vitest';
import {
  jwt,
  lifetimes,
  operations,
  productionOnlyOperations,
  refreshCookie,
  roles,
} from '../../generated/contract.js';
import { DEMO } from '../src/demo.js';
import { expectProblem } from './support/expectations.js';
import { spec } from './support/http.js';
import { bearer, CSRF, jwtPart, loginApi, refreshCookieOf, useTestServer } from './support/server.js';

const t = useTestServer({}, { resetBeforeEach: true });

describe('Credentials and schemes', () => {
  it('"Four security schemes: ServiceAccountKey, UserAccessToken, RefreshToken (only on /api/auth/refresh), RefreshCookie (browser clients)."', async () => {
    expect(Object.keys(spec.components.securitySchemes).sort()).toEqual([
      'RefreshCookie',
      'RefreshToken',
      'ServiceAccountKey',
      'UserAccessToken',
    ]);
    const api = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    expect((await t.client.get('/api/v1/me', { headers: bearer(t.server.demo.liveKey) })).status).toBe(200);
    expect((await t.client.get('/api/v1/me', { headers: bearer(api.accessToken) })).status).toBe(200);
    expectProblem(await t.client.get('/api/v1/me', { headers: bearer(api.refreshToken) }), 'INVALID_TOKEN');
    expect((await t.client.post('/api/auth/refresh', { headers: bearer(api.refreshToken) })).status).toBe(200);
    const web = await t.client.post('/api/auth/login', {
      body: { email: DEMO.ownerEmail, password: DEMO.password, client_type: 'web' },
    });
    const cookie = { cookie: `${refreshCookie.name}=${refreshCookieOf(web.cookies)}` };
    expect((await t.client.post('/api/auth/refresh', { headers: { ...cookie, ...CSRF } })).status).toBe(200);
    expectProblem(await t.client.get('/api/v1/me', { headers: cookie }), 'AUTHENTICATION_REQUIRED');
  });

  it('"Required roles/scopes go in the security requirement arrays … The reference server enforces exactly what the spec lists."', async () => {
    const viewer = (await loginApi(t.client, DEMO.viewerEmail, DEMO.password)).accessToken;
    expect(operations.listCameras.security).toContainEqual({ UserAccessToken: ['cameras:read'] });
    expect(roles.UserAccessToken.viewer).toContain('cameras:read');
    expect((await t.client.get('/api/v1/cameras', { headers: bearer(viewer) })).status).toBe(200);
    expect(roles.UserAccessToken.viewer).not.toContain('audit:read');
    const audit = await t.client.get('/api/v1/audit-events', { headers: bearer(viewer) });
    expectProblem(audit, 'INSUFFICIENT_SCOPE');
    expect(audit.headers['www-authenticate']).toContain('scope="audit:read"');
  });

  it('"Token lifetimes are machine-readable on each scheme … generated/contract.ts exports them; the client, the server, the tests and the docs all read them from there."', async () => {
    const short = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    const long = await loginApi(t.client, DEMO.ownerEmail, DEMO.password, { rememberMe: true });
    expect(short.response.json.expires_in).toBe(lifetimes.UserAccessToken.defaultSeconds);
    expect(long.response.json.expires_in).toBe(lifetimes.UserAccessToken.rememberMeSeconds);
    expect(short.response.json.refresh_token_expires_in).toBe(lifetimes.RefreshToken.defaultSeconds);
    expect(long.response.json.refresh_token_expires_in).toBe(lifetimes.RefreshToken.rememberMeSeconds);
    expect(lifetimes.ServiceAccountKey.defaultSeconds).toBeNull();
  });
});

describe('Login', () => {
  it('"Body: email, password, client_type (api | web, default web), remember_me (default false). Unknown fields are rejected (400)."', async () => {
    const byDefault = await t.client.post('/api/auth/login', {
      body: { email: DEMO.ownerEmail, password: DEMO.password },
    });
    expect(byDefault.status).toBe(200);
    expect(byDefault.json.refresh_token).toBeUndefined(); // web
    expect(byDefault.cookies[0]).not.toContain('Max-Age'); // remember_me false
    const unknown = await t.client.post('/api/auth/login', {
      body: { email: DEMO.ownerEmail, password: DEMO.password, mfa: '123456' },
    });
    expectProblem(unknown, 'INVALID_REQUEST');
  });

  it('"api: 200 with access_token, token_type: "Bearer", expires_in: 3600, refresh_token, refresh_token_expires_in. web: the same without refresh_token in the body; the refresh token comes as a cookie __Host-novavms_refresh (Secure; HttpOnly; SameSite=Strict; Path=/; Max-Age only when remember_me, else a session cookie)."', async () => {
    const api = await t.client.post('/api/auth/login', {
      body: { email: DEMO.ownerEmail, password: DEMO.password, client_type: 'api' },
    });
    expect(Object.keys(api.json).sort()).toEqual([
      'access_token',
      'expires_in',
      'refresh_token',
      'refresh_token_expires_in',
      'token_type',
    ]);
    expect(api.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const web = await t.client.post('/api/auth/login', {
      body: { email: DEMO.ownerEmail, password: DEMO.password, client_type: 'web', remember_me: true },
    });
    expect(Object.keys(web.json).sort()).toEqual([
      'access_token',
      'expires_in',
      'refresh_token_expires_in',
      'token_type',
    ]);
    expect(web.cookies[0]).toMatch(
      /^__Host-novavms_refresh=rt_[\w-]{43}; Max-Age=2592000; Path=\/; Secure; HttpOnly; SameSite=Strict$/,
    );
  });

  it('"Wrong email, wrong password and disabled user: one identical 401 INVALID_CREDENTIALS."', async () => {
    const bodies = [
      { email: 'nobody@example.com', password: DEMO.password },
      { email: DEMO.ownerEmail, password: 'Wrong' },
      { email: DEMO.disabledEmail, password: DEMO.password },
    ];
    const answers = await Promise.all(bodies.map((body) => t.client.post('/api/auth/login', { body })));
    const comparable = answers.map((a) =>
      JSON.stringify({ ...a.json, request_id: null, status: a.status, challenge: a.headers['www-authenticate'] }),
    );
    expect(new Set(comparable).size).toBe(1);
    expectProblem(answers[0]!, 'INVALID_CREDENTIALS');
  });

  it('"Failed attempts are limited per account and per client address: 429 RATE_LIMITED with Retry-After."', async () => {
    let last: Awaited<ReturnType<typeof t.client.post>> | undefined;
    for (let i = 0; i < 6; i++)
      last = await t.client.post('/api/auth/login', { body: { email: DEMO.adminEmail, password: `guess ${i}` } });
    expectProblem(last!, 'RATE_LIMITED');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('"Responses that carry tokens or keys send Cache-Control: no-store."', async () => {
    const api = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    const refreshed = await t.client.post('/api/auth/refresh', { headers: bearer(api.refreshToken) });
    const minted = await t.client.post(`/api/v1/service-accounts/${DEMO.serviceAccountId}/keys`, {
      headers: bearer(api.accessToken),
      body: { mode: 'test' },
    });
    const rotated = await t.client.post(
      `/api/v1/service-accounts/${DEMO.serviceAccountId}/keys/${minted.json.key.id}/rotate`,
      { headers: bearer(api.accessToken) },
    );
    for (const res of [api.response, refreshed, minted, rotated]) expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('Access tokens', () => {
  it('"JWT signed asymmetrically (ES256 or EdDSA) with a kid; public keys at GET /.well-known/jwks.json. Header typ: at+jwt. Claims … Verification pins the algorithm, issuer and audience. Stateless: logout does not revoke an access token before exp"', async () => {
    const api = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    const header = jwtPart(api.accessToken, 0);
    expect(header).toMatchObject({ alg: 'ES256', typ: jwt.typ });
    const keys = (await t.client.get('/.well-known/jwks.json')).json.keys;
    expect(keys.map((k: { kid: string }) => k.kid)).toContain(header.kid);
    expect(Object.keys(jwtPart(api.accessToken, 1)).sort()).toEqual([...jwt.claims].sort());
    const noneAlg = `${Buffer.from(JSON.stringify({ ...header, alg: 'none' })).toString('base64url')}.${api.accessToken.split('.')[1]}.`;
    expectProblem(await t.client.get('/api/v1/me', { headers: bearer(noneAlg) }), 'INVALID_TOKEN');
    await t.client.post('/api/auth/logout', { headers: bearer(api.refreshToken) });
    expect((await t.client.get('/api/v1/me', { headers: bearer(api.accessToken) })).status).toBe(200);
  });
});

describe('Refresh', () => {
  it('"Api clients send Authorization: Bearer <refresh token>; browser clients send the cookie plus a CSRF guard"', async () => {
    const web = await t.client.post('/api/auth/login', {
      body: { email: DEMO.ownerEmail, password: DEMO.password, client_type: 'web' },
    });
    const cookie = { cookie: `${refreshCookie.name}=${refreshCookieOf(web.cookies)}` };
    expectProblem(await t.client.post('/api/auth/refresh', { headers: cookie }), 'CSRF_REJECTED');
    expect((await t.client.post('/api/auth/refresh', { headers: { ...cookie, ...CSRF } })).status).toBe(200);
  });

  it('"Every refresh rotates … The new refresh token keeps the session\'s remember_me lifetime, counted from its own issue time."', async () => {
    const api = await loginApi(t.client, DEMO.ownerEmail, DEMO.password, { rememberMe: true });
    t.server.clock.advance(20 * 24 * 3600);
    const rotated = await t.client.post('/api/auth/refresh', { headers: bearer(api.refreshToken) });
    expect(rotated.json.refresh_token).not.toBe(api.refreshToken);
    expect(rotated.json.refresh_token_expires_in).toBe(lifetimes.RefreshToken.rememberMeSeconds);
    t.server.clock.advance(20 * 24 * 3600); // 40 days after the login, 20 after the rotation
    expect((await t.client.post('/api/auth/refresh', { headers: bearer(rotated.json.refresh_token) })).status).toBe(
      200,
    );
  });

  it('"Strict reuse detection (RFC 9700 §4.14.2): presenting a refresh token that was already rotated returns 401 REFRESH_TOKEN_REUSED and revokes the whole session. Of N concurrent refreshes with the same token exactly one succeeds."', async () => {
    const api = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => t.client.post('/api/auth/refresh', { headers: bearer(api.refreshToken) })),
    );
    const winners = answers.filter((a) => a.status === 200);
    expect(winners).toHaveLength(1);
    expect(answers.filter((a) => a.json?.code === 'REFRESH_TOKEN_REUSED')).toHaveLength(4);
    expectProblem(
      await t.client.post('/api/auth/refresh', { headers: bearer(winners[0]!.json.refresh_token) }),
      'SESSION_REVOKED',
    );
  });

  it('"Binding: the User-Agent captured at login must match; otherwise 401 SESSION_MISMATCH and the session is revoked. No IP binding (decision D-R2)"', async () => {
    const a = await loginApi(t.client, DEMO.ownerEmail, DEMO.password, { userAgent: 'UA-1' });
    const moved = await t.client.post('/api/auth/refresh', {
      headers: { ...bearer(a.refreshToken), 'user-agent': 'UA-1' },
      localAddress: '127.0.0.9',
    });
    expect(moved.status).toBe(200);
    const other = await t.client.post('/api/auth/refresh', {
      headers: { ...bearer(moved.json.refresh_token), 'user-agent': 'UA-2' },
    });
    expectProblem(other, 'SESSION_MISMATCH');
    expectProblem(
      await t.client.post('/api/auth/refresh', {
        headers: { ...bearer(moved.json.refresh_token), 'user-agent': 'UA-1' },
      }),
      'SESSION_REVOKED',
    );
  });

  it('"Refresh tokens are opaque, at least 128 random bits, stored only as a hash."', async () => {
    const tokens = await Promise.all(
      [1, 2, 3].map(async () => (await loginApi(t.client, DEMO.ownerEmail, DEMO.password)).refreshToken),
    );
    for (const token of tokens) {
      expect(token).toMatch(/^rt_[A-Za-z0-9_-]{43}$/); // 43 base64url characters: 256 bits
      expect(Buffer.from(token.slice(3), 'base64url')).toHaveLength(32);
    }
    expect(new Set(tokens).size).toBe(3);
    // Storage: persistence.test.ts searches the database files for every token issued.
  });

  it('"POST /api/auth/logout revokes the session\'s refresh tokens (204)."', async () => {
    const api = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    expect((await t.client.post('/api/auth/logout', { headers: bearer(api.refreshToken) })).status).toBe(204);
    expectProblem(await t.client.post('/api/auth/refresh', { headers: bearer(api.refreshToken) }), 'SESSION_REVOKED');
  });
});

describe('Service-account API keys', () => {
  it('"Format sk_live_ / sk_test_ + random part + a short checksum … Stored only as a hash; the secret is returned once, at creation; lists show a masked form (prefix + last 4)."', async () => {
    const owner = (await loginApi(t.client, DEMO.ownerEmail, DEMO.password)).accessToken;
    const minted = await t.client.post(`/api/v1/service-accounts/${DEMO.serviceAccountId}/keys`, {
      headers: bearer(owner),
      body: { mode: 'live' },
    });
    const typo = `${minted.json.secret.slice(0, 12)}${minted.json.secret[12] === 'x' ? 'y' : 'x'}${minted.json.secret.slice(13)}`;
    expectProblem(await t.client.get('/api/v1/me', { headers: bearer(typo) }), 'INVALID_TOKEN');
    const list = await t.client.get(`/api/v1/service-accounts/${DEMO.serviceAccountId}/keys`, {
      headers: bearer(owner),
    });
    expect(list.text).not.toContain(minted.json.secret);
    expect(list.json.data[0].masked).toBe(`sk_live_…${minted.json.secret.slice(-4)}`);
  });

  it('"Minted, listed, rotated and revoked by a user whose role is admin or owner; a service-account key cannot manage keys (403)."', async () => {
    const admin = (await loginApi(t.client, DEMO.adminEmail, DEMO.password)).accessToken;
    const minted = await t.client.post(`/api/v1/service-accounts/${DEMO.serviceAccountId}/keys`, {
      headers: bearer(admin),
      body: { mode: 'test' },
    });
    expect(minted.status).toBe(201);
    expect(
      (
        await t.client.post(`/api/v1/service-accounts/${DEMO.serviceAccountId}/keys/${minted.json.key.id}/rotate`, {
          headers: bearer(admin),
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await t.client.delete(`/api/v1/service-accounts/${DEMO.serviceAccountId}/keys/${minted.json.key.id}`, {
          headers: bearer(admin),
        })
      ).status,
    ).toBe(204);
    expectProblem(
      await t.client.get(`/api/v1/service-accounts/${DEMO.serviceAccountId}/keys`, {
        headers: bearer(t.server.demo.liveKey),
      }),
      'INSUFFICIENT_SCOPE',
    );
  });

  it('"Optional expires_at; revocation and expiry take effect on the next request. Rotation returns a new key and may keep the old one alive for a stated overlap."', async () => {
    const owner = (await loginApi(t.client, DEMO.ownerEmail, DEMO.password)).accessToken;
    const rotated = await t.client.post(
      `/api/v1/service-accounts/${DEMO.serviceAccountId}/keys/${t.server.demo.keyIds.live}/rotate`,
      { headers: bearer(owner), body: { overlap_seconds: 120 } },
    );
    expect((await t.client.get('/api/v1/me', { headers: bearer(t.server.demo.liveKey) })).status).toBe(200);
    t.server.clock.advance(120);
    expectProblem(await t.client.get('/api/v1/me', { headers: bearer(t.server.demo.liveKey) }), 'API_KEY_EXPIRED');
    expect((await t.client.get('/api/v1/me', { headers: bearer(rotated.json.secret) })).status).toBe(200);
  });

  it('"sk_test_ keys belong to a sandbox org: operations marked production-only (x-novavms-production-only: true) answer 404 for them."', async () => {
    for (const operationId of productionOnlyOperations) {
      const res = await t.client.request(operations[operationId].method, operations[operationId].path, {
        headers: bearer(t.server.demo.testKey),
      });
      expectProblem(res, 'NOT_FOUND');
    }
  });
});

describe('Errors', () => {
  it('"Every error is application/problem+json (RFC 9457) with a code from one enum in the spec … and a request_id."', async () => {
    const enumCodes: string[] = spec.components.schemas.ErrorCode.enum;
    const answers = [
      await t.client.get('/api/v1/cameras'),
      await t.client.get('/api/v1/cameras', { headers: bearer('nope') }),
      await t.client.get('/nowhere'),
      await t.client.post('/api/auth/login', { body: {} }),
    ];
    for (const res of answers) {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(enumCodes).toContain(res.json.code);
      expect(res.json.request_id).toMatch(/^req_/);
    }
  });

  it('"Every 401 carries WWW-Authenticate: Bearer realm="novavms" with error="invalid_token"; no credentials at all → no error attribute; 403 → insufficient_scope."', async () => {
    expect((await t.client.get('/api/v1/cameras')).headers['www-authenticate']).toBe('Bearer realm="novavms"');
    expect((await t.client.get('/api/v1/cameras', { headers: bearer('nope') })).headers['www-authenticate']).toMatch(
      /^Bearer realm="novavms", error="invalid_token"/,
    );
    const viewer = (await loginApi(t.client, DEMO.viewerEmail, DEMO.password)).accessToken;
    expect(
      (await t.client.get('/api/v1/service-accounts', { headers: bearer(viewer) })).headers['www-authenticate'],
    ).toMatch(/^Bearer realm="novavms", error="insufficient_scope"/);
  });

  it('"Bad input never produces a 5xx: malformed JSON 400, wrong content type 415, oversized body 413, unknown route 404, wrong method 405 with Allow."', async () => {
    expectProblem(
      await t.client.post('/api/auth/login', { headers: { 'content-type': 'application/json' }, body: '{' }),
      'INVALID_REQUEST',
    );
    expectProblem(
      await t.client.post('/api/auth/login', { headers: { 'content-type': 'text/plain' }, body: '{}' }),
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectProblem(
      await t.client.post('/api/auth/login', {
        headers: { 'content-type': 'application/json' },
        body: `"${'x'.repeat(20000)}"`,
      }),
      'PAYLOAD_TOO_LARGE',
    );
    expectProblem(await t.client.get('/api/v9'), 'NOT_FOUND');
    const wrong = await t.client.request('PUT', '/api/auth/login');
    expectProblem(wrong, 'METHOD_NOT_ALLOWED');
    expect(wrong.headers.allow).toBe('POST');
  });
});

describe('Protected resources', () => {
  it('"A small camera resource (GET /api/v1/cameras, GET /api/v1/cameras/{camera_id}) and GET /api/v1/me … show both schemes in use. At least one production-only operation exists."', async () => {
    const user = (await loginApi(t.client, DEMO.ownerEmail, DEMO.password)).accessToken;
    for (const token of [user, t.server.demo.liveKey]) {
      expect((await t.client.get('/api/v1/cameras', { headers: bearer(token) })).status).toBe(200);
      expect((await t.client.get('/api/v1/cameras/cam_lobby01', { headers: bearer(token) })).status).toBe(200);
    }
    const me = await t.client.get('/api/v1/me', { headers: bearer(t.server.demo.testKey) });
    expect(me.json).toMatchObject({
      kind: 'service_account',
      org_id: 'org_demo0example',
      environment: 'test',
      role: 'auditor',
    });
    expect(productionOnlyOperations.length).toBeGreaterThan(0);
  });
});

describe('Reference server', () => {
  it('"Injectable clock. In mock mode it exposes /__mock/* (outside /api, not in the public contract) to advance time, so a frontend can see a token expire in seconds instead of an hour."', async () => {
    expect(Object.keys(spec.paths).some((p) => p.startsWith('/__mock'))).toBe(false);
    const api = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    await t.client.post('/__mock/clock', { body: { advance: 'PT1H' } });
    expectProblem(await t.client.get('/api/v1/me', { headers: bearer(api.accessToken) }), 'TOKEN_EXPIRED');
  });

  it('"npm start seeds a demo org: the user from the source page (ops@example.com / CorrectHorseBattery!), an admin, and one sk_test_ and one sk_live_ key, printed at start-up. The page\'s own curl examples work verbatim against http://localhost:4010 once the host is swapped."', async () => {
    expect((await loginApi(t.client, 'ops@example.com', 'CorrectHorseBattery!')).response.status).toBe(200);
    expect((await loginApi(t.client, 'admin@example.com', 'CorrectHorseBattery!')).response.status).toBe(200);
    expect((await t.client.get('/api/v1/me', { headers: bearer(t.server.demo.testKey) })).json.environment).toBe(
      'test',
    );
    expect((await t.client.get('/api/v1/me', { headers: bearer(t.server.demo.liveKey) })).json.environment).toBe(
      'live',
    );
    expect(
      (await t.client.get('/api/v1/cameras', { headers: { authorization: 'Bearer sk_live_abc123' } })).status,
    ).toBe(200);
    // The banner and `npm start` itself are checked in cli.test.ts.
  });

  it('"Secrets never appear in logs."', async () => {
    const api = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    await t.client.post('/api/auth/refresh', { headers: bearer(api.refreshToken) });
    await t.client.get('/api/v1/cameras', { headers: bearer(t.server.demo.liveKey) });
    const log = t.log();
    expect(log).toContain('POST /api/auth/refresh 200');
    for (const secret of [DEMO.password, api.refreshToken, api.accessToken, t.server.demo.liveKey])
      expect(log).not.toContain(secret);
  });
});
