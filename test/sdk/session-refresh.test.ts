import { afterEach, describe, expect, it, vi } from 'vitest';
import { lifetimes, refreshCookie } from '../../generated/contract.js';
import {
  createClient,
  memoryTokenStore,
  type SessionEndReason,
  type SessionOptions,
  type StoredSession,
  type TokenStore,
} from '../../src/index.js';
import { FakeAuthServer, problemResponse } from './support/fake-auth-server.js';
import { observedFetch } from './support/observed-fetch.js';

const credentials = { email: 'ops@example.com', password: 'CorrectHorseBattery!', rememberMe: false };

/** A memory store that logs every write, so that a test can see what was stored when. */
function loggingStore(log: string[]): TokenStore {
  const inner = memoryTokenStore();
  return {
    get: () => inner.get(),
    set: async (session) => {
      log.push(`store ${session.refreshToken ?? '(cookie)'} ${session.accessToken}`);
      await inner.set(session);
    },
    clear: async () => {
      log.push('store cleared');
      await inner.clear();
    },
  };
}

function setup(session: SessionOptions = {}) {
  const server = new FakeAuthServer();
  const log: string[] = [];
  const observed = observedFetch((request) => {
    log.push(`${request.method} ${new URL(request.url).pathname} ${request.headers.get('Authorization') ?? '-'}`);
    return server.respond(request);
  });
  const ends: SessionEndReason[] = [];
  const store = loggingStore(log);
  const app = createClient({
    baseUrl: 'http://novavms.test',
    fetch: observed.fetch,
    session: { store, onSessionEnd: (reason) => ends.push(reason), ...session },
  });
  return { server, observed, log, ends, store, app };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('session refresh (scripted server, observed fetch)', () => {
  it('refreshes once after TOKEN_EXPIRED, stores the rotated token before using it, and retries', async () => {
    const { server, log, app } = setup();
    await app.auth.login(credentials);
    server.expireAccessTokens();
    const { data, error } = await app.GET('/api/v1/cameras');
    expect(error).toBeUndefined();
    expect(data).toEqual({ data: [], next_cursor: null });
    expect(log).toEqual([
      'POST /api/auth/login -',
      'store rt_1 at_1',
      'GET /api/v1/cameras Bearer at_1',
      'POST /api/auth/refresh Bearer rt_1',
      'store rt_2 at_2',
      'GET /api/v1/cameras Bearer at_2',
    ]);
  });

  it('makes exactly one refresh for 50 concurrent calls that all hit TOKEN_EXPIRED, and Node warns of nothing', async () => {
    const { server, observed, app } = setup();
    await app.auth.login(credentials);
    server.expireAccessTokens();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const results = await Promise.all(Array.from({ length: 50 }, () => app.GET('/api/v1/cameras'))).finally(() =>
      // Warnings are emitted on the next tick.
      new Promise((resolve) => setTimeout(resolve, 0)).then(() => process.off('warning', onWarning)),
    );
    // The 50 calls share one time limit's signal and wait for the refresh on it: no leak to report.
    expect(warnings.map((warning) => warning.name)).toEqual([]);
    expect(observed.count('/api/auth/refresh')).toBe(1);
    expect(results.filter((result) => result.response.status === 200)).toHaveLength(50);
    expect(
      observed.calls.filter(
        (call) => call.path === '/api/v1/cameras' && call.headers.get('Authorization') === 'Bearer at_2',
      ),
    ).toHaveLength(50);
  });

  it('sends a POST body again, unchanged, when the call is retried after a refresh', async () => {
    const { server, observed, app } = setup();
    await app.auth.login(credentials);
    server.expireAccessTokens();
    const body = { name: 'SIEM collector', description: 'Ships audit events', role: 'auditor' as const };
    const { data, response } = await app.POST('/api/v1/service-accounts', { body });
    expect(response.status).toBe(201);
    const posts = observed.calls.filter((call) => call.path === '/api/v1/service-accounts');
    expect(posts).toHaveLength(2);
    expect(posts.map((post) => JSON.parse(post.body))).toEqual([body, body]);
    expect(posts.map((post) => post.headers.get('Content-Type'))).toEqual(['application/json', 'application/json']);
    expect(JSON.parse((data as unknown as { echo: string }).echo)).toEqual(body);
  });

  it('refreshes before a call when the access token is within the margin of its expiry', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { log, app } = setup();
    await app.auth.login(credentials);
    vi.setSystemTime(Date.now() + (lifetimes.UserAccessToken.defaultSeconds - 30) * 1000);
    const { response } = await app.GET('/api/v1/cameras');
    expect(response.status).toBe(200);
    expect(log.slice(2)).toEqual([
      'POST /api/auth/refresh Bearer rt_1',
      'store rt_2 at_2',
      'GET /api/v1/cameras Bearer at_2',
    ]);
  });

  it('does not refresh while the access token is fresh', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { observed, app } = setup();
    await app.auth.login(credentials);
    vi.setSystemTime(Date.now() + (lifetimes.UserAccessToken.defaultSeconds / 2) * 1000);
    await app.GET('/api/v1/cameras');
    expect(observed.count('/api/auth/refresh')).toBe(0);
  });

  it('uses the still-valid token when an early refresh fails (server error or network), and tries again later', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { server, observed, log, app } = setup();
    await app.auth.login(credentials);
    vi.setSystemTime(Date.now() + (lifetimes.UserAccessToken.defaultSeconds - 30) * 1000);
    server.scriptedRefreshAnswers.push(() => problemResponse('INTERNAL_ERROR'));
    server.scriptedRefreshAnswers.push(() => {
      throw new TypeError('fetch failed');
    });
    expect((await app.GET('/api/v1/cameras')).response.status).toBe(200);
    expect((await app.GET('/api/v1/cameras')).response.status).toBe(200);
    expect((await app.GET('/api/v1/cameras')).response.status).toBe(200);
    expect(observed.count('/api/auth/refresh')).toBe(3);
    expect(log.filter((line) => line.startsWith('GET'))).toEqual([
      'GET /api/v1/cameras Bearer at_1',
      'GET /api/v1/cameras Bearer at_1',
      'GET /api/v1/cameras Bearer at_2',
    ]);
  });

  it('passes the 401 challenge on when the session ends', async () => {
    const { server, app } = setup();
    await app.auth.login(credentials);
    server.expireAccessTokens();
    server.scriptedRefreshAnswers.push(() => {
      const answer = problemResponse('SESSION_REVOKED');
      answer.headers.set('WWW-Authenticate', 'Bearer realm="novavms", error="invalid_token"');
      return answer;
    });
    const { response, error } = await app.GET('/api/v1/cameras');
    expect(error?.code).toBe('SESSION_REVOKED');
    expect(response.headers.get('WWW-Authenticate')).toBe('Bearer realm="novavms", error="invalid_token"');
    expect(response.headers.get('Content-Type')).toBe('application/problem+json');
  });

  for (const code of ['SESSION_MISMATCH', 'REFRESH_TOKEN_REUSED', 'SESSION_EXPIRED', 'SESSION_REVOKED'] as const) {
    it(`ends the session once on ${code}: clears the store, calls onSessionEnd once, no retry`, async () => {
      const { server, observed, log, ends, store, app } = setup();
      await app.auth.login(credentials);
      server.expireAccessTokens();
      server.scriptedRefreshAnswers.push(() => problemResponse(code));
      const results = await Promise.all(Array.from({ length: 10 }, () => app.GET('/api/v1/cameras')));
      expect(observed.count('/api/auth/refresh')).toBe(1);
      expect(ends).toEqual([code]);
      expect(await store.get()).toBeUndefined();
      expect(log).toContain('store cleared');
      expect(results.map((result) => result.error?.code)).toEqual(Array(10).fill(code));
      expect(observed.count('/api/v1/cameras')).toBe(10);
      // Later calls go out without a credential and never try to refresh again.
      const after = await app.GET('/api/v1/cameras');
      expect(after.error?.code).toBe('AUTHENTICATION_REQUIRED');
      expect(observed.calls.at(-1)?.headers.get('Authorization')).toBeNull();
      expect(observed.count('/api/auth/refresh')).toBe(1);
      expect(ends).toHaveLength(1);
    });
  }

  it('keeps the session when a refresh fails for another reason, and hands the error to the call', async () => {
    const { server, observed, ends, store, app } = setup();
    await app.auth.login(credentials);
    server.expireAccessTokens();
    server.scriptedRefreshAnswers.push(
      () => new Response('upstream down', { status: 503, headers: { 'Content-Type': 'text/plain' } }),
    );
    const failed = await app.GET('/api/v1/cameras');
    expect(failed.response.status).toBe(503);
    expect(ends).toEqual([]);
    expect((await store.get())?.refreshToken).toBe('rt_1');
    const next = await app.GET('/api/v1/cameras');
    expect(next.response.status).toBe(200);
    expect(observed.count('/api/auth/refresh')).toBe(2);
  });

  it("types only the network's failures as NETWORK_ERROR: a TypeError of the store is handed on as it is", async () => {
    const server = new FakeAuthServer();
    let network = true;
    const fetch = (request: Request, init?: RequestInit) =>
      network ? server.respond(request, init) : Promise.reject(new TypeError('fetch failed'));
    const inner = memoryTokenStore();
    const bug = new TypeError("Cannot read properties of undefined (reading 'token')");
    let storeFails = false;
    const store: TokenStore = {
      get: () => inner.get(),
      set: (session) => (storeFails ? Promise.reject(bug) : inner.set(session)),
      clear: () => inner.clear(),
    };
    const app = createClient({ baseUrl: 'http://novavms.test', fetch, session: { store } });
    await app.auth.login(credentials);
    network = false;
    await expect(app.auth.refresh()).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
      cause: new TypeError('fetch failed'),
    });
    network = true;
    await app.auth.refresh();
    expect((await store.get())?.accessToken).toBe('at_2');
    storeFails = true;
    await expect(app.auth.refresh()).rejects.toBe(bug);
  });

  it('ends the new session on the server when the store cannot keep it after a login, and throws the store error', async () => {
    const server = new FakeAuthServer();
    const observed = observedFetch(server.respond);
    const full = new Error('the disk is full');
    const store: TokenStore = {
      get: async () => undefined,
      set: () => Promise.reject(full),
      clear: async () => undefined,
    };
    const app = createClient({ baseUrl: 'http://novavms.test', fetch: observed.fetch, session: { store } });
    await expect(app.auth.login(credentials)).rejects.toBe(full);
    const logouts = observed.calls.filter((call) => call.path === '/api/auth/logout');
    expect(logouts.map((call) => call.headers.get('Authorization'))).toEqual(['Bearer rt_1']);
    expect(await app.auth.getSession()).toBeUndefined();
  });

  it('calls onSessionEnd once even when it throws, and still answers the waiting calls', async () => {
    const { server } = setup();
    const observed = observedFetch(server.respond);
    let calls = 0;
    const thrown: unknown[] = [];
    const app = createClient({
      baseUrl: 'http://novavms.test',
      fetch: observed.fetch,
      session: {
        onSessionEnd: () => {
          calls += 1;
          throw new Error('app bug');
        },
      },
    });
    // Node reports the listener's error as a process warning.
    const onWarning = (warning: Error) => thrown.push(warning);
    process.on('warning', onWarning);
    try {
      await app.auth.login(credentials);
      server.expireAccessTokens();
      server.scriptedRefreshAnswers.push(() => problemResponse('SESSION_REVOKED'));
      const results = await Promise.all([app.GET('/api/v1/cameras'), app.GET('/api/v1/me')]);
      expect(results.map((result) => result.error?.code)).toEqual(['SESSION_REVOKED', 'SESSION_REVOKED']);
      expect(calls).toBe(1);
      await vi.waitFor(() => expect(thrown).toHaveLength(1));
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(thrown).toEqual([new Error('app bug')]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('logs out with the newest refresh token, after a refresh in flight, and forgets the session', async () => {
    const { server, observed, log, ends, store, app } = setup();
    await app.auth.login(credentials);
    server.expireAccessTokens();
    let release!: () => void;
    server.refreshGate = new Promise((resolve) => (release = resolve));
    const call = app.GET('/api/v1/cameras');
    await vi.waitFor(() => expect(observed.count('/api/auth/refresh')).toBe(1));
    const logout = app.auth.logout();
    release();
    await Promise.all([call, logout]);
    const logoutCall = observed.calls.find((c) => c.path === '/api/auth/logout');
    expect(logoutCall?.headers.get('Authorization')).toBe('Bearer rt_2');
    const cleared = log.indexOf('store cleared');
    expect(cleared).toBeGreaterThan(log.indexOf('store rt_2 at_2'));
    expect(cleared).toBeLessThan(log.indexOf('POST /api/auth/logout Bearer rt_2'));
    expect(await store.get()).toBeUndefined();
    expect(ends).toEqual([]);
    const after = await app.GET('/api/v1/cameras');
    expect(after.error?.code).toBe('AUTHENTICATION_REQUIRED');
  });

  it("runs the application's middleware outside the session middleware, whenever it is registered", async () => {
    const { server, app } = setup();
    const seen: string[] = [];
    app.use({
      onRequest({ request }) {
        seen.push(`request ${request.headers.get('Authorization') ?? 'without credential'}`);
      },
      onResponse({ response }) {
        seen.push(`response ${response.status}`);
      },
    });
    await app.auth.login(credentials);
    server.expireAccessTokens();
    await app.GET('/api/v1/cameras');
    // The application never sees the token, and sees the answer of the retry, not the 401.
    expect(seen).toEqual(['request without credential', 'response 200']);
  });

  it('throws a typed error when login is refused', async () => {
    const observed = observedFetch(() => problemResponse('INVALID_CREDENTIALS', 'req_login'));
    const app = createClient({ baseUrl: 'http://novavms.test', fetch: observed.fetch, session: {} });
    await expect(app.auth.login({ ...credentials, password: 'wrong' })).rejects.toMatchObject({
      name: 'NovaVmsError',
      code: 'INVALID_CREDENTIALS',
      status: 401,
      requestId: 'req_login',
    });
  });

  it('resumes a persisted session in a new client and refreshes with the stored token', async () => {
    const server = new FakeAuthServer();
    const observed = observedFetch(server.respond);
    const store = memoryTokenStore();
    const first = createClient({ baseUrl: 'http://novavms.test', fetch: observed.fetch, session: { store } });
    await first.auth.login(credentials);
    server.expireAccessTokens();
    const second = createClient({ baseUrl: 'http://novavms.test', fetch: observed.fetch, session: { store } });
    const { response } = await second.GET('/api/v1/cameras');
    expect(response.status).toBe(200);
    expect(
      observed.calls.filter((c) => c.path === '/api/auth/refresh').map((c) => c.headers.get('Authorization')),
    ).toEqual(['Bearer rt_1']);
    expect((await store.get())?.refreshToken).toBe('rt_2');
  });
});

describe('web clients (cookie refresh)', () => {
  it('logs in with client_type "web", includes credentials, sends the CSRF header on refresh and logout', async () => {
    const { server, observed, app, store } = setup({ clientType: 'web' });
    await app.auth.login(credentials);
    server.expireAccessTokens();
    expect((await app.GET('/api/v1/cameras')).response.status).toBe(200);
    await app.auth.logout();
    const login = observed.calls.find((c) => c.path === '/api/auth/login');
    const refresh = observed.calls.find((c) => c.path === '/api/auth/refresh');
    const logout = observed.calls.find((c) => c.path === '/api/auth/logout');
    expect(JSON.parse(login?.body ?? '{}').client_type).toBe('web');
    for (const call of [login, refresh, logout]) expect(call?.credentials).toBe('include');
    for (const call of [refresh, logout]) {
      expect(call?.headers.get(refreshCookie.csrfHeader)).toBe(refreshCookie.csrfValue);
      expect(call?.headers.get('Authorization')).toBeNull();
    }
    expect(await store.get()).toBeUndefined();
  });

  it('never keeps a refresh token in the store', async () => {
    const sessions: StoredSession[] = [];
    const inner = memoryTokenStore();
    const store: TokenStore = {
      ...inner,
      set: async (s) => {
        sessions.push(s);
        await inner.set(s);
      },
    };
    const { server } = setup();
    const observed = observedFetch(server.respond);
    const app = createClient({
      baseUrl: 'http://novavms.test',
      fetch: observed.fetch,
      session: { store, clientType: 'web' },
    });
    await app.auth.login(credentials);
    server.expireAccessTokens();
    await app.GET('/api/v1/cameras');
    expect(sessions).toHaveLength(2);
    for (const session of sessions) expect(session).not.toHaveProperty('refreshToken');
  });

  it('picks up the cookie session with auth.refresh() after a reload', async () => {
    const { observed, app } = setup({ clientType: 'web' });
    await app.auth.refresh();
    const { response } = await app.GET('/api/v1/me');
    expect(response.status).toBe(200);
    expect(observed.calls.map((c) => c.path)).toEqual(['/api/auth/refresh', '/api/v1/me']);
  });

  it("a visitor without a cookie session: auth.refresh() throws the server's problem and onSessionEnd is not called", async () => {
    const { server, ends, app } = setup({ clientType: 'web' });
    server.scriptedRefreshAnswers.push(() => problemResponse('AUTHENTICATION_REQUIRED'));
    await expect(app.auth.refresh()).rejects.toMatchObject({ code: 'AUTHENTICATION_REQUIRED', status: 401 });
    expect(ends).toEqual([]);
    // Logging in afterwards works as usual, and a session that then ends is reported once.
    await app.auth.login(credentials);
    server.scriptedRefreshAnswers.push(() => problemResponse('SESSION_EXPIRED'));
    await expect(app.auth.refresh()).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
    expect(ends).toEqual(['SESSION_EXPIRED']);
  });
});

describe('the refresh lock', () => {
  /** A Web Locks stand-in: one exclusive lock per name, FIFO, recording the names asked for. */
  function fakeLocks() {
    const names: string[] = [];
    const tails = new Map<string, Promise<unknown>>();
    return {
      names,
      locks: {
        request<T>(name: string, _options: { mode: 'exclusive' }, task: () => Promise<T>): Promise<T> {
          names.push(name);
          const previous = tails.get(name) ?? Promise.resolve();
          const run = previous.then(task, task);
          tails.set(
            name,
            run.catch(() => undefined),
          );
          return run;
        },
      },
    };
  }

  it('is one in-process lock in Node, even where Node has navigator.locks (Node 24): two clients on one store refresh once', async () => {
    // Node 24 has navigator.locks, Node 20 has not: the SDK uses neither, so both behave alike.
    const { names, locks } = fakeLocks();
    vi.stubGlobal('navigator', { locks });
    const server = new FakeAuthServer();
    const observed = observedFetch(server.respond);
    const store = memoryTokenStore();
    const first = createClient({ baseUrl: 'http://novavms.test', fetch: observed.fetch, session: { store } });
    const second = createClient({ baseUrl: 'http://novavms.test', fetch: observed.fetch, session: { store } });
    await first.auth.login(credentials);
    expect((await second.GET('/api/v1/me')).response.status).toBe(200);
    server.expireAccessTokens();
    let release!: () => void;
    server.refreshGate = new Promise((resolve) => (release = resolve));
    const both = Promise.all([first.GET('/api/v1/cameras'), second.GET('/api/v1/cameras')]);
    await vi.waitFor(() => expect(observed.count('/api/auth/refresh')).toBe(1));
    release();
    const results = await both;
    expect(results.map((r) => r.response.status)).toEqual([200, 200]);
    expect(observed.count('/api/auth/refresh')).toBe(1);
    expect(names).toEqual([]);
  });

  it('is the one given as session.lock: the SDK holds it around reading the store, refreshing and storing', async () => {
    const server = new FakeAuthServer();
    const log: string[] = [];
    const observed = observedFetch((request) => {
      log.push(`${request.method} ${new URL(request.url).pathname}`);
      return server.respond(request);
    });
    const inner = memoryTokenStore();
    const store: TokenStore = {
      get: () => {
        log.push('store get');
        return inner.get();
      },
      set: (session) => {
        log.push('store set');
        return inner.set(session);
      },
      clear: () => inner.clear(),
    };
    const lock: SessionOptions['lock'] = async (name, task) => {
      log.push(`lock ${name}`);
      try {
        return await task();
      } finally {
        log.push('unlock');
      }
    };
    const app = createClient({ baseUrl: 'http://novavms.test', fetch: observed.fetch, session: { store, lock } });
    await app.auth.login(credentials);
    server.expireAccessTokens();
    log.length = 0;
    await app.GET('/api/v1/cameras');
    expect(log).toEqual([
      'GET /api/v1/cameras',
      'lock @novavms/sdk refresh http://novavms.test',
      'store get',
      'POST /api/auth/refresh',
      'store set',
      'unlock',
      'GET /api/v1/cameras',
    ]);
  });

  it('without a lock, two clients sharing a store would present one refresh token twice', async () => {
    const server = new FakeAuthServer();
    const observed = observedFetch(server.respond);
    const store = memoryTokenStore();
    const ends: string[] = [];
    const noLock: SessionOptions['lock'] = (_name, task) => task();
    const options = { baseUrl: 'http://novavms.test', fetch: observed.fetch };
    const tabA = createClient({ ...options, session: { store, lock: noLock } });
    const tabB = createClient({ ...options, session: { store, lock: noLock, onSessionEnd: (r) => ends.push(r) } });
    await tabA.auth.login(credentials);
    await tabB.GET('/api/v1/me');
    server.expireAccessTokens();
    let release!: () => void;
    server.refreshGate = new Promise((resolve) => (release = resolve));
    const both = Promise.all([tabA.GET('/api/v1/cameras'), tabB.GET('/api/v1/cameras')]);
    await vi.waitFor(() => expect(observed.count('/api/auth/refresh')).toBe(2));
    release();
    const [a, b] = await both;
    // This is what the lock prevents: the second refresh is reuse.
    expect([a.response.status, b.response.status].sort()).toEqual([200, 401]);
    expect(ends).toEqual(['REFRESH_TOKEN_REUSED']);
  });
});
