import { errorCodes } from '../generated/contract.js';
import type { components } from '../generated/schema.js';
import { type QuotaInfo, rateLimitOf } from './rate-limit.js';

/** The machine-readable reason of an error: the spec's `ErrorCode` enum. */
export type ErrorCode = components['schemas']['ErrorCode'];

/**
 * Failures that happen before any answer of the API: the network failed (`NETWORK_ERROR`), a
 * time limit passed (`TIMEOUT`, with `timedOut` saying which), or the caller's signal aborted
 * the call (`ABORTED`, with the signal's reason as `cause`). They are not codes of the contract.
 */
export const sdkErrorCodes = ['NETWORK_ERROR', 'TIMEOUT', 'ABORTED'] as const;

/** A failure of the SDK's own, without an answer of the API. */
export type SdkErrorCode = (typeof sdkErrorCodes)[number];

/** Every `code` a NovaVmsError can have: the contract's, then the SDK's own. One union to switch on. */
export type NovaVmsErrorCode = ErrorCode | SdkErrorCode;

/** What ran out of time: the call itself (`timeoutMs`), a refresh (`refreshTimeoutMs`), or the wait for the refresh lock (`lockTimeoutMs`). */
export type TimeoutStage = 'call' | 'refresh' | 'lock';

const sdkCodes: ReadonlySet<string> = new Set(sdkErrorCodes);

/** Whether a code is one of the SDK's own (no HTTP answer behind it). */
export function isSdkErrorCode(code: string): code is SdkErrorCode {
  return sdkCodes.has(code);
}

/** An RFC 9457 problem as the spec defines it (`application/problem+json`). */
export type Problem = components['schemas']['Problem'];

const knownCodes: ReadonlySet<string> = new Set(errorCodes);

/** Tells a NovaVMS problem body apart from any other value (a proxy's HTML page, a parse failure). */
export function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.code === 'string' && knownCodes.has(candidate.code) && typeof candidate.status === 'number';
}

/** What a NovaVmsError is built from. */
export interface NovaVmsErrorInit {
  code: NovaVmsErrorCode;
  /** The HTTP status; 0 for the SDK's own codes. */
  status: number;
  requestId?: string | undefined;
  problem?: Problem | undefined;
  message?: string;
  retryAfterSeconds?: number | undefined;
  quota?: QuotaInfo | undefined;
  timedOut?: TimeoutStage | undefined;
  cause?: unknown;
}

/**
 * An error answer of the NovaVMS API as one typed value, so that callers branch on `code`
 * (an exhaustive `switch` over the spec's enum type-checks) instead of parsing bodies.
 */
export class NovaVmsError extends Error {
  override readonly name = 'NovaVmsError';
  /**
   * The `code` of the problem, from the spec's ErrorCode enum; INTERNAL_ERROR when the
   * response carried no NovaVMS problem (then `problem` is undefined); or one of the SDK's own
   * codes (NETWORK_ERROR, TIMEOUT, ABORTED) when there was no answer at all.
   */
  readonly code: NovaVmsErrorCode;
  /** The HTTP status of the response; 0 when there was none (the SDK's own codes). */
  readonly status: number;
  /** The `request_id` of the problem, to quote to support; undefined when the body was no problem. */
  readonly requestId: string | undefined;
  /** The problem body; undefined when the response did not carry a NovaVMS problem. */
  readonly problem: Problem | undefined;
  /**
   * How many seconds to wait before trying again, from the answer's `Retry-After` (always set
   * for RATE_LIMITED, which the contract sends with it); undefined otherwise.
   */
  readonly retryAfterSeconds: number | undefined;
  /**
   * The request quota of the operation as the answer stated it (`RateLimit-Policy` and
   * `RateLimit`): a 429 RATE_LIMITED of a used-up quota has `remaining` 0 and says when it
   * resets; undefined when the answer carried no quota (login, refresh, a proxy's answer).
   */
  readonly quota: QuotaInfo | undefined;
  /** For TIMEOUT: which limit passed. */
  readonly timedOut: TimeoutStage | undefined;

  constructor(init: NovaVmsErrorInit) {
    const explanation = init.problem?.detail ?? init.problem?.title ?? 'the response carries no NovaVMS problem';
    super(init.message ?? `${init.status} ${init.code}: ${explanation}`, { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.requestId = init.requestId;
    this.problem = init.problem;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.quota = init.quota;
    this.timedOut = init.timedOut;
  }
}

/** The typed error of a fetch that failed without an answer (`cause`: fetch's own error). */
export function networkError(cause: unknown): NovaVmsError {
  return new NovaVmsError({ code: 'NETWORK_ERROR', status: 0, cause, message: 'The network failed.' });
}

/** Whether a value is a NovaVmsError, also across copies of the SDK. */
export function isNovaVmsError(value: unknown): value is NovaVmsError {
  return value instanceof NovaVmsError || (value instanceof Error && value.name === 'NovaVmsError' && 'code' in value);
}

/**
 * Turns the `{ error, response }` of a failed call into a NovaVmsError, for code that
 * prefers exceptions or wants the typed `code` of any response.
 */
export function toNovaVmsError(result: { error?: unknown; response: Response }): NovaVmsError {
  const { error, response } = result;
  const { retryAfterSeconds, quota } = rateLimitOf(response);
  if (isProblem(error)) {
    return new NovaVmsError({
      code: error.code,
      status: response.status,
      requestId: error.request_id,
      problem: error,
      retryAfterSeconds,
      quota,
    });
  }
  // Not an answer of the API itself (a gateway, a proxy, a wrong baseUrl): nothing in it can
  // be trusted to name a contract code, so it is reported as the server failing.
  return new NovaVmsError({ code: 'INTERNAL_ERROR', status: response.status, retryAfterSeconds });
}

/** A call's result as openapi-fetch returns it. */
export type CallResult =
  | { data: unknown; error?: never; response: Response }
  | { data?: never; error: unknown; response: Response };

/** The data of a call's successful outcome (undefined for an answer without a body, such as 204). */
export type SuccessData<Result> = Result extends { error?: never; data: infer Data }
  ? [Data] extends [never]
    ? undefined
    : Data
  : never;

/**
 * Returns the data of a successful call and throws a NovaVmsError for a failed one, for
 * code that prefers exceptions to checking `error` after every call.
 */
export function unwrap<Result extends CallResult>(result: Result): SuccessData<Result> {
  if (result.error !== undefined || !result.response.ok) throw toNovaVmsError(result);
  return result.data as SuccessData<Result>;
}
