/**
 * `logoutSession`: ends the session of the presented refresh token (204 again for a session
 * already ended) and clears a browser's cookie. Access tokens stay valid until `exp`.
 */
import { clearedRefreshCookieHeader } from '../auth/cookies.js';
import type { Handler } from '../context.js';
import { refreshCredentialOf } from './request-parts.js';

/** Handles `POST /api/auth/logout`. */
export const logoutSession: Handler = (ctx, req) => {
  const credential = refreshCredentialOf(req);
  ctx.sessions.logout(credential.token);
  return credential.via === 'cookie' ? { headers: { 'Set-Cookie': clearedRefreshCookieHeader() } } : {};
};
