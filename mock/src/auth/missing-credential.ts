/**
 * The detail of a 401 `AUTHENTICATION_REQUIRED`: what the operation accepts and how to send
 * it, built from the security schemes the operation lists, so that `/api/auth/refresh` asks
 * for a refresh token or the cookie and `/api/v1/*` for a key or an access token.
 */
import { refreshCookie } from '../../../generated/contract.js';
import { at, type SpecNode } from '../spec.js';
import type { SchemeName } from './scheme-names.js';

/** What each scheme's credential is called, for people reading the problem. */
const CREDENTIAL_NAMES = {
  ServiceAccountKey: 'a service-account API key',
  UserAccessToken: 'a user access token',
  RefreshToken: 'a refresh token',
  RefreshCookie: 'the refresh cookie',
} as const satisfies Record<SchemeName, string>;

function isSchemeName(name: string): name is SchemeName {
  return Object.hasOwn(CREDENTIAL_NAMES, name);
}

/** How a scheme's credential travels, read from its definition in the contract. */
function howToSend(name: SchemeName): { bearer: boolean; phrase: string } {
  const scheme: SpecNode = at(`/components/securitySchemes/${name}`);
  if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer')
    return { bearer: true, phrase: CREDENTIAL_NAMES[name] };
  if (scheme.type === 'apiKey' && scheme.in === 'cookie') {
    return {
      bearer: false,
      phrase: `${CREDENTIAL_NAMES[name]} ${String(scheme.name)} with ${refreshCookie.csrfHeader}: ${refreshCookie.csrfValue}`,
    };
  }
  throw new Error(`security scheme ${name} is neither a bearer token nor a cookie`);
}

/**
 * "Send a refresh token in the Authorization header (Bearer), or the refresh cookie … with
 * X-NovaVMS-CSRF: 1." for the schemes an operation accepts, in the order it lists them.
 */
export function missingCredentialDetail(schemes: Iterable<string>): string {
  const bearer: string[] = [];
  const other: string[] = [];
  for (const name of schemes) {
    if (!isSchemeName(name)) throw new Error(`unknown security scheme ${name}`);
    const way = howToSend(name);
    (way.bearer ? bearer : other).push(way.phrase);
  }
  const parts = bearer.length > 0 ? [`${bearer.join(' or ')} in the Authorization header (Bearer)`, ...other] : other;
  return `Send ${parts.join(', or ')}.`;
}
