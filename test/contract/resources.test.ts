/**
 * The protected resources, called the way the page shows: with a key or with a user's
 * access token, each seeing its own environment, with pagination and input validation.
 */
import { beforeAll, describe, expect } from 'vitest';
import type { components } from '../../generated/schema.js';
import { contractFile, STATEFUL } from './support/contract-file.js';
import { cite, contractTest } from './support/contract-test.js';
import { expectProblem, expectSuccess } from './support/expectations.js';
import { resetIfPossible } from './support/mock-control.js';
import { pathOf } from './support/operation-path.js';

type CameraList = components['schemas']['CameraList'];
type AuditEventList = components['schemas']['AuditEventList'];

const { target, client, adminLogin, viewerLogin, keys } = await contractFile();

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
    'an out-of-range limit, a malformed cursor or a malformed camera id is refused with 400',
    cite.spec('Limit: minimum 1, maximum 100; Cursor and CameraId patterns'),
    STATEFUL,
    async () => {
      const bearer = await viewerLogin.token();
      for (const path of [
        pathOf('listCameras', {}, { limit: 0 }),
        pathOf('listCameras', {}, { limit: 101 }),
        pathOf('listCameras', {}, { limit: 'ten' }),
        pathOf('listCameras', {}, { cursor: 'not a cursor!' }),
        pathOf('getCamera', { camera_id: 'not-a-camera' }),
      ]) {
        const res = await client.send({ path, bearer });
        expectProblem(res, 'INVALID_REQUEST', path);
      }
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
