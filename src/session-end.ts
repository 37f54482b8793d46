/**
 * Which answers end a user session, in a module of its own (no DOM types, no client code), so
 * that the generator of the Python client can read the same list.
 */
import type { ErrorCode } from '../generated/contract.js';

/**
 * Answers to a refresh after which the session cannot go on: the server has revoked it
 * (User-Agent mismatch, reuse of a rotated token, logout) or it has run out, or the refresh
 * credential is unknown or missing. The client then forgets the session and does not retry.
 */
export const sessionEndingCodes = [
  'SESSION_MISMATCH',
  'REFRESH_TOKEN_REUSED',
  'SESSION_EXPIRED',
  'SESSION_REVOKED',
  'INVALID_TOKEN',
  'AUTHENTICATION_REQUIRED',
] as const satisfies readonly ErrorCode[];

/** Why a session ended, as passed to `onSessionEnd`. */
export type SessionEndReason = (typeof sessionEndingCodes)[number];

const endingCodes: ReadonlySet<string> = new Set(sessionEndingCodes);

/** Whether an error code means that the session is over. */
export function isSessionEndReason(code: string): code is SessionEndReason {
  return endingCodes.has(code);
}
