/**
 * The request quotas as a process sees them: on by default, counted per credential and
 * emptied by `POST /__mock/quotas/reset`; `quotas: false` (the CLI's `--no-quotas`, for load
 * tests) sends no quota headers and never answers 429.
 */
import { describe, expect, it } from 'vitest';
import { quotas } from '../../generated/contract.js';
import { ContractResponse } from '../../test/contract/support/contract-client.js';
import { expectProblem } from '../../test/contract/support/expectations.js';
import { sendRaw } from '../../test/contract/support/http-transport.js';
import { DEMO } from '../src/demo.js';
import { startTestServer, useTestServer } from './support/server.js';

const t = useTestServer();
const limit = quotas.getCurrentPrincipal.requests.sk_test;

/**
 * GET /api/v1/me with `key`, read without the contract checker: with quotas off, the answers
 * lack the quota headers the contract requires, which is the point of switching them off.
 */
const me = async (baseUrl: string, key: string) =>
  new ContractResponse(
    'getCurrentPrincipal',
    await sendRaw(baseUrl, { method: 'GET', path: '/api/v1/me', headers: { authorization: `Bearer ${key}` } }),
  );

async function useUp(baseUrl: string, key: string, times: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) statuses.push((await me(baseUrl, key)).status);
  return statuses;
}

describe('request quotas of the reference server', () => {
  it(`counts a sk_test_ key: ${limit} requests of getCurrentPrincipal, then 429; /__mock/quotas/reset starts again`, async () => {
    const key = t.server.demo.testKey;
    const statuses = await useUp(t.server.url, key, limit);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const limited = await t.client.send({ path: '/api/v1/me', bearer: key });
    expectProblem(limited, 'RATE_LIMITED');
    expect(limited.header('ratelimit')).toMatch(/^"sk_test";r=0;t=\d+$/);
    // Another kind of credential, and another operation, have quotas of their own.
    expect((await t.client.send({ path: '/api/v1/me', bearer: t.server.demo.liveKey })).status).toBe(200);
    expect((await t.client.send({ path: '/api/v1/cameras', bearer: key })).status).toBe(200);
    const reset = await t.client.send({ method: 'POST', path: '/__mock/quotas/reset', json: {} });
    expect(reset.status, reset.text).toBe(200);
    const again = await t.client.send({ path: '/api/v1/me', bearer: key });
    expect(again.status).toBe(200);
    expect(again.header('ratelimit')).toBe(`"sk_test";r=${limit - 1};t=${quotas.getCurrentPrincipal.windowSeconds}`);
  });

  it('the quota reset takes a JSON body, like every control', async () => {
    expectProblem(
      await t.client.send({ method: 'POST', path: '/__mock/quotas/reset', contentType: 'text/plain', body: '{}' }),
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('quotas: false sends no quota headers and never answers 429', async () => {
    const off = await startTestServer({ quotas: false });
    try {
      expect(off.server.quotas).toBe(false);
      const statuses = await useUp(off.server.url, DEMO.testKey, limit + 5);
      expect(statuses.every((s) => s === 200)).toBe(true);
      const res = await me(off.server.url, DEMO.testKey);
      expect(res.header('ratelimit')).toBeUndefined();
      expect(res.header('ratelimit-policy')).toBeUndefined();
    } finally {
      await off.close();
    }
  });
});
