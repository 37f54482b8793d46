/**
 * RFC 6750 `WWW-Authenticate` challenges. The base challenge is the spec's own example of the
 * `WWWAuthenticate` header, so the realm is read from the contract, not restated.
 */
import { at } from '../spec.js';

const BASE = String(at('/components/headers/WWWAuthenticate').example);

/** The RFC 6750 error attribute of a challenge. */
export type ChallengeError = 'invalid_request' | 'invalid_token' | 'insufficient_scope';

function quoted(value: string): string {
  // Quoted strings of the challenge may hold neither quotes nor backslashes nor control characters.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return value.replace(/["\\\x00-\x1f\x7f]/g, '');
}

/**
 * The challenge for a 400/401/403: bare when no credential was sent, else with the error, an
 * optional description and, for `insufficient_scope`, the scopes the operation requires.
 */
export function challenge(error?: ChallengeError, description?: string, scope?: string): string {
  let value = BASE;
  if (error) value += `, error="${error}"`;
  if (error && description) value += `, error_description="${quoted(description)}"`;
  if (error === 'insufficient_scope' && scope !== undefined) value += `, scope="${quoted(scope)}"`;
  return value;
}
