/**
 * Service-account keys, minted through the API as an admin would: the secret shown once and
 * masked afterwards, a checksum that catches typos, sandbox keys that cannot see
 * production-only operations, who may mint, and revocation, expiry and rotation overlap
 * taking effect on the very next request.
 */
import { beforeAll, describe, expect } from 'vitest';
import {
  keyFormat,
  type OperationId,
  productionOnlyOperations,
  requiredScopes,
  roles,
} from '../../generated/contract.js';
import { operations } from '../support/openapi.js';
import { parseChallenge } from '../support/www-authenticate.js';
import { contractFile, STATEFUL } from './support/contract-file.js';
import { cite, contractTest } from './support/contract-test.js';
import { exampleCall } from './support/example-requests.js';
import { expectProblem, expectSuccess } from './support/expectations.js';
import { forgeWellFormedKey, hasValidChecksum, withOneCharacterChanged } from './support/key-checksum.js';
import { advanceClock, mockNow, resetIfPossible } from './support/mock-control.js';
import { pathOf } from './support/operation-path.js';
import type { ApiKey, ApiKeyRotated } from './support/service-accounts.js';

const { target, client, adminLogin, viewerLogin, keys } = await contractFile();
const ME = pathOf('getCurrentPrincipal');

beforeAll(() => resetIfPossible(target));

const me = (bearer: string) => client.send({ path: ME, bearer });
const viewerScopes: readonly string[] = roles.UserAccessToken.viewer;
/** Operations a viewer's access token may not call: they need a scope the viewer role lacks. */
const adminOnly = operations().filter((o) => {
  const needed: readonly string[] | undefined = (requiredScopes as Record<string, Record<string, readonly string[]>>)[
    o.operationId
  ]?.UserAccessToken;
  return needed?.some((scope) => !viewerScopes.includes(scope));
});

describe('minting', () => {
  contractTest(
    target,
    'a minted key has the documented shape and a valid checksum, and is shown in full only in the minting response (no-store)',
    cite.page('The key is shown once; copy it straight into your secret store.'),
    STATEFUL,
    async () => {
      const account = await keys.serviceAccount('viewer');
      const res = await keys.mintResponse(account.id, { mode: 'live' });
      expectSuccess(res);
      expect(res.header('cache-control')).toBe('no-store');
      const { key, secret } = res.json<{ key: ApiKey; secret: string }>();
      expect(secret.startsWith(keyFormat.prefixes.live)).toBe(true);
      expect(hasValidChecksum(secret), 'the last 6 characters are the base62 CRC-32 of the rest').toBe(true);
      expect(key).toMatchObject({
        mode: 'live',
        status: 'active',
        expires_at: null,
        revoked_at: null,
        service_account_id: account.id,
      });
      expect(key.masked).toBe(`${keyFormat.prefixes.live}…${secret.slice(-4)}`);

      const list = await keys.list(account.id);
      expectSuccess(list);
      expect(list.text.includes(secret), 'the list never shows the secret').toBe(false);
      const listed = list.json<{ data: ApiKey[] }>().data.find((k) => k.id === key.id);
      expect(listed?.masked).toBe(key.masked);
      const accounts = await client.send({
        path: pathOf('listServiceAccounts', {}, { limit: 100 }),
        bearer: await adminLogin.token(),
      });
      expectSuccess(accounts);
      expect(accounts.text.includes(secret)).toBe(false);
    },
  );

  contractTest(
    target,
    "a key authenticates as its service account, with the role's scopes, in its environment",
    cite.page('A service-account key represents a non-human caller with a fixed role and scope.'),
    STATEFUL,
    async () => {
      for (const [role, mode] of [
        ['viewer', 'live'],
        ['auditor', 'test'],
      ] as const) {
        const { secret, key, serviceAccount } = await keys.keyFor(role, mode);
        const res = await me(secret);
        expectSuccess(res);
        const principal = res.json<Record<string, unknown>>();
        expect(principal).toMatchObject({
          kind: 'service_account',
          id: serviceAccount.id,
          role,
          environment: mode,
          key_id: key.id,
        });
        expect([...(principal.scopes as string[])].sort()).toEqual([...roles.ServiceAccountKey[role]].sort());
      }
    },
  );

  contractTest(
    target,
    'a user without admin rights cannot mint a key (403 insufficient_scope)',
    cite.page('An admin or owner mints the key from the admin UI at /admin/service-accounts.'),
    STATEFUL,
    async () => {
      const account = await keys.serviceAccount('viewer');
      const res = await keys.mintResponse(account.id, { mode: 'live' }, await viewerLogin.token());
      expectProblem(res, 'INSUFFICIENT_SCOPE');
      expect(parseChallenge(res.header('www-authenticate'))?.params.error).toBe('insufficient_scope');
    },
  );

  contractTest(
    target,
    `a viewer gets 403 insufficient_scope from every operation that needs a scope its role lacks (${adminOnly.map((o) => o.operationId).join(', ')})`,
    cite.spec('Only users whose role is admin or owner may call it.'),
    STATEFUL,
    async () => {
      const { key, secret, serviceAccount } = await keys.keyFor('viewer', 'live');
      const bearer = await viewerLogin.token();
      for (const entry of adminOnly) {
        const call = exampleCall(entry, false);
        call.path = pathOf(entry.operationId as OperationId, { service_account_id: serviceAccount.id, key_id: key.id });
        const res = await client.send({ ...call, bearer });
        expectProblem(res, 'INSUFFICIENT_SCOPE', entry.operationId);
      }
      expectSuccess(await me(secret), 'the refused revoke and rotate left the key alone');
    },
  );

  contractTest(
    target,
    'a service-account key cannot manage keys (403), whatever its role',
    cite.design('a service-account key cannot manage keys (403)'),
    STATEFUL,
    async () => {
      const { secret, serviceAccount } = await keys.keyFor('auditor', 'live');
      const mint = await keys.mintResponse(serviceAccount.id, { mode: 'live' }, secret);
      expectProblem(mint, 'INSUFFICIENT_SCOPE');
      const list = await client.send({ path: pathOf('listServiceAccounts'), bearer: secret });
      expectProblem(list, 'INSUFFICIENT_SCOPE');
    },
  );

  contractTest(
    target,
    'keys of a service account that does not exist: 404',
    cite.spec(
      'listServiceAccountKeys / createServiceAccountKey / revokeServiceAccountKey / rotateServiceAccountKey 404',
    ),
    STATEFUL,
    async () => {
      const missing = { service_account_id: 'sa_doesnotexist0', key_id: 'key_doesnotexist0' };
      const bearer = await adminLogin.token();
      for (const call of [
        { path: pathOf('listServiceAccountKeys', missing) },
        { method: 'POST', path: pathOf('createServiceAccountKey', missing), json: { mode: 'live' } },
        { method: 'DELETE', path: pathOf('revokeServiceAccountKey', missing) },
        { method: 'POST', path: pathOf('rotateServiceAccountKey', missing), json: {} },
      ]) {
        const res = await client.send({ ...call, bearer });
        expectProblem(res, 'NOT_FOUND', `${call.method ?? 'GET'} ${call.path}`);
      }
    },
  );

  contractTest(
    target,
    'an expires_at in the past is refused with 400',
    cite.spec('ApiKeyCreateRequest.expires_at: "It must lie in the future."'),
    STATEFUL,
    async () => {
      const account = await keys.serviceAccount('viewer');
      const res = await keys.mintResponse(account.id, { mode: 'live', expires_at: '2000-01-01T00:00:00Z' });
      expectProblem(res, 'INVALID_REQUEST');
    },
  );
});

describe('the checksum', () => {
  contractTest(
    target,
    'a key with one character changed is refused with INVALID_TOKEN, and so is a well-formed key nobody minted',
    cite.design(
      'Format sk_live_ / sk_test_ + random part + a short checksum, so that a scanner can tell a real key from a typo without a database',
    ),
    STATEFUL,
    async () => {
      const { secret } = await keys.keyFor('viewer', 'live');
      expectSuccess(await me(secret));
      const typo = withOneCharacterChanged(secret);
      expect(hasValidChecksum(typo), 'the checksum catches the typo').toBe(false);
      for (const bearer of [
        typo,
        forgeWellFormedKey(keyFormat.prefixes.live),
        forgeWellFormedKey(keyFormat.prefixes.test),
      ]) {
        const res = await me(bearer);
        expectProblem(res, 'INVALID_TOKEN');
      }
    },
  );
});

describe('live and test keys', () => {
  contractTest(
    target,
    `a sk_test_ key gets 404 from every production-only operation (${productionOnlyOperations.join(', ')}); a sk_live_ key of the same role does not`,
    cite.page('sk_test_ is a sandbox-org key and will return 404 on production-only resources.'),
    STATEFUL,
    async () => {
      const account = await keys.serviceAccount('auditor');
      const live = await keys.mint(account.id, 'live');
      const test = await keys.mint(account.id, 'test');
      for (const operationId of productionOnlyOperations) {
        const path = pathOf(operationId);
        const sandbox = await client.send({ path, bearer: test.secret });
        expectProblem(sandbox, 'NOT_FOUND', `${operationId} with sk_test_`);
        const production = await client.send({ path, bearer: live.secret });
        expectSuccess(production, `${operationId} with sk_live_`);
      }
    },
  );

  contractTest(
    target,
    'a key whose role lacks the scope gets 403 insufficient_scope on a production-only operation',
    cite.spec('listAuditEvents security: ServiceAccountKey [audit:read]'),
    STATEFUL,
    async () => {
      const { secret } = await keys.keyFor('viewer', 'live');
      const res = await client.send({ path: pathOf('listAuditEvents'), bearer: secret });
      expectProblem(res, 'INSUFFICIENT_SCOPE');
    },
  );
});

describe('revocation and rotation', () => {
  contractTest(
    target,
    'a revoked key is refused with API_KEY_REVOKED on the next request; revoking again answers 204',
    cite.design('revocation and expiry take effect on the next request'),
    STATEFUL,
    async () => {
      const { secret, key, serviceAccount } = await keys.keyFor('viewer', 'live');
      expectSuccess(await me(secret));
      expectSuccess(await keys.revoke(serviceAccount.id, key.id));
      const res = await me(secret);
      expectProblem(res, 'API_KEY_REVOKED');
      expect(parseChallenge(res.header('www-authenticate'))?.params.error).toBe('invalid_token');
      expectSuccess(await keys.revoke(serviceAccount.id, key.id));
      const listed = (await keys.list(serviceAccount.id)).json<{ data: ApiKey[] }>().data.find((k) => k.id === key.id);
      expect(listed?.status).toBe('revoked');
      expect(listed?.revoked_at).not.toBeNull();
    },
  );

  contractTest(
    target,
    'a rotation without overlap returns a new key of the same mode (no-store) and revokes the old one at once',
    cite.spec(
      'rotateServiceAccountKey: "Without it the old key is revoked at once. The new secret is in this response only."',
    ),
    STATEFUL,
    async () => {
      const { secret, key, serviceAccount } = await keys.keyFor('viewer', 'test');
      const res = await keys.rotateResponse(serviceAccount.id, key.id);
      expectSuccess(res);
      expect(res.header('cache-control')).toBe('no-store');
      const rotated = res.json<ApiKeyRotated>();
      expect(rotated.key.mode).toBe('test');
      expect(rotated.secret.startsWith(keyFormat.prefixes.test)).toBe(true);
      expect(hasValidChecksum(rotated.secret)).toBe(true);
      expect(rotated.previous_key.id).toBe(key.id);
      expectSuccess(await me(rotated.secret));
      const old = await me(secret);
      expectProblem(old, 'API_KEY_REVOKED');
    },
  );

  contractTest(
    target,
    'during a rotation overlap both the old and the new key work',
    cite.design('Rotation returns a new key and may keep the old one alive for a stated overlap'),
    STATEFUL,
    async () => {
      const { secret, key, serviceAccount } = await keys.keyFor('viewer', 'live');
      const res = await keys.rotateResponse(serviceAccount.id, key.id, { overlap_seconds: 3600 });
      expectSuccess(res);
      const rotated = res.json<ApiKeyRotated>();
      expect(rotated.previous_key.expires_at, 'the old key now has an end').not.toBeNull();
      expectSuccess(await me(secret), 'old key during the overlap');
      expectSuccess(await me(rotated.secret), 'new key');
    },
  );
});

// Last: these move the target's clock.
describe('expiry over time', () => {
  contractTest(
    target,
    'after the overlap the old key is refused with API_KEY_EXPIRED and the new one still works',
    cite.spec('rotateServiceAccountKey: "after it the old key answers 401 API_KEY_EXPIRED"'),
    ['stateful', 'mockControl'],
    async () => {
      const { secret, key, serviceAccount } = await keys.keyFor('viewer', 'live');
      const rotated = (
        await keys.rotateResponse(serviceAccount.id, key.id, { overlap_seconds: 600 })
      ).json<ApiKeyRotated>();
      await advanceClock(target, 599);
      expectSuccess(await me(secret), 'one second before the overlap ends');
      await advanceClock(target, 2);
      const old = await me(secret);
      expectProblem(old, 'API_KEY_EXPIRED');
      expectSuccess(await me(rotated.secret));
      adminLogin.forget();
    },
  );

  contractTest(
    target,
    'a key created with expires_at works until then and is refused with API_KEY_EXPIRED on the next request after',
    cite.page('Service-account API key | No expiry | Revoke via admin UI or set expires_at explicitly'),
    ['stateful', 'mockControl'],
    async () => {
      adminLogin.forget();
      const account = await keys.serviceAccount('viewer');
      const now = await mockNow(target);
      const { secret, key } = await keys.mint(account.id, 'live', {
        expires_at: new Date(now.getTime() + 3600_000).toISOString(),
      });
      await advanceClock(target, 3599);
      expectSuccess(await me(secret));
      await advanceClock(target, 2);
      const res = await me(secret);
      expectProblem(res, 'API_KEY_EXPIRED');
      adminLogin.forget();
      const listed = (await keys.list(account.id)).json<{ data: ApiKey[] }>().data.find((k) => k.id === key.id);
      expect(listed?.status).toBe('expired');
    },
  );

  contractTest(
    target,
    'a key without expires_at still works a year later',
    cite.page('It does not expire on a timer and it does not carry a session.'),
    ['stateful', 'mockControl'],
    async () => {
      const { secret } = await keys.keyFor('viewer', 'live');
      await advanceClock(target, 366 * 24 * 3600);
      expectSuccess(await me(secret));
      adminLogin.forget();
    },
  );
});
