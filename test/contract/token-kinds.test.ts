/**
 * Each credential works only where its kind belongs: a refresh token is no access token, an
 * access token or an API key is no refresh token — and presenting one in the wrong place
 * does not use it up.
 */
import { beforeAll, describe, expect } from 'vitest';
import { spec } from '../support/openapi.js';
import { contractFile, STATEFUL } from './support/contract-file.js';
import { cite, contractTest } from './support/contract-test.js';
import { expectProblem, expectSuccess } from './support/expectations.js';
import { resetIfPossible } from './support/mock-control.js';
import { pathOf } from './support/operation-path.js';
import {
  apiSession,
  cookieHeader,
  login,
  logoutWithToken,
  refreshCookieOf,
  refreshWithToken,
} from './support/sessions.js';

const { target, client, viewer, keys } = await contractFile();

beforeAll(() => resetIfPossible(target));

describe('token-kind confusion is refused with 401 INVALID_TOKEN', () => {
  contractTest(
    target,
    'a refresh token sent as an access token',
    cite.spec(
      'INVALID_TOKEN: "a credential of another kind (a refresh token used as an access token, or the reverse)"',
    ),
    STATEFUL,
    async () => {
      const session = await apiSession(client, viewer);
      for (const path of [pathOf('getCurrentPrincipal'), pathOf('listCameras')]) {
        const res = await client.send({ path, bearer: session.refreshToken, userAgent: session.userAgent });
        expectProblem(res, 'INVALID_TOKEN', path);
      }
      const stillGood = await refreshWithToken(client, session.refreshToken, { userAgent: session.userAgent });
      expectSuccess(stillGood, 'the refresh token was not used up');
    },
  );

  contractTest(
    target,
    'an access token sent to the refresh and logout endpoints',
    cite.spec(
      'INVALID_TOKEN: "a credential of another kind (a refresh token used as an access token, or the reverse)"',
    ),
    STATEFUL,
    async () => {
      const session = await apiSession(client, viewer);
      const refresh = await refreshWithToken(client, session.accessToken, { userAgent: session.userAgent });
      expectProblem(refresh, 'INVALID_TOKEN');
      const logout = await logoutWithToken(client, session.accessToken, { userAgent: session.userAgent });
      expectProblem(logout, 'INVALID_TOKEN');
      const stillGood = await refreshWithToken(client, session.refreshToken, { userAgent: session.userAgent });
      expectSuccess(stillGood, 'the session was not touched');
    },
  );

  contractTest(
    target,
    'an API key sent to the refresh endpoint',
    cite.page('It does not expire on a timer and it does not carry a session.'),
    STATEFUL,
    async () => {
      const { secret } = await keys.keyFor('viewer', 'live');
      const res = await refreshWithToken(client, secret);
      expectProblem(res, 'INVALID_TOKEN');
      const me = await client.send({ path: pathOf('getCurrentPrincipal'), bearer: secret });
      expectSuccess(me, 'the key still works where keys belong');
    },
  );
});

describe('a browser credential outside the refresh and logout endpoints', () => {
  contractTest(
    target,
    'the refresh cookie sent to /api/v1: no credential there, 401 AUTHENTICATION_REQUIRED (the four schemes each belong somewhere)',
    cite.design(
      'Four security schemes: ServiceAccountKey, UserAccessToken, RefreshToken (only on /api/auth/refresh), RefreshCookie (browser clients)',
    ),
    STATEFUL,
    async () => {
      expect(Object.keys(spec.components.securitySchemes).sort()).toEqual([
        'RefreshCookie',
        'RefreshToken',
        'ServiceAccountKey',
        'UserAccessToken',
      ]);
      const web = await login(client, viewer, { clientType: 'web' });
      expectSuccess(web);
      const cookie = cookieHeader(refreshCookieOf(web)!.value);
      const res = await client.send({ path: pathOf('getCurrentPrincipal'), cookie });
      expectProblem(res, 'AUTHENTICATION_REQUIRED');
    },
  );
});
