/**
 * Refresh and logout: rotation, reuse detection, the race of concurrent refreshes,
 * User-Agent binding without IP binding (D-R2), the cookie + CSRF flow of browser clients,
 * and refresh lifetimes counted from each token's own issue time.
 */
import { beforeAll, describe, expect } from 'vitest';
import { binding, lifetimes } from '../../generated/contract.js';
import { checkRotationAndReuse } from './checks/rotation.js';
import { contractFile, STATEFUL } from './support/contract-file.js';
import { cite, contractTest } from './support/contract-test.js';
import { expectProblem, expectSuccess } from './support/expectations.js';
import { advanceClock, resetIfPossible } from './support/mock-control.js';
import { pathOf } from './support/operation-path.js';
import { sameSecret } from './support/secret-compare.js';
import {
  apiSession,
  cookieHeader,
  login,
  logoutWithCookie,
  logoutWithToken,
  refreshCookieOf,
  refreshWithCookie,
  refreshWithToken,
  type TokenResponse,
  uniqueUserAgent,
} from './support/sessions.js';

const { target, client, settings, admin, viewer } = await contractFile();
const DAY = 24 * 3600;

beforeAll(() => resetIfPossible(target));

describe('rotation and reuse', () => {
  contractTest(
    target,
    'every refresh returns a new refresh token; the old one is refused as reused and that revokes the session, newest token included, and no other session of the user',
    cite.page('The server rotates the refresh token on every refresh — store the new one and discard the old.'),
    STATEFUL,
    async () => {
      const other = await apiSession(client, viewer);
      await checkRotationAndReuse(client, viewer);
      expectSuccess(
        await refreshWithToken(client, other.refreshToken, { userAgent: other.userAgent }),
        'another session of the same user is untouched',
      );
    },
  );

  contractTest(
    target,
    'a refresh with an empty body, with or without Content-Type: application/json, succeeds',
    cite.spec('refreshSession: "The request has no body."'),
    STATEFUL,
    async () => {
      const session = await apiSession(client, viewer);
      const typed = await refreshWithToken(client, session.refreshToken, {
        userAgent: session.userAgent,
        headers: { 'content-type': 'application/json' },
        body: '',
      });
      expectSuccess(typed, 'empty body with Content-Type');
      const bare = await refreshWithToken(client, typed.json<TokenResponse>().refresh_token!, {
        userAgent: session.userAgent,
        body: '',
      });
      expectSuccess(bare, 'empty body without Content-Type');
    },
  );

  contractTest(
    target,
    "a rotated refresh token keeps the session's lifetime (7 days, or 30 with remember_me)",
    cite.design("The new refresh token keeps the session's remember_me lifetime, counted from its own issue time"),
    STATEFUL,
    async () => {
      for (const rememberMe of [false, true]) {
        const session = await apiSession(client, viewer, { rememberMe });
        const res = await refreshWithToken(client, session.refreshToken, { userAgent: session.userAgent });
        expectSuccess(res);
        expect(res.header('cache-control')).toBe('no-store');
        const body = res.json<TokenResponse>();
        expect(body.expires_in).toBe(lifetimes.UserAccessToken.defaultSeconds);
        expect(body.refresh_token_expires_in).toBe(
          rememberMe ? lifetimes.RefreshToken.rememberMeSeconds : lifetimes.RefreshToken.defaultSeconds,
        );
      }
    },
  );

  contractTest(
    target,
    `of ${settings.concurrentRefreshes} concurrent refreshes with one token exactly one succeeds, and the session ends`,
    cite.design(
      'Strict reuse detection (RFC 9700 §4.14.2) … Of N concurrent refreshes with the same token exactly one succeeds',
    ),
    STATEFUL,
    async () => {
      const session = await apiSession(client, viewer);
      const results = await Promise.all(
        Array.from({ length: settings.concurrentRefreshes }, () =>
          refreshWithToken(client, session.refreshToken, { userAgent: session.userAgent }),
        ),
      );
      const winners = results.filter((r) => r.status === 200);
      expect(winners, 'exactly one 200').toHaveLength(1);
      // Every loser presented a token that was already rotated.
      for (const r of results.filter((r) => r.status !== 200))
        expectProblem(r, 'REFRESH_TOKEN_REUSED', 'a losing refresh');
      const newest = await refreshWithToken(client, winners[0]!.json<TokenResponse>().refresh_token!, {
        userAgent: session.userAgent,
      });
      expectProblem(newest, 'SESSION_REVOKED', "the winner's token after reuse was detected");
    },
  );
});

describe('binding: User-Agent yes, client address no (D-R2)', () => {
  contractTest(
    target,
    "a rotated token stays bound to the login's User-Agent: a refresh with another one gets 401 SESSION_MISMATCH, the session is over, and a new login works",
    cite.page('A refresh attempt with a different User-Agent returns 401 SESSION_MISMATCH and the user must re-login.'),
    STATEFUL,
    async () => {
      const session = await apiSession(client, viewer);
      const same = await refreshWithToken(client, session.refreshToken, { userAgent: session.userAgent });
      expectSuccess(same, 'the same User-Agent');
      const rotated = same.json<TokenResponse>().refresh_token!;
      const res = await refreshWithToken(client, rotated, { userAgent: `${session.userAgent} (changed)` });
      expectProblem(res, 'SESSION_MISMATCH');
      const again = await refreshWithToken(client, rotated, { userAgent: session.userAgent });
      expectProblem(again, 'SESSION_REVOKED', 'the same token with the original User-Agent');
      const relogin = await apiSession(client, viewer, { userAgent: session.userAgent });
      expectSuccess(
        await refreshWithToken(client, relogin.refreshToken, { userAgent: session.userAgent }),
        'after a new login',
      );
    },
  );

  contractTest(
    target,
    'a refresh without any User-Agent, after a login with one, is a mismatch too',
    cite.page('Refresh tokens are bound to the User-Agent string captured at login.'),
    STATEFUL,
    async () => {
      const session = await apiSession(client, viewer);
      const res = await refreshWithToken(client, session.refreshToken, { userAgent: null });
      expectProblem(res, 'SESSION_MISMATCH');
    },
  );

  contractTest(
    target,
    'a different X-Forwarded-For on each refresh does not matter: the binding is the User-Agent only',
    cite.page(
      'No IP binding — that would break mobile clients, VPN users, and anyone behind a CGNAT. This is decision D-R2.',
    ),
    STATEFUL,
    async () => {
      expect(binding).toEqual({ userAgent: true, ipAddress: false, decision: 'D-R2' });
      const session = await apiSession(client, viewer, { headers: { 'x-forwarded-for': '198.51.100.7' } });
      let token = session.refreshToken;
      for (const forwarded of ['203.0.113.25', '192.0.2.200, 10.0.0.1', '2001:db8::1']) {
        const res = await refreshWithToken(client, token, {
          userAgent: session.userAgent,
          headers: { 'x-forwarded-for': forwarded },
        });
        expectSuccess(res, `refresh from X-Forwarded-For ${forwarded}`);
        token = res.json<TokenResponse>().refresh_token!;
      }
    },
  );

  contractTest(
    target,
    `a refresh from another source address (${target.capabilities.altSourceAddress ?? 'a second local address'}) succeeds`,
    cite.page('No IP binding — that would break mobile clients, VPN users, and anyone behind a CGNAT.'),
    ['stateful', 'altSourceAddress'],
    async () => {
      const session = await apiSession(client, viewer);
      const res = await refreshWithToken(client, session.refreshToken, {
        userAgent: session.userAgent,
        localAddress: target.capabilities.altSourceAddress!,
        headers: { 'x-forwarded-for': '203.0.113.7', forwarded: 'for=198.51.100.9' },
      });
      expectSuccess(res);
      const back = await refreshWithToken(client, res.json<TokenResponse>().refresh_token!, {
        userAgent: session.userAgent,
      });
      expectSuccess(back, 'and back from the first address');
    },
  );
});

describe('browser clients: the refresh cookie and its CSRF header', () => {
  const webLogin = async (rememberMe = false) => {
    const userAgent = uniqueUserAgent('web');
    const res = await login(client, viewer, { clientType: 'web', rememberMe, userAgent });
    expectSuccess(res);
    const cookie = refreshCookieOf(res);
    expect(cookie).toBeDefined();
    return { userAgent, cookie: cookie!.value };
  };

  contractTest(
    target,
    'a cookie refresh without X-NovaVMS-CSRF: 1 gets 403 CSRF_REJECTED and leaves the session usable',
    cite.spec(
      'RefreshCookie x-novavms-csrf: a request that authenticates with this cookie must also send X-NovaVMS-CSRF: 1',
    ),
    STATEFUL,
    async () => {
      const { userAgent, cookie } = await webLogin();
      const res = await refreshWithCookie(client, cookie, { userAgent, csrf: false });
      expectProblem(res, 'CSRF_REJECTED');
      const wrongValue = await refreshWithCookie(client, cookie, {
        userAgent,
        csrf: false,
        headers: { 'x-novavms-csrf': '0' },
      });
      expectProblem(wrongValue, 'CSRF_REJECTED');
      const ok = await refreshWithCookie(client, cookie, { userAgent });
      expectSuccess(ok, 'the refused request did not use up the token');
    },
  );

  for (const rememberMe of [false, true]) {
    contractTest(
      target,
      `a cookie refresh${rememberMe ? ' with remember_me' : ''} rotates the cookie, keeps the refresh token out of the body, and the old cookie is then refused as reused`,
      cite.spec('refreshSession: browser clients … receive the new token as a cookie'),
      STATEFUL,
      async () => {
        const { userAgent, cookie } = await webLogin(rememberMe);
        // The refresh cookie among others, as a browser sends it.
        const res = await refreshWithCookie(client, cookie, { userAgent, otherCookies: ['theme=dark', 'lang=en'] });
        expectSuccess(res);
        expect(res.json<TokenResponse>()).not.toHaveProperty('refresh_token');
        const next = refreshCookieOf(res);
        expect(next).toBeDefined();
        expect(sameSecret(next!.value, cookie)).toBe(false);
        expect(next!.attributes).toMatchObject({ secure: true, httponly: true, samesite: 'Strict', path: '/' });
        if (rememberMe) expect(Number(next!.attributes['max-age'])).toBe(lifetimes.RefreshCookie.rememberMeSeconds);
        else expect(next!.attributes).not.toHaveProperty('max-age');
        const replay = await refreshWithCookie(client, cookie, { userAgent });
        expectProblem(replay, 'REFRESH_TOKEN_REUSED');
      },
    );
  }

  contractTest(
    target,
    'a cookie logout needs the CSRF header, answers 204 and clears the cookie; the session is then over',
    cite.spec(
      'logoutSession: Browser clients send the refresh cookie and X-NovaVMS-CSRF: 1, and the cookie is cleared.',
    ),
    STATEFUL,
    async () => {
      const { userAgent, cookie } = await webLogin();
      const refused = await logoutWithCookie(client, cookie, { userAgent, csrf: false });
      expectProblem(refused, 'CSRF_REJECTED');
      const res = await logoutWithCookie(client, cookie, {
        userAgent,
        headers: { 'content-type': 'application/json' },
        body: '',
      });
      expectSuccess(res);
      const cleared = refreshCookieOf(res);
      expect(cleared, 'the cookie is cleared').toBeDefined();
      expect(cleared!.value).toBe('');
      expect(cleared!.attributes['max-age']).toBe('0');
      const after = await refreshWithCookie(client, cookie, { userAgent });
      expectProblem(after, 'SESSION_REVOKED');
    },
  );
});

describe('browser clients: which credential counts', () => {
  contractTest(
    target,
    'with both a bearer refresh token and the refresh cookie, the Authorization header wins and the cookie session is untouched',
    cite.spec('refreshSession security: RefreshToken or RefreshCookie'),
    STATEFUL,
    async () => {
      const userAgent = uniqueUserAgent('both');
      const web = await login(client, viewer, { clientType: 'web', userAgent });
      expectSuccess(web);
      const cookie = refreshCookieOf(web)!.value;
      const api = await apiSession(client, viewer, { userAgent });
      const res = await client.send({
        method: 'POST',
        path: pathOf('refreshSession'),
        bearer: api.refreshToken,
        cookie: cookieHeader(cookie),
        userAgent,
      });
      expectSuccess(res);
      expect(res.json<TokenResponse>().refresh_token).toMatch(/^rt_/);
      expect(res.setCookies, 'no cookie for the bearer session').toEqual([]);
      expectSuccess(await refreshWithCookie(client, cookie, { userAgent }), 'the cookie token was not touched');
    },
  );

  contractTest(
    target,
    'a refresh cookie whose value is no refresh token is refused with INVALID_TOKEN',
    cite.spec('SessionRejected: unknown or of another kind (INVALID_TOKEN)'),
    STATEFUL,
    async () => {
      expectProblem(await refreshWithCookie(client, 'garbage'), 'INVALID_TOKEN');
    },
  );
});

describe('logout', () => {
  contractTest(
    target,
    'logout ends the session: its refresh token is refused with SESSION_REVOKED, and a second logout answers 204 again',
    cite.spec(
      'logoutSession: every refresh token of that login stops working at once … Logging out of a session that has already ended also answers 204.',
    ),
    STATEFUL,
    async () => {
      const session = await apiSession(client, admin);
      const rotated = await refreshWithToken(client, session.refreshToken, { userAgent: session.userAgent });
      expectSuccess(rotated);
      const { refresh_token: current, access_token: access } = rotated.json<TokenResponse>();
      const out = await logoutWithToken(client, current!, { userAgent: session.userAgent });
      expectSuccess(out);
      expect(out.text, 'no body').toBe('');
      const res = await refreshWithToken(client, current!, { userAgent: session.userAgent });
      expectProblem(res, 'SESSION_REVOKED');
      expectSuccess(
        await client.send({ path: pathOf('getCurrentPrincipal'), bearer: access }),
        'access token until exp',
      );
      expectSuccess(await logoutWithToken(client, current!, { userAgent: session.userAgent }));
      expectProblem(await logoutWithToken(client, `rt_${'B'.repeat(43)}`), 'INVALID_TOKEN', 'a token never issued');
    },
  );
});

// Last: these move the target's clock by days.
describe('refresh lifetimes over time', () => {
  contractTest(
    target,
    "a refresh a minute before the access token expires (with curl's User-Agent) gives a new access token that works",
    cite.page('3. Refresh before the access token expires (POST /api/auth/refresh)'),
    ['stateful', 'mockControl'],
    async () => {
      const session = await apiSession(client, viewer, { userAgent: 'curl/8.5.0' });
      await advanceClock(target, lifetimes.UserAccessToken.defaultSeconds - 60);
      const res = await refreshWithToken(client, session.refreshToken, { userAgent: 'curl/8.5.0' });
      expectSuccess(res);
      expectSuccess(await client.send({ path: pathOf('listCameras'), bearer: res.json<TokenResponse>().access_token }));
    },
  );

  contractTest(
    target,
    'a refresh token works a minute before 7 days, is refused with SESSION_EXPIRED after 7 days, and works after 8 days with remember_me',
    cite.page('Refresh token | 7 days | 30 days | Opaque; stored hashed server-side; rotated each refresh'),
    ['stateful', 'mockControl'],
    async () => {
      const edge = await apiSession(client, viewer);
      const short = await apiSession(client, viewer);
      const long = await apiSession(client, viewer, { rememberMe: true });
      await advanceClock(target, lifetimes.RefreshToken.defaultSeconds - 60);
      expectSuccess(
        await refreshWithToken(client, edge.refreshToken, { userAgent: edge.userAgent }),
        'one minute before 7 days',
      );
      await advanceClock(target, 61);
      const expired = await refreshWithToken(client, short.refreshToken, { userAgent: short.userAgent });
      expectProblem(expired, 'SESSION_EXPIRED');
      await advanceClock(target, DAY);
      const alive = await refreshWithToken(client, long.refreshToken, { userAgent: long.userAgent });
      expectSuccess(alive);
    },
  );

  contractTest(
    target,
    'a remember_me refresh token is refused with SESSION_EXPIRED after 30 days',
    cite.page('Refresh token | 7 days | 30 days | Opaque; stored hashed server-side; rotated each refresh'),
    ['stateful', 'mockControl'],
    async () => {
      const long = await apiSession(client, viewer, { rememberMe: true });
      await advanceClock(target, lifetimes.RefreshToken.rememberMeSeconds - 60);
      const stillAlive = await refreshWithToken(client, long.refreshToken, { userAgent: long.userAgent });
      expectSuccess(stillAlive, 'one minute before 30 days');
      const next = stillAlive.json<TokenResponse>().refresh_token!;
      await advanceClock(target, lifetimes.RefreshToken.rememberMeSeconds + 1);
      const expired = await refreshWithToken(client, next, { userAgent: long.userAgent });
      expectProblem(expired, 'SESSION_EXPIRED');
    },
  );

  contractTest(
    target,
    'each rotated token lives its own lifetime: refreshing every 6 days (20 with remember_me) keeps a session alive past its lifetime, until a token goes unused for a whole one',
    cite.design("The new refresh token keeps the session's remember_me lifetime, counted from its own issue time"),
    ['stateful', 'mockControl'],
    async () => {
      const session = await apiSession(client, viewer);
      const remembered = await apiSession(client, viewer, { rememberMe: true });
      let token = session.refreshToken;
      let long = remembered.refreshToken;
      for (let i = 0; i < 2; i++) {
        await advanceClock(target, 6 * DAY);
        const res = await refreshWithToken(client, token, { userAgent: session.userAgent });
        expectSuccess(res, `refresh after ${(i + 1) * 6} days`);
        expect(res.json<TokenResponse>().refresh_token_expires_in).toBe(lifetimes.RefreshToken.defaultSeconds);
        token = res.json<TokenResponse>().refresh_token!;
      }
      // 12 days after the login; the remember_me session is refreshed 20 days in, then 40.
      await advanceClock(target, 8 * DAY);
      for (const day of [20, 40]) {
        const res = await refreshWithToken(client, long, { userAgent: remembered.userAgent });
        expectSuccess(res, `remember_me refresh ${day} days after the login`);
        expect(res.json<TokenResponse>().refresh_token_expires_in).toBe(lifetimes.RefreshToken.rememberMeSeconds);
        long = res.json<TokenResponse>().refresh_token!;
        if (day === 20) await advanceClock(target, 20 * DAY);
      }
      expectProblem(
        await refreshWithToken(client, token, { userAgent: session.userAgent }),
        'SESSION_EXPIRED',
        'the 7-day token unused since day 12',
      );
    },
  );
});
