/**
 * Rotation and reuse detection as a client sees them: a refresh returns a new refresh token
 * and a new access token of the same session, the old refresh token is refused as reused, and that reuse ends the session so that even the newest
 * token is refused.
 */
import { expect } from 'vitest';
import type { Credentials } from '../../../tools/target-settings.js';
import type { ContractClient } from '../support/contract-client.js';
import { expectProblem, expectSuccess } from '../support/expectations.js';
import { decodeJwt } from '../support/jwt-forgery.js';
import { sameSecret } from '../support/secret-compare.js';
import { apiSession, refreshWithToken, type TokenResponse } from '../support/sessions.js';

/** Login, refresh, replay the first token, then try the newest one. */
export async function checkRotationAndReuse(client: ContractClient, credentials: Credentials): Promise<void> {
  const session = await apiSession(client, credentials);
  const options = { userAgent: session.userAgent };

  const rotated = await refreshWithToken(client, session.refreshToken, options);
  expectSuccess(rotated, 'the first refresh succeeds');
  const next = rotated.json<TokenResponse>();
  expect(next.refresh_token, 'an api refresh returns the new refresh token in the body').toBeDefined();
  expect(sameSecret(next.refresh_token!, session.refreshToken), 'the new refresh token differs from the old one').toBe(
    false,
  );
  expect(sameSecret(next.access_token, session.accessToken), 'the new access token differs from the old one').toBe(
    false,
  );
  expect(decodeJwt(next.access_token).payload.sid, 'the new access token names the same session').toBe(
    decodeJwt(session.accessToken).payload.sid,
  );

  const replay = await refreshWithToken(client, session.refreshToken, options);
  expectProblem(replay, 'REFRESH_TOKEN_REUSED', 'the rotated token presented again');

  const newest = await refreshWithToken(client, next.refresh_token!, options);
  expectProblem(newest, 'SESSION_REVOKED', 'the newest token after reuse was detected');
}
