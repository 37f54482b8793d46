/**
 * The mock controls outside `/api`: reading, advancing and setting the clock (so a frontend
 * sees a token expire in seconds), resetting to the seeded state, clear problems for bad
 * input, and `mockControl: false` turning them off. Also the served spec.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lifetimes } from '../../generated/contract.js';
import { DEMO } from '../src/demo.js';
import { expectProblem } from './support/expectations.js';
import { bearer, loginApi, resetTestServer, startTestServer, useTestServer } from './support/server.js';

const t = useTestServer();

function clock(body: unknown) {
  const headers = typeof body === 'string' ? { 'content-type': 'application/json' } : {};
  return t.client.post('/__mock/clock', { body, headers });
}

describe('/__mock/clock', () => {
  it('GET answers {"now": "<ISO-8601 instant>"} near real time', async () => {
    await resetTestServer(t);
    const res = await t.client.get('/__mock/clock');
    expect(res.status).toBe(200);
    expect(Object.keys(res.json)).toEqual(['now']);
    expect(Math.abs(Date.parse(res.json.now) - Date.now())).toBeLessThan(60_000);
  });

  it('POST {"advance": "PT1H"} lets a frontend watch its access token expire', async () => {
    await resetTestServer(t);
    const { accessToken } = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    const before = Date.parse((await t.client.get('/__mock/clock')).json.now);
    const res = await clock({ advance: 'PT1H' });
    expect(res.status).toBe(200);
    expect(Date.parse(res.json.now) - before).toBeGreaterThanOrEqual(lifetimes.UserAccessToken.defaultSeconds * 1000);
    const expired = await t.client.get('/api/v1/cameras', { headers: bearer(accessToken) });
    expectProblem(expired, 'TOKEN_EXPIRED');
  });

  it('POST {"set": "<instant>"} sets the time, which then keeps running', async () => {
    const res = await clock({ set: '2031-05-01T12:00:00Z' });
    expect(res.status).toBe(200);
    expect(res.json.now.startsWith('2031-05-01T12:00:0')).toBe(true);
    expect(t.server.clock.now().getUTCFullYear()).toBe(2031);
    const offset = await clock({ set: '2031-05-01T14:00:00+02:00' });
    expect(offset.json.now.startsWith('2031-05-01T12:00:0')).toBe(true);
    const back = await clock({ advance: '-P1D' });
    expect(back.json.now.startsWith('2031-04-30T12:00:0')).toBe(true);
  });

  it('bad input is a 400 problem naming the field; a non-JSON body is 415', async () => {
    for (const body of [
      {},
      { advance: 'one hour' },
      { advance: 'P1M' },
      { advance: 3600 },
      { set: 'yesterday' },
      { set: '2031-05-01' },
      { advance: 'PT1H', set: '2031-01-01T00:00:00Z' },
      { jump: 'PT1H' },
      [],
      'null',
    ]) {
      const res = await clock(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expectProblem(res, 'INVALID_REQUEST');
      expect(res.json.errors[0].location).toBe('body');
    }
    const text = await t.client.post('/__mock/clock', { headers: { 'content-type': 'text/plain' }, body: 'PT1H' });
    expectProblem(text, 'UNSUPPORTED_MEDIA_TYPE');
    const malformed = await t.client.post('/__mock/clock', {
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expectProblem(malformed, 'INVALID_REQUEST');
    const method = await t.client.request('DELETE', '/__mock/clock');
    expectProblem(method, 'METHOD_NOT_ALLOWED');
    expect(method.headers.allow).toBe('GET, HEAD, POST');
  });

  it('the clock stays within the years 0000 to 9999: a change past them is a 400 and changes nothing', async () => {
    expect((await clock({ set: '9999-12-31T00:00:00Z' })).status).toBe(200);
    const before = (await t.client.get('/__mock/clock')).json.now;
    for (const body of [{ advance: 'P1D' }, { advance: 'P1157407D' }, { set: '9999-12-31T23:00:00-05:00' }]) {
      const res = await clock(body);
      expectProblem(res, 'INVALID_REQUEST');
      expect(res.json.errors[0].pointer, JSON.stringify(body)).toBe(`/${Object.keys(body)[0]}`);
    }
    const after = await t.client.get('/__mock/clock');
    expect(after.status).toBe(200);
    expect(Date.parse(after.json.now) - Date.parse(before)).toBeLessThan(60_000);
    expect((await clock({ set: '0000-01-01T00:00:00Z' })).status).toBe(200);
    expectProblem(await clock({ advance: '-PT1S' }), 'INVALID_REQUEST');
  });

  it('the programmatic clock moves the same time', async () => {
    await resetTestServer(t);
    t.server.clock.advance(3600 * 24);
    const now = Date.parse((await t.client.get('/__mock/clock')).json.now);
    expect(now - Date.now()).toBeGreaterThan(3600 * 24 * 1000 - 60_000);
  });
});

describe('/__mock/reset', () => {
  it('restores the seeded data and real time, and forgets failed logins', async () => {
    const { accessToken } = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    expect(
      (
        await t.client.delete(`/api/v1/service-accounts/${DEMO.serviceAccountId}/keys/${t.server.demo.keyIds.live}`, {
          headers: bearer(accessToken),
        })
      ).status,
    ).toBe(204);
    expectProblem(await t.client.get('/api/v1/me', { headers: bearer(t.server.demo.liveKey) }), 'API_KEY_REVOKED');
    for (let i = 0; i < 6; i++)
      await t.client.post('/api/auth/login', { body: { email: DEMO.viewerEmail, password: 'wrong' } });
    await clock({ advance: 'P3D' });

    const res = await t.client.post('/__mock/reset', { body: {} });
    expect(res.status).toBe(200);
    expect(Math.abs(Date.parse(res.json.now) - Date.now())).toBeLessThan(60_000);
    expect((await t.client.get('/api/v1/me', { headers: bearer(t.server.demo.liveKey) })).status).toBe(200);
    expect(
      (await t.client.post('/api/auth/login', { body: { email: DEMO.viewerEmail, password: DEMO.password } })).status,
    ).toBe(200);
    const audit = await t.client.get('/api/v1/audit-events', { headers: bearer(t.server.demo.liveKey) });
    expect(audit.json.data.every((e: { type: string }) => e.type.startsWith('login.'))).toBe(true);
  });
});

describe('mockControl: false', () => {
  it('turns /__mock/* off (404), the API still works', async () => {
    const off = await startTestServer({ mockControl: false });
    try {
      for (const [method, path] of [
        ['GET', '/__mock/clock'],
        ['POST', '/__mock/clock'],
        ['POST', '/__mock/reset'],
      ] as const) {
        const res = await off.client.request(method, path, {
          body: method === 'POST' ? { advance: 'PT1H' } : undefined,
        });
        expectProblem(res, 'NOT_FOUND');
      }
      expect((await off.client.get('/api/v1/cameras', { headers: bearer(off.server.demo.liveKey) })).status).toBe(200);
    } finally {
      await off.close();
    }
  });
});

describe('the contract and the docs', () => {
  it('serves the bundled spec at /openapi.json and /openapi.yaml', async () => {
    const json = await t.client.get('/openapi.json');
    expect(json.status).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.json).toEqual(
      JSON.parse(readFileSync(fileURLToPath(new URL('../../generated/openapi.json', import.meta.url)), 'utf8')),
    );
    const yaml = await t.client.get('/openapi.yaml');
    expect(yaml.status).toBe(200);
    expect(yaml.headers['content-type']).toMatch(/^application\/yaml/);
    expect(yaml.text).toBe(
      readFileSync(fileURLToPath(new URL('../../generated/openapi.yaml', import.meta.url)), 'utf8'),
    );
  });
});
