/** What every operation handler gets: the server's services and the validated request. */
import type { IncomingHttpHeaders } from 'node:http';
import type { OperationId } from '../../generated/contract.js';
import type { AuditLog } from './audit-log.js';
import type { AccessTokens } from './auth/access-tokens.js';
import type { ApiKeyVerifier } from './auth/api-key-verifier.js';
import type { PasswordHasher } from './auth/passwords.js';
import type { PrincipalPresence } from './auth/principal-presence.js';
import type { FailureLimiter } from './auth/rate-limit.js';
import type { AuthOutcome } from './auth/security.js';
import type { SessionService } from './auth/session-service.js';
import type { Clock } from './clock.js';
import type { Store } from './store/index.js';

/** The server's services, shared by all handlers. */
export interface ServerContext {
  store: Store;
  clock: Clock;
  passwords: PasswordHasher;
  accessTokens: AccessTokens;
  apiKeys: ApiKeyVerifier;
  presence: PrincipalPresence;
  sessions: SessionService;
  audit: AuditLog;
  loginLimits: { perAccount: FailureLimiter; perAddress: FailureLimiter };
}

/** A request that passed the security layer and validation. */
export interface HandlerRequest {
  auth: AuthOutcome;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  headers: IncomingHttpHeaders;
  /** The socket's remote address (proxy headers are not trusted). */
  ip: string;
}

/** What a handler answers; the status is the operation's success status from the contract. */
export interface HandlerResult {
  body?: unknown;
  /** The body already serialised as JSON (cached answers of the hot path). */
  json?: string;
  headers?: Record<string, string>;
}

/** One function per operationId. */
export type Handler = (ctx: ServerContext, req: HandlerRequest) => HandlerResult | Promise<HandlerResult>;

/** A handler for every operation of the contract; a missing one is a type error. */
export type HandlerTable = { readonly [K in OperationId]: Handler };
