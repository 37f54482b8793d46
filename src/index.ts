/**
 * @novavms/sdk: the typed client of the NovaVMS API, on openapi-fetch and the types
 * generated from the OpenAPI contract, with service-account keys and user sessions.
 */
export {
  createClient,
  type ApiKeyClientOptions,
  type NovaVmsClient,
  type NovaVmsClientOptions,
  type NovaVmsSessionClient,
  type PlainClientOptions,
  type SessionAuth,
  type SessionClientOptions,
  type SessionOptions,
} from './create-client.js';
export {
  NovaVmsError,
  isNovaVmsError,
  isProblem,
  toNovaVmsError,
  unwrap,
  type CallResult,
  type ErrorCode,
  type NovaVmsErrorInit,
  type SuccessData,
  type Problem,
} from './errors.js';
export {
  sessionEndingCodes,
  type LoginCredentials,
  type SessionEndReason,
  type SessionInfo,
} from './session.js';
export { memoryTokenStore, type ClientType, type StoredSession, type TokenStore } from './token-store.js';
export { sdkVersion } from './version.js';
export type { Middleware } from 'openapi-fetch';
export type { components, operations, paths } from '../generated/schema.js';
