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
