import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lifetimes } from '../../generated/contract.js';
import { createClient, memoryTokenStore, type SessionEndReason } from '../../src/index.js';
import { observedFetch } from './support/observed-fetch.js';
import { type ReferenceServer, startReferenceServer } from './support/reference-server.js';

const realFetch = globalThis.fetch;
let server: ReferenceServer;

beforeEach(async () => {
  server = await startReferenceServer();
});
afterEach(async () => {
  await server.close();
});

/** A network with some latency, so that two refreshes would overlap. */
const slowFetch = (ms: number) =>
  observedFetch(async (request) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return realFetch(request);
  });

describe('two Node clients sharing one TokenStore (reference server)', () => {
  it('refresh once when their tokens expire together, and both calls succeed (no option set)', async () => {
    const store = memoryTokenStore();
    const observed = slowFetch(150);
    const ends: SessionEndReason[] = [];
    const options = { baseUrl: server.url, fetch: observed.fetch };
    const first = createClient({ ...options, session: { store, onSessionEnd: (r) => ends.push(r) } });
    const second = createClient({ ...options, session: { store, onSessionEnd: (r) => ends.push(r) } });
    await first.auth.login({ email: server.demo.ownerEmail, password: server.demo.password });
    expect((await second.GET('/api/v1/me')).response.status).toBe(200);
    server.clock.advance(lifetimes.UserAccessToken.defaultSeconds);
    const [a, b] = await Promise.all([first.GET('/api/v1/cameras'), second.GET('/api/v1/cameras')]);
    expect([a.response.status, b.response.status]).toEqual([200, 200]);
    expect(observed.count('/api/auth/refresh')).toBe(1);
    expect(ends).toEqual([]);
  });
});
