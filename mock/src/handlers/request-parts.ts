/** Small readers of a handler request that several handlers share. */
import type { Principal } from '../auth/principal.js';
import type { HandlerRequest } from '../context.js';
import { at, type SpecNode } from '../spec.js';

/** The principal of a request to a `/api/v1/*` operation (the security layer guarantees one). */
export function principalOf(req: HandlerRequest): Principal {
  if (req.auth.kind !== 'principal') throw new Error('this operation needs an authenticated principal');
  return req.auth.principal;
}

/** The refresh credential of a request to refresh or logout. */
export function refreshCredentialOf(req: HandlerRequest): { via: 'bearer' | 'cookie'; token: string } {
  if (req.auth.kind !== 'refresh') throw new Error('this operation needs a refresh credential');
  return req.auth;
}

/** The User-Agent string a session is bound to ('' when none was sent). */
export function userAgentOf(req: HandlerRequest): string {
  const ua = req.headers['user-agent'];
  return typeof ua === 'string' ? ua : '';
}

/** The `Cache-Control` of every response that carries tokens or keys (`CacheControlNoStore`). */
export const NO_STORE: Readonly<Record<'Cache-Control', string>> = {
  'Cache-Control': String((at('/components/headers/CacheControlNoStore').schema as SpecNode).const),
};
