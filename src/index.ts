/**
 * @novavms/sdk: the typed client of the NovaVMS API, on openapi-fetch and the types
 * generated from the OpenAPI contract, with service-account keys and user sessions.
 */

export type { Middleware } from 'openapi-fetch';
export type { components, operations, paths } from '../generated/schema.js';
export {
  type ApiKeyClientOptions,
  createClient,
  type NovaVmsClient,
  type NovaVmsClientOptions,
  type NovaVmsSessionClient,
  type PlainClientOptions,
  type SessionAuth,
  type SessionClientOptions,
  type SessionOptions,
} from './create-client.js';
export {
  type CallResult,
  type ErrorCode,
  isNovaVmsError,
  isProblem,
  NovaVmsError,
  type NovaVmsErrorInit,
  type Problem,
  type SuccessData,
  toNovaVmsError,
  unwrap,
} from './errors.js';
export {
  type LoginCredentials,
  type SessionEndReason,
  type SessionInfo,
  sessionEndingCodes,
} from './session.js';
export { type ClientType, memoryTokenStore, type StoredSession, type TokenStore } from './token-store.js';
export { sdkVersion } from './version.js';
