/**
 * The protected resources, called the way the page shows: with a key or with a user's
 * access token, each seeing its own environment, with pagination and input validation.
 */
import { beforeAll, describe, expect } from 'vitest';
import type { components } from '../../generated/schema.js';
import { contractFile, STATEFUL } from './support/contract-file.js';
import { cite, contractTest } from './support/contract-test.js';
import { expectProblem, expectSuccess } from './support/expectations.js';
import { decodeJwt } from './support/jwt-forgery.js';
import { resetIfPossible } from './support/mock-control.js';
import { pathOf } from './support/operation-path.js';
import { apiSession, login, logoutWithToken, refreshWithToken } from './support/sessions.js';

type CameraList = components['schemas']['CameraList'];
type AuditEventList = components['schemas']['AuditEventList'];

const { target, client, viewer, adminLogin, viewerLogin, keys } = await contractFile();

beforeAll(() => resetIfPossible(target));

/** Every camera a credential sees, following next_cursor two at a time. */
async function allCameras(bearer: string): Promise<CameraList['data']> {
  const out: CameraList['data'] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const res = await client.send({
      path: pathOf('listCameras', {}, cursor ? { limit: 2, cursor } : { limit: 2 }),
      bearer,
    });
    expectSuccess(res);
    const body = res.json<CameraList>();
    expect(body.data.length).toBeLessThanOrEqual(2);
    out.push(...body.data);
    cursor = body.next_cursor;
    if (cursor === null) return out;
  }
  throw new Error('listCameras never reached its last page');
}

describe('cameras', () => {
  contractTest(
    target,
    'a sk_live_ key and a user access token both list the production cameras; a sk_test_ key the sandbox ones',
    cite.page(
      'NovaVMS accepts two credential types on /api/v1/*: a service-account API key (for server-to-server integrations) and a user JWT access token',
    ),
    STATEFUL,
    async () => {
      const account = await keys.serviceAccount('viewer');
      const live = await keys.mint(account.id, 'live');
      const test = await keys.mint(account.id, 'test');
      const byUser = await allCameras(await viewerLogin.token());
      const byLiveKey = await allCameras(live.secret);
      const byTestKey = await allCameras(test.secret);
      expect(byLiveKey.map((c) => c.id)).toEqual(byUser.map((c) => c.id));
      for (const camera of byLiveKey) expect(camera.environment).toBe('live');
      expect(byTestKey.length, 'the sandbox has cameras too').toBeGreaterThan(0);
      for (const camera of byTestKey) expect(camera.environment).toBe('test');
      const ids = byLiveKey.map((c) => c.id);
      expect([...ids].sort(), 'ordered by identifier, no duplicates across pages').toEqual([...new Set(ids)].sort());
      expect(ids).toEqual([...ids].sort());
    },
  );

  contractTest(
    target,
    'a camera is found in its own environment and not found from the other one',
    cite.spec(
      'getCamera: "A camera of the other environment (production for a sk_test_ key, or the reverse) is not found."',
    ),
    STATEFUL,
    async () => {
      const account = await keys.serviceAccount('viewer');
      const live = await keys.mint(account.id, 'live');
      const test = await keys.mint(account.id, 'test');
      const [liveCamera] = await allCameras(live.secret);
      expect(liveCamera, 'the target has at least one production camera').toBeDefined();
      const own = await client.send({ path: pathOf('getCamera', { camera_id: liveCamera!.id }), bearer: live.secret });
      expectSuccess(own);
      expect(own.json()).toEqual(liveCamera);
      const other = await client.send({
        path: pathOf('getCamera', { camera_id: liveCamera!.id }),
        bearer: test.secret,
      });
      expectProblem(other, 'NOT_FOUND');
      const missing = await client.send({
        path: pathOf('getCamera', { camera_id: 'cam_doesnotexist0' }),
        bearer: live.secret,
      });
      expectProblem(missing, 'NOT_FOUND');
    },
  );

  contractTest(
    target,
    'an out-of-range, fractional or repeated limit, a malformed cursor, a malformed camera id or URL is refused with 400 naming where',
    cite.spec('Limit: minimum 1, maximum 100; Cursor and CameraId patterns; ProblemFieldError.location'),
    STATEFUL,
    async () => {
      const bearer = await viewerLogin.token();
      const cameras = pathOf('listCameras');
      for (const query of [
        'limit=0',
        'limit=101',
        'limit=ten',
        'limit=2.5',
        'limit=1&limit=2',
        'cursor=',
        'cursor=a%20b',
      ]) {
        const res = await client.send({ path: `${cameras}?${query}`, bearer });
        expectProblem(res, 'INVALID_REQUEST', query);
        expect(res.json().errors[0].location, query).toBe('query');
      }
      for (const cameraId of ['not-a-camera', 'lobby!']) {
        const res = await client.send({ path: pathOf('getCamera', { camera_id: cameraId }), bearer });
        expectProblem(res, 'INVALID_REQUEST', cameraId);
        expect(res.json().errors[0]).toMatchObject({ location: 'path', pointer: '/camera_id' });
      }
      const malformed = await client.send({ path: `${cameras}/%E0%A4%A`, bearer });
      expectProblem(malformed, 'INVALID_REQUEST', 'a malformed percent-encoding');
    },
  );
});

describe('audit events', () => {
  contractTest(
    target,
    'an owner or admin reads the audit trail, newest first; a viewer may not',
    cite.spec('listAuditEvents: the security audit trail of the production environment, newest first'),
    STATEFUL,
    async () => {
      const res = await client.send({
        path: pathOf('listAuditEvents', {}, { limit: 50 }),
        bearer: await adminLogin.token(),
      });
      expectSuccess(res);
      const events = res.json<AuditEventList>().data;
      expect(events.length, 'the logins of this run are in the trail').toBeGreaterThan(0);
      const times = events.map((e) => Date.parse(e.occurred_at));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      const refused = await client.send({ path: pathOf('listAuditEvents'), bearer: await viewerLogin.token() });
      expectProblem(refused, 'INSUFFICIENT_SCOPE');
      const invalid = await client.send({
        path: pathOf('listAuditEvents', {}, { limit: -1 }),
        bearer: await adminLogin.token(),
      });
      expectProblem(invalid, 'INVALID_REQUEST');
    },
  );
});

describe('the audit trail records what happened', () => {
  contractTest(
    target,
    'logins and failed logins, key and account changes, reuse, mismatches and logouts appear in the trail, each about its target, newest first, a failed login without an actor',
    cite.spec(
      'listAuditEvents: logins, failed logins, revoked sessions, detected refresh-token reuse and every change to service accounts and keys',
    ),
    STATEFUL,
    async () => {
      const viewerId = (
        await client.send({ path: pathOf('getCurrentPrincipal'), bearer: await viewerLogin.token() })
      ).json().id;
      expectProblem(await login(client, { ...viewer, password: `${viewer.password}-wrong` }), 'INVALID_CREDENTIALS');
      const reused = await apiSession(client, viewer);
      const rotated = await refreshWithToken(client, reused.refreshToken, { userAgent: reused.userAgent });
      expectSuccess(rotated);
      expectProblem(
        await refreshWithToken(client, reused.refreshToken, { userAgent: reused.userAgent }),
        'REFRESH_TOKEN_REUSED',
      );
      const mismatched = await apiSession(client, viewer);
      expectProblem(
        await refreshWithToken(client, mismatched.refreshToken, { userAgent: 'another agent' }),
        'SESSION_MISMATCH',
      );
      const account = await keys.serviceAccount('auditor');
      const key = await keys.mint(account.id, 'live');
      const rotation = await keys.rotateResponse(account.id, key.key.id, { overlap_seconds: 10 });
      expectSuccess(rotation);
      const newKey = rotation.json<{ key: { id: string }; secret: string }>();
      expectSuccess(await keys.revoke(account.id, newKey.key.id));
      const loggedOut = await apiSession(client, viewer);
      expectSuccess(await logoutWithToken(client, loggedOut.refreshToken, { userAgent: loggedOut.userAgent }));

      const sid = (s: { accessToken: string }) => decodeJwt(s.accessToken).payload.sid;
      // Read by an owner or admin, and by an auditor key (a SIEM collector: no logged-in user).
      for (const bearer of [await adminLogin.token(), key.secret]) {
        const res = await client.send({ path: pathOf('listAuditEvents', {}, { limit: 100 }), bearer });
        expectSuccess(res);
        const events = res.json<AuditEventList>().data;
        const find = (type: string, target: unknown) =>
          events.findIndex((e) => e.type === type && e.target_id === target);
        const expected: [string, unknown][] = [
          ['login.failed', viewerId],
          ['login.succeeded', sid(reused)],
          ['session.reuse_detected', sid(reused)],
          ['session.mismatch', sid(mismatched)],
          ['service_account.created', account.id],
          ['api_key.created', key.key.id],
          ['api_key.rotated', key.key.id],
          ['api_key.revoked', newKey.key.id],
          ['session.revoked', sid(loggedOut)],
        ];
        const at = expected.map(([type, id]) => [type, find(type, id)] as const);
        for (const [type, index] of at) expect(index, `${type} is in the trail`).toBeGreaterThanOrEqual(0);
        // Newest first: the last thing done comes before the first.
        expect(at.at(-1)![1]).toBeLessThan(at[0]![1]);
        expect(events[at[0]![1]]!.actor_id, 'a failed login has no actor').toBeNull();
      }
    },
  );
});
