import createFetchClient from 'openapi-fetch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { paths } from '../../generated/schema.js';
import { createClient, type Middleware } from '../../src/index.js';

const baseUrl = 'http://novavms.test';
const apiKey = 'sk_live_abc123';

/** What the global fetch was called with: its first argument as given, and the Request fetch makes of both. */
interface Arrival {
  input: unknown;
  request: Request;
}

/** Replaces the global fetch with one that answers with `respond` and records its arguments. */
function globalFetch(respond: () => Response = cameras) {
  const arrivals: Arrival[] = [];
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    arrivals.push({ input, request: new Request(input, init) });
    return Promise.resolve(respond());
  });
  return arrivals;
}

const cameras = () =>
  new Response('{"data":[],"next_cursor":null}', { headers: { 'Content-Type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a call that openapi-fetch would send unchanged', () => {
  it('reaches the global fetch as a URL and an init, not as a Request', async () => {
    const arrivals = globalFetch();
    const client = createClient({ baseUrl, apiKey });
    const { data } = await client.GET('/api/v1/cameras', { params: { query: { limit: 5 } } });
    expect(data).toEqual({ data: [], next_cursor: null });
    expect(arrivals.map((a) => a.input)).toEqual([`${baseUrl}/api/v1/cameras?limit=5`]);
    expect(arrivals[0]?.request.headers.get('Authorization')).toBe(`Bearer ${apiKey}`);
    expect(arrivals[0]?.request.redirect).toBe('follow');
  });

  it('goes through openapi-fetch while middleware is registered, and directly again once it is ejected', async () => {
    const arrivals = globalFetch();
    const client = createClient({ baseUrl, apiKey });
    const seen: Request[] = [];
    const watching: Middleware = {
      onRequest({ request }) {
        seen.push(request);
      },
    };
    client.use(watching);
    await client.GET('/api/v1/cameras');
    client.eject(watching);
    await client.GET('/api/v1/cameras');
    expect(seen).toHaveLength(1);
    expect(arrivals[0]?.input).toBeInstanceOf(Request);
    expect(arrivals[1]?.input).toBe(`${baseUrl}/api/v1/cameras`);
  });

  it('keeps the middleware registered before one that openapi-fetch refuses', async () => {
    const arrivals = globalFetch();
    const client = createClient({ baseUrl, apiKey });
    const seen: Request[] = [];
    const watching: Middleware = {
      onRequest({ request }) {
        seen.push(request);
      },
    };
    expect(() => client.use(watching, 'not middleware' as never)).toThrow();
    await client.GET('/api/v1/cameras');
    expect(seen).toHaveLength(1);
    expect(arrivals[0]?.input).toBeInstanceOf(Request);
  });

  it('leaves to openapi-fetch a call with a body, a parseAs or a serializer, and a client with request options', async () => {
    const arrivals = globalFetch();
    const client = createClient({ baseUrl, apiKey, retries: 0 });
    await client.POST('/api/v1/service-accounts', { body: { name: 'ci' } as never });
    await client.GET('/api/v1/cameras', { parseAs: 'text' });
    await client.GET('/api/v1/cameras', { querySerializer: { array: { style: 'pipeDelimited', explode: false } } });
    await createClient({ baseUrl, apiKey, credentials: 'omit' }).GET('/api/v1/cameras');
    expect(arrivals.map((a) => a.input instanceof Request)).toEqual([true, true, true, true]);
    expect(await arrivals[0]?.request.text()).toBe('{"name":"ci"}');
    expect(arrivals[3]?.request.credentials).toBe('omit');
  });

  it("gives an application's own fetch a Request, as promised, with the call's signal", async () => {
    const received: unknown[] = [];
    const client = createClient({
      baseUrl,
      apiKey,
      fetch: async (request, init) => {
        received.push(request, init?.signal);
        return cameras();
      },
    });
    await client.GET('/api/v1/cameras/{camera_id}', { params: { path: { camera_id: 'cam_1' } } });
    expect(received[0]).toBeInstanceOf(Request);
    expect((received[0] as Request).url).toBe(`${baseUrl}/api/v1/cameras/cam_1`);
    expect((received[0] as Request).headers.get('Authorization')).toBe(`Bearer ${apiKey}`);
    expect(received[1]).toBeInstanceOf(AbortSignal);
  });

  it('sends by URL through a fetch option that is the global fetch itself, as without one', async () => {
    const arrivals = globalFetch();
    const client = createClient({ baseUrl, apiKey, fetch: globalThis.fetch });
    await client.GET('/api/v1/cameras', { params: { query: { limit: 5 } } });
    await client.GET('/api/v1/cameras', { signal: new AbortController().signal });
    expect(arrivals.map((a) => a.input)).toEqual([`${baseUrl}/api/v1/cameras?limit=5`, `${baseUrl}/api/v1/cameras`]);
    expect(arrivals[0]?.request.headers.get('Authorization')).toBe(`Bearer ${apiKey}`);
    // The global fetch replaced afterwards is another function: the one given gets a Request, as promised.
    const later = globalFetch();
    await client.GET('/api/v1/cameras');
    expect(later).toHaveLength(0);
    expect(arrivals[2]?.input).toBeInstanceOf(Request);
  });
});

/** An answer to compare: its status, headers and body as the server sends them. */
const answers: Record<string, () => Response> = {
  'JSON with a length': () =>
    new Response('{"data":[{"id":"cam_1"}]}', {
      headers: { 'Content-Type': 'application/json', 'Content-Length': '25' },
    }),
  'JSON without a length': () => new Response('{"data":[]}', { headers: { 'Content-Type': 'application/json' } }),
  'an empty 200 without a length': () => new Response('', { status: 200 }),
  'a 200 with Content-Length 0': () => new Response(null, { status: 200, headers: { 'Content-Length': '0' } }),
  '204': () => new Response(null, { status: 204 }),
  'a JSON problem': () =>
    new Response('{"code":"NOT_FOUND","status":404}', {
      status: 404,
      headers: { 'Content-Type': 'application/problem+json' },
    }),
  'a text error': () => new Response('upstream failed', { status: 500 }),
  'an error without a body': () => new Response(null, { status: 403 }),
};

/** Requests to compare: method, path template and options, some of them beyond the contract's types. */
const requests: [string, string, string, Record<string, unknown>][] = [
  ['a list with a query', 'GET', '/api/v1/cameras', { params: { query: { limit: 5, cursor: 'a b/c&d' } } }],
  ['a path parameter', 'GET', '/api/v1/cameras/{camera_id}', { params: { path: { camera_id: 'cam 1/x' } } }],
  ['an array in the query', 'GET', '/api/v1/cameras', { params: { query: { site: ['north', 'south'], empty: [] } } }],
  [
    'headers of the call and its parameters',
    'GET',
    '/api/v1/cameras',
    { headers: { 'X-Trace': '1', 'X-Team': null }, params: { header: { 'X-Request-Id': 'r1' } } },
  ],
  [
    'a DELETE',
    'DELETE',
    '/api/v1/service-accounts/{service_account_id}/keys/{key_id}',
    { params: { path: { service_account_id: 'sa_1', key_id: 'key_2' } } },
  ],
  ['a HEAD', 'HEAD', '/api/v1/cameras', {}],
];

type Call = (
  method: string,
  path: string,
  init: unknown,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** What a request looks like at the fetch, without the User-Agent the SDK adds outside browsers. */
function shape(request: Request) {
  const headers = [...request.headers].filter(([name]) => name !== 'user-agent');
  return { url: request.url, method: request.method, redirect: request.redirect, headers };
}

/** The outcome of a call: its data or error and status, or the error it threw. */
async function outcome(pending: ReturnType<Call>) {
  try {
    const { data, error, response } = await pending;
    return { data, error, status: response.status };
  } catch (thrown) {
    return { thrown: String(thrown) };
  }
}

describe('a direct call and the same call through openapi-fetch alone', () => {
  const clientHeaders = { 'X-Team': 'video', Accept: 'application/json' };

  for (const [label, method, path, init] of requests) {
    for (const [answer, respond] of Object.entries(answers)) {
      it(`send the same request and read the same answer: ${label}, answered with ${answer}`, async () => {
        const arrivals = globalFetch(respond);
        const sdk = createClient({ baseUrl, apiKey, headers: clientHeaders, retries: 0, onDeprecated: false });
        const alone = createFetchClient<paths>({
          baseUrl,
          headers: { ...clientHeaders, Authorization: `Bearer ${apiKey}` },
          fetch: (request: Request) => globalThis.fetch(request),
        });
        const viaSdk = await outcome((sdk.request as unknown as Call)(method, path, init));
        const viaOpenapiFetch = await outcome((alone.request as unknown as Call)(method, path, init));
        expect(arrivals).toHaveLength(2);
        expect(typeof arrivals[0]?.input).toBe('string');
        expect(shape(arrivals[0]!.request)).toEqual(shape(arrivals[1]!.request));
        expect(viaSdk).toEqual(viaOpenapiFetch);
      });
    }
  }

  it('read an answer that is not JSON as the same SyntaxError', async () => {
    globalFetch(() => new Response('<html>', { headers: { 'Content-Length': '6' } }));
    const sdk = createClient({ baseUrl, apiKey, retries: 0 });
    const alone = createFetchClient<paths>({ baseUrl, fetch: (request: Request) => globalThis.fetch(request) });
    const viaSdk = await outcome(sdk.GET('/api/v1/cameras'));
    expect(viaSdk).toEqual(await outcome(alone.GET('/api/v1/cameras')));
    expect(viaSdk.thrown).toMatch(/SyntaxError/);
  });
});
