/**
 * DESIGN "Login": the body, api and web clients with the exact cookie attributes,
 * `Cache-Control: no-store`, identical failures for unknown email, wrong password and a
 * disabled user, case-insensitive emails, and the failed-login limits per account and per
 * socket address (forwarding headers neither evade nor cause them).
 */
import { describe, expect, it } from 'vitest';
import { lifetimes, loginRateLimit } from '../../generated/contract.js';
import { DEMO } from '../src/demo.js';
import { expectProblem } from './support/expectations.js';
import { bearer, refreshCookieOf, useTestServer } from './support/server.js';

const t = useTestServer({}, { resetBeforeEach: true });

function login(body: unknown, options: { headers?: Record<string, string>; localAddress?: string } = {}) {
  return t.client.post('/api/auth/login', { body, ...options });
}

describe('login body', () => {
  it('rejects unknown fields with 400 and points at them', async () => {
    const res = await login({ email: DEMO.ownerEmail, password: DEMO.password, remember: true });
    expectProblem(res, 'INVALID_REQUEST');
    expect(res.json.errors).toContainEqual(expect.objectContaining({ location: 'body', pointer: '/remember' }));
  });

  it('rejects a missing password, a bad email and a bad client_type', async () => {
    for (const body of [
      { email: DEMO.ownerEmail },
      { email: 'not an email', password: 'x' },
      { email: DEMO.ownerEmail, password: 'x', client_type: 'mobile' },
    ]) {
      const res = await login(body);
      expectProblem(res, 'INVALID_REQUEST');
      expect(res.json.errors.length).toBeGreaterThan(0);
    }
  });

  it('compares emails without regard to case', async () => {
    const res = await login({ email: 'OPS@Example.COM', password: DEMO.password, client_type: 'api' });
    expect(res.status).toBe(200);
  });
});

describe('api and web clients', () => {
  it('api: 200 TokenResponse with the refresh token in the body, Cache-Control: no-store', async () => {
    const res = await login({ email: DEMO.ownerEmail, password: DEMO.password, client_type: 'api' });
    expect(res.json).toMatchObject({
      token_type: 'Bearer',
      expires_in: lifetimes.UserAccessToken.defaultSeconds,
      refresh_token_expires_in: lifetimes.RefreshToken.defaultSeconds,
    });
    expect(res.json.refresh_token).toMatch(/^rt_[A-Za-z0-9_-]{43}$/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.cookies).toEqual([]);
  });

  it('web: a session cookie with exactly "Path=/; Secure; HttpOnly; SameSite=Strict" and no Max-Age', async () => {
    const res = await login({ email: DEMO.ownerEmail, password: DEMO.password, client_type: 'web' });
    expect(res.json.refresh_token).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.cookies).toHaveLength(1);
    expect(res.cookies[0]).toMatch(
      /^__Host-novavms_refresh=rt_[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Strict$/,
    );
  });

  it('web with remember_me: Max-Age of the 30-day lifetime, before Path', async () => {
    const res = await login({ email: DEMO.ownerEmail, password: DEMO.password, client_type: 'web', remember_me: true });
    expect(res.cookies[0]).toBe(
      `__Host-novavms_refresh=${refreshCookieOf(res.cookies)}; Max-Age=${lifetimes.RefreshCookie.rememberMeSeconds}; Path=/; Secure; HttpOnly; SameSite=Strict`,
    );
    expect(res.json.refresh_token_expires_in).toBe(lifetimes.RefreshCookie.rememberMeSeconds);
  });
});

describe('identical failures', () => {
  it('unknown email, wrong password and disabled user get one identical 401 INVALID_CREDENTIALS', async () => {
    const answers = [
      await login({ email: 'nobody@example.com', password: DEMO.password }),
      await login({ email: DEMO.ownerEmail, password: 'wrong password' }),
      await login({ email: DEMO.disabledEmail, password: DEMO.password }),
    ];
    for (const res of answers) {
      expectProblem(res, 'INVALID_CREDENTIALS');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="novavms"');
      expect(res.cookies).toEqual([]);
    }
    const strip = (body: Record<string, unknown>) => ({ ...body, request_id: undefined });
    expect(strip(answers[1]!.json)).toEqual(strip(answers[0]!.json));
    expect(strip(answers[2]!.json)).toEqual(strip(answers[0]!.json));
    expectProblem(answers[0]!, 'INVALID_CREDENTIALS');
    const headerNames = (h: Record<string, unknown>) =>
      Object.keys(h)
        .filter((k) => k !== 'date')
        .sort();
    expect(headerNames(answers[1]!.headers)).toEqual(headerNames(answers[0]!.headers));
    expect(headerNames(answers[2]!.headers)).toEqual(headerNames(answers[0]!.headers));
  });
});

describe('failed-login limits', () => {
  const account = loginRateLimit.perAccount;
  const address = loginRateLimit.perAddress;

  it(`per account: after ${account.failures} failures even the right password gets 429 with Retry-After until the window passes`, async () => {
    for (let i = 0; i < account.failures; i++) {
      expectProblem(await login({ email: DEMO.viewerEmail, password: `wrong ${i}` }), 'INVALID_CREDENTIALS');
    }
    const limited = await login({ email: DEMO.viewerEmail, password: DEMO.password });
    expectProblem(limited, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBe(account.windowSeconds);
    // From another address too: the account is limited, not the address.
    expectProblem(
      await login({ email: DEMO.viewerEmail, password: DEMO.password }, { localAddress: '127.0.0.3' }),
      'RATE_LIMITED',
    );
    // Other accounts are not limited.
    expect((await login({ email: DEMO.ownerEmail, password: DEMO.password })).status).toBe(200);
    t.server.clock.advance(account.windowSeconds - 100);
    const later = await login({ email: DEMO.viewerEmail, password: DEMO.password });
    expectProblem(later, 'RATE_LIMITED');
    expect(Number(later.headers['retry-after'])).toBe(100);
    t.server.clock.advance(100);
    expect((await login({ email: DEMO.viewerEmail, password: DEMO.password })).status).toBe(200);
  });

  it(`only failures count: ${account.failures * 2} right logins of one account at once all get 200`, async () => {
    const results = await Promise.all(
      Array.from({ length: account.failures * 2 }, () => login({ email: DEMO.viewerEmail, password: DEMO.password })),
    );
    expect(results.map((res) => res.status)).toEqual(results.map(() => 200));
  });

  it(`guesses sent at once cannot slip past the limit: of ${account.failures * 4} wrong passwords, ${account.failures} are checked and the rest get 429`, async () => {
    const results = await Promise.all(
      Array.from({ length: account.failures * 4 }, (_, i) =>
        login({ email: DEMO.viewerEmail, password: `wrong ${i}` }),
      ),
    );
    const codes = results.map((res) => res.json.code);
    expect(codes.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(account.failures);
    expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(account.failures * 3);
    expectProblem(await login({ email: DEMO.viewerEmail, password: DEMO.password }), 'RATE_LIMITED');
  });

  it('an unknown email is limited like a real one (no way to tell them apart)', async () => {
    for (let i = 0; i < account.failures; i++) await login({ email: 'ghost@example.com', password: 'x' });
    const res = await login({ email: 'ghost@example.com', password: 'x' });
    expectProblem(res, 'RATE_LIMITED');
  });

  it(`per address: ${address.failures} failures from one socket address limit it; X-Forwarded-For neither evades nor causes the limit`, async () => {
    const from = '127.0.0.4';
    for (let i = 0; i < address.failures; i++) {
      // Different accounts each time, so only the address limit can trigger; a new fake
      // forwarded address each time does not help.
      const res = await login(
        { email: `user${i}@example.com`, password: 'x' },
        { localAddress: from, headers: { 'x-forwarded-for': `198.51.100.${i}` } },
      );
      expectProblem(res, 'INVALID_CREDENTIALS');
    }
    const limited = await login(
      { email: DEMO.ownerEmail, password: DEMO.password },
      { localAddress: from, headers: { 'x-forwarded-for': '203.0.113.200' } },
    );
    expectProblem(limited, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // The default address is not limited, even when it claims to be the limited one.
    const other = await login(
      { email: DEMO.ownerEmail, password: DEMO.password, client_type: 'api' },
      { headers: { 'x-forwarded-for': from } },
    );
    expect(other.status).toBe(200);
    expect((await t.client.get('/api/v1/me', { headers: bearer(other.json.access_token) })).status).toBe(200);
  });
});
