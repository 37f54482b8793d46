/**
 * User access tokens: ES256 JWTs with a `kid`, `typ: at+jwt` and the claims of
 * `contract.jwt.claims`. The signing key is created on first start and kept in the database,
 * so a restart keeps issued tokens valid; its public half is the JWKS. Verification (jose)
 * pins the algorithm, issuer, audience and type (RFC 8725). Verified tokens are cached (bounded),
 * found by the end of their signature and matched by their whole string, and `exp` is checked
 * against the clock on every use. Signing uses node:crypto directly, on libuv's pool: the same
 * ES256 signature at half the cost of WebCrypto, and off the event loop, which keeps logins and
 * refreshes fast.
 */
import { createPrivateKey, type KeyObject, sign } from 'node:crypto';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  jwtVerify,
} from 'jose';
import { jwt, lifetimes, limits, roles } from '../../../generated/contract.js';
import type { Clock } from '../clock.js';
import { randomBase62 } from '../random.js';
import { patternOf } from '../spec.js';
import type { MetaStore } from '../store/meta-store.js';
import type { Principal } from './principal.js';
import { rejectCredential } from './rejections.js';

const SIGNING_KEY_NAME = 'jwt_signing_key';
const ALGORITHM = jwt.algorithms[0];
const CACHE_LIMIT = 10_000;
/**
 * How many characters at the end of a token (its signature: 86 characters for ES256) find it in
 * the cache. Hashing them costs a fraction of hashing a whole token of 700 characters, and a
 * token is only taken from the cache when its whole string is the one that was verified.
 */
const CACHE_KEY_CHARS = 32;
/** The shape of an access token (`AccessToken` schema): three base64url segments. */
export const ACCESS_TOKEN_SHAPE = patternOf('AccessToken');

/** The public signing keys, as served at the JWKS URI. */
export interface JsonWebKeySet {
  keys: Array<JWK & { kid: string; alg: string; use: 'sig' }>;
}

/** What a new access token says about its user. */
export interface AccessTokenSubject {
  userId: string;
  orgId: string;
  role: keyof typeof roles.UserAccessToken;
  sessionId: string;
}

interface CachedToken {
  token: string;
  principal: Principal;
  expMs: number;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Issues and verifies access tokens with the server's persistent key pair. */
export class AccessTokens {
  private readonly cache = new Map<string, CachedToken>();
  private readonly headerSegment: string;

  private constructor(
    private readonly clock: Clock,
    private readonly privateKey: KeyObject,
    kid: string,
    readonly jwks: JsonWebKeySet,
    private readonly keySet: ReturnType<typeof createLocalJWKSet>,
  ) {
    this.headerSegment = base64url({ alg: ALGORITHM, kid, typ: jwt.typ });
  }

  /** Loads the key pair from the database, creating and storing it on first start. */
  static async open(meta: MetaStore, clock: Clock): Promise<AccessTokens> {
    let stored = meta.get(SIGNING_KEY_NAME);
    if (!stored) {
      const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
      const jwk = await exportJWK(privateKey);
      const kid = await calculateJwkThumbprint(jwk);
      stored = JSON.stringify({ ...jwk, kid, alg: ALGORITHM, use: 'sig' });
      meta.set(SIGNING_KEY_NAME, stored);
    }
    const privateJwk = JSON.parse(stored) as JWK & { kid: string };
    const publicJwk = {
      kty: privateJwk.kty,
      crv: privateJwk.crv,
      x: privateJwk.x,
      y: privateJwk.y,
      kid: privateJwk.kid,
      alg: ALGORITHM,
      use: 'sig' as const,
    };
    const jwks: JsonWebKeySet = { keys: [publicJwk] };
    const privateKey = createPrivateKey({ key: privateJwk as import('node:crypto').JsonWebKey, format: 'jwk' });
    return new AccessTokens(clock, privateKey, privateJwk.kid, jwks, createLocalJWKSet(jwks));
  }

  /** The lifetime of every access token, in seconds. */
  get lifetimeSeconds(): number {
    return lifetimes.UserAccessToken.defaultSeconds;
  }

  /**
   * A new signed access token for a session. The signature is computed on libuv's pool, off the
   * event loop, which meanwhile serves other requests.
   */
  async issue(subject: AccessTokenSubject): Promise<string> {
    const iat = Math.floor(this.clock.nowMs() / 1000);
    const claims = {
      iss: jwt.issuer,
      aud: jwt.audience,
      sub: subject.userId,
      iat,
      exp: iat + this.lifetimeSeconds,
      jti: `jti_${randomBase62(20)}`,
      org: subject.orgId,
      role: subject.role,
      scope: SCOPE_CLAIMS[subject.role],
      sid: subject.sessionId,
    };
    const input = `${this.headerSegment}.${base64url(claims)}`;
    const data = Buffer.from(input, 'ascii');
    const signature = await new Promise<Buffer>((resolve, reject) =>
      sign('sha256', data, { key: this.privateKey, dsaEncoding: 'ieee-p1363' }, (error, result) =>
        error ? reject(error) : resolve(result),
      ),
    );
    return `${input}.${signature.toString('base64url')}`;
  }

  /**
   * The principal of a valid access token; 401 `TOKEN_EXPIRED` past `exp`, 401
   * `INVALID_TOKEN` for anything else that is wrong with it. A token verified before is
   * answered at once from the cache (its `exp` checked against the clock); a new one is
   * verified asynchronously.
   */
  verify(token: string): Principal | Promise<Principal> {
    const cached = this.cached(token);
    return cached === undefined ? this.verifyNew(token) : this.unexpired(cached);
  }

  /**
   * The principal of a token verified before (401 `TOKEN_EXPIRED` past its `exp`); undefined
   * for any other. Such a token passed every check of its syntax when it was verified, so none
   * is repeated: this is the path of nearly every request a signed-in user makes.
   */
  recall(token: string): Principal | undefined {
    const cached = this.cached(token);
    return cached === undefined ? undefined : this.unexpired(cached);
  }

  private cached(token: string): CachedToken | undefined {
    const cached = this.cache.get(token.slice(-CACHE_KEY_CHARS));
    return cached !== undefined && cached.token === token ? cached : undefined;
  }

  private unexpired(cached: CachedToken): Principal {
    if (cached.expMs <= this.clock.nowMs()) throw expired();
    return cached.principal;
  }

  private async verifyNew(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keySet, {
        algorithms: [...jwt.algorithms],
        issuer: jwt.issuer,
        audience: jwt.audience,
        typ: jwt.typ,
        requiredClaims: [...jwt.claims],
        currentDate: new Date(this.clock.nowMs()),
      }));
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_JWT_EXPIRED') throw expired();
      throw invalid();
    }
    if (!issuedShape(payload, Math.floor(this.clock.nowMs() / 1000))) throw invalid();
    const principal = principalOf(payload);
    if (!principal || typeof payload.exp !== 'number') throw invalid();
    if (this.cache.size >= CACHE_LIMIT) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    // A token of the same signature end verified before is replaced: the cache holds one per key.
    this.cache.set(token.slice(-CACHE_KEY_CHARS), { token, principal, expMs: payload.exp * 1000 });
    return principal;
  }

  /** Forgets every cached verification (after a reset of the data). */
  clearCache(): void {
    this.cache.clear();
  }
}

/**
 * Whether the time claims are those of a token this server issues: `iat` and `exp` integers
 * (`1e400` parses as Infinity, which jose takes for a number), `exp - iat` exactly the
 * contract's lifetime, and `iat` no later than now plus the clock skew the contract allows
 * (`x-novavms-limits.max_clock_skew_seconds`).
 */
function issuedShape(payload: JWTPayload, nowSeconds: number): boolean {
  const { iat, exp } = payload;
  if (!Number.isSafeInteger(iat) || !Number.isSafeInteger(exp)) return false;
  if ((exp as number) - (iat as number) !== lifetimes.UserAccessToken.defaultSeconds) return false;
  return (iat as number) <= nowSeconds + limits.maxClockSkewSeconds;
}

/** The scopes each role grants, space-separated in the contract's order: the only `scope` its tokens may carry. */
const SCOPE_CLAIMS = Object.fromEntries(
  Object.entries(roles.UserAccessToken).map(([role, scopes]) => [role, scopes.join(' ')]),
) as Record<keyof typeof roles.UserAccessToken, string>;

function principalOf(payload: JWTPayload): Principal | null {
  const { sub, org, role, scope, sid } = payload;
  if (
    typeof sub !== 'string' ||
    typeof org !== 'string' ||
    typeof role !== 'string' ||
    typeof scope !== 'string' ||
    typeof sid !== 'string'
  ) {
    return null;
  }
  if (!Object.hasOwn(roles.UserAccessToken, role)) return null;
  // Scopes come from the role; a token whose scope claim says otherwise was not issued here.
  if (scope !== SCOPE_CLAIMS[role as keyof typeof roles.UserAccessToken]) return null;
  return {
    kind: 'user',
    id: sub,
    orgId: org,
    environment: 'live',
    role,
    scopes: scope === '' ? [] : scope.split(' '),
    sessionId: sid,
  };
}

function expired(): Error {
  return rejectCredential('TOKEN_EXPIRED', 'The access token has expired; refresh the session.');
}

function invalid(): Error {
  return rejectCredential('INVALID_TOKEN', 'The access token is not valid.');
}
