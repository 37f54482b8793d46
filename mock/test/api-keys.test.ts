/**
 * DESIGN "Service-account API keys": the format with its checksum (a typo is refused without
 * a database lookup), hashed at rest, the secret shown once, masked lists, `expires_at`,
 * revocation, rotation with overlap (all effective on the next request), live/test mode with
 * 404 on production-only operations, and who may manage keys. Also the audit trail.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { keyFormat, operations, productionOnlyOperations, roles } from '../../generated/contract.js';
import { checksumOf, isWellFormedKey } from '../src/auth/api-key-format.js';
import { ApiKeyVerifier } from '../src/auth/api-key-verifier.js';
import { Clock } from '../src/clock.js';
import { DEMO } from '../src/demo.js';
import { ProblemError } from '../src/problem.js';
import type { ApiKeyStore } from '../src/store/api-key-store.js';
import { expectProblem } from './support/expectations.js';
import { bearer, loginApi, useTestServer } from './support/server.js';

const t = useTestServer({}, { resetBeforeEach: true });
let owner: string;
const SA = DEMO.serviceAccountId;
const KEYS = `/api/v1/service-accounts/${SA}/keys`;

beforeEach(async () => {
  owner = (await loginApi(t.client, DEMO.ownerEmail, DEMO.password)).accessToken;
});

async function mint(body: Record<string, unknown> = { mode: 'live' }, path = KEYS) {
  const res = await t.client.post(path, { headers: bearer(owner), body });
  expect(res.status, res.text).toBe(201);
  return res.json as { key: { id: string; masked: string; status: string; expires_at: string | null }; secret: string };
}

function me(key: string) {
  return t.client.get('/api/v1/me', { headers: bearer(key) });
}

describe('format and checksum', () => {
  it('the documented example key verifies: sk_test_EXAMPLE0KEY0FOR0DOCS0ONLY00000004Dohht', () => {
    expect(isWellFormedKey('sk_test_EXAMPLE0KEY0FOR0DOCS0ONLY00000004Dohht')).toBe(true);
    expect(checksumOf('sk_test_EXAMPLE0KEY0FOR0DOCS0ONLY0000000')).toBe('4Dohht');
  });

  it('minted keys match the contract pattern and carry a valid CRC-32 checksum', async () => {
    for (const mode of ['live', 'test'] as const) {
      const { secret } = await mint({ mode });
      expect(secret).toMatch(new RegExp(keyFormat.pattern));
      expect(secret.startsWith(keyFormat.prefixes[mode])).toBe(true);
      expect(checksumOf(secret.slice(0, -6))).toBe(secret.slice(-6));
    }
  });

  it('a one-character change anywhere in a valid key is refused with 401 INVALID_TOKEN', async () => {
    const key = t.server.demo.liveKey;
    for (const i of [8, 20, 39, key.length - 1]) {
      const changed = key.slice(0, i) + (key[i] === 'A' ? 'B' : 'A') + key.slice(i + 1);
      const res = await me(changed);
      expectProblem(res, 'INVALID_TOKEN');
    }
  });

  it('a key with a bad checksum is refused without any database lookup', () => {
    const noDatabase = new Proxy({} as ApiKeyStore, {
      get: (_target, name) =>
        name === 'aliases'
          ? () => new Map()
          : () => {
              throw new Error(`the database was asked (${String(name)})`);
            },
    });
    const verifier = new ApiKeyVerifier(noDatabase, new Clock());
    const key = t.server.demo.liveKey;
    const typo = `${key.slice(0, -1)}${key.endsWith('a') ? 'b' : 'a'}`;
    expect(() => verifier.verify(typo)).toThrow(ProblemError);
    expect(() => verifier.verify('sk_live_short')).toThrow(ProblemError);
    // A well-formed key does reach the database.
    expect(() => verifier.verify(key)).toThrow(/database was asked/);
  });

  it('the well-formed documentation example is simply unknown', async () => {
    const res = await me('sk_test_EXAMPLE0KEY0FOR0DOCS0ONLY00000004Dohht');
    expectProblem(res, 'INVALID_TOKEN');
  });

  it('the page placeholder sk_live_abc123 is an alias of the live demo key: same principal, same fate', async () => {
    const alias = await me('sk_live_abc123');
    expect(alias.json).toMatchObject({
      kind: 'service_account',
      environment: 'live',
      key_id: t.server.demo.keyIds.live,
    });
    expect((await t.client.delete(`${KEYS}/${t.server.demo.keyIds.live}`, { headers: bearer(owner) })).status).toBe(
      204,
    );
    expectProblem(await me('sk_live_abc123'), 'API_KEY_REVOKED');
    // Any other short key is unknown.
    expectProblem(await me('sk_live_abc124'), 'INVALID_TOKEN');
  });
});

describe('shown once, masked in lists', () => {
  it('the secret is only in the creation response (no-store); lists show prefix…last4 and status', async () => {
    const created = await mint({ mode: 'test', name: 'staging collector' });
    const list = await t.client.get(KEYS, { headers: bearer(owner) });
    expect(list.text).not.toContain(created.secret);
    expect(list.text).not.toContain(created.secret.slice(8, -6));
    const listed = list.json.data.find((k: { id: string }) => k.id === created.key.id);
    expect(listed).toMatchObject({
      masked: `sk_test_…${created.secret.slice(-4)}`,
      status: 'active',
      mode: 'test',
      name: 'staging collector',
    });
    expect(list.json.data[0].id).toBe(created.key.id); // newest first
  });

  it('lists page with a cursor; a bad cursor is 400', async () => {
    await mint();
    await mint();
    const first = await t.client.get(`${KEYS}?limit=1`, { headers: bearer(owner) });
    expect(first.json.data).toHaveLength(1);
    expect(first.json.next_cursor).toEqual(expect.any(String));
    const second = await t.client.get(`${KEYS}?limit=1&cursor=${first.json.next_cursor}`, { headers: bearer(owner) });
    expect(second.json.data[0].id).not.toBe(first.json.data[0].id);
    const all = await t.client.get(`${KEYS}?limit=100`, { headers: bearer(owner) });
    expect(all.json.data).toHaveLength(4);
    expect(all.json.next_cursor).toBeNull();
    const bad = await t.client.get(`${KEYS}?cursor=zzzz`, { headers: bearer(owner) });
    expectProblem(bad, 'INVALID_REQUEST');
    expectProblem(await t.client.get(`${KEYS}?limit=101`, { headers: bearer(owner) }), 'INVALID_REQUEST');
    expectProblem(await t.client.get(`${KEYS}?limit=0`, { headers: bearer(owner) }), 'INVALID_REQUEST');
  });
});

describe('expiry, revocation, rotation: effective on the next request', () => {
  it('expires_at must lie in the future', async () => {
    const past = new Date(t.server.clock.now().getTime() - 1000).toISOString();
    const res = await t.client.post(KEYS, { headers: bearer(owner), body: { mode: 'live', expires_at: past } });
    expectProblem(res, 'INVALID_REQUEST');
    expect(res.json.errors).toContainEqual(expect.objectContaining({ pointer: '/expires_at' }));
  });

  it('a key with expires_at works until then, then 401 API_KEY_EXPIRED (and lists say expired)', async () => {
    const at = new Date(t.server.clock.now().getTime() + 60_000);
    const { key, secret } = await mint({ mode: 'live', expires_at: at.toISOString() });
    expect((await me(secret)).status).toBe(200);
    t.server.clock.set(at);
    const res = await me(secret);
    expectProblem(res, 'API_KEY_EXPIRED');
    owner = (await loginApi(t.client, DEMO.ownerEmail, DEMO.password)).accessToken;
    const list = await t.client.get(KEYS, { headers: bearer(owner) });
    expect(list.json.data.find((k: { id: string }) => k.id === key.id).status).toBe('expired');
  });

  it('revocation: the very next request gets 401 API_KEY_REVOKED; revoking twice is 204', async () => {
    const { key, secret } = await mint();
    expect((await me(secret)).status).toBe(200);
    expect((await t.client.delete(`${KEYS}/${key.id}`, { headers: bearer(owner) })).status).toBe(204);
    const res = await me(secret);
    expectProblem(res, 'API_KEY_REVOKED');
    expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    expect((await t.client.delete(`${KEYS}/${key.id}`, { headers: bearer(owner) })).status).toBe(204);
    expectProblem(await t.client.delete(`${KEYS}/key_unknown000`, { headers: bearer(owner) }), 'NOT_FOUND');
    expectProblem(
      await t.client.delete(`/api/v1/service-accounts/sa_nobody00/keys/${key.id}`, { headers: bearer(owner) }),
      'NOT_FOUND',
    );
  });

  it('a revoked key stays revoked when the mock clock goes back before its revocation, and a second DELETE keeps it so', async () => {
    const { key, secret } = await mint();
    expect((await me(secret)).status).toBe(200);
    expect((await t.client.delete(`${KEYS}/${key.id}`, { headers: bearer(owner) })).status).toBe(204);
    expect((await t.client.post('/__mock/clock', { body: { advance: '-PT5M' } })).status).toBe(200);
    expectProblem(await me(secret), 'API_KEY_REVOKED');
    const listed = (await t.client.get(KEYS, { headers: bearer(owner) })).json.data.find(
      (k: { id: string }) => k.id === key.id,
    );
    expect(listed.status).toBe('revoked');
    expect((await t.client.delete(`${KEYS}/${key.id}`, { headers: bearer(owner) })).status).toBe(204);
    expectProblem(await me(secret), 'API_KEY_REVOKED');
    // Expiry, unlike revocation, follows the clock: a key that expired works again before its expires_at.
    const at = new Date(t.server.clock.now().getTime() + 60_000);
    const timed = await mint({ mode: 'live', expires_at: at.toISOString() });
    t.server.clock.set(at);
    expectProblem(await me(timed.secret), 'API_KEY_EXPIRED');
    t.server.clock.advance(-60);
    expect((await me(timed.secret)).status).toBe(200);
  });

  it('rotation with an overlap: 201 with the new secret; the old key works until the overlap ends, then API_KEY_EXPIRED', async () => {
    const old = await mint();
    const res = await t.client.post(`${KEYS}/${old.key.id}/rotate`, {
      headers: bearer(owner),
      body: { overlap_seconds: 3600 },
    });
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json.previous_key).toMatchObject({ id: old.key.id, status: 'active' });
    expect(Date.parse(res.json.previous_key.expires_at) - t.server.clock.now().getTime()).toBeGreaterThan(3590_000);
    expect(res.json.secret).not.toBe(old.secret);
    expect(res.json.key.mode).toBe('live');
    expect((await me(old.secret)).status).toBe(200);
    expect((await me(res.json.secret)).status).toBe(200);
    t.server.clock.advance(3600);
    expectProblem(await me(old.secret), 'API_KEY_EXPIRED');
    expect((await me(res.json.secret)).status).toBe(200);
  });

  it('rotation without a body (or overlap 0) revokes the old key at once', async () => {
    const a = await mint();
    const ra = await t.client.post(`${KEYS}/${a.key.id}/rotate`, { headers: bearer(owner) });
    expect(ra.status).toBe(201);
    expect(ra.json.previous_key.status).toBe('revoked');
    expectProblem(await me(a.secret), 'API_KEY_REVOKED');
    const b = await mint({ mode: 'test' });
    const rb = await t.client.post(`${KEYS}/${b.key.id}/rotate`, {
      headers: bearer(owner),
      body: { overlap_seconds: 0 },
    });
    expect(rb.json.key.mode).toBe('test');
    expectProblem(await me(b.secret), 'API_KEY_REVOKED');
    expect((await me(rb.json.secret)).status).toBe(200);
  });

  it('only an active key not rotated yet can be rotated: a revoked, expired or already rotated key gets 404 saying why, and nothing changes', async () => {
    const list = async () =>
      (await t.client.get(`${KEYS}?limit=100`, { headers: bearer(owner) })).json.data as Array<Record<string, unknown>>;
    const rotate = (id: string) =>
      t.client.post(`${KEYS}/${id}/rotate`, { headers: bearer(owner), body: { overlap_seconds: 600 } });

    const revoked = await mint();
    expect((await t.client.delete(`${KEYS}/${revoked.key.id}`, { headers: bearer(owner) })).status).toBe(204);
    const at = new Date(t.server.clock.now().getTime() + 60_000);
    const expired = await mint({ mode: 'live', expires_at: at.toISOString() });
    const rotated = await mint();
    const first = await rotate(rotated.key.id);
    expect(first.status).toBe(201);
    t.server.clock.set(at);

    const before = await list();
    for (const [id, why] of [
      [revoked.key.id, /is revoked/],
      [expired.key.id, /has expired/],
      [rotated.key.id, new RegExp(`was already rotated.*${first.json.key.id}`)],
    ] as const) {
      const res = await rotate(id);
      expectProblem(res, 'NOT_FOUND', id);
      expect(res.json.detail).toMatch(why);
      expect(res.json.detail).toMatch(/only an active key can be rotated/);
    }
    // No key was minted, and the refused keys are exactly as they were.
    expect(await list()).toEqual(before);
    expectProblem(await me(revoked.secret), 'API_KEY_REVOKED');
    expectProblem(await me(expired.secret), 'API_KEY_EXPIRED');
    expect((await me(rotated.secret)).status).toBe(200);
    expect((await me(first.json.secret)).status).toBe(200);
    // The new key is active and can be rotated in turn.
    expect((await rotate(first.json.key.id)).status).toBe(201);
  });

  it('rotation bounds: overlap over 7 days or a past expires_at is 400; an unknown key is 404', async () => {
    const a = await mint();
    expectProblem(
      await t.client.post(`${KEYS}/${a.key.id}/rotate`, { headers: bearer(owner), body: { overlap_seconds: 604801 } }),
      'INVALID_REQUEST',
    );
    expectProblem(
      await t.client.post(`${KEYS}/${a.key.id}/rotate`, {
        headers: bearer(owner),
        body: { expires_at: '2000-01-01T00:00:00Z' },
      }),
      'INVALID_REQUEST',
    );
    expectProblem(
      await t.client.post(`${KEYS}/key_unknown000/rotate`, { headers: bearer(owner), body: {} }),
      'NOT_FOUND',
    );
  });
});

describe('who may manage keys, and live/test mode', () => {
  it('a viewer cannot mint: 403 INSUFFICIENT_SCOPE naming service-accounts:write', async () => {
    const viewer = (await loginApi(t.client, DEMO.viewerEmail, DEMO.password)).accessToken;
    const res = await t.client.post(KEYS, { headers: bearer(viewer), body: { mode: 'live' } });
    expectProblem(res, 'INSUFFICIENT_SCOPE');
    expect(res.headers['www-authenticate']).toMatch(
      /^Bearer realm="novavms", error="insufficient_scope", error_description="[^"]*", scope="service-accounts:write"$/,
    );
    expectProblem(await t.client.get(KEYS, { headers: bearer(viewer) }), 'INSUFFICIENT_SCOPE');
  });

  it('a service-account key can never manage keys (403), but an invalid one is still 401', async () => {
    for (const key of [t.server.demo.liveKey, t.server.demo.testKey]) {
      expectProblem(await t.client.post(KEYS, { headers: bearer(key), body: { mode: 'live' } }), 'INSUFFICIENT_SCOPE');
      expectProblem(await t.client.get('/api/v1/service-accounts', { headers: bearer(key) }), 'INSUFFICIENT_SCOPE');
      expectProblem(
        await t.client.delete(`${KEYS}/${t.server.demo.keyIds.live}`, { headers: bearer(key) }),
        'INSUFFICIENT_SCOPE',
      );
    }
    expect((await me(t.server.demo.liveKey)).status).toBe(200);
    const typo = `${t.server.demo.liveKey.slice(0, -1)}x`;
    expectProblem(await t.client.post(KEYS, { headers: bearer(typo), body: { mode: 'live' } }), 'INVALID_TOKEN');
  });

  it('sk_test_ keys get 404 from production-only operations before any scope check; live keys get 403 for a missing scope', async () => {
    const created = await t.client.post('/api/v1/service-accounts', {
      headers: bearer(owner),
      body: { name: 'Camera wall', role: 'viewer' },
    });
    expect(created.status).toBe(201);
    expect(created.json.scopes).toEqual([...roles.ServiceAccountKey.viewer]);
    const path = `/api/v1/service-accounts/${created.json.id}/keys`;
    const test = await mint({ mode: 'test' }, path);
    const live = await mint({ mode: 'live' }, path);
    const testAnswer = await t.client.get('/api/v1/audit-events', { headers: bearer(test.secret) });
    expectProblem(testAnswer, 'NOT_FOUND');
    const liveAnswer = await t.client.get('/api/v1/audit-events', { headers: bearer(live.secret) });
    expectProblem(liveAnswer, 'INSUFFICIENT_SCOPE');
    expect(liveAnswer.headers['www-authenticate']).toContain('scope="audit:read"');
    // Both read cameras, each of its own environment.
    const testCams = await t.client.get('/api/v1/cameras', { headers: bearer(test.secret) });
    const liveCams = await t.client.get('/api/v1/cameras', { headers: bearer(live.secret) });
    expect(new Set(testCams.json.data.map((c: { environment: string }) => c.environment))).toEqual(new Set(['test']));
    expect(new Set(liveCams.json.data.map((c: { environment: string }) => c.environment))).toEqual(new Set(['live']));
    expectProblem(await t.client.get('/api/v1/cameras/cam_lobby01', { headers: bearer(test.secret) }), 'NOT_FOUND');
    expect((await t.client.get('/api/v1/cameras/cam_lobby01', { headers: bearer(live.secret) })).status).toBe(200);
  });

  it('a sk_test_ key gets from a production-only operation exactly the 404 of a route that does not exist', async () => {
    const strip = ({ request_id: _id, instance: _instance, ...rest }: Record<string, unknown>) => rest;
    const headerNames = (res: { headers: Record<string, unknown> }) =>
      Object.keys(res.headers)
        .filter((h) => h !== 'date' && h !== 'content-length')
        .sort();
    for (const operationId of productionOnlyOperations) {
      const { method, path } = operations[operationId];
      const hidden = await t.client.request(method, path, { headers: bearer(t.server.demo.testKey) });
      const missing = await t.client.request(method, `${path}-nowhere`, { headers: bearer(t.server.demo.testKey) });
      expectProblem(hidden, 'NOT_FOUND', operationId);
      expectProblem(missing, 'NOT_FOUND');
      expect(strip(hidden.json), operationId).toEqual(strip(missing.json));
      expect(headerNames(hidden), operationId).toEqual(headerNames(missing));
    }
  });

  it('admins and owners list and create service accounts', async () => {
    const admin = (await loginApi(t.client, DEMO.adminEmail, DEMO.password)).accessToken;
    const created = await t.client.post('/api/v1/service-accounts', {
      headers: bearer(admin),
      body: { name: 'Backup exporter', description: 'Nightly export.', role: 'viewer' },
    });
    expect(created.status).toBe(201);
    const list = await t.client.get('/api/v1/service-accounts', { headers: bearer(owner) });
    expect(list.json.data.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining([SA, created.json.id]));
    const bad = await t.client.post('/api/v1/service-accounts', {
      headers: bearer(admin),
      body: { name: 'x', role: 'owner' },
    });
    expectProblem(bad, 'INVALID_REQUEST');
  });
});

describe('audit trail', () => {
  it('records logins, failures, key and account changes and session ends, newest first', async () => {
    await t.client.post('/api/auth/login', { body: { email: DEMO.ownerEmail, password: 'nope' } });
    const session = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    const key = await mint();
    await t.client.post(`${KEYS}/${key.key.id}/rotate`, { headers: bearer(owner), body: { overlap_seconds: 10 } });
    await t.client.delete(`${KEYS}/${key.key.id}`, { headers: bearer(owner) });
    await t.client.post('/api/v1/service-accounts', {
      headers: bearer(owner),
      body: { name: 'Ticket bridge', role: 'viewer' },
    });
    const rotated = await t.client.post('/api/auth/refresh', { headers: bearer(session.refreshToken) });
    await t.client.post('/api/auth/refresh', { headers: bearer(session.refreshToken) });
    const mismatch = await loginApi(t.client, DEMO.ownerEmail, DEMO.password, { userAgent: 'one' });
    await t.client.post('/api/auth/refresh', { headers: { ...bearer(mismatch.refreshToken), 'user-agent': 'two' } });
    const loggedOut = await loginApi(t.client, DEMO.ownerEmail, DEMO.password);
    await t.client.post('/api/auth/logout', { headers: bearer(loggedOut.refreshToken) });
    expect(rotated.status).toBe(200);

    const events = await t.client.get('/api/v1/audit-events?limit=100', { headers: bearer(t.server.demo.liveKey) });
    const types: string[] = events.json.data.map((e: { type: string }) => e.type);
    for (const type of [
      'login.succeeded',
      'login.failed',
      'session.revoked',
      'session.reuse_detected',
      'session.mismatch',
      'service_account.created',
      'api_key.created',
      'api_key.rotated',
      'api_key.revoked',
    ]) {
      expect(types, type).toContain(type);
    }
    expect(types[0]).toBe('session.revoked');
    const failed = events.json.data.find((e: { type: string }) => e.type === 'login.failed');
    expect(failed.actor_id).toBeNull();
  });
});
