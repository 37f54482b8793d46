/**
 * DESIGN "Credentials and schemes": for every secured `/api/v1` operation and every kind of
 * principal (each user role with an access token, each service-account role with a live and a
 * test key), the server answers exactly what the contract's security requirements and roles
 * say: the success status when an alternative is met, 404 for a test key on a production-only
 * operation, 403 INSUFFICIENT_SCOPE (naming the scopes) otherwise.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type OperationId, operations, productionOnlyOperations, roles } from '../../generated/contract.js';
import { DEMO } from '../src/demo.js';
import { expectProblem } from './support/expectations.js';
import { bearer, loginApi, useTestServer } from './support/server.js';

const t = useTestServer();
let owner: string;

interface Credential {
  name: string;
  scheme: 'UserAccessToken' | 'ServiceAccountKey';
  role: string;
  environment: 'live' | 'test';
  token: string;
}
const credentials: Credential[] = [];

beforeAll(async () => {
  owner = (await loginApi(t.client, DEMO.ownerEmail, DEMO.password)).accessToken;
  for (const [email, role] of [
    [DEMO.ownerEmail, 'owner'],
    [DEMO.adminEmail, 'admin'],
    [DEMO.viewerEmail, 'viewer'],
  ] as const) {
    expect(Object.keys(roles.UserAccessToken)).toContain(role);
    credentials.push({
      name: `${role} access token`,
      scheme: 'UserAccessToken',
      role,
      environment: 'live',
      token: (await loginApi(t.client, email, DEMO.password)).accessToken,
    });
  }
  for (const role of Object.keys(roles.ServiceAccountKey)) {
    const account = await t.client.post('/api/v1/service-accounts', {
      headers: bearer(owner),
      body: { name: `${role} account`, role },
    });
    for (const mode of ['live', 'test'] as const) {
      const key = await t.client.post(`/api/v1/service-accounts/${account.json.id}/keys`, {
        headers: bearer(owner),
        body: { mode },
      });
      credentials.push({
        name: `${role} ${mode} key`,
        scheme: 'ServiceAccountKey',
        role,
        environment: mode,
        token: key.json.secret,
      });
    }
  }
});

/** What the contract says a credential gets from an operation: 'ok', 403 or 404. */
function expected(operationId: OperationId, credential: Credential): 'ok' | 403 | 404 {
  const op = operations[operationId];
  const accepts = op.security.some((alt) => credential.scheme in alt);
  if (
    accepts &&
    credential.environment === 'test' &&
    (productionOnlyOperations as readonly string[]).includes(operationId)
  )
    return 404;
  const granted: readonly string[] =
    (roles[credential.scheme] as Record<string, readonly string[]>)[credential.role] ?? [];
  const met = op.security.some((alt) => {
    const scopes = (alt as Record<string, readonly string[] | undefined>)[credential.scheme];
    return scopes?.every((s) => granted.includes(s));
  });
  return met ? 'ok' : 403;
}

/** A request for the operation that succeeds when authorised (fresh resources for changes). */
async function requestFor(
  operationId: OperationId,
  credential: Credential,
): Promise<{ method: string; path: string; body?: unknown }> {
  const op = operations[operationId];
  let path: string = op.path;
  if (path.includes('{key_id}')) {
    const key = await t.client.post(`/api/v1/service-accounts/${DEMO.serviceAccountId}/keys`, {
      headers: bearer(owner),
      body: { mode: 'live' },
    });
    path = path.replace('{key_id}', key.json.key.id);
  }
  path = path
    .replace('{service_account_id}', DEMO.serviceAccountId)
    .replace('{camera_id}', credential.environment === 'test' ? 'cam_sandbox01' : 'cam_lobby01');
  const bodies: Partial<Record<OperationId, unknown>> = {
    createServiceAccount: { name: 'Scope check', role: 'viewer' },
    createServiceAccountKey: { mode: 'test' },
    rotateServiceAccountKey: { overlap_seconds: 60 },
  };
  return { method: op.method, path, body: bodies[operationId] };
}

const secured = (Object.keys(operations) as OperationId[]).filter((id) =>
  operations[id].security.some((alt) => 'UserAccessToken' in alt || 'ServiceAccountKey' in alt),
);

describe('security requirements as the contract lists them', () => {
  it('covers every secured operation', () => {
    expect(secured.length).toBeGreaterThanOrEqual(10);
  });

  for (const operationId of secured) {
    it(`${operationId}: each principal gets what its role's scopes allow`, async () => {
      const success = operations[operationId].statuses.find((s) => s < 300)!;
      for (const credential of credentials) {
        const want = expected(operationId, credential);
        const { method, path, body } = await requestFor(operationId, credential);
        const res = await t.client.request(method, path, { headers: bearer(credential.token), body });
        if (want === 'ok') {
          expect(res.status, `${credential.name} ${res.text}`).toBe(success);
        } else {
          expectProblem(res, want === 403 ? 'INSUFFICIENT_SCOPE' : 'NOT_FOUND', credential.name);
          if (want === 403) {
            const required =
              operations[operationId].security
                .flatMap((alt) => Object.values(alt))
                .find((scopes) => scopes.length > 0) ?? [];
            expect(res.headers['www-authenticate'], credential.name).toContain(`scope="${[...required].join(' ')}"`);
          }
        }
      }
    });
  }

  it('GET /api/v1/me works for any valid credential', async () => {
    for (const credential of credentials) {
      const res = await t.client.get('/api/v1/me', { headers: bearer(credential.token) });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({
        role: credential.role,
        environment: credential.environment,
        kind: credential.scheme === 'UserAccessToken' ? 'user' : 'service_account',
      });
      expect(res.json.scopes).toEqual([
        ...(roles[credential.scheme] as Record<string, readonly string[]>)[credential.role]!,
      ]);
    }
  });
});
