/**
 * Lifetimes as a client sees them: `expires_in` and the JWT's `exp − iat` equal the access
 * lifetime, and `refresh_token_expires_in` the refresh lifetime, with and without
 * remember_me — all read from generated/contract.ts.
 */
import { expect } from 'vitest';
import { lifetimes } from '../../../generated/contract.js';
import type { Credentials } from '../../../tools/target-settings.js';
import type { ContractClient } from '../support/contract-client.js';
import { decodeJwt } from '../support/jwt-forgery.js';
import { apiSession } from '../support/sessions.js';

/** Logs in as an api client and checks every lifetime the answer states. */
export async function checkApiLoginLifetimes(
  client: ContractClient,
  credentials: Credentials,
  rememberMe: boolean,
): Promise<void> {
  const session = await apiSession(client, credentials, { rememberMe });
  const access = rememberMe ? lifetimes.UserAccessToken.rememberMeSeconds : lifetimes.UserAccessToken.defaultSeconds;
  const refresh = rememberMe ? lifetimes.RefreshToken.rememberMeSeconds : lifetimes.RefreshToken.defaultSeconds;
  expect(session.body.expires_in, 'expires_in').toBe(access);
  const { payload } = decodeJwt(session.accessToken);
  expect(Number(payload.exp) - Number(payload.iat), 'exp − iat of the access token').toBe(access);
  expect(session.body.refresh_token_expires_in, 'refresh_token_expires_in').toBe(refresh);
}
