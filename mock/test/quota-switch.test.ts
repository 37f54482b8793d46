/**
 * The request quotas as a process sees them: on by default, counted per credential and
 * emptied by `POST /__mock/quotas/reset`; `quotas: false` (the CLI's `--no-quotas`, for load
 * tests) sends no quota headers and never answers 429.
 */
import { describe, expect, it } from 'vitest';
import { quotas } from '../../generated/contract.js';
import { DEMO } from '../src/demo.js';
import { expectProblem } from './support/expectations.js';
import { bearer, startTestServer, useTestServer } from './support/server.js';

const t = useTestServer();
const limit = quotas.getCurrentPrincipal.requests.sk_test;

async function useUp(client: typeof t.client, key: string, times: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++)
    statuses.push((await client.get('/api/v1/me', { headers: bearer(key), check: false })).status);
  return statuses;
}

describe('request quotas of the reference server', () => {
  it(`counts a sk_test_ key: ${limit} requests of getCurrentPrincipal, then 429; /__mock/quotas/reset starts again`, async () => {
    const key = t.server.demo.testKey;
    const statuses = await useUp(t.client, key, limit);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const limited = await t.client.get('/api/v1/me', { headers: bearer(key) });
    expectProblem(limited, 'RATE_LIMITED');
    expect(limited.headers.ratelimit).toMatch(/^"sk_test";r=0;t=\d+$/);
    // Another kind of credential, and another operation, have quotas of their own.
    expect((await t.client.get('/api/v1/me', { headers: bearer(t.server.demo.liveKey) })).status).toBe(200);
    expect((await t.client.get('/api/v1/cameras', { headers: bearer(key) })).status).toBe(200);
    const reset = await t.client.post('/__mock/quotas/reset', { body: {} });
    expect(reset.status, reset.text).toBe(200);
    const again = await t.client.get('/api/v1/me', { headers: bearer(key) });
    expect(again.status).toBe(200);
    expect(again.headers.ratelimit).toBe(`"sk_test";r=${limit - 1};t=${quotas.getCurrentPrincipal.windowSeconds}`);
  });

  it('the quota reset takes a JSON body, like every control', async () => {
    expectProblem(
      await t.client.post('/__mock/quotas/reset', { headers: { 'content-type': 'text/plain' }, body: '{}' }),
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('quotas: false sends no quota headers and never answers 429', async () => {
    const off = await startTestServer({ quotas: false });
    try {
      expect(off.server.quotas).toBe(false);
      const statuses = await useUp(off.client, DEMO.testKey, limit + 5);
      expect(statuses.every((s) => s === 200)).toBe(true);
      const res = await off.client.get('/api/v1/me', { headers: bearer(DEMO.testKey), check: false });
      expect(res.headers.ratelimit).toBeUndefined();
      expect(res.headers['ratelimit-policy']).toBeUndefined();
    } finally {
      await off.close();
    }
  });
});
