import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSession } from '../../docs/recipes/browser-session.js';
import { type RedisLike, redisLock } from '../../docs/recipes/redis-lock.js';
import { lifetimes, refreshCookie } from '../../generated/contract.js';
import { createClient, memoryTokenStore } from '../../src/index.js';
import { FakeAuthServer } from './support/fake-auth-server.js';
import { observedFetch } from './support/observed-fetch.js';
import { type ReferenceServer, startReferenceServer } from './support/reference-server.js';

const credentials = { email: 'ops@example.com', password: 'CorrectHorseBattery!' };

/** A Redis stand-in with SET NX PX and the release script, counting how many hold a key at once. */
function fakeRedis(now: () => number = Date.now) {
  const keys = new Map<string, { value: string; until: number }>();
  let holders = 0;
  let most = 0;
  const live = (key: string) => {
    const entry = keys.get(key);
    if (entry !== undefined && entry.until <= now()) keys.delete(key);
    return keys.get(key);
  };
  const redis: RedisLike = {
    async set(key, value, { NX, PX }) {
      if (NX && live(key) !== undefined) return null;
      keys.set(key, { value, until: now() + PX });
      holders += 1;
      most = Math.max(most, holders);
      return 'OK';
    },
    async eval(script, { keys: [key], arguments: [token] }) {
      if (!script.includes("redis.call('del'") || key === undefined) throw new Error('unknown script');
      if (live(key)?.value !== token) return 0;
      keys.delete(key);
      holders -= 1;
      return 1;
    },
  };
  return { redis, keys, most: () => most };
}

describe('recipe: a Redis lock for processes that share a store', () => {
  it('makes clients with their own lock instances, sharing one store, refresh once', async () => {
    const { redis, most } = fakeRedis();
    const server = new FakeAuthServer();
    const observed = observedFetch(server.respond);
    const store = memoryTokenStore();
    // Two processes: each has its own client and its own lock function, and Redis between them.
    const clients = [0, 1].map(() =>
      createClient({
        baseUrl: 'http://novavms.test',
        fetch: observed.fetch,
        session: { store, lock: redisLock(redis, { pollMs: 1 }) },
      }),
    );
    await clients[0]?.auth.login(credentials);
    server.expireAccessTokens();
    let release!: () => void;
    server.refreshGate = new Promise((resolve) => (release = resolve));
    const both = Promise.all(clients.map((client) => client.GET('/api/v1/cameras')));
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    expect((await both).map((r) => r.response.status)).toEqual([200, 200]);
    expect(observed.count('/api/auth/refresh')).toBe(1);
    expect(most()).toBe(1);
  });

  it('frees itself after ttlMs when its holder died, and stops waiting when the SDK gives up', async () => {
    let clock = 0;
    const { redis } = fakeRedis(() => clock);
    const lock = redisLock(redis, { ttlMs: 1_000, pollMs: 1 });
    await redis.set('novavms:x', 'a dead holder', { NX: true, PX: 1_000 });
    const controller = new AbortController();
    const waiting = lock('x', async () => 'ran', { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
    clock = 1_000;
    expect(await lock('x', async () => 'ran', { signal: new AbortController().signal })).toBe('ran');
  });
});

describe('recipe: web mode from a server route that forwards the browser cookie', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer();
  });
  afterAll(async () => {
    await server.close();
  });

  /** A browser's login: its refresh cookie and its User-Agent. */
  async function browserLogin(userAgent: string): Promise<string> {
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': userAgent },
      body: JSON.stringify({ email: server.demo.ownerEmail, password: server.demo.password, client_type: 'web' }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith(`${refreshCookie.name}=`));
    return cookie?.split(';')[0] ?? '';
  }

  it("calls as the browser's session, refreshes once for requests that arrive together, and hands the rotated cookie back", async () => {
    const userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0';
    const cookie = await browserLogin(userAgent);
    const observed = observedFetch((request, init) => fetch(request, init));
    const incoming = () =>
      new Request('https://app.example/api/cameras', {
        headers: { cookie: `theme=dark; ${cookie}`, 'user-agent': userAgent },
      });
    const route = async () => {
      const { client, setCookies } = await browserSession(incoming(), server.url, observed.fetch);
      const { data, response } = await client.GET('/api/v1/cameras');
      return { status: response.status, cameras: data?.data.length ?? 0, setCookies };
    };
    const [first, second] = await Promise.all([route(), route()]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.cameras).toBeGreaterThan(0);
    expect(observed.count('/api/auth/refresh')).toBe(1);
    const refresh = observed.calls.find((call) => call.path === '/api/auth/refresh');
    expect(refresh?.headers.get('cookie')).toBe(cookie);
    expect(refresh?.headers.get('User-Agent')).toBe(userAgent);
    expect(refresh?.headers.get(refreshCookie.csrfHeader)).toBe(refreshCookie.csrfValue);
    const rotated = [...first.setCookies, ...second.setCookies].find((line) => line.startsWith(refreshCookie.name));
    expect(rotated).toMatch(/HttpOnly/);
    expect(rotated?.split(';')[0]).not.toBe(cookie);
    // The browser's next request, with the rotated cookie, needs no refresh while the token lives.
    const next = await browserSession(
      new Request('https://app.example/api/cameras', {
        headers: { cookie: rotated?.split(';')[0] ?? '', 'user-agent': userAgent },
      }),
      server.url,
      observed.fetch,
    );
    expect((await next.client.GET('/api/v1/me')).response.status).toBe(200);
    expect(observed.count('/api/auth/refresh')).toBe(1);
    expect(lifetimes.UserAccessToken.defaultSeconds).toBeGreaterThan(60);
  });
});

describe('docs/sdk-recipes.md', () => {
  it('shows the tested recipes as they are', () => {
    const page = readFileSync(new URL('../../docs/sdk-recipes.md', import.meta.url), 'utf8');
    for (const file of ['redis-lock.ts', 'browser-session.ts']) {
      const source = readFileSync(new URL(`../../docs/recipes/${file}`, import.meta.url), 'utf8');
      const shown = source.replace(/from '\.\.\/\.\.\/src\/index\.js'/g, "from '@novavms/sdk'");
      expect(page).toContain(shown.trim());
    }
  });
});
