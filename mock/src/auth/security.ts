/**
 * Enforcing an operation's security requirements exactly as the contract lists them. The
 * bearer value is dispatched by its shape (API key, refresh token, JWT); the credential is
 * checked; `sk_test_` keys get 404 from production-only operations; then one of the
 * operation's alternatives must be met by the credential's kind and scopes.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { productionOnlyOperations, refreshCookie } from '../../../generated/contract.js';
import { noSuchResource, ProblemError } from '../problem.js';
import type { SecurityRequirement, SpecOperation } from '../spec.js';
import { ACCESS_TOKEN_SHAPE, type AccessTokens } from './access-tokens.js';
import { hasKeyPrefix } from './api-key-format.js';
import type { ApiKeyVerifier } from './api-key-verifier.js';
import { parseAuthorization, plainBearerToken } from './authorization-header.js';
import { readRefreshCookie } from './cookies.js';
import { missingCredentialDetail } from './missing-credential.js';
import type { Principal } from './principal.js';
import type { PrincipalPresence } from './principal-presence.js';
import { hasRefreshPrefix } from './refresh-token-format.js';
import { authenticationRequired, insufficientScope, malformedAuthorization, rejectCredential } from './rejections.js';
import { SCHEMES, type SchemeName } from './scheme-names.js';

/** What the security layer found: nothing (public), a principal, or a refresh credential. */
export type AuthOutcome =
  | { kind: 'public' }
  | { kind: 'principal'; scheme: SchemeName; principal: Principal }
  | { kind: 'refresh'; via: 'bearer' | 'cookie'; token: string };

const PUBLIC: AuthOutcome = { kind: 'public' };
const PRODUCTION_ONLY = new Set<string>(productionOnlyOperations);
const CSRF_HEADER = refreshCookie.csrfHeader.toLowerCase();

/** The request headers the security layer reads. */
export interface SecurityHeaders {
  authorization?: string | undefined;
  /** How many `Authorization` fields the request had (Node keeps only the first). */
  authorizationCount: number;
  cookie?: string | undefined;
  csrf?: string | string[] | undefined;
}

/** A compiled view of one operation's `security`. */
export interface OperationSecurity {
  operationId: string;
  alternatives: readonly SecurityRequirement[];
  schemes: ReadonlySet<string>;
  productionOnly: boolean;
  /** The detail of the 401 for a request that sent none of the accepted credentials. */
  missingCredential: string;
}

/** Precomputes what `authenticate` needs of an operation. */
export function compileSecurity(op: SpecOperation): OperationSecurity {
  const schemes = new Set<string>();
  for (const alternative of op.security) for (const name of Object.keys(alternative)) schemes.add(name);
  return {
    operationId: op.operationId,
    alternatives: op.security,
    schemes,
    productionOnly: PRODUCTION_ONLY.has(op.operationId),
    missingCredential: schemes.size === 0 ? '' : missingCredentialDetail(schemes),
  };
}

/**
 * How many `Authorization` fields are among a request's raw headers (name, value, name, …).
 * Node folds repeated fields of this name into the first, so only the raw list tells.
 */
function countAuthorization(rawHeaders: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length === 13 && name.toLowerCase() === 'authorization') count++;
  }
  return count;
}

/** Reads the security-relevant headers of a Node request: its header map and its raw headers. */
export function securityHeadersOf(headers: IncomingHttpHeaders, rawHeaders: readonly string[]): SecurityHeaders {
  return {
    authorization: headers.authorization,
    authorizationCount: headers.authorization === undefined ? 0 : countAuthorization(rawHeaders),
    cookie: headers.cookie,
    csrf: headers[CSRF_HEADER],
  };
}

/** Checks credentials against operations' security requirements. */
export class SecurityGate {
  constructor(
    private readonly apiKeys: ApiKeyVerifier,
    private readonly accessTokens: AccessTokens,
    private readonly presence: PrincipalPresence,
  ) {}

  /**
   * The outcome for a request, or a thrown problem (400/401/403/404). Synchronous unless an
   * access token has to be verified for the first time. `verified` is told the principal as
   * soon as its credential is known to be valid, before the scope and environment checks
   * (the request quota counts it there).
   */
  authenticate(
    security: OperationSecurity,
    headers: SecurityHeaders,
    verified?: (principal: Principal) => void,
  ): AuthOutcome | Promise<AuthOutcome> {
    const { schemes } = security;
    if (schemes.size === 0) return PUBLIC;
    if (headers.authorizationCount > 1)
      throw malformedAuthorization(`Send one Authorization header, not ${headers.authorizationCount}.`);
    const plain = schemes.has(SCHEMES.accessToken) ? plainBearerToken(headers.authorization) : undefined;
    const recalled = plain === undefined ? undefined : this.accessTokens.recall(plain);
    if (recalled !== undefined) return this.acceptAccessToken(security, recalled, verified);
    const auth = parseAuthorization(headers.authorization);
    if (auth.kind === 'malformed') throw malformedAuthorization(auth.reason);
    if (auth.kind === 'absent' && schemes.has(SCHEMES.refreshCookie)) {
      const cookie = readRefreshCookie(headers.cookie);
      if (cookie !== undefined) {
        if (headers.csrf !== refreshCookie.csrfValue) {
          throw new ProblemError(
            'CSRF_REJECTED',
            `Requests authenticated by the refresh cookie must send ${refreshCookie.csrfHeader}: ${refreshCookie.csrfValue}.`,
          );
        }
        return { kind: 'refresh', via: 'cookie', token: cookie };
      }
    }
    if (auth.kind === 'absent') throw authenticationRequired(security.missingCredential);
    if (auth.kind === 'other-scheme')
      throw authenticationRequired('The Authorization header must use the Bearer scheme.');

    const token = auth.token;
    if (hasKeyPrefix(token)) {
      if (!schemes.has(SCHEMES.apiKey) && !schemes.has(SCHEMES.accessToken)) throw wrongKind();
      const principal = this.apiKeys.verify(token);
      verified?.(principal);
      if (!schemes.has(SCHEMES.apiKey))
        throw insufficientScope(requiredFor(security.alternatives, SCHEMES.accessToken));
      return authorize(security, SCHEMES.apiKey, principal);
    }
    if (hasRefreshPrefix(token)) {
      if (!schemes.has(SCHEMES.refreshToken)) throw wrongKind();
      return { kind: 'refresh', via: 'bearer', token };
    }
    if (ACCESS_TOKEN_SHAPE.test(token)) {
      if (!schemes.has(SCHEMES.accessToken)) throw wrongKind();
      const principal = this.accessTokens.verify(token);
      return principal instanceof Promise
        ? principal.then((p) => this.acceptAccessToken(security, p, verified))
        : this.acceptAccessToken(security, principal, verified);
    }
    throw rejectCredential('INVALID_TOKEN', 'The bearer value is neither an API key nor an access token.');
  }

  /** The outcome for a verified access token whose user still exists. */
  private acceptAccessToken(
    security: OperationSecurity,
    principal: Principal,
    verified: ((principal: Principal) => void) | undefined,
  ): AuthOutcome {
    this.presence.assertUserExists(principal);
    verified?.(principal);
    return authorize(security, SCHEMES.accessToken, principal);
  }
}

/** The environment and scope checks, once the credential is known to be valid. */
function authorize(security: OperationSecurity, scheme: SchemeName, principal: Principal): AuthOutcome {
  if (security.productionOnly && principal.environment === 'test') throw noSuchResource();
  let required: readonly string[] | undefined;
  for (const alternative of security.alternatives) {
    const scopes = alternative[scheme];
    if (!scopes) continue;
    if (scopes.every((s) => principal.scopes.includes(s))) return { kind: 'principal', scheme, principal };
    required ??= scopes;
  }
  throw insufficientScope(required ?? []);
}

function wrongKind(): ProblemError {
  return rejectCredential('INVALID_TOKEN', 'This operation does not accept this kind of credential.');
}

function requiredFor(alternatives: readonly SecurityRequirement[], scheme: SchemeName): readonly string[] {
  for (const alternative of alternatives) {
    const scopes = alternative[scheme];
    if (scopes) return scopes;
  }
  return [];
}
