/**
 * DESIGN "Credentials and schemes": for every secured `/api/v1` operation and every kind of
 * principal — the suite's two users with their access tokens, a service account of each role
 * with a live and a test key — the target answers exactly what the contract's security
 * requirements and roles say: the success when an alternative is met, 404 for a test key on a
 * production-only operation, 403 INSUFFICIENT_SCOPE naming the scopes otherwise.
 */
import { beforeAll, describe, expect } from 'vitest';
import { type OperationId, operations, productionOnlyOperations, roles } from '../../generated/contract.js';
import { parseChallenge } from '../support/www-authenticate.js';
import type { Call } from './support/contract-client.js';
import { contractFile, STATEFUL } from './support/contract-file.js';
import { cite, contractTest } from './support/contract-test.js';
import { expectProblem } from './support/expectations.js';
import { resetIfPossible } from './support/mock-control.js';
import { pathOf } from './support/operation-path.js';
import type { ServiceAccount } from './support/service-accounts.js';

const { target, client, adminLogin, viewerLogin, keys } = await contractFile();

interface Credential {
  name: string;
  scheme: 'UserAccessToken' | 'ServiceAccountKey';
  role: string;
  environment: 'live' | 'test';
  token: string;
}
const credentials: Credential[] = [];
let account: ServiceAccount;
const cameraOf: Record<'live' | 'test', string> = { live: '', test: '' };

beforeAll(async () => {
  await resetIfPossible(target);
  if (!target.capabilities.stateful) return;
  for (const user of [adminLogin, viewerLogin]) {
    const token = await user.token();
    const me = (await client.send({ path: pathOf('getCurrentPrincipal'), bearer: token })).json();
    expect(Object.keys(roles.UserAccessToken)).toContain(me.role);
    credentials.push({
      name: `${me.role} access token`,
      scheme: 'UserAccessToken',
      role: me.role,
      environment: 'live',
      token,
    });
  }
  for (const role of Object.keys(roles.ServiceAccountKey) as (keyof typeof roles.ServiceAccountKey)[]) {
    const sa = await keys.serviceAccount(role);
    for (const mode of ['live', 'test'] as const) {
      const { secret } = await keys.mint(sa.id, mode);
      credentials.push({
        name: `${role} ${mode} key`,
        scheme: 'ServiceAccountKey',
        role,
        environment: mode,
        token: secret,
      });
      const cameras = await client.send({ path: pathOf('listCameras', {}, { limit: 1 }), bearer: secret });
      cameraOf[mode] ||= cameras.json().data[0]?.id ?? '';
    }
  }
  account = await keys.serviceAccount('viewer');
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

/** A request for the operation that succeeds when authorised (a fresh key for the key operations). */
async function requestFor(operationId: OperationId, credential: Credential): Promise<Call> {
  const op = operations[operationId];
  const params: Record<string, string> = {
    service_account_id: account.id,
    camera_id: cameraOf[credential.environment],
  };
  if (op.path.includes('{key_id}')) params.key_id = (await keys.mint(account.id, 'live')).key.id;
  const bodies: Partial<Record<OperationId, unknown>> = {
    createServiceAccount: { name: 'contract suite scope check', role: 'viewer' },
    createServiceAccountKey: { mode: 'test' },
    rotateServiceAccountKey: { overlap_seconds: 60 },
  };
  const body = bodies[operationId];
  return { method: op.method, path: pathOf(operationId, params), ...(body === undefined ? {} : { json: body }) };
}

const secured = (Object.keys(operations) as OperationId[]).filter((id) =>
  operations[id].security.some((alt) => 'UserAccessToken' in alt || 'ServiceAccountKey' in alt),
);
const source = cite.design(
  'Required roles/scopes go in the security requirement arrays … The reference server enforces exactly what the spec lists',
);

describe('security requirements as the contract lists them', () => {
  contractTest(target, 'the matrix covers every secured operation', source, STATEFUL, async () => {
    expect(secured.length).toBeGreaterThanOrEqual(10);
    expect(credentials.length).toBe(2 + 2 * Object.keys(roles.ServiceAccountKey).length);
    expect(cameraOf.live && cameraOf.test, 'a camera in each environment').toBeTruthy();
  });

  for (const operationId of secured) {
    contractTest(
      target,
      `${operationId}: each principal gets what its role's scopes allow`,
      source,
      STATEFUL,
      async () => {
        const success = operations[operationId].statuses.find((s) => s < 300)!;
        for (const credential of credentials) {
          const want = expected(operationId, credential);
          const call = await requestFor(operationId, credential);
          const res = await client.send({ ...call, bearer: credential.token });
          if (res.status === 201 && operationId !== 'createServiceAccount') {
            const created = res.json<{ key: { id: string; service_account_id: string } }>().key;
            keys.track(created.service_account_id, created.id);
          }
          if (want === 'ok') {
            expect(res.status, `${credential.name} ${res.code ?? ''}`).toBe(success);
          } else {
            expectProblem(res, want === 403 ? 'INSUFFICIENT_SCOPE' : 'NOT_FOUND', credential.name);
            if (want === 403) {
              const required =
                operations[operationId].security
                  .flatMap((alt) => Object.values(alt))
                  .find((scopes) => scopes.length > 0) ?? [];
              expect(parseChallenge(res.header('www-authenticate'))?.params.scope, credential.name).toBe(
                [...required].join(' '),
              );
            }
          }
        }
      },
    );
  }

  contractTest(
    target,
    "GET /api/v1/me answers every valid credential with its kind, role, environment and exactly its role's scopes",
    cite.page('A service-account key represents a non-human caller with a fixed role and scope.'),
    STATEFUL,
    async () => {
      for (const credential of credentials) {
        const res = await client.send({ path: pathOf('getCurrentPrincipal'), bearer: credential.token });
        expect(res.status, credential.name).toBe(200);
        expect(res.json()).toMatchObject({
          role: credential.role,
          environment: credential.environment,
          kind: credential.scheme === 'UserAccessToken' ? 'user' : 'service_account',
        });
        expect(res.json().scopes).toEqual([
          ...(roles[credential.scheme] as Record<string, readonly string[]>)[credential.role]!,
        ]);
      }
    },
  );
});
