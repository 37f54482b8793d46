/**
 * Service-account keys, minted through the API as an admin would: the secret shown once and
 * masked afterwards, a checksum that catches typos, sandbox keys that cannot see
 * production-only operations, who may mint, and revocation, expiry and rotation overlap
 * taking effect on the very next request.
 */
import { beforeAll, describe, expect } from 'vitest';
import {
  operations as contractOperations,
  keyFormat,
  type OperationId,
  productionOnlyOperations,
  requiredScopes,
  roles,
} from '../../generated/contract.js';
import { operations, resolve } from '../support/openapi.js';
import { parseChallenge } from '../support/www-authenticate.js';
import { contractFile, STATEFUL } from './support/contract-file.js';
import { cite, contractTest } from './support/contract-test.js';
import { exampleCall, exampleCredential } from './support/example-requests.js';
import { expectProblem, expectSuccess } from './support/expectations.js';
import { forgeWellFormedKey, hasValidChecksum, withOneCharacterChanged } from './support/key-checksum.js';
import { advanceClock, mockNow, resetIfPossible } from './support/mock-control.js';
import { pathOf } from './support/operation-path.js';
import { sameSecret } from './support/secret-compare.js';
import type { ApiKey, ApiKeyRotated } from './support/service-accounts.js';

const { target, client, adminLogin, viewerLogin, keys } = await contractFile();
const ME = pathOf('getCurrentPrincipal');
const rotateOverlapMax: number = resolve({ $ref: '#/components/schemas/ApiKeyRotateRequest' }).properties
  .overlap_seconds.maximum;

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
    'a minted key (live and test) has the documented shape and a valid checksum, and is shown in full only in the minting response (no-store); lists show it masked, newest first',
    cite.page('The key is shown once; copy it straight into your secret store.'),
    STATEFUL,
    async () => {
      const account = await keys.serviceAccount('viewer');
      const test = await keys.mintResponse(account.id, { mode: 'test' });
      expectSuccess(test);
      const testSecret = test.json<{ secret: string }>().secret;
      expect(testSecret.startsWith(keyFormat.prefixes.test)).toBe(true);
      expect(hasValidChecksum(testSecret)).toBe(true);
      const res = await keys.mintResponse(account.id, { mode: 'live', name: 'staging collector' });
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
      expect(list.text.includes(secret.slice(8, -6)), 'nor its random part').toBe(false);
      const data = list.json<{ data: ApiKey[] }>().data;
      expect(data[0]?.id, 'newest first').toBe(key.id);
      expect(data.find((k) => k.id === key.id)).toMatchObject({
        masked: key.masked,
        status: 'active',
        mode: 'live',
        name: 'staging collector',
      });
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
    "a key authenticates as its service account, with the role's scopes, in its environment, and is no person",
    cite.page('A service-account key represents a non-human caller with a fixed role and scope.'),
    STATEFUL,
    async () => {
      for (const [role, mode] of [
        ['viewer', 'live'],
        ['auditor', 'test'],
      ] as const) {
        const { secret, key, serviceAccount } = await keys.keyFor(role, mode);
        expect([...serviceAccount.scopes].sort(), "the account has its role's scopes").toEqual(
          [...roles.ServiceAccountKey[role]].sort(),
        );
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
        expect(principal, 'no email: not a person').not.toHaveProperty('email');
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
      const challenge = parseChallenge(res.header('www-authenticate'));
      expect(challenge?.params.error).toBe('insufficient_scope');
      expect(challenge?.params.scope, 'the challenge names the missing scope').toBe(
        requiredScopes.createServiceAccountKey.UserAccessToken.join(' '),
      );
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
    'a service-account key cannot manage keys (403), whatever its role and mode; a mistyped key is still 401',
    cite.design('a service-account key cannot manage keys (403)'),
    STATEFUL,
    async () => {
      for (const [role, mode] of [
        ['auditor', 'live'],
        ['viewer', 'test'],
      ] as const) {
        const { secret, key, serviceAccount } = await keys.keyFor(role, mode);
        const label = `${role} ${mode} key`;
        expectProblem(
          await keys.mintResponse(serviceAccount.id, { mode: 'live' }, secret),
          'INSUFFICIENT_SCOPE',
          label,
        );
        expectProblem(
          await client.send({ path: pathOf('listServiceAccounts'), bearer: secret }),
          'INSUFFICIENT_SCOPE',
          label,
        );
        expectProblem(
          await client.send({
            method: 'DELETE',
            path: pathOf('revokeServiceAccountKey', { service_account_id: serviceAccount.id, key_id: key.id }),
            bearer: secret,
          }),
          'INSUFFICIENT_SCOPE',
          label,
        );
        expectSuccess(await me(secret), `${label} still works`);
        const typo = withOneCharacterChanged(secret);
        expectProblem(await keys.mintResponse(serviceAccount.id, { mode: 'live' }, typo), 'INVALID_TOKEN', label);
      }
    },
  );

  contractTest(
    target,
    'keys of a service account that does not exist, and keys that do not exist or belong to another account: 404',
    cite.spec(
      'listServiceAccountKeys / createServiceAccountKey / revokeServiceAccountKey / rotateServiceAccountKey 404',
    ),
    STATEFUL,
    async () => {
      const missing = { service_account_id: 'sa_doesnotexist0', key_id: 'key_doesnotexist0' };
      const { key, serviceAccount } = await keys.keyFor('viewer', 'live');
      const unknownKey = { service_account_id: serviceAccount.id, key_id: 'key_unknown000' };
      const otherAccount = { service_account_id: 'sa_nobody00', key_id: key.id };
      const bearer = await adminLogin.token();
      for (const call of [
        { path: pathOf('listServiceAccountKeys', missing) },
        { method: 'POST', path: pathOf('createServiceAccountKey', missing), json: { mode: 'live' } },
        { method: 'DELETE', path: pathOf('revokeServiceAccountKey', missing) },
        { method: 'POST', path: pathOf('rotateServiceAccountKey', missing), json: {} },
        { method: 'DELETE', path: pathOf('revokeServiceAccountKey', unknownKey) },
        { method: 'DELETE', path: pathOf('revokeServiceAccountKey', otherAccount) },
        { method: 'POST', path: pathOf('rotateServiceAccountKey', unknownKey), json: {} },
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
      expect(res.json().errors).toContainEqual(expect.objectContaining({ location: 'body', pointer: '/expires_at' }));
    },
  );

  contractTest(
    target,
    "a service account's keys come in pages: limit and next_cursor reach every key once, the last page has next_cursor null, and a malformed cursor is 400",
    cite.spec('listServiceAccountKeys: Limit and Cursor; ApiKeyList.next_cursor'),
    STATEFUL,
    async () => {
      const account = await keys.serviceAccount('viewer');
      const minted = [];
      for (let i = 0; i < 3; i++) minted.push((await keys.mint(account.id, 'test')).key.id);
      const bearer = await adminLogin.token();
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page++) {
        const res = await client.send({
          path: pathOf(
            'listServiceAccountKeys',
            { service_account_id: account.id },
            cursor ? { limit: 1, cursor } : { limit: 1 },
          ),
          bearer,
        });
        expectSuccess(res);
        const body = res.json<{ data: ApiKey[]; next_cursor: string | null }>();
        expect(body.data).toHaveLength(1);
        seen.push(body.data[0]!.id);
        cursor = body.next_cursor;
        if (cursor === null) break;
      }
      expect(cursor, 'a last page').toBeNull();
      expect(seen).toEqual([...minted].reverse());
      const bad = await client.send({
        path: pathOf('listServiceAccountKeys', { service_account_id: account.id }, { cursor: 'zzzz' }),
        bearer,
      });
      expectProblem(bad, 'INVALID_REQUEST');
    },
  );

  contractTest(
    target,
    "an admin creates a service account, which the list shows with its role's scopes; a role service accounts cannot have (owner) is 400",
    cite.spec('createServiceAccount; ServiceAccountRole: viewer | auditor'),
    STATEFUL,
    async () => {
      const account = await keys.serviceAccount('auditor');
      expect(account.scopes).toEqual([...roles.ServiceAccountKey.auditor]);
      const bearer = await adminLogin.token();
      const list = await client.send({ path: pathOf('listServiceAccounts', {}, { limit: 100 }), bearer });
      expectSuccess(list);
      expect(list.json<{ data: { id: string }[] }>().data.map((a) => a.id)).toContain(account.id);
      const bad = await client.send({
        method: 'POST',
        path: pathOf('createServiceAccount'),
        bearer,
        json: { name: 'contract suite, refused', role: 'owner' },
      });
      expectProblem(bad, 'INVALID_REQUEST');
    },
  );
});

describe('the checksum', () => {
  contractTest(
    target,
    'a key with one character changed anywhere is refused with INVALID_TOKEN, and so are a well-formed key nobody minted and the documentation example',
    cite.design(
      'Format sk_live_ / sk_test_ + random part + a short checksum, so that a scanner can tell a real key from a typo without a database',
    ),
    STATEFUL,
    async () => {
      const { secret } = await keys.keyFor('viewer', 'live');
      expectSuccess(await me(secret));
      const prefix = keyFormat.prefixes.live.length;
      const typos = [prefix, prefix + 12, secret.length - 7, secret.length - 1].map((at) =>
        withOneCharacterChanged(secret, at),
      );
      for (const typo of typos) expect(hasValidChecksum(typo), 'the checksum catches the typo').toBe(false);
      const example = exampleCredential('ServiceAccountKey')!;
      expect(hasValidChecksum(example), 'the documentation example is well-formed').toBe(true);
      for (const bearer of [
        ...typos,
        forgeWellFormedKey(keyFormat.prefixes.live),
        forgeWellFormedKey(keyFormat.prefixes.test),
        example,
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
      expect(productionOnlyOperations.length, 'the contract has production-only operations').toBeGreaterThan(0);
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
    'to a sk_test_ key a production-only operation looks exactly like a route that does not exist: the same problem and the same headers',
    cite.spec('NOT_FOUND: "The resource does not exist or is not visible to this credential."'),
    STATEFUL,
    async () => {
      const { secret } = await keys.keyFor('auditor', 'test');
      const strip = ({ request_id: _id, instance: _instance, ...rest }: Record<string, unknown>) => rest;
      const headerNames = (res: { raw: { headers: Record<string, unknown> } }) =>
        Object.keys(res.raw.headers)
          .filter((h) => h !== 'date' && h !== 'content-length')
          .sort();
      for (const operationId of productionOnlyOperations) {
        const { method, path } = contractOperations[operationId];
        const hidden = await client.send({ method, path, bearer: secret });
        const missing = await client.send({ method, path: `${path}-nowhere`, bearer: secret });
        expectProblem(hidden, 'NOT_FOUND', operationId);
        expectProblem(missing, 'NOT_FOUND');
        expect(strip(hidden.json()), operationId).toEqual(strip(missing.json()));
        expect(headerNames(hidden), operationId).toEqual(headerNames(missing));
      }
    },
  );

  contractTest(
    target,
    'a sk_live_ key whose role lacks the scope gets 403 naming it on a production-only operation; a sk_test_ key of that role gets the 404 before any scope check',
    cite.spec('listAuditEvents security: ServiceAccountKey [audit:read]'),
    STATEFUL,
    async () => {
      const account = await keys.serviceAccount('viewer');
      const live = await keys.mint(account.id, 'live');
      const test = await keys.mint(account.id, 'test');
      const res = await client.send({ path: pathOf('listAuditEvents'), bearer: live.secret });
      expectProblem(res, 'INSUFFICIENT_SCOPE');
      expect(parseChallenge(res.header('www-authenticate'))?.params.scope).toBe(
        requiredScopes.listAuditEvents.ServiceAccountKey.join(' '),
      );
      expectProblem(await client.send({ path: pathOf('listAuditEvents'), bearer: test.secret }), 'NOT_FOUND');
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
    'a rotation without a body, or with overlap_seconds 0, returns a new key of the same mode (no-store) and revokes the old one at once',
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
      expect(rotated.previous_key).toMatchObject({ id: key.id, status: 'revoked' });
      expectSuccess(await me(rotated.secret));
      const old = await me(secret);
      expectProblem(old, 'API_KEY_REVOKED');

      const second = await keys.keyFor('viewer', 'live');
      const zero = await keys.rotateResponse(second.serviceAccount.id, second.key.id, { overlap_seconds: 0 });
      expectSuccess(zero);
      expect(zero.json<ApiKeyRotated>().key.mode).toBe('live');
      expectProblem(await me(second.secret), 'API_KEY_REVOKED');
      expectSuccess(await me(zero.json<ApiKeyRotated>().secret));
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
      expect(rotated.previous_key).toMatchObject({ id: key.id, status: 'active' });
      expect(rotated.previous_key.expires_at, 'the old key now has an end').not.toBeNull();
      expect(rotated.key.mode).toBe('live');
      expect(sameSecret(rotated.secret, secret)).toBe(false);
      expectSuccess(await me(secret), 'old key during the overlap');
      expectSuccess(await me(rotated.secret), 'new key');
    },
  );
});

describe('rotation bounds', () => {
  contractTest(
    target,
    `a rotation with overlap_seconds over its maximum (${rotateOverlapMax} s) or an expires_at in the past is refused with 400, and the key is unchanged`,
    cite.spec('ApiKeyRotateRequest: overlap_seconds at most 7 days; expires_at in the future'),
    STATEFUL,
    async () => {
      const { secret, key, serviceAccount } = await keys.keyFor('viewer', 'live');
      for (const body of [{ overlap_seconds: rotateOverlapMax + 1 }, { expires_at: '2000-01-01T00:00:00Z' }]) {
        const res = await keys.rotateResponse(serviceAccount.id, key.id, body);
        expectProblem(res, 'INVALID_REQUEST', JSON.stringify(body));
      }
      expectSuccess(await me(secret), 'the key still works');
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
      const before = await mockNow(target);
      const rotated = (
        await keys.rotateResponse(serviceAccount.id, key.id, { overlap_seconds: 600 })
      ).json<ApiKeyRotated>();
      const end = Date.parse(rotated.previous_key.expires_at!);
      expect(end - before.getTime(), 'the old key ends when the overlap does').toBeGreaterThanOrEqual(600_000);
      expect(end - (await mockNow(target)).getTime()).toBeLessThanOrEqual(600_000);
      await advanceClock(target, 590);
      expectSuccess(await me(secret), 'ten seconds before the overlap ends');
      await advanceClock(target, 11);
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
      // Used several times first, so that a server remembering verified keys has remembered it.
      for (let i = 0; i < 3; i++) expectSuccess(await me(secret));
      await advanceClock(target, 3590);
      expectSuccess(await me(secret), 'ten seconds before it expires');
      await advanceClock(target, 11);
      const res = await me(secret);
      expectProblem(res, 'API_KEY_EXPIRED');
      adminLogin.forget();
      const listed = (await keys.list(account.id)).json<{ data: ApiKey[] }>().data.find((k) => k.id === key.id);
      expect(listed?.status).toBe('expired');
    },
  );

  contractTest(
    target,
    'a key without expires_at still works ten years later, and its requests carry no session (no session_id, no cookie)',
    cite.page('It does not expire on a timer and it does not carry a session.'),
    ['stateful', 'mockControl'],
    async () => {
      const { secret } = await keys.keyFor('viewer', 'live');
      await advanceClock(target, 10 * 365 * 24 * 3600);
      const res = await me(secret);
      expectSuccess(res);
      expect(res.json()).not.toHaveProperty('session_id');
      expect(res.setCookies).toEqual([]);
      adminLogin.forget();
    },
  );

  contractTest(
    target,
    'a revoked key stays revoked when the clock goes back before its revocation, and a second revoke keeps it so; an expired key, unlike it, works again before its expires_at',
    cite.design('revocation and expiry take effect on the next request'),
    ['stateful', 'mockControl'],
    async () => {
      adminLogin.forget();
      const { secret, key, serviceAccount } = await keys.keyFor('viewer', 'live');
      expectSuccess(await me(secret));
      expectSuccess(await keys.revoke(serviceAccount.id, key.id));
      await advanceClock(target, -300);
      expectProblem(await me(secret), 'API_KEY_REVOKED', 'five minutes before the revocation');
      const listed = (await keys.list(serviceAccount.id)).json<{ data: ApiKey[] }>().data.find((k) => k.id === key.id);
      expect(listed?.status).toBe('revoked');
      expectSuccess(await keys.revoke(serviceAccount.id, key.id));
      expectProblem(await me(secret), 'API_KEY_REVOKED');

      const at = (await mockNow(target)).getTime() + 60_000;
      const timed = await keys.mint(serviceAccount.id, 'live', { expires_at: new Date(at).toISOString() });
      await advanceClock(target, 61);
      expectProblem(await me(timed.secret), 'API_KEY_EXPIRED');
      await advanceClock(target, -120);
      expectSuccess(await me(timed.secret), 'before its expires_at again');
      adminLogin.forget();
    },
  );

  contractTest(
    target,
    'only an active key not rotated yet can be rotated: a revoked, an expired and an already rotated key get 404, and no key changes',
    cite.spec(
      'rotateServiceAccountKey: "for a revoked or expired key, or one already rotated (still in its overlap), the answer is 404 NOT_FOUND and neither key changes"',
    ),
    ['stateful', 'mockControl'],
    async () => {
      adminLogin.forget();
      const account = await keys.serviceAccount('viewer');
      const list = async () => (await keys.list(account.id)).json<{ data: ApiKey[] }>().data;
      const revoked = await keys.mint(account.id, 'live');
      expectSuccess(await keys.revoke(account.id, revoked.key.id));
      const at = (await mockNow(target)).getTime() + 60_000;
      const expired = await keys.mint(account.id, 'live', { expires_at: new Date(at).toISOString() });
      const rotated = await keys.mint(account.id, 'live');
      const first = await keys.rotateResponse(account.id, rotated.key.id, { overlap_seconds: 600 });
      expectSuccess(first);
      await advanceClock(target, 61);

      adminLogin.forget();
      const before = await list();
      for (const id of [revoked.key.id, expired.key.id, rotated.key.id]) {
        const res = await keys.rotateResponse(account.id, id, { overlap_seconds: 600 });
        expectProblem(res, 'NOT_FOUND', id);
      }
      expect(await list(), 'no key was minted or changed').toEqual(before);
      expectProblem(await me(revoked.secret), 'API_KEY_REVOKED');
      expectProblem(await me(expired.secret), 'API_KEY_EXPIRED');
      expectSuccess(await me(rotated.secret), 'the rotated key, still in its overlap');
      const next = first.json<ApiKeyRotated>();
      expectSuccess(await me(next.secret));
      expectSuccess(await keys.rotateResponse(account.id, next.key.id), 'the new key can be rotated in turn');
      adminLogin.forget();
    },
  );
});
