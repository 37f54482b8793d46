import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultServerUrl, keyFormat } from '../../generated/contract.js';
import { createClient, sdkVersion } from '../../src/index.js';
import { FakeAuthServer } from './support/fake-auth-server.js';
import { observedFetch } from './support/observed-fetch.js';

const page = {
  pickOne: 'Pick one per integration — do not mix.',
};

describe('createClient', () => {
  it('refuses apiKey and session together, quoting the page', () => {
    // "Both travel in the Authorization: Bearer ... header. Pick one per integration — do not mix."
    const mixed = { apiKey: 'sk_live_abc123', session: {} } as unknown as Parameters<typeof createClient>[0];
    expect(() => createClient(mixed)).toThrow(TypeError);
    expect(() => createClient(mixed)).toThrow(page.pickOne);
  });

  it('refuses an API key without a known prefix, naming the prefixes from the contract', () => {
    for (const bad of ['', 'abc123', 'rt_abc', 'sk_live_ab c', 'eyJhbGciOiJFUzI1NiJ9.e30.sig']) {
      expect(() => createClient({ apiKey: bad })).toThrow(keyFormat.prefixes.live);
    }
  });

  it('refuses a multi-line or empty session.userAgent', () => {
    expect(() => createClient({ session: { userAgent: 'a\r\nX-Injected: 1' } })).toThrow(/single-line/);
    expect(() => createClient({ session: { userAgent: ' ' } })).toThrow(/non-empty/);
  });

  it('defaults baseUrl to the first server of the spec', async () => {
    const observed = observedFetch(
      () => new Response('{"data":[],"next_cursor":null}', { headers: { 'Content-Type': 'application/json' } }),
    );
    const client = createClient({ apiKey: 'sk_live_abc123', fetch: observed.fetch });
    await client.GET('/api/v1/cameras');
    expect(observed.calls[0]?.url).toBe(`${defaultServerUrl}/api/v1/cameras`);
  });

  it('passes openapi-fetch options through: baseUrl, fetch and headers', async () => {
    const observed = observedFetch(
      () => new Response('{"data":[],"next_cursor":null}', { headers: { 'Content-Type': 'application/json' } }),
    );
    const client = createClient({
      apiKey: 'sk_test_abc123',
      baseUrl: 'http://localhost:4010/',
      fetch: observed.fetch,
      headers: { 'X-Team': 'video' },
    });
    const { data } = await client.GET('/api/v1/cameras', { params: { query: { limit: 5 } } });
    expect(data).toEqual({ data: [], next_cursor: null });
    expect(observed.calls[0]?.url).toBe('http://localhost:4010/api/v1/cameras?limit=5');
    expect(observed.calls[0]?.headers.get('X-Team')).toBe('video');
  });

  it('puts the API key only on operations that take a bearer credential', async () => {
    const observed = observedFetch(() => new Response('{}', { headers: { 'Content-Type': 'application/json' } }));
    const client = createClient({ apiKey: 'sk_live_abc123', fetch: observed.fetch });
    await client.GET('/api/v1/cameras');
    await client.GET('/api/v1/cameras/{camera_id}', { params: { path: { camera_id: 'cam_lobby01' } } });
    await client.GET('/api/v1/me');
    await client.GET('/.well-known/jwks.json');
    await client.POST('/api/auth/login', { body: { email: 'ops@example.com', password: 'x', remember_me: false } });
    const byPath = Object.fromEntries(observed.calls.map((call) => [call.path, call.headers.get('Authorization')]));
    expect(byPath).toEqual({
      '/api/v1/cameras': 'Bearer sk_live_abc123',
      '/api/v1/cameras/cam_lobby01': 'Bearer sk_live_abc123',
      '/api/v1/me': 'Bearer sk_live_abc123',
      '/.well-known/jwks.json': null,
      '/api/auth/login': null,
    });
  });

  it('pins the default User-Agent @novavms/sdk/<version> node/<version> in Node', async () => {
    const observed = observedFetch(() => new Response('{}', { headers: { 'Content-Type': 'application/json' } }));
    await createClient({ apiKey: 'sk_live_abc123', fetch: observed.fetch }).GET('/api/v1/me');
    expect(observed.calls[0]?.headers.get('User-Agent')).toBe(
      `@novavms/sdk/${sdkVersion} node/${process.versions.node}`,
    );
  });

  it('gives sessions a default User-Agent that survives patch and Node upgrades (the session is bound to it)', async () => {
    const server = new FakeAuthServer();
    const observed = observedFetch(server.respond);
    const app = createClient({ baseUrl: 'http://novavms.test', fetch: observed.fetch, session: {} });
    await app.auth.login({ email: 'ops@example.com', password: 'CorrectHorseBattery!' });
    const login = observed.calls.find((call) => call.path === '/api/auth/login');
    expect(login?.headers.get('User-Agent')).toBe(`@novavms/sdk/${sdkVersion.split('.')[0]} (session)`);
    expect(login?.headers.get('User-Agent')).not.toContain(process.versions.node);
  });

  it('keeps sdkVersion equal to the package version', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(sdkVersion).toBe(manifest.version);
  });

  it('logs in with client_type "api" in Node and sends the session User-Agent on login and refresh', async () => {
    const server = new FakeAuthServer();
    const observed = observedFetch(server.respond);
    const app = createClient({
      baseUrl: 'http://novavms.test',
      fetch: observed.fetch,
      session: { userAgent: 'Acme/2.0' },
    });
    await app.auth.login({ email: 'ops@example.com', password: 'CorrectHorseBattery!', rememberMe: true });
    server.expireAccessTokens();
    await app.GET('/api/v1/cameras');
    const login = observed.calls.find((call) => call.path === '/api/auth/login');
    const refresh = observed.calls.find((call) => call.path === '/api/auth/refresh');
    expect(JSON.parse(login?.body ?? '{}')).toEqual({
      email: 'ops@example.com',
      password: 'CorrectHorseBattery!',
      client_type: 'api',
      remember_me: true,
    });
    expect(login?.headers.get('User-Agent')).toBe('Acme/2.0');
    expect(refresh?.headers.get('User-Agent')).toBe('Acme/2.0');
    expect(refresh?.headers.get('Authorization')).toBe('Bearer rt_1');
    expect(refresh?.body).toBe('');
  });
});
