/**
 * The mock controls outside `/api`: reading, advancing and setting the clock (so a frontend
 * sees a token expire in seconds), resetting to the seeded state, clear problems for bad
 * input, and `mockControl: false` turning them off. Also the served spec.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lifetimes } from '../../generated/contract.js';
import type { Call } from '../../test/contract/support/contract-client.js';
import { expectProblem } from '../../test/contract/support/expectations.js';
import { pathOf } from '../../test/contract/support/operation-path.js';
import { apiSession, login } from '../../test/contract/support/sessions.js';
import { spec } from '../../test/support/openapi.js';
import { DEMO } from '../src/demo.js';
import { resetTestServer, startTestServer, useTestServer } from './support/server.js';

const t = useTestServer();
const OWNER = { email: DEMO.ownerEmail, password: DEMO.password };
const ME = pathOf('getCurrentPrincipal');

/** POST /__mock/clock: objects as JSON, a string as a raw JSON body. */
function clock(body: unknown, extra: Partial<Call> = {}) {
  const call: Partial<Call> = typeof body === 'string' ? { body, contentType: 'application/json' } : { json: body };
  return t.client.send({ method: 'POST', path: '/__mock/clock', ...call, ...extra });
}

const now = async () => (await t.client.send({ path: '/__mock/clock' })).json().now as string;

describe('/__mock/clock', () => {
  it('GET answers {"now": "<ISO-8601 instant>"} near real time', async () => {
    await resetTestServer(t);
    const res = await t.client.send({ path: '/__mock/clock' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json())).toEqual(['now']);
    expect(Math.abs(Date.parse(res.json().now) - Date.now())).toBeLessThan(60_000);
  });

  it('POST {"advance": "PT1H"} lets a frontend watch its access token expire; the controls are outside the contract', async () => {
    expect(Object.keys(spec.paths).some((p) => p.startsWith('/__mock'))).toBe(false);
    await resetTestServer(t);
    const { accessToken } = await apiSession(t.client, OWNER);
    const before = Date.parse(await now());
    const res = await clock({ advance: 'PT1H' });
    expect(res.status).toBe(200);
    expect(Date.parse(res.json().now) - before).toBeGreaterThanOrEqual(lifetimes.UserAccessToken.defaultSeconds * 1000);
    const expired = await t.client.send({ path: pathOf('listCameras'), bearer: accessToken });
    expectProblem(expired, 'TOKEN_EXPIRED');
  });

  it('POST {"set": "<instant>"} sets the time, which then keeps running', async () => {
    const res = await clock({ set: '2031-05-01T12:00:00Z' });
    expect(res.status).toBe(200);
    expect(res.json().now.startsWith('2031-05-01T12:00:0')).toBe(true);
    expect(t.server.clock.now().getUTCFullYear()).toBe(2031);
    const offset = await clock({ set: '2031-05-01T14:00:00+02:00' });
    expect(offset.json().now.startsWith('2031-05-01T12:00:0')).toBe(true);
    const back = await clock({ advance: '-P1D' });
    expect(back.json().now.startsWith('2031-04-30T12:00:0')).toBe(true);
  });

  it('bad input (a body that is not UTF-8 too) is a 400 problem naming the field; a non-JSON body is 415', async () => {
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
      expect(res.header('content-type')).toMatch(/^application\/problem\+json/);
      expectProblem(res, 'INVALID_REQUEST');
      expect(res.json().errors[0].location).toBe('body');
    }
    const text = await clock(undefined, { body: 'PT1H', contentType: 'text/plain' });
    expectProblem(text, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await clock('{'), 'INVALID_REQUEST');
    const notUtf8 = Buffer.concat([Buffer.from('{"advance": "PT1H'), Buffer.from([0xc3]), Buffer.from('"}')]);
    expectProblem(await clock(undefined, { body: notUtf8, contentType: 'application/json' }), 'INVALID_REQUEST');
    const method = await t.client.send({ method: 'DELETE', path: '/__mock/clock' });
    expectProblem(method, 'METHOD_NOT_ALLOWED');
    expect(method.header('allow')).toBe('GET, HEAD, POST');
  });

  it('the clock stays within the years 0000 to 9999: a change past them is a 400 and changes nothing', async () => {
    expect((await clock({ set: '9999-12-31T00:00:00Z' })).status).toBe(200);
    const before = await now();
    for (const body of [{ advance: 'P1D' }, { advance: 'P1157407D' }, { set: '9999-12-31T23:00:00-05:00' }]) {
      const res = await clock(body);
      expectProblem(res, 'INVALID_REQUEST');
      expect(res.json().errors[0].pointer, JSON.stringify(body)).toBe(`/${Object.keys(body)[0]}`);
    }
    expect(Date.parse(await now()) - Date.parse(before)).toBeLessThan(60_000);
    expect((await clock({ set: '0000-01-01T00:00:00Z' })).status).toBe(200);
    expectProblem(await clock({ advance: '-PT1S' }), 'INVALID_REQUEST');
  });

  it('the programmatic clock moves the same time', async () => {
    await resetTestServer(t);
    t.server.clock.advance(3600 * 24);
    expect(Date.parse(await now()) - Date.now()).toBeGreaterThan(3600 * 24 * 1000 - 60_000);
  });
});

describe('/__mock/reset', () => {
  it('restores the seeded data and real time, and forgets failed logins', async () => {
    const { accessToken } = await apiSession(t.client, OWNER);
    const revoked = await t.client.send({
      method: 'DELETE',
      path: pathOf('revokeServiceAccountKey', {
        service_account_id: DEMO.serviceAccountId,
        key_id: t.server.demo.keyIds.live,
      }),
      bearer: accessToken,
    });
    expect(revoked.status).toBe(204);
    expectProblem(await t.client.send({ path: ME, bearer: t.server.demo.liveKey }), 'API_KEY_REVOKED');
    const viewer = { email: DEMO.viewerEmail, password: DEMO.password };
    for (let i = 0; i < 6; i++) await login(t.client, { ...viewer, password: 'wrong' });
    await clock({ advance: 'P3D' });

    const res = await t.client.send({ method: 'POST', path: '/__mock/reset', json: {} });
    expect(res.status).toBe(200);
    expect(Math.abs(Date.parse(res.json().now) - Date.now())).toBeLessThan(60_000);
    expect((await t.client.send({ path: ME, bearer: t.server.demo.liveKey })).status).toBe(200);
    expect((await login(t.client, viewer)).status).toBe(200);
    const audit = await t.client.send({ path: pathOf('listAuditEvents'), bearer: t.server.demo.liveKey });
    expect(audit.json().data.every((e: { type: string }) => e.type.startsWith('login.'))).toBe(true);
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
        const res = await off.client.send({
          method,
          path,
          ...(method === 'POST' ? { json: { advance: 'PT1H' } } : {}),
        });
        expectProblem(res, 'NOT_FOUND');
      }
      expect((await off.client.send({ path: pathOf('listCameras'), bearer: off.server.demo.liveKey })).status).toBe(
        200,
      );
    } finally {
      await off.close();
    }
  });
});

describe('the contract and the docs', () => {
  it('serves the bundled spec at /openapi.json and /openapi.yaml; HEAD answers the same headers without the body', async () => {
    const json = await t.client.send({ path: '/openapi.json' });
    expect(json.status).toBe(200);
    expect(json.header('content-type')).toMatch(/^application\/json/);
    expect(json.json()).toEqual(
      JSON.parse(readFileSync(fileURLToPath(new URL('../../generated/openapi.json', import.meta.url)), 'utf8')),
    );
    const head = await t.client.send({ method: 'HEAD', path: '/openapi.json' });
    expect(head.status).toBe(200);
    expect(head.raw.body.length).toBe(0);
    const { date: _getDate, ...getHeaders } = json.raw.headers;
    const { date: _headDate, ...headHeaders } = head.raw.headers;
    expect(headHeaders).toEqual(getHeaders);
    const yaml = await t.client.send({ path: '/openapi.yaml' });
    expect(yaml.status).toBe(200);
    expect(yaml.header('content-type')).toMatch(/^application\/yaml/);
    expect(yaml.text).toBe(
      readFileSync(fileURLToPath(new URL('../../generated/openapi.yaml', import.meta.url)), 'utf8'),
    );
  });
});
