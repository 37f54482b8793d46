/**
 * `refreshSession`: rotates the refresh token and issues a new access token. The new refresh
 * token goes where the old one came from: the body for bearer clients, the cookie for browsers.
 */
import type { AccessTokenSubject } from '../auth/access-tokens.js';
import { SCHEMES } from '../auth/scheme-names.js';
import type { Handler } from '../context.js';
import { refreshCredentialOf, userAgentOf } from './request-parts.js';
import { tokenResult } from './token-response.js';

/** Handles `POST /api/auth/refresh`. */
export const refreshSession: Handler = async (ctx, req) => {
  const credential = refreshCredentialOf(req);
  const cookie = credential.via === 'cookie';
  const issued = ctx.sessions.refresh(
    credential.token,
    userAgentOf(req),
    cookie ? SCHEMES.refreshCookie : SCHEMES.refreshToken,
  );
  const { user } = issued;
  const accessToken = await ctx.accessTokens.issue({
    userId: user.id,
    orgId: user.org_id,
    role: user.role as AccessTokenSubject['role'],
    sessionId: issued.sessionId,
  });
  return tokenResult(accessToken, ctx.accessTokens.lifetimeSeconds, issued, cookie ? 'cookie' : 'body');
};
