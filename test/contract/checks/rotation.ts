/**
 * Rotation and reuse detection as a client sees them: a refresh returns a new refresh token,
 * the old one is refused as reused, and that reuse ends the session so that even the newest
 * token is refused.
 */
import { expect } from 'vitest';
import type { ContractClient } from '../support/contract-client.js';
import { sameSecret } from '../support/secret-compare.js';
import { apiSession, refreshWithToken, type TokenResponse } from '../support/sessions.js';
import type { Credentials } from '../support/settings.js';

/** Login, refresh, replay the first token, then try the newest one. */
export async function checkRotationAndReuse(client: ContractClient, credentials: Credentials): Promise<void> {
  const session = await apiSession(client, credentials);
  const options = { userAgent: session.userAgent };

  const rotated = await refreshWithToken(client, session.refreshToken, options);
  expect(rotated.status, 'the first refresh succeeds').toBe(200);
  const next = rotated.json<TokenResponse>();
  expect(next.refresh_token, 'an api refresh returns the new refresh token in the body').toBeDefined();
  expect(sameSecret(next.refresh_token!, session.refreshToken), 'the new refresh token differs from the old one').toBe(false);
  expect(sameSecret(next.access_token, session.accessToken), 'the new access token differs from the old one').toBe(false);

  const replay = await refreshWithToken(client, session.refreshToken, options);
  expect([replay.status, replay.code], 'the rotated token presented again').toEqual([401, 'REFRESH_TOKEN_REUSED']);

  const newest = await refreshWithToken(client, next.refresh_token!, options);
  expect([newest.status, newest.code], 'the newest token after reuse was detected').toEqual([401, 'SESSION_REVOKED']);
}
