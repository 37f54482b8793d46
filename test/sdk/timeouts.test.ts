import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient, isNovaVmsError, type NovaVmsError, type SessionOptions } from '../../src/index.js';
import { FakeAuthServer } from './support/fake-auth-server.js';
import { observedFetch } from './support/observed-fetch.js';

const credentials = { email: 'ops@example.com', password: 'CorrectHorseBattery!' };

function setup(session: SessionOptions = {}, timeoutMs?: number) {
  const server = new FakeAuthServer();
  const observed = observedFetch(server.respond);
  const app = createClient({
    baseUrl: 'http://novavms.test',
    fetch: observed.fetch,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    session,
  });
  return { server, observed, app };
}

/** The rejection of `promise`, which must reject. */
async function rejection(promise: Promise<unknown>): Promise<NovaVmsError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!isNovaVmsError(outcome)) throw new Error(`expected a NovaVmsError, got ${String(outcome)}`);
  return outcome;
}

/** Lets the SDK run (promises and I/O callbacks, no timers) until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1_000 && !condition(); turn += 1) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error('the condition never held');
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a refresh that never answers', () => {
  it('rejects the calls waiting for it with a typed timeout at refreshTimeoutMs, and the next call tries again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { server, observed, app } = setup({ refreshTimeoutMs: 5_000 });
    await app.auth.login(credentials);
    server.expireAccessTokens();
    server.stalled.add('/api/auth/refresh');
    const settled: string[] = [];
    const calls = [app.GET('/api/v1/cameras'), app.GET('/api/v1/me')].map((call) =>
      call.then(
        () => settled.push('answered'),
        (error: unknown) => settled.push(isNovaVmsError(error) ? `${error.code} ${error.timedOut}` : String(error)),
      ),
    );
    await until(() => observed.count('/api/auth/refresh') === 1);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(settled).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all(calls);
    expect(settled).toEqual(['TIMEOUT refresh', 'TIMEOUT refresh']);
    expect(observed.count('/api/auth/refresh')).toBe(1);

    server.stalled.clear();
    const next = await app.GET('/api/v1/cameras');
    expect(next.response.status).toBe(200);
    expect(observed.count('/api/auth/refresh')).toBe(2);
  });

  it("lets a caller's signal release its own call while it waits for the refresh", async () => {
    const { server, observed, app } = setup({ refreshTimeoutMs: 60_000 });
    await app.auth.login(credentials);
    server.expireAccessTokens();
    let release!: () => void;
    server.refreshGate = new Promise((resolve) => (release = resolve));
    const controller = new AbortController();
    const call = app.GET('/api/v1/cameras', { signal: controller.signal });
    const other = app.GET('/api/v1/me');
    await vi.waitFor(() => expect(observed.count('/api/auth/refresh')).toBe(1));
    controller.abort(new Error('the user left the page'));
    const error = await rejection(call);
    expect(error.code).toBe('ABORTED');
    expect((error.cause as Error).message).toBe('the user left the page');
    // The other call still waits for the shared refresh, and gets its answer.
    release();
    expect((await other).response.status).toBe(200);
  });

  it('logout() forgets the session locally even if the server never answers, and says so with a typed error', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { server, observed, app } = setup({}, 2_000);
    await app.auth.login(credentials);
    server.stalled.add('/api/auth/logout');
    const logout = rejection(app.auth.logout());
    await until(() => observed.count('/api/auth/logout') === 1);
    await vi.advanceTimersByTimeAsync(2_000);
    const error = await logout;
    expect(error.code).toBe('TIMEOUT');
    expect(await app.auth.getSession()).toBeUndefined();
    const after = await app.GET('/api/v1/cameras');
    expect(after.error?.code).toBe('AUTHENTICATION_REQUIRED');
    expect(observed.calls.at(-1)?.headers.get('Authorization')).toBeNull();
  });

  it('logout() does not wait forever for a refresh that never answers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { server, observed, app } = setup({ refreshTimeoutMs: 3_000 });
    await app.auth.login(credentials);
    server.expireAccessTokens();
    server.stalled.add('/api/auth/refresh');
    const call = app.GET('/api/v1/cameras').catch((error: unknown) => error);
    await until(() => observed.count('/api/auth/refresh') === 1);
    const logout = app.auth.logout();
    await vi.advanceTimersByTimeAsync(3_000);
    await logout;
    expect(await call).toMatchObject({ code: 'TIMEOUT' });
    expect(await app.auth.getSession()).toBeUndefined();
  });

  it('logout() waits for a refresh without a time limit (refreshTimeoutMs 0) no longer than its own limit', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { server, observed, app } = setup({ refreshTimeoutMs: 0, lockTimeoutMs: 500 }, 2_000);
    await app.auth.login(credentials);
    server.expireAccessTokens();
    server.stalled.add('/api/auth/refresh');
    // A refresh that never answers and has no time limit of its own.
    void app.auth.refresh().catch(() => undefined);
    await until(() => observed.count('/api/auth/refresh') === 1);
    let done = false;
    const logout = app.auth.logout().then(
      () => (done = true),
      () => (done = true),
    );
    await vi.advanceTimersByTimeAsync(2_000 + 500);
    await until(() => done);
    await logout;
    expect(await app.auth.getSession()).toBeUndefined();
  });
});
