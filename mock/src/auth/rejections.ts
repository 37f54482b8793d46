/**
 * The problems of the security layer, each with the RFC 6750 challenge the contract asks for:
 * none for a missing credential, `invalid_request` for a malformed header, `invalid_token`
 * for a refused credential and `insufficient_scope` (with the scopes) for a 403.
 */
import type { ErrorCode } from '../../../generated/contract.js';
import { ProblemError } from '../problem.js';
import { challenge } from './challenge.js';

/** 401 for a credential that was sent and refused (unknown, expired, revoked, mismatched…). */
export function rejectCredential(code: ErrorCode, detail: string): ProblemError {
  return new ProblemError(code, detail, { headers: { 'WWW-Authenticate': challenge('invalid_token', detail) } });
}

/** 401 `AUTHENTICATION_REQUIRED`: no credential, or not a Bearer one. */
export function authenticationRequired(detail: string): ProblemError {
  return new ProblemError('AUTHENTICATION_REQUIRED', detail, { headers: { 'WWW-Authenticate': challenge() } });
}

/** 400 `INVALID_REQUEST` for an `Authorization` header that is not `Bearer <token68>` or too long. */
export function malformedAuthorization(reason: string): ProblemError {
  return new ProblemError('INVALID_REQUEST', reason, {
    headers: { 'WWW-Authenticate': challenge('invalid_request', reason) },
    errors: [{ location: 'header', pointer: '/authorization', message: reason }],
  });
}

/** 403 `INSUFFICIENT_SCOPE`, naming the scopes the operation requires. */
export function insufficientScope(required: readonly string[]): ProblemError {
  const scope = required.join(' ');
  const detail =
    required.length > 0
      ? `This operation requires the scope ${scope}, which this credential does not carry.`
      : 'This credential cannot call this operation.';
  return new ProblemError('INSUFFICIENT_SCOPE', detail, {
    headers: { 'WWW-Authenticate': challenge('insufficient_scope', detail, scope) },
  });
}
