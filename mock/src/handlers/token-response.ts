/** The `TokenResponse` of login and refresh, and the cookie that carries a browser's refresh token. */
import type { components } from '../../../generated/schema.js';
import { refreshCookieHeader } from '../auth/cookies.js';
import type { IssuedRefresh } from '../auth/session-service.js';
import type { HandlerResult } from '../context.js';
import { schemaOf } from '../spec.js';
import { NO_STORE } from './request-parts.js';

type TokenResponse = components['schemas']['TokenResponse'];

const TOKEN_TYPE = (schemaOf('TokenResponse').properties as { token_type: { const: TokenResponse['token_type'] } })
  .token_type.const;

/**
 * The answer with new tokens: for a body client the refresh token is in the body; for a cookie
 * client it is in `Set-Cookie` (with `Max-Age` only for remember_me) and not in the body.
 */
export function tokenResult(
  accessToken: string,
  accessTtlSeconds: number,
  issued: IssuedRefresh,
  via: 'body' | 'cookie',
): HandlerResult {
  const body: TokenResponse = {
    access_token: accessToken,
    token_type: TOKEN_TYPE,
    expires_in: accessTtlSeconds,
    refresh_token_expires_in: issued.refreshTtlSeconds,
  };
  if (via === 'body') {
    body.refresh_token = issued.refreshToken;
    return { body, headers: { ...NO_STORE } };
  }
  const cookie = refreshCookieHeader(issued.refreshToken, issued.rememberMe ? issued.refreshTtlSeconds : null);
  return { body, headers: { ...NO_STORE, 'Set-Cookie': cookie } };
}
