import { operations } from '../generated/contract.js';

type Security = (typeof operations)[keyof typeof operations]['security'];

const securityByRoute = new Map<string, Security>(
  Object.values(operations).map((operation) => [`${operation.method} ${operation.path}`, operation.security]),
);

/**
 * Whether a call should carry the client's bearer credential (API key or access token).
 * Public operations (login, the JWKS) and the refresh-credential operations (refresh,
 * logout) must not get it; paths the contract does not list do, and the server decides.
 */
export function acceptsBearerCredential(method: string, schemaPath: string): boolean {
  const security = securityByRoute.get(`${method.toUpperCase()} ${schemaPath}`);
  if (security === undefined) return true;
  return security.some((requirement) => 'ServiceAccountKey' in requirement || 'UserAccessToken' in requirement);
}
