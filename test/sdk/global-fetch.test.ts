import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient, isNovaVmsError, type Middleware } from '../../src/index.js';
import { FakeAuthServer, stall } from './support/fake-auth-server.js';

const baseUrl = 'http://novavms.test';
const credentials = { email: 'ops@example.com', password: 'CorrectHorseBattery!' };

/** One request as the global fetch received it, as the Request fetch makes of its arguments. */
interface Arrival {
  request: Request;
}

/** Replaces the global fetch with one that answers with `respond` and records what it receives, as fetch reads it. */
function globalFetch(respond: (request: Request, init?: RequestInit) => Promise<Response> | Response) {
  const arrivals: Arrival[] = [];
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    arrivals.push({ request });
    return respond(request, init);
  });
  return arrivals;
}

const cameras = () =>
  new Response('{"data":[],"next_cursor":null}', { headers: { 'Content-Type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a client without a fetch of its own', () => {
  it('sends with the global fetch of the moment of each call, so a mock installed after createClient sees the calls', async () => {
    const client = createClient({ baseUrl, apiKey: 'sk_live_abc123' });
    const arrivals = globalFetch(cameras);
    const { data } = await client.GET('/api/v1/cameras', { params: { query: { limit: 5 } } });
    expect(data).toEqual({ data: [], next_cursor: null });
    expect(arrivals.map((a) => a.request.url)).toEqual([`${baseUrl}/api/v1/cameras?limit=5`]);
    expect(arrivals[0]?.request.headers.get('Authorization')).toBe('Bearer sk_live_abc123');
    expect(arrivals[0]?.request.headers.get('User-Agent')).toMatch(/^@novavms\/sdk\//);
  });

  it("puts the credential on after the application's middleware, which sees a real Request", async () => {
    const arrivals = globalFetch(cameras);
    const client = createClient({ baseUrl, apiKey: 'sk_live_abc123' });
    const seen: unknown[] = [];
    const tagging: Middleware = {
      onRequest({ request }) {
        seen.push(request);
        expect(request.headers.has('Authorization')).toBe(false);
        request.headers.set('X-Team', 'video');
        return request;
      },
    };
    client.use(tagging);
    await client.GET('/api/v1/cameras');
    expect(seen[0]).toBeInstanceOf(Request);
    expect(arrivals[0]?.request.headers.get('X-Team')).toBe('video');
    expect(arrivals[0]?.request.headers.get('Authorization')).toBe('Bearer sk_live_abc123');
  });

  it('renews an expired access token and sends the call again with the new one', async () => {
    const server = new FakeAuthServer();
    const arrivals = globalFetch(server.respond);
    const client = createClient({ baseUrl, session: {} });
    await client.auth.login(credentials);
    server.expireAccessTokens();
    const { data, error } = await client.GET('/api/v1/cameras');
    expect(error).toBeUndefined();
    expect(data).toEqual({ data: [], next_cursor: null });
    const calls = arrivals.filter((a) => a.request.url === `${baseUrl}/api/v1/cameras`);
    expect(calls.map((a) => a.request.headers.get('Authorization'))).toEqual(['Bearer at_1', 'Bearer at_2']);
  });

  it('sends a GET again after a 503, with its credential', async () => {
    const answers = [new Response(null, { status: 503 }), cameras()];
    const arrivals = globalFetch(() => answers.shift() ?? cameras());
    const waits: number[] = [];
    const client = createClient({
      baseUrl,
      apiKey: 'sk_live_abc123',
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const { data } = await client.GET('/api/v1/cameras');
    expect(data).toEqual({ data: [], next_cursor: null });
    expect(arrivals).toHaveLength(2);
    expect(waits).toHaveLength(1);
    expect(arrivals[1]?.request.headers.get('Authorization')).toBe('Bearer sk_live_abc123');
  });

  it('gives the global fetch the time limit: a call that never answers rejects with TIMEOUT and its request is aborted', async () => {
    const arrivals = globalFetch((request, init) => stall(request, init));
    const client = createClient({ baseUrl, apiKey: 'sk_live_abc123', timeoutMs: 50 });
    const outcome = await client.GET('/api/v1/cameras').catch((error: unknown) => error);
    expect(isNovaVmsError(outcome) && outcome.code).toBe('TIMEOUT');
    expect(arrivals[0]?.request.signal.aborted).toBe(true);
  });

  it("gives the global fetch the caller's signal: an aborted call rejects with ABORTED and its request is aborted", async () => {
    const arrivals = globalFetch((request, init) => stall(request, init));
    const client = createClient({ baseUrl, apiKey: 'sk_live_abc123' });
    const controller = new AbortController();
    const pending = client.GET('/api/v1/cameras', { signal: controller.signal }).catch((error: unknown) => error);
    await vi.waitFor(() => expect(arrivals).toHaveLength(1));
    controller.abort();
    const outcome = await pending;
    expect(isNovaVmsError(outcome) && outcome.code).toBe('ABORTED');
    expect(arrivals[0]?.request.signal.aborted).toBe(true);
  });
});
