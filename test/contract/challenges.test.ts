/**
 * RFC 6750 on every secured operation: no credential → 401 with a bare challenge; another
 * scheme → the same; a malformed Authorization header → 400 `invalid_request`; a refused
 * credential → 401 `invalid_token`; a missing scope → 403 `insufficient_scope`. Where a
 * credential travels: only in `Authorization: Bearer`, one per request, on every request.
 * And the answers for requests no operation covers: unknown path 404, wrong method 405 with
 * exactly the path's methods in Allow.
 */
import { beforeAll, describe, expect } from 'vitest';
import {
  operations as contractOperations,
  errors,
  keyFormat,
  limits,
  requiredScopes,
} from '../../generated/contract.js';
import { operations } from '../support/openapi.js';
import { parseChallenge } from '../support/www-authenticate.js';
import { checkNoCredentialChallenge, checkRefusedCredentialChallenge } from './checks/challenges.js';
import { contractFile, STATEFUL } from './support/contract-file.js';
import { cite, contractTest } from './support/contract-test.js';
import { exampleCall, examplePath } from './support/example-requests.js';
import { expectProblem, expectSuccess } from './support/expectations.js';
import { forgeWellFormedKey } from './support/key-checksum.js';
import { resetIfPossible } from './support/mock-control.js';
import { pathOf } from './support/operation-path.js';

const { target, client, viewerLogin, keys } = await contractFile();
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
    `${entry.operationId} with another scheme (Basic, Digest, ApiKey): treated as no Bearer credential, 401 AUTHENTICATION_REQUIRED`,
    cite.spec('AUTHENTICATION_REQUIRED: "No credential was sent, or it was not a Bearer credential."'),
    STATEFUL,
    async () => {
      for (const authorization of ['Basic dXNlcjpwYXNzd29yZA==', 'Digest', 'ApiKey sk_live_abc123']) {
        const res = await client.send({ ...exampleCall(entry, false), authorization });
        expectProblem(res, 'AUTHENTICATION_REQUIRED', authorization);
        expect(res.header('www-authenticate'), authorization).toBe('Bearer realm="novavms"');
      }
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
        'Bearer ',
        'Bearer two words',
        'Bearer "quoted"',
        'Bearer tok,en',
        'bearer sk_live_x y',
        '(bad) scheme',
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
    'the auth scheme name is case-insensitive: "bearer <token>" and "bEaReR <key>" work',
    cite.rfc('RFC 9110 §11.1: "It uses a case-insensitive token to identify the authentication scheme"'),
    STATEFUL,
    async () => {
      const res = await client.send({
        path: pathOf('getCurrentPrincipal'),
        authorization: `bearer ${await viewerLogin.token()}`,
      });
      expectSuccess(res);
      const { secret } = await keys.keyFor('viewer', 'live');
      expectSuccess(await client.send({ path: pathOf('listCameras'), authorization: `bEaReR ${secret}` }));
    },
  );

  contractTest(
    target,
    'a bearer value of no known shape ("hello") is refused with 401 INVALID_TOKEN and error="invalid_token"',
    cite.design('Every 401 carries WWW-Authenticate: Bearer realm="novavms" with error="invalid_token"'),
    STATEFUL,
    async () => {
      const res = await client.send({ path: pathOf('listCameras'), bearer: 'hello' });
      expectProblem(res, 'INVALID_TOKEN');
      expect(parseChallenge(res.header('www-authenticate'))?.params).toMatchObject({
        realm: 'novavms',
        error: 'invalid_token',
      });
    },
  );
});

describe('where a credential travels', () => {
  contractTest(
    target,
    'a key anywhere but in Authorization: Bearer (X-API-Key, Basic, the Token scheme, an access_token query parameter) is no credential: 401 AUTHENTICATION_REQUIRED',
    cite.page('Both travel in the Authorization: Bearer ... header.'),
    STATEFUL,
    async () => {
      const { secret } = await keys.keyFor('viewer', 'live');
      expectSuccess(await client.send({ path: pathOf('listCameras'), bearer: secret }));
      for (const call of [
        { path: pathOf('listCameras'), headers: { 'x-api-key': secret } },
        { path: pathOf('listCameras'), authorization: `Basic ${Buffer.from(`${secret}:`).toString('base64')}` },
        { path: pathOf('listCameras'), authorization: `Token ${secret}` },
        { path: `${pathOf('listCameras')}?access_token=${secret}` },
      ]) {
        const res = await client.send(call);
        expectProblem(res, 'AUTHENTICATION_REQUIRED', JSON.stringify(Object.keys(call)));
      }
    },
  );

  contractTest(
    target,
    'two credentials in one request, in one Authorization header or in two, are a malformed request: 400 INVALID_REQUEST with error="invalid_request", naming the header',
    cite.page('Pick one per integration — do not mix.'),
    STATEFUL,
    async () => {
      const { secret } = await keys.keyFor('viewer', 'live');
      const token = await viewerLogin.token();
      const key = `Bearer ${secret}`;
      for (const authorization of [
        `${key}, Bearer ${token}`,
        [key, key],
        [key, `Bearer ${token}`],
        [`Bearer ${token}`, key],
      ]) {
        const label = [authorization]
          .flat()
          .join(' | ')
          .replace(/[A-Za-z0-9_-]{20,}/g, '…');
        const res = await client.send({ path: pathOf('listCameras'), headers: { authorization } });
        expectProblem(res, 'INVALID_REQUEST', label);
        expect(parseChallenge(res.header('www-authenticate'))?.params.error, label).toBe('invalid_request');
        if (Array.isArray(authorization))
          expect(res.json().errors, label).toEqual([
            expect.objectContaining({ location: 'header', pointer: '/authorization' }),
          ]);
      }
      // Also where the refresh token travels as Bearer.
      const refresh = await client.send({
        method: 'POST',
        path: pathOf('refreshSession'),
        headers: { authorization: [key, key] },
      });
      expectProblem(refresh, 'INVALID_REQUEST');
      expectSuccess(await client.send({ path: pathOf('listCameras'), bearer: secret }), 'one credential is fine');
    },
  );

  contractTest(
    target,
    'nothing is remembered between requests: after a call with the key, the next one without it is refused with a bare challenge',
    cite.page('Send the key. Put it in the Authorization header on every request (since v1.0)'),
    STATEFUL,
    async () => {
      expect(contractOperations.listCameras.since).toBe('1.0');
      const { secret } = await keys.keyFor('viewer', 'live');
      expectSuccess(await client.send({ path: pathOf('listCameras'), bearer: secret }));
      const next = await client.send({ path: pathOf('listCameras') });
      expectProblem(next, 'AUTHENTICATION_REQUIRED');
      expect(next.header('www-authenticate')).toBe('Bearer realm="novavms"');
    },
  );
});

describe('requests outside every operation', () => {
  /** Every path of the contract (parameters set to their examples) with the methods it accepts, HEAD with GET. */
  const byPath = new Map<string, Set<string>>();
  for (const entry of operations()) {
    const path = examplePath(entry);
    const methods = byPath.get(path) ?? byPath.set(path, new Set()).get(path)!;
    methods.add(entry.method.toUpperCase());
    if (entry.method === 'get') methods.add('HEAD');
  }
  const allowOf = (res: { header(name: string): string | undefined }) =>
    new Set(
      (res.header('allow') ?? '')
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean),
    );

  contractTest(
    target,
    'an unknown path under /api (a trailing slash, another version) gets 404 NOT_FOUND as a problem',
    cite.design('Bad input never produces a 5xx: … unknown route 404'),
    STATEFUL,
    async () => {
      const { secret } = await keys.keyFor('viewer', 'live');
      for (const path of ['/api/v1/no-such-resource', `${pathOf('listCameras')}/`, '/api/v2/cameras']) {
        const res = await client.send({ path, bearer: secret });
        expectProblem(res, 'NOT_FOUND', path);
      }
    },
  );

  contractTest(
    target,
    'every method a path does not accept gets 405 METHOD_NOT_ALLOWED with Allow listing exactly the methods of the path (and HEAD with GET)',
    cite.rfc('RFC 9110 §15.5.6 (405 with Allow), §9.3.2 (HEAD wherever GET); DESIGN: wrong method 405 with Allow'),
    STATEFUL,
    async () => {
      expect(
        [...byPath.values()].some((methods) => !methods.has('HEAD')),
        'some path has no GET',
      ).toBe(true);
      for (const [path, methods] of byPath) {
        for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].filter(
          (m) => !methods.has(m),
        )) {
          const res = await client.send({ method, path });
          expect(res.status, `${method} ${path}`).toBe(errors.METHOD_NOT_ALLOWED.status);
          if (method !== 'HEAD') expectProblem(res, 'METHOD_NOT_ALLOWED', `${method} ${path}`);
          expect(allowOf(res), `${method} ${path}`).toEqual(methods);
        }
      }
    },
  );

  contractTest(
    target,
    'a method no router knows (WebDAV and the like) gets 405 with Allow on a known path, with or without a query, and 404 on an unknown one',
    cite.design('Bad input never produces a 5xx: … unknown route 404, wrong method 405 with Allow'),
    STATEFUL,
    async () => {
      const camera = operations().find((o) => o.operationId === 'getCamera')!;
      const jwks = pathOf('getJsonWebKeySet');
      for (const method of ['PROPFIND', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'PURGE', 'REPORT']) {
        for (const path of [examplePath(camera), pathOf('listCameras', {}, { limit: 2 }), jwks]) {
          const res = await client.send({ method, path });
          expectProblem(res, 'METHOD_NOT_ALLOWED', `${method} ${path}`);
          expect(allowOf(res), `${method} ${path}`).toEqual(byPath.get(path.split('?')[0]!));
        }
        for (const path of ['/api/v1/nothing', `${pathOf('listCameras')}/`])
          expectProblem(await client.send({ method, path }), 'NOT_FOUND', `${method} ${path}`);
      }
    },
  );
});
