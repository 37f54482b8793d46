/**
 * Requests built from the contract's own examples: path parameters from their `example`,
 * the body from the operation's named request example, and a bearer value of the right
 * shape for the operation's first security scheme (from the response examples). Enough for
 * an example mock to answer, and for a real server to get past request validation.
 */
import { type Json, type OperationEntry, resolve } from '../../support/openapi.js';
import type { Call } from './contract-client.js';

/** A bearer value of the right shape for a bearer scheme, taken from the spec's examples. */
export function exampleCredential(scheme: string): string | undefined {
  const login = resolve({ $ref: '#/components/examples/LoginWithPasswordResponseExample' }).value;
  const key = resolve({ $ref: '#/components/examples/CreateServiceAccountKeyResponseExample' }).value;
  return (
    { ServiceAccountKey: key.secret, UserAccessToken: login.access_token, RefreshToken: login.refresh_token } as Record<
      string,
      string
    >
  )[scheme];
}

/** The path of `entry` with every path parameter set to its example. */
export function examplePath(entry: OperationEntry): string {
  let path = entry.path;
  for (const p of entry.parameters.filter((p: Json) => p.in === 'path'))
    path = path.replace(`{${p.name}}`, encodeURIComponent(String(p.example)));
  return path;
}

/** The first named example of the operation's JSON request body, or undefined. */
export function exampleBody(entry: OperationEntry): unknown {
  const requestBody = entry.operation.requestBody && resolve(entry.operation.requestBody);
  const media = requestBody?.content?.['application/json'];
  if (!media) return undefined;
  const first = Object.values<Json>(media.examples ?? {})[0];
  return first ? resolve(first).value : media.example;
}

/** The example request of an operation, with or without a credential. */
export function exampleCall(entry: OperationEntry, withCredential: boolean): Call {
  const call: Call = { method: entry.method.toUpperCase(), path: examplePath(entry) };
  const scheme = Object.keys(entry.operation.security?.[0] ?? {})[0];
  const credential = scheme ? exampleCredential(scheme) : undefined;
  if (withCredential && credential) call.bearer = credential;
  const body = exampleBody(entry);
  if (body !== undefined) call.json = body;
  return call;
}

/** The names of the named examples of a documented response (empty when it has none). */
export function responseExampleNames(entry: OperationEntry, status: string): string[] {
  const response = resolve(entry.operation.responses[status]);
  return Object.values<Json>(response.content ?? {}).flatMap((media) => Object.keys(media.examples ?? {}));
}
