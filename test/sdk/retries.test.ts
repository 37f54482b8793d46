import createFetchClient, { type Middleware } from 'openapi-fetch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { paths } from '../../src/index.js';
import { createClient, isNovaVmsError } from '../../src/index.js';
import { backoffMs } from '../../src/transport.js';
import { problemResponse, stall } from './support/fake-auth-server.js';
import { observedFetch, type Responder } from './support/observed-fetch.js';

const cameras = () => Response.json({ data: [], next_cursor: null });
const unavailable = (headers: Record<string, string> = {}) =>
  new Response('upstream down', { status: 503, headers: { 'Content-Type': 'text/plain', ...headers } });

/** An API-key client whose answers come from `script` in turn, and whose retry waits are recorded instead of waited. */
function scripted(script: Responder[], options: { retries?: number; timeoutMs?: number } = {}) {
  const waits: number[] = [];
  let turn = 0;
  const observed = observedFetch((request, init) => {
    const next = script[Math.min(turn, script.length - 1)];
    turn += 1;
    if (next === undefined) throw new Error('no answer scripted');
    return next(request, init);
  });
  const client = createClient({
    apiKey: 'sk_test_abc123',
    baseUrl: 'http://novavms.test',
    fetch: observed.fetch,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...options,
  });
  return { client, observed, waits };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('retries of idempotent calls', () => {
  it('sends a GET again after a 503 with Retry-After, waiting exactly that long', async () => {
    const { client, observed, waits } = scripted([() => unavailable({ 'Retry-After': '3' }), cameras]);
    const { response } = await client.GET('/api/v1/cameras');
    expect(response.status).toBe(200);
    expect(observed.count('/api/v1/cameras')).toBe(2);
    expect(waits).toEqual([3_000]);
    expect(observed.calls.map((c) => c.headers.get('Authorization'))).toEqual([
      'Bearer sk_test_abc123',
      'Bearer sk_test_abc123',
    ]);
  });

  it('honours the Retry-After of a 429, and gives a 429 without one to the caller at once', async () => {
    const limited = (headers: Record<string, string>) => () => {
      const answer = problemResponse('RATE_LIMITED');
      for (const [name, value] of Object.entries(headers)) answer.headers.set(name, value);
      return answer;
    };
    const honoured = scripted([limited({ 'Retry-After': '7' }), cameras]);
    expect((await honoured.client.GET('/api/v1/cameras')).response.status).toBe(200);
    expect(honoured.waits).toEqual([7_000]);

    const bare = scripted([limited({}), cameras]);
    const { error } = await bare.client.GET('/api/v1/cameras');
    expect(error?.code).toBe('RATE_LIMITED');
    expect(bare.observed.count('/api/v1/cameras')).toBe(1);
  });

  it('backs off exponentially with jitter after 502, 503 and 504, then gives the last answer', async () => {
    const gateway = (status: number) => () => new Response('', { status });
    const { client, waits, observed } = scripted([gateway(502), gateway(504), gateway(503)], { retries: 2 });
    const { response } = await client.GET('/api/v1/cameras');
    expect(response.status).toBe(503);
    expect(observed.count('/api/v1/cameras')).toBe(3);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeLessThanOrEqual(200);
    expect(waits[1]).toBeLessThanOrEqual(400);
    expect(backoffMs(0, () => 1)).toBe(200);
    expect(backoffMs(3, () => 0.5)).toBe(800);
    expect(backoffMs(10, () => 1)).toBe(5_000);
  });

  it('sends a GET again after a network error, and types the last one as NETWORK_ERROR', async () => {
    const down = () => {
      throw new TypeError('fetch failed');
    };
    const recovers = scripted([down, cameras]);
    expect((await recovers.client.GET('/api/v1/cameras')).response.status).toBe(200);
    const never = scripted([down], { retries: 1 });
    const error = await never.client.GET('/api/v1/cameras').catch((failure: unknown) => failure);
    expect(isNovaVmsError(error) && error.code).toBe('NETWORK_ERROR');
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expect(never.observed.count('/api/v1/cameras')).toBe(2);
  });

  it('never sends a POST twice, and retries: 0 turns retries off', async () => {
    const post = scripted([() => unavailable({ 'Retry-After': '1' }), cameras]);
    const { response } = await post.client.POST('/api/v1/service-accounts', { body: { name: 'x', role: 'viewer' } });
    expect(response.status).toBe(503);
    expect(post.observed.count('/api/v1/service-accounts')).toBe(1);
    const off = scripted([() => unavailable({ 'Retry-After': '1' }), cameras], { retries: 0 });
    expect((await off.client.GET('/api/v1/cameras')).response.status).toBe(503);
    expect(off.waits).toEqual([]);
  });

  it('does not wait longer than the call may take: a Retry-After past timeoutMs is the answer', async () => {
    const { client, waits } = scripted([() => unavailable({ 'Retry-After': '60' }), cameras], { timeoutMs: 30_000 });
    expect((await client.GET('/api/v1/cameras')).response.status).toBe(503);
    expect(waits).toEqual([]);
  });

  it("measures a Retry-After against the call's own time limit, and the time the call has taken already", async () => {
    const { client, waits } = scripted([() => unavailable({ 'Retry-After': '5' }), cameras], { timeoutMs: 30_000 });
    expect((await client.GET('/api/v1/cameras', { timeoutMs: 1_000 })).response.status).toBe(503);
    expect(waits).toEqual([]);
    const unlimited = scripted([() => unavailable({ 'Retry-After': '5' }), cameras], { timeoutMs: 3_000 });
    expect((await unlimited.client.GET('/api/v1/cameras', { timeoutMs: 0 })).response.status).toBe(200);
    expect(unlimited.waits).toEqual([5_000]);
    // 5 s would fit in 8 s, but not after the 4 s the first answer took.
    vi.useFakeTimers({ toFake: ['Date'] });
    const slow = scripted(
      [
        () => {
          vi.advanceTimersByTime(4_000);
          return unavailable({ 'Retry-After': '5' });
        },
        cameras,
      ],
      { timeoutMs: 8_000 },
    );
    expect((await slow.client.GET('/api/v1/cameras')).response.status).toBe(503);
    expect(slow.waits).toEqual([]);
  });
});

describe('the time limit of a call', () => {
  it('aborts a call that gets no answer with TIMEOUT (call) between timeoutMs and 1⅛ × timeoutMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { client } = scripted([(request, init) => stall(request, init)], { timeoutMs: 8_000, retries: 0 });
    let outcome: unknown;
    const call = client.GET('/api/v1/cameras').then(
      () => 'answered',
      (error: unknown) => error,
    );
    void call.then((value) => (outcome = value));
    await vi.advanceTimersByTimeAsync(7_999);
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1_001);
    expect(await call).toMatchObject({ name: 'NovaVmsError', code: 'TIMEOUT', timedOut: 'call', status: 0 });
  });

  it("takes a call's own timeoutMs and signal", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { client } = scripted([(request, init) => stall(request, init)], { timeoutMs: 0, retries: 0 });
    const own = client.GET('/api/v1/cameras', { timeoutMs: 500 }).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(500);
    expect(await own).toMatchObject({ code: 'TIMEOUT', timedOut: 'call' });
    const controller = new AbortController();
    const aborted = client.GET('/api/v1/cameras', { signal: controller.signal }).catch((error: unknown) => error);
    controller.abort('stop');
    expect(await aborted).toMatchObject({ code: 'ABORTED', cause: 'stop' });
  });

  it("hands the call's signal to the application's fetch, and does not send a call whose signal has aborted", async () => {
    const signals: Array<AbortSignal | null | undefined> = [];
    const client = createClient({
      apiKey: 'sk_test_abc123',
      baseUrl: 'http://novavms.test',
      fetch: async (_request, init) => {
        signals.push(init?.signal);
        return cameras();
      },
      timeoutMs: 1_000,
      retries: 0,
    });
    await client.GET('/api/v1/cameras');
    expect(signals[0]).toBeInstanceOf(AbortSignal);
    const controller = new AbortController();
    controller.abort('stop');
    const early = await client.GET('/api/v1/cameras', { signal: controller.signal }).catch((error: unknown) => error);
    expect(early).toMatchObject({ code: 'ABORTED', cause: 'stop' });
    expect(signals).toHaveLength(1);
  });

  it('refuses a time limit or retry count that is not a whole number ≥ 0', () => {
    expect(() => createClient({ apiKey: 'sk_test_abc123', timeoutMs: -1 })).toThrow(/timeoutMs/);
    expect(() => createClient({ apiKey: 'sk_test_abc123', retries: 1.5 })).toThrow(/retries/);
    expect(() => createClient({ session: { refreshTimeoutMs: Number.NaN } })).toThrow(/refreshTimeoutMs/);
  });
});

describe('the credential is the innermost step (what the SDK relies on in openapi-fetch)', () => {
  it("openapi-fetch calls the client's fetch after every onRequest, with the request they returned, and hands its answer to every onResponse", async () => {
    const order: string[] = [];
    const client = createFetchClient<paths>({
      baseUrl: 'http://novavms.test',
      fetch: async (request) => {
        order.push(`fetch ${request.headers.get('X-Outer')}`);
        return cameras();
      },
    });
    const outer: Middleware = {
      onRequest({ request }) {
        order.push('outer request');
        const changed = new Request(request);
        changed.headers.set('X-Outer', 'set');
        return changed;
      },
      onResponse({ response }) {
        order.push(`outer response ${response.status}`);
      },
    };
    client.use(outer);
    await client.GET('/api/v1/cameras');
    expect(order).toEqual(['outer request', 'fetch set', 'outer response 200']);
  });

  it("a call's own fetch still gets the credential, time limit and retries", async () => {
    const { client, observed } = scripted([cameras]);
    const own = observedFetch(() => cameras());
    await client.GET('/api/v1/cameras', { fetch: own.fetch });
    expect(observed.calls).toHaveLength(0);
    expect(own.calls[0]?.headers.get('Authorization')).toBe('Bearer sk_test_abc123');
  });
});
