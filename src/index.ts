/**
 * @novavms/sdk: the typed client of the NovaVMS API, on openapi-fetch and the types
 * generated from the OpenAPI contract, with service-account keys and user sessions.
 */

export type { Middleware } from 'openapi-fetch';
export type { components, operations, paths } from '../generated/schema.js';
export {
  type ApiKeyClientOptions,
  type CommonClientOptions,
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
  type DeprecationListener,
  type DeprecationNotice,
  deprecationDate,
  sunsetDate,
} from './deprecation.js';
export {
  type CallResult,
  type ErrorCode,
  isNovaVmsError,
  isProblem,
  isSdkErrorCode,
  NovaVmsError,
  type NovaVmsErrorCode,
  type NovaVmsErrorInit,
  type Problem,
  type SdkErrorCode,
  type SuccessData,
  sdkErrorCodes,
  type TimeoutStage,
  toNovaVmsError,
  unwrap,
} from './errors.js';
export { inProcessLock, type SessionLock } from './locks.js';
export { type CursorListPath, type ListItem, paginate } from './paginate.js';
export { type QuotaInfo, quotaOf, type RateLimitInfo, rateLimitOf, retryAfterSeconds } from './rate-limit.js';
export {
  type LoginCredentials,
  type SessionEndReason,
  type SessionInfo,
  type SessionSnapshot,
  sessionEndingCodes,
} from './session.js';
export type { SessionEvent, SessionListener } from './session-events.js';
export { type ClientType, memoryTokenStore, type StoredSession, type TokenStore } from './token-store.js';
export type { Sleep } from './transport.js';
export { sdkVersion } from './version.js';
