/**
 * Deprecated operations are reported once per client: from the SDK's contract before the
 * first call, and from the Deprecation and Sunset headers a newer server sends, in the form
 * the reference server writes them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { operations } from '../../generated/contract.js';
import { deprecationHeaders } from '../../mock/src/deprecation.js';
import { DeprecationReporter } from '../../src/deprecation.js';
import {
  createClient,
  type DeprecationNotice,
  deprecationDate,
  quotaOf,
  rateLimitOf,
  sunsetDate,
} from '../../src/index.js';
import { createRouter } from '../../src/routes.js';
import { Transport } from '../../src/transport.js';
import { observedFetch } from './support/observed-fetch.js';

const baseUrl = 'http://novavms.test';
const deprecation = { announced: '2026-12-01', sunset: '2027-06-01', replacement: 'listCameras' };
const cameras = () => Response.json({ data: [], next_cursor: null });

/** A GET /api/v1/cameras answer that says the operation is deprecated, as the reference server says it. */
const deprecatedCameras = () => {
  const answer = cameras();
  for (const [name, value] of Object.entries(
    deprecationHeaders(deprecation as unknown as Parameters<typeof deprecationHeaders>[0]) ?? {},
  ))
    answer.headers.set(name, value);
  return answer;
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('deprecated operations the answers name (Deprecation, Sunset)', () => {
  it('calls onDeprecated once per operation, with the dates of the headers', async () => {
    const notices: DeprecationNotice[] = [];
    const observed = observedFetch((request) => (request.url.includes('/cameras') ? deprecatedCameras() : cameras()));
    const client = createClient({
      apiKey: 'sk_test_abc123',
      baseUrl,
      fetch: observed.fetch,
      onDeprecated: (notice) => notices.push(notice),
    });
    await client.GET('/api/v1/cameras');
    await client.GET('/api/v1/cameras');
    await client.GET('/api/v1/cameras', { params: { query: { limit: 5 } } });
    await client.GET('/api/v1/me');
    expect(observed.calls).toHaveLength(4);
    expect(notices).toEqual([
      {
        operationId: 'listCameras',
        method: 'GET',
        path: '/api/v1/cameras',
        deprecatedAt: new Date('2026-12-01T00:00:00Z'),
        sunset: new Date('2027-06-01T00:00:00Z'),
        replacement: undefined,
        source: 'response',
      },
    ]);
  });

  it('counts the paths of one templated operation as one operation', async () => {
    const notices: DeprecationNotice[] = [];
    const client = createClient({
      apiKey: 'sk_test_abc123',
      baseUrl,
      fetch: () => Promise.resolve(deprecatedCameras()),
      onDeprecated: (notice) => notices.push(notice),
    });
    await client.GET('/api/v1/cameras/{camera_id}', { params: { path: { camera_id: 'cam_1' } } });
    await client.GET('/api/v1/cameras/{camera_id}', { params: { path: { camera_id: 'cam_2' } } });
    expect(notices.map((n) => [n.operationId, n.path])).toEqual([['getCamera', '/api/v1/cameras/{camera_id}']]);
  });

  it('warns once on the console by default, naming the operation and its sunset', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const client = createClient({
      apiKey: 'sk_test_abc123',
      baseUrl,
      fetch: () => Promise.resolve(deprecatedCameras()),
    });
    await client.GET('/api/v1/cameras');
    await client.GET('/api/v1/cameras');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toBe(
      '@novavms/sdk: GET /api/v1/cameras (listCameras) is deprecated since 2026-12-01; it may be removed from 2027-06-01.',
    );
  });

  it('reports nothing with onDeprecated: false, nor for answers without the header', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const quiet = createClient({
      apiKey: 'sk_test_abc123',
      baseUrl,
      fetch: () => Promise.resolve(deprecatedCameras()),
      onDeprecated: false,
    });
    await quiet.GET('/api/v1/cameras');
    const plain = createClient({ apiKey: 'sk_test_abc123', baseUrl, fetch: () => Promise.resolve(cameras()) });
    await plain.GET('/api/v1/cameras');
    expect(warn).not.toHaveBeenCalled();
  });

  it('refuses an onDeprecated that is neither a function nor false', () => {
    expect(() => createClient({ onDeprecated: 'warn' as never })).toThrow(
      'createClient: `onDeprecated` must be a function or false.',
    );
  });

  it('a listener that throws does not fail the call; its error goes to console.error', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const client = createClient({
      apiKey: 'sk_test_abc123',
      baseUrl,
      fetch: () => Promise.resolve(deprecatedCameras()),
      onDeprecated: () => {
        throw new Error('listener broke');
      },
    });
    const { response } = await client.GET('/api/v1/cameras');
    expect(response.status).toBe(200);
    expect(error).toHaveBeenCalledWith('@novavms/sdk: the onDeprecated listener threw', expect.any(Error));
  });
});

describe('deprecated operations of the contract (x-novavms-deprecation)', () => {
  /** A transport over a contract in which listCameras is deprecated in favour of getCamera. */
  function transportWith(listener: (notice: DeprecationNotice) => void) {
    const table = {
      ...operations,
      listCameras: { ...operations.listCameras, deprecation: { ...deprecation, replacement: 'getCamera' } },
    };
    const fetches: string[] = [];
    const transport = new Transport({
      fetch: (request) => {
        fetches.push(request.url);
        return Promise.resolve(cameras());
      },
      baseUrl,
      userAgent: undefined,
      credential: undefined,
      timeoutMs: 0,
      retries: 0,
      sleep: undefined,
      signal: undefined,
      deprecations: new DeprecationReporter(listener),
      router: createRouter(table),
    });
    return { transport, fetches };
  }

  it('reports a deprecated operation before its first call, once, with its dates and replacement', async () => {
    const seen: { notice: DeprecationNotice; fetchesBefore: number }[] = [];
    const { transport, fetches } = transportWith((notice) => seen.push({ notice, fetchesBefore: fetches.length }));
    await transport.send(new Request(`${baseUrl}/api/v1/cameras`));
    await transport.send(new Request(`${baseUrl}/api/v1/cameras?limit=2`));
    await transport.send(new Request(`${baseUrl}/api/v1/cameras/cam_1`));
    expect(fetches).toHaveLength(3);
    expect(seen).toEqual([
      {
        fetchesBefore: 0,
        notice: {
          operationId: 'listCameras',
          method: 'GET',
          path: '/api/v1/cameras',
          deprecatedAt: new Date('2026-12-01T00:00:00Z'),
          sunset: new Date('2027-06-01T00:00:00Z'),
          replacement: 'getCamera',
          source: 'contract',
        },
      },
    ]);
  });

  it("this SDK's contract deprecates no operation today, so its clients report none", async () => {
    const deprecated = Object.entries(operations).filter(([, op]) => op.deprecation !== null);
    expect(deprecated).toEqual([]);
  });
});

describe('reading the headers', () => {
  it('reads Deprecation as an RFC 9651 date and Sunset as an HTTP-date, and nothing from malformed values', () => {
    const headers = new Headers({ Deprecation: '@1764547200', Sunset: 'Tue, 01 Jun 2027 00:00:00 GMT' });
    expect(deprecationDate(headers)).toEqual(new Date('2025-12-01T00:00:00Z'));
    expect(sunsetDate(headers)).toEqual(new Date('2027-06-01T00:00:00Z'));
    const bad = new Headers({ Deprecation: 'true', Sunset: 'soon' });
    expect(deprecationDate(bad)).toBeUndefined();
    expect(sunsetDate(bad)).toBeUndefined();
    expect(deprecationDate(new Headers())).toBeUndefined();
  });

  it('reads the quota that RateLimit reports on, with its policy, and nothing when they do not match', () => {
    const headers = new Headers({ 'RateLimit-Policy': '"sk_test";q=120;w=60', RateLimit: '"sk_test";r=119;t=42' });
    expect(quotaOf(headers)).toEqual({
      policy: 'sk_test',
      limit: 120,
      windowSeconds: 60,
      remaining: 119,
      resetSeconds: 42,
    });
    const two = new Headers({
      'RateLimit-Policy': '"burst";q=10;w=1, "sk_test";q=120;w=60',
      RateLimit: '"sk_test";r=0;t=5',
    });
    expect(quotaOf(two)).toMatchObject({ policy: 'sk_test', limit: 120, remaining: 0, resetSeconds: 5 });
    expect(quotaOf(new Headers({ 'RateLimit-Policy': '"a";q=1;w=1', RateLimit: '"b";r=0;t=1' }))).toBeUndefined();
    expect(quotaOf(new Headers({ RateLimit: 'r=1' }))).toBeUndefined();
    expect(rateLimitOf(new Response(null, { headers: { 'Retry-After': '3' } }))).toEqual({
      retryAfterSeconds: 3,
      quota: undefined,
    });
  });
});
