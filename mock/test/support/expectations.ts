/**
 * Assertions in the contract's terms, so that a test names an error code and never restates
 * its status: the status comes from `errors[code].status` in generated/contract.ts.
 */
import { expect } from 'vitest';
import { type ErrorCode, errors } from '../../../generated/contract.js';
import type { Response } from './http.js';

/** Asserts that `res` is the problem `code`, with the status the contract gives that code. */
export function expectProblem(res: Response, code: ErrorCode, label?: string): void {
  expect([res.status, res.json?.code], label ?? res.text.slice(0, 300)).toEqual([errors[code].status, code]);
}
