/**
 * Reading the `Authorization` header (RFC 9110 §11.6.2, RFC 6750 §2.1) into one of four
 * outcomes, so that the security layer can answer 400, 401 or go on to check the credential.
 */
import { limits } from '../../../generated/contract.js';

/** What the `Authorization` header of a request holds. */
export type AuthorizationHeader =
  | { kind: 'absent' }
  | { kind: 'malformed'; reason: string }
  | { kind: 'other-scheme' }
  | { kind: 'bearer'; token: string };

const SCHEME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;
const BEARER_PREFIX = 'Bearer ';
const ABSENT: AuthorizationHeader = { kind: 'absent' };
const OTHER: AuthorizationHeader = { kind: 'other-scheme' };

/** Classifies the raw header value; Bearer tokens must have token68 syntax. */
export function parseAuthorization(value: string | undefined): AuthorizationHeader {
  if (value === undefined) return ABSENT;
  if (value.length > limits.maxAuthorizationBytes) {
    return {
      kind: 'malformed',
      reason: `The Authorization header is longer than ${limits.maxAuthorizationBytes} bytes.`,
    };
  }
  const space = value.indexOf(' ');
  const scheme = space < 0 ? value : value.slice(0, space);
  if (!SCHEME.test(scheme)) return { kind: 'malformed', reason: 'The Authorization header has no valid scheme.' };
  if (scheme.length !== 6 || scheme.toLowerCase() !== 'bearer') return OTHER;
  let start = space + 1;
  while (space >= 0 && value.charCodeAt(start) === 32) start++;
  const token = space < 0 ? '' : value.slice(start);
  if (!TOKEN68.test(token)) {
    return { kind: 'malformed', reason: 'The Authorization header must be "Bearer" followed by one token.' };
  }
  return { kind: 'bearer', token };
}

/**
 * The token of a header spelled exactly `Bearer <token>`, the way clients send it, with no
 * check of the token at all; undefined for any other spelling. For finding a token already
 * verified; anything else goes through `parseAuthorization`.
 */
export function plainBearerToken(value: string | undefined): string | undefined {
  return value?.startsWith(BEARER_PREFIX) === true ? value.slice(BEARER_PREFIX.length) : undefined;
}
