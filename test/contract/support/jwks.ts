/**
 * The target's published signing keys and a verifier pinned the way the contract says a
 * verifier must be (RFC 8725): algorithm, issuer, audience and `typ` from generated/contract.ts.
 */
import {
  createLocalJWKSet,
  type JSONWebKeySet,
  type JWTPayload,
  jwtVerify,
  type ProtectedHeaderParameters,
} from 'jose';
import { jwt } from '../../../generated/contract.js';
import type { ContractClient } from './contract-client.js';
import { pathOf } from './operation-path.js';

/** GET /.well-known/jwks.json (checked against the contract like every response). */
export async function fetchJwks(client: ContractClient): Promise<JSONWebKeySet> {
  const res = await client.send({ path: pathOf('getJsonWebKeySet') });
  if (res.status !== 200) throw new Error(`getJsonWebKeySet answered ${res.status}`);
  return res.json<JSONWebKeySet>();
}

/**
 * Verifies `token` with the published keys, pinned to the contract's algorithm, issuer,
 * audience and typ. `now` is the target's time when it has its own clock (/__mock/clock).
 */
export async function verifyWithJwks(
  client: ContractClient,
  token: string,
  now?: Date,
): Promise<{ payload: JWTPayload; protectedHeader: ProtectedHeaderParameters }> {
  const keys = createLocalJWKSet(await fetchJwks(client));
  return jwtVerify(token, keys, {
    algorithms: [...jwt.algorithms],
    issuer: jwt.issuer,
    audience: jwt.audience,
    typ: jwt.typ,
    ...(now ? { currentDate: now } : {}),
  });
}
