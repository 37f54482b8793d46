import { afterEach, describe, expect, it, vi } from 'vitest';
import { lifetimes } from '../../generated/contract.js';
import { createClient, type SessionEvent, type SessionOptions } from '../../src/index.js';
import { FakeAuthServer, problemResponse } from './support/fake-auth-server.js';
import { observedFetch } from './support/observed-fetch.js';

const credentials = { email: 'ops@example.com', password: 'CorrectHorseBattery!' };

function setup(session: SessionOptions = {}) {
  const server = new FakeAuthServer();
  const observed = observedFetch(server.respond);
  const app = createClient({ baseUrl: 'http://novavms.test', fetch: observed.fetch, session });
  const events: string[] = [];
  app.auth.onChange((event: SessionEvent) =>
    events.push(event.type === 'session-ended' ? `${event.type} ${event.reason}` : event.type),
  );
  return { server, observed, app, events };
}

describe('session events and getSession()', () => {
  it('a listener that throws fails no call and ends no process: the others still hear, and Node gets a warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const bug = new Error('a bug in a listener');
      const endBug = new Error('a bug in onSessionEnd');
      const { server, app, events } = setup({
        onSessionEnd: () => {
          throw endBug;
        },
      });
      app.auth.onChange(() => {
        throw bug;
      });
      const after: string[] = [];
      app.auth.onChange((event) => after.push(event.type));
      await app.auth.login(credentials);
      expect((await app.GET('/api/v1/me')).response.status).toBe(200);
      server.expireAccessTokens();
      server.scriptedRefreshAnswers.push(() => problemResponse('SESSION_REVOKED'));
      await app.GET('/api/v1/cameras');
      expect(events).toEqual(['signed-in', 'session-ended SESSION_REVOKED']);
      expect(after).toEqual(['signed-in', 'session-ended']);
      await vi.waitFor(() => expect(warnings).toEqual([bug, bug, endBug]));
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('tells signed-in, token-refreshed and signed-out in order, and getSession() shows no token', async () => {
    const { server, app, events } = setup();
    expect(await app.auth.getSession()).toBeUndefined();
    await app.auth.login(credentials);
    const session = await app.auth.getSession();
    expect(session).toMatchObject({ kind: 'user', clientType: 'api' });
    expect(session?.accessTokenExpiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(session?.refreshTokenExpiresAt?.getTime()).toBeGreaterThanOrEqual(
      Date.now() + (lifetimes.RefreshToken.defaultSeconds - 5) * 1000,
    );
    expect(JSON.stringify(session)).not.toMatch(/at_1|rt_1/);
    server.expireAccessTokens();
    await app.GET('/api/v1/cameras');
    await app.auth.logout();
    expect(events).toEqual(['signed-in', 'token-refreshed', 'signed-out']);
    expect(await app.auth.getSession()).toBeUndefined();
  });

  it('tells session-ended with its reason once, and a removed listener hears nothing more', async () => {
    const { server, app, events } = setup();
    const late: string[] = [];
    const stop = app.auth.onChange((event) => late.push(event.type));
    await app.auth.login(credentials);
    stop();
    server.expireAccessTokens();
    server.scriptedRefreshAnswers.push(() => problemResponse('SESSION_REVOKED'));
    await Promise.all([app.GET('/api/v1/cameras'), app.GET('/api/v1/me')]);
    expect(events).toEqual(['signed-in', 'session-ended SESSION_REVOKED']);
    expect(late).toEqual(['signed-in']);
  });
});

describe('events outside browsers', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('stay with the client in Node (20 and 24 both have BroadcastChannel): no channel is opened', async () => {
    const opened: string[] = [];
    vi.stubGlobal(
      'BroadcastChannel',
      class {
        constructor(name: string) {
          opened.push(name);
        }
        postMessage() {}
        addEventListener() {}
      },
    );
    const { app, events } = setup();
    await app.auth.login(credentials);
    expect(events).toEqual(['signed-in']);
    expect(opened).toEqual([]);
  });
});

describe('web mode after a page load', () => {
  it('picks up the cookie session on the first call by itself: one refresh for many calls, no AUTHENTICATION_REQUIRED', async () => {
    const { observed, app } = setup({ clientType: 'web' });
    const results = await Promise.all(Array.from({ length: 5 }, () => app.GET('/api/v1/cameras')));
    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(observed.count('/api/auth/refresh')).toBe(1);
    expect(observed.calls[0]?.path).toBe('/api/auth/refresh');
    expect((await app.auth.getSession())?.clientType).toBe('web');
  });

  it('asks once when the cookie holds no session: the calls go out without a credential, and no session ends', async () => {
    const ended: string[] = [];
    const { server, observed, app, events } = setup({ clientType: 'web', onSessionEnd: (r) => ended.push(r) });
    server.scriptedRefreshAnswers.push(() => problemResponse('AUTHENTICATION_REQUIRED'));
    expect(await app.auth.getSession()).toBeUndefined();
    const { error } = await app.GET('/api/v1/cameras');
    expect(error?.code).toBe('AUTHENTICATION_REQUIRED');
    await app.GET('/api/v1/me');
    expect(observed.count('/api/auth/refresh')).toBe(1);
    expect(ended).toEqual([]);
    expect(events).toEqual([]);
  });
});
