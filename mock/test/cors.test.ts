/**
 * What the reference server's CORS switch does beyond what the contract suite checks against
 * any server: without allowed origins it sends no CORS header and answers every preflight as
 * any OPTIONS (405 with Allow), exactly as before; with them, the mock controls stay closed to
 * the allowed origins' pages; and an origin it cannot allow is refused at start-up.
 */
import { describe, expect, it } from 'vitest';
import { cors } from '../../generated/contract.js';
import { type RawResponse, sendRaw } from '../../test/contract/support/http-transport.js';
import { pathOf } from '../../test/contract/support/operation-path.js';
import { startServer } from '../src/index.js';
import { useTestServer } from './support/server.js';

const APP = 'http://localhost:5173';
const LOGIN = pathOf('loginWithPassword');

const corsHeaders = (res: RawResponse) => Object.keys(res.headers).filter((h) => h.startsWith('access-control-'));

function preflight(baseUrl: string, path: string, origin: string, method = 'POST'): Promise<RawResponse> {
  return sendRaw(baseUrl, {
    method: 'OPTIONS',
    path,
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': cors.allowedHeaders.join(',').toLowerCase(),
    },
  });
}

describe('without allowed origins', () => {
  const t = useTestServer();

  it('a preflight is answered as any OPTIONS, 405 with Allow, and no answer carries a CORS header', async () => {
    const res = await preflight(t.server.url, LOGIN, APP);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect(corsHeaders(res)).toEqual([]);
    const login = await sendRaw(t.server.url, {
      method: 'POST',
      path: LOGIN,
      headers: { origin: APP, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(login.status).toBe(400);
    expect(corsHeaders(login)).toEqual([]);
    expect(login.headers.vary).toBeUndefined();
    expect(t.server.allowOrigins).toEqual([]);
  });
});

describe('with an allowed origin', () => {
  const t = useTestServer({ allowOrigins: [`${APP}/`] });

  it('normalises the origin it was given', () => {
    expect(t.server.allowOrigins).toEqual([APP]);
  });

  it('the mock controls get no CORS header, and their preflight is refused, even from the allowed origin', async () => {
    for (const path of ['/__mock/clock', '/__mock/reset', '/__mock/quotas/reset']) {
      const res = await preflight(t.server.url, path, APP);
      expect(res.status, path).toBe(405);
      expect(corsHeaders(res), path).toEqual([]);
    }
    const clock = await sendRaw(t.server.url, { method: 'GET', path: '/__mock/clock', headers: { origin: APP } });
    expect(clock.status).toBe(200);
    expect(corsHeaders(clock)).toEqual([]);
  });

  it('answers without the policy (no Origin, another origin) say Vary: Origin too, so that no cache hands them to the allowed page', async () => {
    const requests: Array<Record<string, string>> = [{}, { origin: 'https://elsewhere.example' }];
    for (const headers of requests) {
      const res = await sendRaw(t.server.url, { method: 'GET', path: '/api/v1/cameras', headers });
      const label = JSON.stringify(headers);
      expect(res.status, label).toBe(401);
      expect(corsHeaders(res), label).toEqual([]);
      expect(String(res.headers.vary).toLowerCase(), label).toBe('origin');
    }
  });

  it('an unknown path gets its 404 problem with the policy, so that the page can read it', async () => {
    const res = await sendRaw(t.server.url, { method: 'GET', path: '/api/v1/nothing', headers: { origin: APP } });
    expect([res.status, res.headers['access-control-allow-origin']]).toEqual([404, APP]);
    expect(corsHeaders(await preflight(t.server.url, '/api/v1/nothing', APP, 'GET'))).toEqual(
      expect.arrayContaining(['access-control-allow-origin']),
    );
  });
});

describe('origins it cannot allow', () => {
  it.each([
    ['*', /no wildcard/],
    ['https://*.example.com', /no wildcard/],
    ['http://localhost:5173/app', /not an origin/],
    ['http://user@localhost:5173', /not an origin/],
    ['localhost:5173', /http:\/\/ or https:\/\//],
    ['not a url', /not an origin/],
  ])('refuses %s with a clear error', async (origin, message) => {
    await expect(startServer({ port: 0, allowOrigins: [origin] })).rejects.toThrow(message);
  });
});
