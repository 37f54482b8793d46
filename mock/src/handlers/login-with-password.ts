/**
 * `loginWithPassword`: email and password for an access token and a refresh token. Unknown
 * email, wrong password and disabled user give one identical 401, in the same time (a dummy
 * hash is verified for unknown emails). Failed attempts are limited per account and per socket
 * address (an IPv6 client per /64; forwarding headers are not trusted); past a limit even the
 * right password gets 429.
 */
import type { components } from '../../../generated/schema.js';
import type { AccessTokenSubject } from '../auth/access-tokens.js';
import { addressBucket } from '../auth/address-bucket.js';
import { challenge } from '../auth/challenge.js';
import type { LimitState } from '../auth/rate-limit.js';
import { SCHEMES } from '../auth/scheme-names.js';
import type { Handler } from '../context.js';
import { ProblemError } from '../problem.js';
import type { UserRow } from '../store/rows.js';
import { emailKey } from '../store/user-store.js';
import { userAgentOf } from './request-parts.js';
import { tokenResult } from './token-response.js';

type LoginRequest = components['schemas']['LoginRequest'];

function longest(a: LimitState, b: LimitState): LimitState {
  if (!a.limited) return b;
  if (!b.limited) return a;
  return a.retryAfterSeconds >= b.retryAfterSeconds ? a : b;
}

/**
 * Waits until both limiters have room for one more attempt, then marks it as running; throws
 * RATE_LIMITED as soon as either is limited by its failures.
 */
async function admit(ctx: Parameters<Handler>[0], accountKey: string, addressKey: string): Promise<void> {
  const { perAccount, perAddress } = ctx.loginLimits;
  for (;;) {
    const now = ctx.clock.nowMs();
    const limit = longest(perAccount.check(accountKey, now), perAddress.check(addressKey, now));
    if (limit.limited) {
      throw new ProblemError('RATE_LIMITED', 'Too many failed logins; try again later.', {
        headers: { 'Retry-After': String(limit.retryAfterSeconds) },
      });
    }
    if (!perAccount.hasRoom(accountKey, now)) await perAccount.settled(accountKey);
    else if (!perAddress.hasRoom(addressKey, now)) await perAddress.settled(addressKey);
    else break;
  }
  perAccount.begin(accountKey);
  perAddress.begin(addressKey);
}

/** Handles `POST /api/auth/login`. */
export const loginWithPassword: Handler = async (ctx, req) => {
  const body = req.body as Required<LoginRequest>;
  const { perAccount, perAddress } = ctx.loginLimits;
  const accountKey = emailKey(body.email);
  const addressKey = addressBucket(req.ip);
  await admit(ctx, accountKey, addressKey);
  let user: UserRow | undefined;
  try {
    user = ctx.store.users.byEmail(body.email);
    const matches = user
      ? await ctx.passwords.verify(user.password_hash, body.password)
      : await ctx.passwords.verifyNobody(body.password);
    if (!user || !matches || user.disabled) {
      const failedAt = ctx.clock.nowMs();
      perAccount.record(accountKey, failedAt);
      perAddress.record(addressKey, failedAt);
      if (user) ctx.audit.record(user.org_id, 'login.failed', null, user.id);
      throw new ProblemError('INVALID_CREDENTIALS', 'The email or the password is not correct.', {
        headers: { 'WWW-Authenticate': challenge() },
      });
    }
    // A right password clears its account's failures; the address keeps its own, so that
    // one account that logs in cannot reset the guesses made at others from that address.
    perAccount.clear(accountKey);
  } finally {
    perAccount.end(accountKey);
    perAddress.end(addressKey);
  }

  const api = body.client_type === 'api';
  const issued = ctx.sessions.start(
    user,
    body.remember_me,
    userAgentOf(req),
    api ? SCHEMES.refreshToken : SCHEMES.refreshCookie,
  );
  const accessToken = await ctx.accessTokens.issue({
    userId: user.id,
    orgId: user.org_id,
    role: user.role as AccessTokenSubject['role'],
    sessionId: issued.sessionId,
  });
  return tokenResult(accessToken, ctx.accessTokens.lifetimeSeconds, issued, api ? 'body' : 'cookie');
};
