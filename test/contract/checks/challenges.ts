/**
 * RFC 6750 challenges as a client sees them on one operation: no credential gets a bare
 * `Bearer realm` challenge without `error`; a refused credential gets `error="invalid_token"`.
 */
import { expect } from 'vitest';
import type { OperationEntry } from '../../support/openapi.js';
import { parseChallenge } from '../../support/www-authenticate.js';
import type { ContractClient } from '../support/contract-client.js';
import { exampleCall } from '../support/example-requests.js';
import { expectOneOfProblems, expectProblem } from '../support/expectations.js';

/** The operation's example request without any credential answers 401 AUTHENTICATION_REQUIRED, challenge without error. */
export async function checkNoCredentialChallenge(client: ContractClient, entry: OperationEntry): Promise<void> {
  const res = await client.send(exampleCall(entry, false));
  expectProblem(res, 'AUTHENTICATION_REQUIRED');
  const challenge = parseChallenge(res.header('www-authenticate'));
  expect(challenge?.scheme).toBe('Bearer');
  expect(challenge?.params.realm).toBe('novavms');
  expect(challenge?.params.error, 'no error attribute when no credential was sent (RFC 6750 §3.1)').toBeUndefined();
}

/** The operation's example request with a bearer value the server never issued answers 401 with `error="invalid_token"`. */
export async function checkRefusedCredentialChallenge(
  client: ContractClient,
  entry: OperationEntry,
  bearer: string,
): Promise<void> {
  const res = await client.send({ ...exampleCall(entry, false), bearer });
  expectOneOfProblems(res, ['INVALID_TOKEN', 'SESSION_REVOKED', 'API_KEY_REVOKED']);
  const challenge = parseChallenge(res.header('www-authenticate'));
  expect(challenge?.scheme).toBe('Bearer');
  expect(challenge?.params.error).toBe('invalid_token');
}
