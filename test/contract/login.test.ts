/**
 * Login: api and web clients, lifetimes, Cache-Control, and failures that reveal nothing.
 */
import { beforeAll, describe, expect } from 'vitest';
import { lifetimes, refreshCookie } from '../../generated/contract.js';
import { checkApiLoginLifetimes } from './checks/lifetimes.js';
import { contractFile, STATEFUL } from './support/contract-file.js';
import { cite, contractTest } from './support/contract-test.js';
import { expectProblem, expectSuccess } from './support/expectations.js';
import { resetIfPossible } from './support/mock-control.js';
import { pathOf } from './support/operation-path.js';
import { sameSecret } from './support/secret-compare.js';
import { login, refreshCookieOf, type TokenResponse } from './support/sessions.js';

const { target, client, admin, viewer } = await contractFile();

beforeAll(() => resetIfPossible(target));

describe('client_type api: the refresh token in the body', () => {
  contractTest(
    target,
    'an api login returns access and refresh token in the body and sets no cookie at all; the refresh token is opaque (no JWT) and new at each login',
    cite.page(
      'Set client_type: "api" so NovaVMS returns the refresh token in the response body instead of as an HttpOnly cookie (cookies are only useful for browser clients).',
    ),
    STATEFUL,
    async () => {
      const res = await login(client, admin, { clientType: 'api' });
      expectSuccess(res);
      const body = res.json<TokenResponse>();
      expect(body.token_type).toBe('Bearer');
      expect(body.refresh_token).toMatch(/^rt_/);
      expect(body.refresh_token!.split('.'), 'opaque, not a JWT').toHaveLength(1);
      expect(res.setCookies, 'no cookie for an api client').toEqual([]);
      const again = await login(client, admin, { clientType: 'api' });
      expectSuccess(again);
      expect(sameSecret(again.json<TokenResponse>().refresh_token!, body.refresh_token!)).toBe(false);
    },
  );

  contractTest(
    target,
    'expires_in and exp − iat equal the access lifetime, refresh_token_expires_in the 7-day refresh lifetime, without remember_me',
    cite.page(
      'Access token (JWT) | 1 hour | 1 hour | Stateless; cannot be revoked mid-lifetime; Refresh token | 7 days | 30 days',
    ),
    STATEFUL,
    () => checkApiLoginLifetimes(client, admin, false),
  );

  contractTest(
    target,
    'with remember_me the access lifetime is unchanged and the refresh lifetime is 30 days',
    cite.page(
      'Access token (JWT) | 1 hour | 1 hour | Stateless; cannot be revoked mid-lifetime; Refresh token | 7 days | 30 days',
    ),
    STATEFUL,
    () => checkApiLoginLifetimes(client, admin, true),
  );
});

describe('client_type web: the refresh token only in a cookie', () => {
  for (const rememberMe of [false, true]) {
    contractTest(
      target,
      `a web login${rememberMe ? ' with remember_me' : ''} leaves the refresh token out of the body and sets it as a Secure, HttpOnly, SameSite=Strict, Path=/ cookie ${rememberMe ? `with Max-Age ${lifetimes.RefreshCookie.rememberMeSeconds}` : 'without Max-Age (a session cookie)'}`,
      cite.design(
        'web: the refresh token comes as a cookie __Host-novavms_refresh (Secure; HttpOnly; SameSite=Strict; Path=/; Max-Age only when remember_me, else a session cookie)',
      ),
      STATEFUL,
      async () => {
        const res = await login(client, admin, { clientType: 'web', rememberMe });
        expectSuccess(res);
        const body = res.json<TokenResponse>();
        expect(body).not.toHaveProperty('refresh_token');
        expect(body.expires_in).toBe(lifetimes.UserAccessToken.defaultSeconds);
        expect(body.refresh_token_expires_in).toBe(
          rememberMe ? lifetimes.RefreshCookie.rememberMeSeconds : lifetimes.RefreshCookie.defaultSeconds,
        );
        expect(res.header('cache-control')).toBe('no-store');
        expect(res.setCookies, 'one cookie').toHaveLength(1);
        const cookie = refreshCookieOf(res);
        expect(cookie, `Set-Cookie ${refreshCookie.name}`).toBeDefined();
        expect(cookie!.value).toMatch(/^rt_/);
        expect(cookie!.attributes).toMatchObject({ secure: true, httponly: true, samesite: 'Strict', path: '/' });
        if (rememberMe) expect(Number(cookie!.attributes['max-age'])).toBe(lifetimes.RefreshCookie.rememberMeSeconds);
        else expect(cookie!.attributes).not.toHaveProperty('max-age');
      },
    );
  }

  contractTest(
    target,
    'without client_type and remember_me a login is a web login with a session cookie (no Max-Age)',
    cite.design('client_type (api | web, default web), remember_me (default false)'),
    STATEFUL,
    async () => {
      const res = await login(client, admin);
      expectSuccess(res);
      expect(res.json<TokenResponse>()).not.toHaveProperty('refresh_token');
      expect(refreshCookieOf(res)).toBeDefined();
      expect(refreshCookieOf(res)!.attributes).not.toHaveProperty('max-age');
    },
  );
});

describe('logins', () => {
  contractTest(
    target,
    'token responses are never cached: Cache-Control: no-store for api and web logins',
    cite.design('Responses that carry tokens or keys send Cache-Control: no-store'),
    STATEFUL,
    async () => {
      for (const clientType of ['api', 'web'] as const) {
        const res = await login(client, admin, { clientType });
        expectSuccess(res);
        expect(res.header('cache-control')).toBe('no-store');
      }
    },
  );

  contractTest(
    target,
    'the email is compared without regard to case',
    cite.spec('LoginRequest.email: "Compared without regard to case."'),
    STATEFUL,
    async () => {
      const res = await login(client, { ...viewer, email: viewer.email.toUpperCase() }, { clientType: 'api' });
      expectSuccess(res);
    },
  );

  contractTest(
    target,
    'an unknown email and a wrong password get the same answer: status, code, problem, bare challenge, header names, no cookie',
    cite.design('Wrong email, wrong password and disabled user: one identical 401 INVALID_CREDENTIALS'),
    STATEFUL,
    async () => {
      const unknown = await login(
        client,
        { email: `nobody-${Date.now()}@example.invalid`, password: viewer.password },
        { clientType: 'api' },
      );
      const wrong = await login(
        client,
        { email: viewer.email, password: `${viewer.password}-wrong` },
        { clientType: 'api' },
      );
      const shape = (res: typeof unknown) => {
        const { request_id: _id, ...problem } = res.json<Record<string, unknown>>();
        return {
          status: res.status,
          contentType: res.header('content-type'),
          challenge: res.header('www-authenticate'),
          headers: Object.keys(res.raw.headers)
            .filter((h) => h !== 'date')
            .sort(),
          cookies: res.setCookies,
          problem,
        };
      };
      expectProblem(unknown, 'INVALID_CREDENTIALS');
      expect(unknown.header('www-authenticate')).toBe('Bearer realm="novavms"');
      expect(unknown.setCookies).toEqual([]);
      expect(shape(wrong)).toEqual(shape(unknown));
    },
  );

  contractTest(
    target,
    'an unknown field, a missing password, an email that is none or a client_type outside api | web is refused with 400 naming the field',
    cite.design(
      'Body: email, password, client_type (api | web, default web), remember_me. Unknown fields are rejected (400)',
    ),
    STATEFUL,
    async () => {
      for (const [json, pointer] of [
        [{ ...admin, client_type: 'api', remember: true }, '/remember'],
        [{ email: admin.email }, ''],
        [{ email: 'not an email', password: 'x' }, '/email'],
        [{ ...admin, client_type: 'mobile' }, '/client_type'],
      ] as const) {
        const res = await client.send({ method: 'POST', path: pathOf('loginWithPassword'), json });
        expectProblem(res, 'INVALID_REQUEST', pointer);
        const fields = res.json<{ errors: { location: string; pointer?: string }[] }>().errors;
        expect(fields.length, pointer).toBeGreaterThan(0);
        expect(fields.every((f) => f.location === 'body')).toBe(true);
        if (pointer) expect(fields.map((f) => f.pointer)).toContain(pointer);
      }
    },
  );
});
