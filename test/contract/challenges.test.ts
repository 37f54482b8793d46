/**
 * RFC 6750 on every secured operation: no credential → 401 with a bare challenge; another
 * scheme → the same; a malformed Authorization header → 400 `invalid_request`; a refused
 * credential → 401 `invalid_token`; a missing scope → 403 `insufficient_scope`. And the
 * answers for requests no operation covers: unknown path 404, wrong method 405 with Allow.
 */
import { beforeAll, describe, expect } from 'vitest';
import { keyFormat, limits, requiredScopes } from '../../generated/contract.js';
import { operations } from '../support/openapi.js';
import { parseChallenge } from '../support/www-authenticate.js';
import { checkNoCredentialChallenge, checkRefusedCredentialChallenge } from './checks/challenges.js';
import { contractFile, STATEFUL } from './support/contract-file.js';
import { cite, contractTest } from './support/contract-test.js';
import { exampleCall } from './support/example-requests.js';
import { expectProblem, expectSuccess } from './support/expectations.js';
import { forgeWellFormedKey } from './support/key-checksum.js';
import { resetIfPossible } from './support/mock-control.js';
import { pathOf } from './support/operation-path.js';

const { target, client, viewerLogin } = await contractFile();
const secured = operations().filter((o) => (o.operation.security ?? []).length > 0);

beforeAll(() => resetIfPossible(target));

/** A bearer value of the shape the operation's first scheme expects, that no server issued. */
function unissuedCredential(scheme: string): string {
  if (scheme === 'ServiceAccountKey') return forgeWellFormedKey(keyFormat.prefixes.live);
  if (scheme === 'RefreshToken') return `rt_${'A'.repeat(43)}`;
  return 'eyJhbGciOiJFUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiJ1c3JfeCJ9.c2lnbmF0dXJl';
}

describe.each(secured.map((o) => [o.operationId, o] as const))('%s', (_id, entry) => {
  contractTest(
    target,
    `${entry.operationId} without credentials: 401 AUTHENTICATION_REQUIRED and Bearer realm="novavms" without an error attribute`,
    cite.rfc(
      'RFC 6750 §3.1: "If the request lacks any authentication information … the resource server SHOULD NOT include an error code"',
    ),
    STATEFUL,
    () => checkNoCredentialChallenge(client, entry),
  );

  contractTest(
    target,
    `${entry.operationId} with another scheme (Basic): treated as no Bearer credential, 401 AUTHENTICATION_REQUIRED`,
    cite.spec('AUTHENTICATION_REQUIRED: "No credential was sent, or it was not a Bearer credential."'),
    STATEFUL,
    async () => {
      const res = await client.send({ ...exampleCall(entry, false), authorization: 'Basic dXNlcjpwYXNzd29yZA==' });
      expectProblem(res, 'AUTHENTICATION_REQUIRED');
      expect(parseChallenge(res.header('www-authenticate'))?.params.error).toBeUndefined();
    },
  );

  contractTest(
    target,
    `${entry.operationId} with a malformed Bearer header: 400 INVALID_REQUEST with error="invalid_request"`,
    cite.rfc(
      'RFC 6750 §3.1 invalid_request: "The request is missing a required parameter … or is otherwise malformed"',
    ),
    STATEFUL,
    async () => {
      for (const authorization of [
        'Bearer',
        'Bearer two words',
        `Bearer ${'a'.repeat(limits.maxAuthorizationBytes)}`,
      ]) {
        const res = await client.send({ ...exampleCall(entry, false), authorization });
        expectProblem(res, 'INVALID_REQUEST', `Authorization: ${authorization.slice(0, 30)}`);
        expect(parseChallenge(res.header('www-authenticate'))?.params.error).toBe('invalid_request');
      }
    },
  );

  contractTest(
    target,
    `${entry.operationId} with a well-formed credential the server never issued: 401 with error="invalid_token"`,
    cite.rfc('RFC 6750 §3.1 invalid_token'),
    STATEFUL,
    () =>
      checkRefusedCredentialChallenge(client, entry, unissuedCredential(Object.keys(entry.operation.security[0])[0]!)),
  );
});

describe('scopes', () => {
  contractTest(
    target,
    'a valid credential without the required scope gets 403 INSUFFICIENT_SCOPE with error="insufficient_scope"',
    cite.rfc(
      'RFC 6750 §3.1 insufficient_scope: "The request requires higher privileges than provided by the access token."',
    ),
    STATEFUL,
    async () => {
      const res = await client.send({ path: pathOf('listServiceAccounts'), bearer: await viewerLogin.token() });
      expectProblem(res, 'INSUFFICIENT_SCOPE');
      const challenge = parseChallenge(res.header('www-authenticate'));
      expect(challenge?.params.error).toBe('insufficient_scope');
      if (challenge?.params.scope !== undefined) {
        expect(challenge.params.scope.split(' ')).toEqual(
          expect.arrayContaining([...requiredScopes.listServiceAccounts.UserAccessToken]),
        );
      }
    },
  );

  contractTest(
    target,
    'the auth scheme name is case-insensitive: "bearer <token>" works',
    cite.rfc('RFC 9110 §11.1: "It uses a case-insensitive token to identify the authentication scheme"'),
    STATEFUL,
    async () => {
      const res = await client.send({
        path: pathOf('getCurrentPrincipal'),
        authorization: `bearer ${await viewerLogin.token()}`,
      });
      expectSuccess(res);
    },
  );
});

describe('requests outside every operation', () => {
  contractTest(
    target,
    'an unknown path under /api gets 404 NOT_FOUND as a problem',
    cite.design('Bad input never produces a 5xx: … unknown route 404'),
    STATEFUL,
    async () => {
      const res = await client.send({ path: '/api/v1/no-such-resource', bearer: await viewerLogin.token() });
      expectProblem(res, 'NOT_FOUND');
    },
  );

  contractTest(
    target,
    'a method the path does not accept gets 405 METHOD_NOT_ALLOWED with Allow',
    cite.design('Bad input never produces a 5xx: … wrong method 405 with Allow'),
    STATEFUL,
    async () => {
      for (const [method, path] of [
        ['DELETE', pathOf('listCameras')],
        ['PUT', pathOf('loginWithPassword')],
        ['GET', pathOf('refreshSession')],
      ] as const) {
        const res = await client.send({ method, path, bearer: await viewerLogin.token() });
        expectProblem(res, 'METHOD_NOT_ALLOWED', `${method} ${path}`);
      }
    },
  );
});
