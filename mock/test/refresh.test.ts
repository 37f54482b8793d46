/**
 * DESIGN "Refresh" and logout: rotation on every refresh, the session lifetime counted from
 * each token's issue, strict reuse detection that revokes the whole session (the newest token
 * too), exactly one winner among concurrent refreshes, User-Agent binding without IP binding,
 * the cookie with its CSRF header, the order of the checks, and logout.
 */
import { describe, expect, it } from 'vitest';
import { lifetimes, refreshCookie } from '../../generated/contract.js';
import { DEMO } from '../src/demo.js';
import { expectProblem } from './support/expectations.js';
import { bearer, CSRF, jwtPart, loginApi, refreshCookieOf, useTestServer } from './support/server.js';

const t = useTestServer({}, { resetBeforeEach: true });

function refresh(token: string, headers: Record<string, string> = {}) {
  return t.client.post('/api/auth/refresh', { headers: { ...bearer(token), ...headers } });
}

async function webLogin(rememberMe = false, userAgent?: string): Promise<string> {
  const res = await t.client.post('/api/auth/login', {
    body: { email: DEMO.ownerEmail, password: DEMO.password, client_type: 'web', remember_me: rememberMe },
    headers: userAgent ? { 'user-agent': userAgent } : {},
  });
  expect(res.status).toBe(200);
  return refreshCookieOf(res.cookies)!;
}

function cookie(token: string): Record<string, string> {
  return { cookie: `theme=dark; ${refreshCookie.name}=${token}; lang=en` };
}

describe('rotation', () => {
  it('returns a new access token and refresh token, with Cache-Control: no-store; the access token names the session', async () => {
    const login = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    const res = await refresh(login.refreshToken);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json.refresh_token).not.toBe(login.refreshToken);
    expect(res.json.access_token).not.toBe(login.accessToken);
    expect(jwtPart(res.json.access_token, 1).sid).toBe(jwtPart(login.accessToken, 1).sid);
  });

  it('the new refresh token keeps the session lifetime, counted from its own issue time', async () => {
    const login = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    t.server.clock.advance(6 * 24 * 3600);
    const rotated = await refresh(login.refreshToken);
    expect(rotated.json.refresh_token_expires_in).toBe(lifetimes.RefreshToken.defaultSeconds);
    // Six more days: 12 days after login, 6 after the rotation: still valid.
    t.server.clock.advance(6 * 24 * 3600);
    const again = await refresh(rotated.json.refresh_token);
    expect(again.status).toBe(200);
    t.server.clock.advance(lifetimes.RefreshToken.defaultSeconds);
    expectProblem(await refresh(again.json.refresh_token), 'SESSION_EXPIRED');
  });

  it('remember_me sessions keep 30 days on every rotation', async () => {
    const login = await loginApi(t.client, DEMO.ownerEmail, DEMO.password, { rememberMe: true });
    const rotated = await refresh(login.refreshToken);
    expect(rotated.json.refresh_token_expires_in).toBe(lifetimes.RefreshToken.rememberMeSeconds);
  });

  it('accepts an empty body with or without Content-Type', async () => {
    const login = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    const a = await t.client.post('/api/auth/refresh', {
      headers: { ...bearer(login.refreshToken), 'content-type': 'application/json' },
      body: '',
    });
    expect(a.status).toBe(200);
    const b = await t.client.post('/api/auth/refresh', { headers: bearer(a.json.refresh_token), body: '' });
    expect(b.status).toBe(200);
  });
});

describe('reuse detection', () => {
  it('a rotated token presented again: 401 REFRESH_TOKEN_REUSED, and every token of the session is revoked, the newest too', async () => {
    const login = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    const first = await refresh(login.refreshToken);
    const reused = await refresh(login.refreshToken);
    expectProblem(reused, 'REFRESH_TOKEN_REUSED');
    expect(reused.headers['www-authenticate']).toMatch(/^Bearer realm="novavms", error="invalid_token"/);
    const newest = await refresh(first.json.refresh_token);
    expectProblem(newest, 'SESSION_REVOKED');
    // Other sessions of the same user are untouched.
    const other = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });

  it('20 concurrent refreshes of one token: exactly one 200', async () => {
    const login = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    const answers = await Promise.all(Array.from({ length: 20 }, () => refresh(login.refreshToken)));
    const ok = answers.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    for (const r of answers.filter((a) => a.status !== 200)) {
      expectProblem(r, 'REFRESH_TOKEN_REUSED');
    }
    // The reuse revoked the session, so the winner's token is dead as well.
    expectProblem(await refresh(ok[0]!.json.refresh_token), 'SESSION_REVOKED');
  });
});

describe('binding', () => {
  it('another User-Agent: 401 SESSION_MISMATCH and the session is revoked', async () => {
    const login = await loginApi(t.client, DEMO.ownerEmail, DEMO.password, { userAgent: 'Agent/1' });
    const res = await refresh(login.refreshToken, { 'user-agent': 'Agent/2' });
    expectProblem(res, 'SESSION_MISMATCH');
    expectProblem(await refresh(login.refreshToken, { 'user-agent': 'Agent/1' }), 'SESSION_REVOKED');
  });

  it('a missing User-Agent differs from a sent one', async () => {
    const login = await loginApi(t.client, DEMO.ownerEmail, DEMO.password, { userAgent: 'Agent/1' });
    const res = await t.client.post('/api/auth/refresh', {
      headers: { ...bearer(login.refreshToken), 'user-agent': undefined },
    });
    expectProblem(res, 'SESSION_MISMATCH');
  });

  it('a change of X-Forwarded-For or of the socket address never matters (D-R2)', async () => {
    const login = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    let token = login.refreshToken;
    for (const [xff, localAddress] of [
      ['198.51.100.1', '127.0.0.5'],
      ['203.0.113.9, 10.0.0.1', '127.0.0.6'],
      [undefined, undefined],
    ] as const) {
      const res = await t.client.post('/api/auth/refresh', {
        headers: { ...bearer(token), ...(xff ? { 'x-forwarded-for': xff } : {}) },
        ...(localAddress ? { localAddress } : {}),
      });
      expect(res.status).toBe(200);
      token = res.json.refresh_token;
    }
  });
});

describe('order of the checks', () => {
  it('unknown → INVALID_TOKEN; rotated → REUSED; ended → SESSION_REVOKED; expired → SESSION_EXPIRED; other UA → SESSION_MISMATCH', async () => {
    expectProblem(await refresh(`rt_${'A'.repeat(43)}`), 'INVALID_TOKEN');
    expectProblem(await refresh('rt_short'), 'INVALID_TOKEN');

    // Expired and another User-Agent: expiry is checked first.
    const a = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    t.server.clock.advance(lifetimes.RefreshToken.defaultSeconds);
    expectProblem(await refresh(a.refreshToken, { 'user-agent': 'other' }), 'SESSION_EXPIRED');

    // Ended by logout and expired: the ended session is reported.
    const b = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    expect((await t.client.post('/api/auth/logout', { headers: bearer(b.refreshToken) })).status).toBe(204);
    t.server.clock.advance(lifetimes.RefreshToken.defaultSeconds);
    expectProblem(await refresh(b.refreshToken), 'SESSION_REVOKED');

    // Rotated and the session ended: reuse is reported.
    const c = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    const cNext = await refresh(c.refreshToken);
    expect((await t.client.post('/api/auth/logout', { headers: bearer(cNext.json.refresh_token) })).status).toBe(204);
    expectProblem(await refresh(c.refreshToken), 'REFRESH_TOKEN_REUSED');
  });

  it('a JWT or an API key at /api/auth/refresh, a refresh token at /api/v1/*: 401 INVALID_TOKEN', async () => {
    const login = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    for (const token of [login.accessToken, t.server.demo.liveKey]) {
      const res = await refresh(token);
      expectProblem(res, 'INVALID_TOKEN');
    }
    const wrongPlace = await t.client.get('/api/v1/cameras', { headers: bearer(login.refreshToken) });
    expectProblem(wrongPlace, 'INVALID_TOKEN');
    // Neither mistake used the refresh token up.
    expect((await refresh(login.refreshToken)).status).toBe(200);
  });

  it('no credential at all: 401 AUTHENTICATION_REQUIRED with a bare challenge, naming the credentials refresh and logout accept', async () => {
    for (const path of ['/api/auth/refresh', '/api/auth/logout']) {
      const res = await t.client.post(path);
      expectProblem(res, 'AUTHENTICATION_REQUIRED', path);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="novavms"');
      expect(res.json.detail).toBe(
        `Send a refresh token in the Authorization header (Bearer), or the refresh cookie ${refreshCookie.name} with ${refreshCookie.csrfHeader}: ${refreshCookie.csrfValue}.`,
      );
    }
    // /api/v1 names its own credentials.
    const resource = await t.client.get('/api/v1/cameras');
    expect(resource.json.detail).toBe(
      'Send a service-account API key or a user access token in the Authorization header (Bearer).',
    );
  });
});

describe('cookie clients', () => {
  it('the cookie with X-NovaVMS-CSRF: 1 refreshes, and the new token comes back as a cookie only', async () => {
    const token = await webLogin();
    const res = await t.client.post('/api/auth/refresh', { headers: { ...cookie(token), ...CSRF } });
    expect(res.status).toBe(200);
    expect(res.json.refresh_token).toBeUndefined();
    const next = refreshCookieOf(res.cookies);
    expect(next).toMatch(/^rt_/);
    expect(next).not.toBe(token);
    expect(res.cookies[0]).toMatch(/; Path=\/; Secure; HttpOnly; SameSite=Strict$/);
    expect(res.cookies[0]).not.toContain('Max-Age');
  });

  it('remember_me cookies are renewed with Max-Age', async () => {
    const token = await webLogin(true);
    const res = await t.client.post('/api/auth/refresh', { headers: { ...cookie(token), ...CSRF } });
    expect(res.cookies[0]).toContain(`Max-Age=${lifetimes.RefreshCookie.rememberMeSeconds}; `);
  });

  it('without the CSRF header (or with another value): 403 CSRF_REJECTED, and the token stays usable', async () => {
    const token = await webLogin();
    for (const headers of [cookie(token), { ...cookie(token), [refreshCookie.csrfHeader]: '0' }]) {
      const res = await t.client.post('/api/auth/refresh', { headers });
      expectProblem(res, 'CSRF_REJECTED');
    }
    expect((await t.client.post('/api/auth/refresh', { headers: { ...cookie(token), ...CSRF } })).status).toBe(200);
  });

  it('when both a bearer token and the cookie are sent, the Authorization header wins', async () => {
    const cookieToken = await webLogin();
    const api = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    const res = await t.client.post('/api/auth/refresh', {
      headers: { ...cookie(cookieToken), ...bearer(api.refreshToken) },
    });
    expect(res.status).toBe(200);
    expect(res.json.refresh_token).toMatch(/^rt_/);
    expect(res.cookies).toEqual([]);
    // The cookie's token was not touched.
    expect((await t.client.post('/api/auth/refresh', { headers: { ...cookie(cookieToken), ...CSRF } })).status).toBe(
      200,
    );
  });

  it('reuse through the cookie is detected like through the header', async () => {
    const token = await webLogin();
    expect((await t.client.post('/api/auth/refresh', { headers: { ...cookie(token), ...CSRF } })).status).toBe(200);
    const again = await t.client.post('/api/auth/refresh', { headers: { ...cookie(token), ...CSRF } });
    expectProblem(again, 'REFRESH_TOKEN_REUSED');
  });

  it('a malformed cookie value is an invalid token', async () => {
    const res = await t.client.post('/api/auth/refresh', { headers: { ...cookie('garbage'), ...CSRF } });
    expectProblem(res, 'INVALID_TOKEN');
  });
});

describe('logout', () => {
  it('revokes the session (204); access tokens stay valid until exp; a second logout is 204 again', async () => {
    const login = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    const rotated = await refresh(login.refreshToken);
    const res = await t.client.post('/api/auth/logout', { headers: bearer(rotated.json.refresh_token) });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectProblem(await refresh(rotated.json.refresh_token), 'SESSION_REVOKED');
    expect((await t.client.get('/api/v1/me', { headers: bearer(rotated.json.access_token) })).status).toBe(200);
    expect((await t.client.post('/api/auth/logout', { headers: bearer(rotated.json.refresh_token) })).status).toBe(204);
  });

  it('an unknown token: 401 INVALID_TOKEN', async () => {
    const res = await t.client.post('/api/auth/logout', { headers: bearer(`rt_${'B'.repeat(43)}`) });
    expectProblem(res, 'INVALID_TOKEN');
  });

  it('cookie clients need the CSRF header and get the cookie cleared', async () => {
    const token = await webLogin();
    expectProblem(await t.client.post('/api/auth/logout', { headers: cookie(token) }), 'CSRF_REJECTED');
    const res = await t.client.post('/api/auth/logout', {
      headers: { ...cookie(token), ...CSRF, 'content-type': 'application/json' },
      body: '',
    });
    expect(res.status).toBe(204);
    expect(res.cookies).toEqual([`${refreshCookie.name}=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict`]);
    expectProblem(
      await t.client.post('/api/auth/refresh', { headers: { ...cookie(token), ...CSRF } }),
      'SESSION_REVOKED',
    );
  });
});
