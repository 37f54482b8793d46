/**
 * openapi-fetch's `requestInitExt`: fetch options beyond RequestInit (undici's `dispatcher`,
 * for a proxy or a connection pool of the application's own), given to fetch with every
 * request in its second argument. The SDK sends them with every request it sends too: direct
 * calls, calls through middleware, retries, renewed calls, and the session's own requests.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient, type Middleware } from '../../src/index.js';
import { FakeAuthServer } from './support/fake-auth-server.js';

const baseUrl = 'http://novavms.test';
const apiKey = 'sk_live_abc123';
const credentials = { email: 'ops@example.com', password: 'CorrectHorseBattery!' };
/** Stands in for an undici Dispatcher: fetch only passes it on, and the test looks for it. */
const dispatcher = { name: 'the application’s proxy agent' };

/** What fetch got for one request: where it went, its Authorization, and fetch's second argument. */
interface Sent {
  url: string;
  authorization: string | null;
  init: (RequestInit & { dispatcher?: unknown }) | undefined;
}

/** A fetch that records what it gets and answers with `respond`. */
function recording(respond: (request: Request) => Promise<Response> | Response = cameras) {
  const sent: Sent[] = [];
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    sent.push({ url: request.url, authorization: request.headers.get('Authorization'), init });
    return Promise.resolve(respond(request));
  };
  return { sent, fetch };
}

const cameras = () =>
  new Response('{"data":[],"next_cursor":null}', { headers: { 'Content-Type': 'application/json' } });

const tagging: Middleware = {
  onRequest({ request }) {
    request.headers.set('X-Team', 'video');
    return request;
  },
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the client's requestInitExt", () => {
  it('reaches the global fetch on a call without options, beside the time limit', async () => {
    const { sent, fetch } = recording();
    vi.stubGlobal('fetch', fetch);
    const client = createClient({ baseUrl, apiKey, requestInitExt: { dispatcher } });
    const { data } = await client.GET('/api/v1/cameras', { params: { query: { limit: 5 } } });
    expect(data).toEqual({ data: [], next_cursor: null });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.init?.dispatcher).toBe(dispatcher);
    expect(sent[0]?.init?.signal).toBeInstanceOf(AbortSignal);
    expect(sent[0]?.url).toBe(`${baseUrl}/api/v1/cameras?limit=5`);
    expect(sent[0]?.authorization).toBe(`Bearer ${apiKey}`);
  });

  it('reaches the global fetch without a time limit (timeoutMs: 0) and through middleware', async () => {
    const { sent, fetch } = recording();
    vi.stubGlobal('fetch', fetch);
    const unlimited = createClient({ baseUrl, apiKey, timeoutMs: 0, requestInitExt: { dispatcher } });
    await unlimited.GET('/api/v1/cameras');
    const wrapped = createClient({ baseUrl, apiKey, requestInitExt: { dispatcher } });
    wrapped.use(tagging);
    await wrapped.GET('/api/v1/cameras');
    expect(sent.map((s) => s.init?.dispatcher)).toEqual([dispatcher, dispatcher]);
    expect(sent[0]?.init?.signal ?? undefined).toBeUndefined();
    expect(sent[1]?.init?.signal).toBeInstanceOf(AbortSignal);
  });

  it("reaches the application's fetch, and a call's own fetch, with the call's signal", async () => {
    const own = recording();
    const perCall = recording();
    const client = createClient({ baseUrl, apiKey, fetch: own.fetch, requestInitExt: { dispatcher } });
    const controller = new AbortController();
    await client.GET('/api/v1/cameras', { signal: controller.signal });
    await client.GET('/api/v1/cameras', { fetch: perCall.fetch });
    expect(own.sent[0]?.init?.dispatcher).toBe(dispatcher);
    expect(own.sent[0]?.init?.signal).toBeInstanceOf(AbortSignal);
    controller.abort();
    expect(own.sent[0]?.init?.signal?.aborted).toBe(true);
    expect(perCall.sent[0]?.init?.dispatcher).toBe(dispatcher);
  });

  it('goes with a retry after a 503 and with a POST', async () => {
    const answers = [new Response(null, { status: 503 })];
    const { sent, fetch } = recording(() => answers.shift() ?? cameras());
    const client = createClient({ baseUrl, apiKey, fetch, requestInitExt: { dispatcher }, sleep: async () => {} });
    await client.GET('/api/v1/cameras');
    await client.POST('/api/v1/service-accounts', { body: { name: 'Exporter', role: 'viewer' } });
    expect(sent.map((s) => s.init?.dispatcher)).toEqual([dispatcher, dispatcher, dispatcher]);
  });

  it("goes with the session's login and refresh, and with the call sent again after a renewed token", async () => {
    const server = new FakeAuthServer();
    const { sent, fetch } = recording(server.respond);
    const client = createClient({ baseUrl, fetch, session: {}, requestInitExt: { dispatcher } });
    await client.auth.login(credentials);
    server.expireAccessTokens();
    const { error } = await client.GET('/api/v1/cameras');
    expect(error).toBeUndefined();
    const paths = sent.map((s) => new URL(s.url).pathname);
    expect(paths).toEqual(['/api/auth/login', '/api/v1/cameras', '/api/auth/refresh', '/api/v1/cameras']);
    expect(sent.map((s) => s.init?.dispatcher)).toEqual(paths.map(() => dispatcher));
    expect(sent.at(-1)?.authorization).toBe('Bearer at_2');
  });

  it('is refused when it is not an object of options', () => {
    for (const requestInitExt of ['dispatcher', 42, [dispatcher]]) {
      expect(() => createClient({ baseUrl, apiKey, requestInitExt: requestInitExt as never })).toThrow(
        /`requestInitExt` must be an object/,
      );
    }
  });

  it('is refused when it sets what the SDK sets itself, saying which option to use instead', () => {
    const refused: Array<[string, RegExp]> = [
      ['signal', /`requestInitExt.signal` is not sent by the SDK; use the client's `signal` option/],
      ['headers', /`requestInitExt.headers` .*the client's `headers` option/],
      ['method', /`requestInitExt.method` .*the method of the call/],
      ['body', /`requestInitExt.body` .*a call's `body`/],
    ];
    for (const [key, message] of refused) {
      const requestInitExt = { dispatcher, [key]: key === 'signal' ? new AbortController().signal : 'x' };
      expect(() => createClient({ baseUrl, apiKey, requestInitExt })).toThrow(message);
      expect(() => createClient({ baseUrl, session: {}, requestInitExt })).toThrow(message);
    }
  });

  it('takes a key that only shares its name with a member of every object', async () => {
    const { sent, fetch } = recording();
    const client = createClient({ baseUrl, apiKey, fetch, requestInitExt: { constructor: dispatcher } });
    await client.GET('/api/v1/cameras');
    expect(sent[0]?.init).toMatchObject({ constructor: dispatcher });
  });

  it('may be null, as openapi-fetch allows: no options', async () => {
    const { sent, fetch } = recording();
    const client = createClient({ baseUrl, apiKey, fetch, requestInitExt: null as never });
    await client.GET('/api/v1/cameras');
    expect(sent).toHaveLength(1);
    expect(Object.keys(sent[0]?.init ?? {})).toEqual(['signal']);
  });
});
