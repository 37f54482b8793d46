import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultServerUrl, lifetimes, loginRateLimit, quotas } from '../../generated/contract.js';
import {
  createClient,
  memoryTokenStore,
  type NovaVmsError,
  type NovaVmsSessionClient,
  rateLimitOf,
  type SessionEndReason,
  type SessionOptions,
  type TokenStore,
  toNovaVmsError,
} from '../../src/index.js';
import { type ObservedFetch, observedFetch } from './support/observed-fetch.js';
import { type ReferenceServer, startReferenceServer } from './support/reference-server.js';

const realFetch = globalThis.fetch;
const accessLifetime = lifetimes.UserAccessToken.defaultSeconds;

let server: ReferenceServer;

beforeEach(async () => {
  server = await startReferenceServer();
});

afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  await server.close();
});

interface SessionSetup {
  app: NovaVmsSessionClient;
  observed: ObservedFetch;
  ends: SessionEndReason[];
  store: TokenStore;
}

function sessionClient(session: SessionOptions = {}): SessionSetup {
  const observed = observedFetch((request) => realFetch(request));
  const ends: SessionEndReason[] = [];
  const store = session.store ?? memoryTokenStore();
  const app = createClient({
    baseUrl: server.url,
    fetch: observed.fetch,
    session: { ...session, store, onSessionEnd: (reason) => ends.push(reason) },
  });
  return { app, observed, ends, store };
}

async function loginOwner(app: NovaVmsSessionClient): Promise<void> {
  await app.auth.login({ email: server.demo.ownerEmail, password: server.demo.password, rememberMe: false });
}

/** A refresh outside the SDK, as a second holder of a stolen refresh token would send it. */
async function rawRefresh(
  refreshToken: string,
  userAgent: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await realFetch(`${server.url}/api/auth/refresh`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${refreshToken}`, 'User-Agent': userAgent },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('user sessions against the reference server', () => {
  it('logs in, calls, and refreshes transparently once the access token has expired', async () => {
    const { app, observed, ends } = sessionClient();
    await loginOwner(app);
    const first = await app.GET('/api/v1/me');
    expect(first.data?.kind).toBe('user');
    expect(first.data?.email).toBe(server.demo.ownerEmail);

    server.clock.advance(accessLifetime + 1);
    const { data, error } = await app.GET('/api/v1/cameras');
    expect(error).toBeUndefined();
    expect(Array.isArray(data?.data)).toBe(true);
    expect(observed.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /api/auth/login',
      'GET /api/v1/me',
      'GET /api/v1/cameras',
      'POST /api/auth/refresh',
      'GET /api/v1/cameras',
    ]);
    expect(ends).toEqual([]);
  });

  it('refreshes before the call when its own clock says the token is about to expire', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { app, observed } = sessionClient();
    await loginOwner(app);
    server.clock.advance(accessLifetime - 30);
    vi.setSystemTime(Date.now() + (accessLifetime - 30) * 1000);
    const { response } = await app.GET('/api/v1/cameras');
    expect(response.status).toBe(200);
    expect(observed.calls.map((c) => c.path)).toEqual(['/api/auth/login', '/api/auth/refresh', '/api/v1/cameras']);
  });

  it('sends exactly one refresh for 50 concurrent calls with an expired access token, and all 50 succeed', async () => {
    const { app, observed, ends } = sessionClient();
    await loginOwner(app);
    server.clock.advance(accessLifetime + 1);
    const results = await Promise.all(Array.from({ length: 50 }, () => app.GET('/api/v1/cameras')));
    expect(observed.count('/api/auth/refresh')).toBe(1);
    expect(results.map((r) => r.response.status)).toEqual(Array(50).fill(200));
    expect(observed.count('/api/v1/cameras')).toBe(100);
    expect(ends).toEqual([]);
  });

  it('retries a POST after the refresh with its body intact', async () => {
    const { app, observed } = sessionClient();
    await loginOwner(app);
    server.clock.advance(accessLifetime + 1);
    const body = {
      name: 'Ticketing bridge',
      description: 'Opens tickets for offline cameras',
      role: 'viewer' as const,
    };
    const { data, response } = await app.POST('/api/v1/service-accounts', { body });
    expect(response.status).toBe(201);
    expect(data).toMatchObject(body);
    const posts = observed.calls.filter((c) => c.path === '/api/v1/service-accounts');
    expect(posts).toHaveLength(2);
    expect(posts.map((p) => JSON.parse(p.body))).toEqual([body, body]);
    expect(posts[0]?.headers.get('Authorization')).not.toBe(posts[1]?.headers.get('Authorization'));
  });

  it('ends the session once on SESSION_MISMATCH (another User-Agent), without retrying', async () => {
    const store = memoryTokenStore();
    const original = sessionClient({ store, userAgent: 'AcmeApp/1.0' });
    await loginOwner(original.app);
    const refreshToken = (await store.get())?.refreshToken ?? '';
    const changed = sessionClient({ store, userAgent: 'AcmeApp/2.0' });
    server.clock.advance(accessLifetime + 1);
    const results = await Promise.all(Array.from({ length: 10 }, () => changed.app.GET('/api/v1/cameras')));
    expect(results.map((r) => r.error?.code)).toEqual(Array(10).fill('SESSION_MISMATCH'));
    expect(changed.observed.count('/api/auth/refresh')).toBe(1);
    expect(changed.observed.count('/api/v1/cameras')).toBe(10);
    expect(changed.ends).toEqual(['SESSION_MISMATCH']);
    expect(await store.get()).toBeUndefined();
    // "the user must re-login": the server has revoked the session for the login's User-Agent too.
    const revoked = await rawRefresh(refreshToken, 'AcmeApp/1.0');
    expect(revoked.status).toBe(401);
    // The other client sharing the store learns that the session is over without a refresh of its own.
    await original.app.GET('/api/v1/cameras');
    expect(original.ends).toEqual(['SESSION_REVOKED']);
    expect(original.observed.count('/api/auth/refresh')).toBe(0);
    expect(changed.ends).toHaveLength(1);
  });

  it('ends the session once when its refresh token was already rotated by someone else (reuse)', async () => {
    const { app, observed, ends, store } = sessionClient({ userAgent: 'AcmeApp/1.0' });
    await loginOwner(app);
    const stolen = (await store.get())?.refreshToken;
    expect(stolen).toMatch(/^rt_/);
    const thief = await rawRefresh(stolen ?? '', 'AcmeApp/1.0');
    expect(thief.status).toBe(200);

    server.clock.advance(accessLifetime + 1);
    const results = await Promise.all(Array.from({ length: 10 }, () => app.GET('/api/v1/cameras')));
    expect(results.map((r) => r.error?.code)).toEqual(Array(10).fill('REFRESH_TOKEN_REUSED'));
    expect(observed.count('/api/auth/refresh')).toBe(1);
    expect(ends).toEqual(['REFRESH_TOKEN_REUSED']);
    expect(await store.get()).toBeUndefined();
    // Reuse revokes the whole session, the thief's rotated token included.
    const afterwards = await rawRefresh(String(thief.body.refresh_token), 'AcmeApp/1.0');
    expect(afterwards.status).toBe(401);
    const later = await app.GET('/api/v1/cameras');
    expect(later.error?.code).toBe('AUTHENTICATION_REQUIRED');
    expect(ends).toHaveLength(1);
  });

  it('ends the session with SESSION_EXPIRED when the refresh token has run out', async () => {
    const { app, ends } = sessionClient();
    await loginOwner(app);
    server.clock.advance(lifetimes.RefreshToken.defaultSeconds + 1);
    const { error } = await app.GET('/api/v1/cameras');
    expect(error?.code).toBe('SESSION_EXPIRED');
    expect(ends).toEqual(['SESSION_EXPIRED']);
  });

  it('logs out: the server revokes the session and the client forgets it', async () => {
    const { app, observed, ends, store } = sessionClient({ userAgent: 'AcmeApp/1.0' });
    await loginOwner(app);
    const refreshToken = (await store.get())?.refreshToken ?? '';
    await app.auth.logout();
    const logout = observed.calls.find((c) => c.path === '/api/auth/logout');
    expect(logout?.headers.get('Authorization')).toBe(`Bearer ${refreshToken}`);
    expect(await store.get()).toBeUndefined();
    const revoked = await rawRefresh(refreshToken, 'AcmeApp/1.0');
    expect(revoked.status).toBe(401);
    expect(revoked.body.code).toBe('SESSION_REVOKED');
    const after = await app.GET('/api/v1/cameras');
    expect(after.error?.code).toBe('AUTHENTICATION_REQUIRED');
    expect(ends).toEqual([]);
  });

  it("gives the login's 429 its Retry-After as retryAfterSeconds, and never retries the login", async () => {
    const { app, observed } = sessionClient();
    const wrong = { email: server.demo.viewerEmail, password: 'not the password' };
    for (let attempt = 0; attempt < loginRateLimit.perAccount.failures; attempt += 1) {
      await expect(app.auth.login(wrong)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    }
    const refused = (await app.auth.login(wrong).catch((error: unknown) => error)) as NovaVmsError;
    const login = observed.calls.filter((c) => c.path === '/api/auth/login');
    expect(login).toHaveLength(loginRateLimit.perAccount.failures + 1);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(loginRateLimit.perAccount.windowSeconds);
  });

  it('turns a refused login into a typed NovaVmsError', async () => {
    const { app } = sessionClient();
    await expect(app.auth.login({ email: server.demo.ownerEmail, password: 'not the password' })).rejects.toMatchObject(
      {
        name: 'NovaVmsError',
        code: 'INVALID_CREDENTIALS',
        status: 401,
        requestId: expect.any(String),
      },
    );
  });
});

describe('service-account keys against the reference server', () => {
  it('runs the source page snippet unchanged (default base URL routed to the reference server)', async () => {
    const routed = observedFetch((request) => {
      const url = request.url.replace(defaultServerUrl, server.url);
      return realFetch(new Request(url, request));
    });
    // A global fetch takes a URL or a Request, as any caller may give it.
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => routed.fetch(new Request(input, init)));

    // The page: "import { createClient } from '@novavms/sdk'; const novavms = createClient({ apiKey: 'sk_live_abc123' });"
    const novavms = createClient({ apiKey: 'sk_live_abc123' });

    const { data, error } = await novavms.GET('/api/v1/cameras');
    expect(error).toBeUndefined();
    expect(Array.isArray(data?.data)).toBe(true);
    expect(routed.calls[0]?.url).toBe(`${defaultServerUrl}/api/v1/cameras`);
    expect(routed.calls[0]?.headers.get('Authorization')).toBe('Bearer sk_live_abc123');
  });

  it('acts as the service account with the seeded live key', async () => {
    const observed = observedFetch((request) => realFetch(request));
    const novavms = createClient({ apiKey: server.demo.liveKey, baseUrl: server.url, fetch: observed.fetch });
    const { data } = await novavms.GET('/api/v1/me');
    expect(data).toMatchObject({ kind: 'service_account', environment: 'live' });
    expect(observed.count('/api/auth/refresh')).toBe(0);
  });

  it('gets 404 NOT_FOUND from a production-only operation with a sk_test_ key', async () => {
    const novavms = createClient({ apiKey: server.demo.testKey, baseUrl: server.url });
    const result = await novavms.GET('/api/v1/audit-events');
    expect(result.response.status).toBe(404);
    const error = toNovaVmsError(result);
    expect(error.code).toBe('NOT_FOUND');
    expect(error.requestId).toEqual(expect.any(String));
  });

  it("reads the operation's request quota from every answer, and from the 429 once it is used up", async () => {
    const novavms = createClient({ apiKey: server.demo.testKey, baseUrl: server.url, retries: 0 });
    const limit = quotas.getCurrentPrincipal.requests.sk_test;
    const first = await novavms.GET('/api/v1/me');
    expect(rateLimitOf(first.response).quota).toEqual({
      policy: 'sk_test',
      limit,
      windowSeconds: quotas.getCurrentPrincipal.windowSeconds,
      remaining: limit - 1,
      resetSeconds: expect.any(Number),
    });
    for (let sent = 1; sent < limit; sent += 1) await novavms.GET('/api/v1/me');
    const refused = await novavms.GET('/api/v1/me');
    expect(refused.response.status).toBe(429);
    const error = toNovaVmsError(refused);
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.quota).toMatchObject({ policy: 'sk_test', limit, remaining: 0 });
    expect(error.retryAfterSeconds).toBe(error.quota?.resetSeconds);
  });

  it('cannot manage keys with a key (403 INSUFFICIENT_SCOPE)', async () => {
    const novavms = createClient({ apiKey: server.demo.liveKey, baseUrl: server.url });
    const { error, response } = await novavms.GET('/api/v1/service-accounts');
    expect(response.status).toBe(403);
    expect(error?.code).toBe('INSUFFICIENT_SCOPE');
  });
});
