/**
 * Opaque refresh tokens: the `RefreshTokenValue` prefix and 32 random bytes in base64url
 * (256 bits). Only their digest is ever stored.
 */
import { randomView } from '../random.js';
import { literalPrefixOf, patternOf } from '../spec.js';

/** `rt_`, read from the `RefreshTokenValue` schema. */
const REFRESH_TOKEN_PREFIX = literalPrefixOf('RefreshTokenValue');
const SHAPE = patternOf('RefreshTokenValue');

/** A new random refresh token. */
export function newRefreshToken(): string {
  return REFRESH_TOKEN_PREFIX + randomView(32).toString('base64url');
}

/** Whether a bearer value claims to be a refresh token (by its prefix). */
export function hasRefreshPrefix(token: string): boolean {
  return token.startsWith(REFRESH_TOKEN_PREFIX);
}

/** Whether a value has the exact shape of a refresh token. */
export function isWellFormedRefreshToken(token: string): boolean {
  return SHAPE.test(token);
}
