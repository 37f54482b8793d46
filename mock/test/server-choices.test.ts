/**
 * What the reference server decides where the contract leaves the choice open, so that the
 * contract suite (which holds any server to the contract only) cannot check it: which problem
 * wins when a refresh credential fails several checks at once, the wording of the `detail`
 * that tells a developer what to send or why a rotation was refused, the
 * `error_description` of its challenges, and 404 for any path outside `/api` and its own
 * routes.
 */
import { describe, expect, it } from 'vitest';
import { lifetimes, refreshCookie } from '../../generated/contract.js';
import { expectProblem, expectSuccess } from '../../test/contract/support/expectations.js';
import { pathOf } from '../../test/contract/support/operation-path.js';
import { apiSession, logoutWithToken, refreshWithToken } from '../../test/contract/support/sessions.js';
import { DEMO } from '../src/demo.js';
import { useTestServer } from './support/server.js';

const t = useTestServer({}, { resetBeforeEach: true });
const OWNER = { email: DEMO.ownerEmail, password: DEMO.password };
const KEYS = pathOf('listServiceAccountKeys', { service_account_id: DEMO.serviceAccountId });

describe('which refusal wins', () => {
  it('unknown → INVALID_TOKEN; rotated → REUSED even once the session ended; ended → SESSION_REVOKED even once expired; expired → SESSION_EXPIRED even with another User-Agent', async () => {
    expectProblem(await refreshWithToken(t.client, `rt_${'A'.repeat(43)}`), 'INVALID_TOKEN');
    expectProblem(await refreshWithToken(t.client, 'rt_short'), 'INVALID_TOKEN');

    // Expired and another User-Agent: expiry is checked first.
    const a = await apiSession(t.client, OWNER);
    t.server.clock.advance(lifetimes.RefreshToken.defaultSeconds);
    expectProblem(await refreshWithToken(t.client, a.refreshToken, { userAgent: 'other' }), 'SESSION_EXPIRED');

    // Ended by logout and expired: the ended session is reported.
    const b = await apiSession(t.client, OWNER);
    expectSuccess(await logoutWithToken(t.client, b.refreshToken, { userAgent: b.userAgent }));
    t.server.clock.advance(lifetimes.RefreshToken.defaultSeconds);
    expectProblem(await refreshWithToken(t.client, b.refreshToken, { userAgent: b.userAgent }), 'SESSION_REVOKED');

    // Rotated and the session ended: reuse is reported.
    const c = await apiSession(t.client, OWNER);
    const next = await refreshWithToken(t.client, c.refreshToken, { userAgent: c.userAgent });
    expectSuccess(await logoutWithToken(t.client, next.json().refresh_token, { userAgent: c.userAgent }));
    expectProblem(await refreshWithToken(t.client, c.refreshToken, { userAgent: c.userAgent }), 'REFRESH_TOKEN_REUSED');
  });
});

describe('what a problem tells a developer', () => {
  it('no credential: the detail names the credentials refresh and logout accept, and those /api/v1 accepts', async () => {
    for (const operationId of ['refreshSession', 'logoutSession'] as const) {
      const res = await t.client.send({ method: 'POST', path: pathOf(operationId) });
      expectProblem(res, 'AUTHENTICATION_REQUIRED', operationId);
      expect(res.json().detail).toBe(
        `Send a refresh token in the Authorization header (Bearer), or the refresh cookie ${refreshCookie.name} with ${refreshCookie.csrfHeader}: ${refreshCookie.csrfValue}.`,
      );
    }
    const resource = await t.client.send({ path: pathOf('listCameras') });
    expect(resource.json().detail).toBe(
      'Send a service-account API key or a user access token in the Authorization header (Bearer).',
    );
  });

  it('a refused bearer value gets an error_description in its challenge', async () => {
    const res = await t.client.send({ path: pathOf('listCameras'), bearer: 'hello' });
    expectProblem(res, 'INVALID_TOKEN');
    expect(res.header('www-authenticate')).toMatch(
      /^Bearer realm="novavms", error="invalid_token", error_description="[^"]+"$/,
    );
  });

  it('a refused rotation says why: the key is revoked, has expired, or was already rotated (naming its successor)', async () => {
    const owner = (await apiSession(t.client, OWNER)).accessToken;
    const mint = async (body: Record<string, unknown> = { mode: 'live' }) => {
      const res = await t.client.send({ method: 'POST', path: KEYS, bearer: owner, json: body });
      expect(res.status, res.text).toBe(201);
      return res.json<{ key: { id: string } }>().key.id;
    };
    const rotate = (id: string) =>
      t.client.send({ method: 'POST', path: `${KEYS}/${id}/rotate`, bearer: owner, json: { overlap_seconds: 600 } });
    const revoked = await mint();
    expectSuccess(await t.client.send({ method: 'DELETE', path: `${KEYS}/${revoked}`, bearer: owner }));
    const at = new Date(t.server.clock.now().getTime() + 60_000);
    const expired = await mint({ mode: 'live', expires_at: at.toISOString() });
    const rotated = await mint();
    const first = await rotate(rotated);
    expect(first.status).toBe(201);
    t.server.clock.set(at);
    for (const [id, why] of [
      [revoked, /is revoked/],
      [expired, /has expired/],
      [rotated, new RegExp(`was already rotated.*${first.json().key.id}`)],
    ] as const) {
      const res = await rotate(id);
      expectProblem(res, 'NOT_FOUND', id);
      expect(res.json().detail).toMatch(why);
      expect(res.json().detail).toMatch(/only an active key can be rotated/);
    }
  });
});

describe('paths outside /api', () => {
  it('anything but its own routes (docs, the served contract, the mock controls) is a 404 problem, / included', async () => {
    for (const path of ['/', '/index.html', '/admin/service-accounts']) {
      const res = await t.client.send({ path });
      expectProblem(res, 'NOT_FOUND', path);
    }
  });
});
