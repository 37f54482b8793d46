/**
 * The clock moves in whole milliseconds: the database keeps times as INTEGER milliseconds, so
 * a fraction of one would reach a STRICT column. A finer step is a 400, and no state of the
 * clock can lead to a 5xx.
 */
import { describe, expect, it } from 'vitest';
import { expectProblem } from '../../test/contract/support/expectations.js';
import { apiSession } from '../../test/contract/support/sessions.js';
import { DEMO } from '../src/demo.js';
import { resetTestServer, useTestServer } from './support/server.js';

const t = useTestServer();

const clock = (body: unknown) => t.client.send({ method: 'POST', path: '/__mock/clock', json: body });

describe('the mock clock moves in whole milliseconds', () => {
  it('POST {"advance":"PT0.0001S"} is a 400 naming the field, and logins keep working', async () => {
    await resetTestServer(t);
    const res = await clock({ advance: 'PT0.0001S' });
    expectProblem(res, 'INVALID_REQUEST');
    expect(res.json().errors?.[0]?.pointer).toBe('/advance');
    await apiSession(t.client, { email: DEMO.ownerEmail, password: DEMO.password });
    const wrong = await t.client.send({
      method: 'POST',
      path: '/api/auth/login',
      json: { email: DEMO.ownerEmail, password: 'not-the-password-0', client_type: 'api' },
    });
    expectProblem(wrong, 'INVALID_CREDENTIALS');
  });

  it('a step of whole milliseconds (PT0.001S, PT1.5S) is accepted', async () => {
    await resetTestServer(t);
    expect((await clock({ advance: 'PT0.001S' })).status).toBe(200);
    expect((await clock({ advance: 'PT1.5S' })).status).toBe(200);
    await apiSession(t.client, { email: DEMO.ownerEmail, password: DEMO.password });
  });

  it('the in-process clock refuses a fraction of a millisecond too, so no state leads to a 5xx', async () => {
    await resetTestServer(t);
    expect(() => t.server.clock.advance(0.0001)).toThrow(RangeError);
    expect(() => t.server.clock.set(new Date(Date.now() + 0.5))).not.toThrow();
    await apiSession(t.client, { email: DEMO.ownerEmail, password: DEMO.password });
    const wrong = await t.client.send({
      method: 'POST',
      path: '/api/auth/login',
      json: { email: DEMO.ownerEmail, password: 'not-the-password-0', client_type: 'api' },
    });
    expectProblem(wrong, 'INVALID_CREDENTIALS');
  });
});
