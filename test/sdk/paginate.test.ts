import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type NovaVmsError, paginate } from '../../src/index.js';
import { observedFetch } from './support/observed-fetch.js';
import { type ReferenceServer, startReferenceServer } from './support/reference-server.js';

const realFetch = globalThis.fetch;
let server: ReferenceServer;

beforeAll(async () => {
  server = await startReferenceServer();
});
afterAll(async () => {
  await server.close();
});

describe('paginate (reference server)', () => {
  it('iterates over every item of a list longer than one page, asking for each page with the cursor of the one before', async () => {
    const observed = observedFetch((request) => realFetch(request));
    const client = createClient({ apiKey: server.demo.liveKey, baseUrl: server.url, fetch: observed.fetch });
    const all = (await client.GET('/api/v1/cameras', { params: { query: { limit: 100 } } })).data?.data ?? [];
    expect(all.length).toBeGreaterThan(2);
    observed.calls.length = 0;

    const ids: string[] = [];
    for await (const camera of paginate(client, '/api/v1/cameras', { params: { query: { limit: 2 } } })) {
      ids.push(camera.id);
    }
    expect(ids).toEqual(all.map((camera) => camera.id));
    expect(observed.calls).toHaveLength(Math.ceil(all.length / 2));
    const queries = observed.calls.map((call) => new URL(call.url).searchParams);
    expect(queries.map((q) => q.get('limit'))).toEqual(Array(queries.length).fill('2'));
    expect(queries[0]?.get('cursor')).toBeNull();
    for (const query of queries.slice(1)) expect(query.get('cursor')).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('asks for the next page only when the items of the one before are used up', async () => {
    const observed = observedFetch((request) => realFetch(request));
    const client = createClient({ apiKey: server.demo.liveKey, baseUrl: server.url, fetch: observed.fetch });
    for await (const camera of paginate(client, '/api/v1/cameras', { params: { query: { limit: 1 } } })) {
      expect(camera.id).toMatch(/^cam_/);
      break;
    }
    expect(observed.calls).toHaveLength(1);
  });

  it('pages through a list with path parameters, and throws the typed error of a refused page', async () => {
    const viewer = createClient({ session: {}, baseUrl: server.url });
    await viewer.auth.login({ email: server.demo.viewerEmail, password: server.demo.password });
    const refused = paginate(viewer, '/api/v1/service-accounts/{service_account_id}/keys', {
      params: { path: { service_account_id: 'sa_siem01' } },
    });
    const error = (await refused.next().catch((failure: unknown) => failure)) as NovaVmsError;
    expect(error).toMatchObject({ name: 'NovaVmsError', code: 'INSUFFICIENT_SCOPE', status: 403 });
  });

  it('refuses a path that is no cursor list of the contract', async () => {
    const client = createClient({ apiKey: server.demo.liveKey, baseUrl: server.url });
    const wrong = paginate(client, '/api/v1/me' as '/api/v1/cameras');
    await expect(wrong.next()).rejects.toThrow(/not a cursor list/);
  });
});

describe('paginate (a server that answers pages wrongly)', () => {
  /** An API-key client whose GETs of the cameras get `pages` in turn, the last one again and again. */
  function serving(pages: unknown[]) {
    let asked = 0;
    const fetch = async () => {
      if (asked >= 20) throw new Error('asked for a 21st page');
      return Response.json(pages[Math.min(asked++, pages.length - 1)]);
    };
    const client = createClient({ apiKey: 'sk_test_abc123', baseUrl: 'http://novavms.test', fetch, retries: 0 });
    return { client, asked: () => asked };
  }

  async function collect(client: ReturnType<typeof serving>['client']): Promise<{ ids: string[]; error: unknown }> {
    const ids: string[] = [];
    try {
      for await (const camera of paginate(client, '/api/v1/cameras')) ids.push(camera.id);
      return { ids, error: undefined };
    } catch (error) {
      return { ids, error };
    }
  }

  it('stops with a typed error when the server hands out a cursor it gave before, instead of asking forever', async () => {
    const { client, asked } = serving([
      { data: [{ id: 'cam_1' }], next_cursor: 'c1' },
      { data: [{ id: 'cam_2' }], next_cursor: 'c2' },
      { data: [{ id: 'cam_3' }], next_cursor: 'c1' },
    ]);
    const { ids, error } = await collect(client);
    expect(ids).toEqual(['cam_1', 'cam_2', 'cam_3']);
    expect(error).toMatchObject({ name: 'NovaVmsError', code: 'INTERNAL_ERROR', status: 200 });
    expect((error as NovaVmsError).message).toMatch(/cursor/);
    expect(asked()).toBe(3);
  });

  it('stops with a typed error on a page without its list of items', async () => {
    const { client } = serving([
      { data: [{ id: 'cam_1' }], next_cursor: 'c1' },
      { items: [], next_cursor: null },
    ]);
    const { ids, error } = await collect(client);
    expect(ids).toEqual(['cam_1']);
    expect(error).toMatchObject({ name: 'NovaVmsError', code: 'INTERNAL_ERROR', status: 200 });
    expect((error as NovaVmsError).message).toMatch(/data/);
  });
});
