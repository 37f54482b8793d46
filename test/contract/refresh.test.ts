/**
 * Refresh and logout: rotation, reuse detection, the race of concurrent refreshes,
 * User-Agent binding without IP binding (D-R2), the cookie + CSRF flow of browser clients,
 * and refresh lifetimes counted from each token's own issue time.
 */
import { beforeAll, describe, expect } from 'vitest';
import { lifetimes } from '../../generated/contract.js';
import { checkRotationAndReuse } from './checks/rotation.js';
import { contractFile, STATEFUL } from './support/contract-file.js';
import { cite, contractTest } from './support/contract-test.js';
import { expectOneOfProblems, expectProblem, expectSuccess } from './support/expectations.js';
import { advanceClock, resetIfPossible } from './support/mock-control.js';
import { sameSecret } from './support/secret-compare.js';
import {
  apiSession,
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
    'every refresh returns a new refresh token; the old one is refused as reused and that revokes the session, newest token included',
    cite.page('The server rotates the refresh token on every refresh — store the new one and discard the old.'),
    STATEFUL,
    () => checkRotationAndReuse(client, viewer),
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
      const losers = results.filter((r) => r.status !== 200);
      for (const r of losers) expectOneOfProblems(r, ['REFRESH_TOKEN_REUSED', 'SESSION_REVOKED'], 'a losing refresh');
      expect(
        losers.some((r) => r.code === 'REFRESH_TOKEN_REUSED'),
        'the reuse is detected',
      ).toBe(true);
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
    'a refresh with another User-Agent gets 401 SESSION_MISMATCH and the session is over',
    cite.page('A refresh attempt with a different User-Agent returns 401 SESSION_MISMATCH and the user must re-login.'),
    STATEFUL,
    async () => {
      const session = await apiSession(client, viewer);
      const res = await refreshWithToken(client, session.refreshToken, { userAgent: `${session.userAgent} (changed)` });
      expectProblem(res, 'SESSION_MISMATCH');
      const again = await refreshWithToken(client, session.refreshToken, { userAgent: session.userAgent });
      expectProblem(again, 'SESSION_REVOKED', 'the same token with the original User-Agent');
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
    'a different X-Forwarded-For on each refresh does not matter',
    cite.page('No IP binding — that would break mobile clients, VPN users, and anyone behind a CGNAT.'),
    STATEFUL,
    async () => {
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
        const res = await refreshWithCookie(client, cookie, { userAgent });
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
      const res = await logoutWithCookie(client, cookie, { userAgent });
      expectSuccess(res);
      const cleared = refreshCookieOf(res);
      expect(cleared, 'the cookie is cleared').toBeDefined();
      expect(cleared!.attributes['max-age']).toBe('0');
      const after = await refreshWithCookie(client, cookie, { userAgent });
      expectProblem(after, 'SESSION_REVOKED');
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
      expectSuccess(await logoutWithToken(client, session.refreshToken, { userAgent: session.userAgent }));
      const res = await refreshWithToken(client, session.refreshToken, { userAgent: session.userAgent });
      expectProblem(res, 'SESSION_REVOKED');
      expectSuccess(await logoutWithToken(client, session.refreshToken, { userAgent: session.userAgent }));
    },
  );
});

// Last: these move the target's clock by days.
describe('refresh lifetimes over time', () => {
  contractTest(
    target,
    'a refresh token is refused with SESSION_EXPIRED after 7 days, and works after 8 days with remember_me',
    cite.page('Refresh token | 7 days | 30 days | Opaque; stored hashed server-side; rotated each refresh'),
    ['stateful', 'mockControl'],
    async () => {
      const short = await apiSession(client, viewer);
      const long = await apiSession(client, viewer, { rememberMe: true });
      await advanceClock(target, lifetimes.RefreshToken.defaultSeconds + 1);
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
    'each rotated token lives its own 7 days: refreshing every 6 days keeps a session alive past 7 days',
    cite.design("The new refresh token keeps the session's remember_me lifetime, counted from its own issue time"),
    ['stateful', 'mockControl'],
    async () => {
      const session = await apiSession(client, viewer);
      let token = session.refreshToken;
      for (let i = 0; i < 2; i++) {
        await advanceClock(target, 6 * DAY);
        const res = await refreshWithToken(client, token, { userAgent: session.userAgent });
        expectSuccess(res, `refresh after ${(i + 1) * 6} days`);
        token = res.json<TokenResponse>().refresh_token!;
      }
    },
  );
});
