/**
 * Assertions in the contract's own terms, so that tests name an error code or "the
 * operation's success" and never restate a status code: the status comes from
 * generated/contract.ts (`errors[code].status`, `operations[id].statuses`).
 */
import { expect } from 'vitest';
import { type ErrorCode, errors, type OperationId, operations } from '../../../generated/contract.js';
import type { ContractResponse } from './contract-client.js';

/** Asserts that `res` is the problem `code`, with the status `x-novavms-errors` gives it. */
export function expectProblem(res: ContractResponse, code: ErrorCode, label?: string): void {
  expect([res.status, res.code], label).toEqual([errors[code].status, code]);
}

/** Asserts that `res` is one of the problems `codes`. */
export function expectOneOfProblems(res: ContractResponse, codes: readonly ErrorCode[], label?: string): void {
  expect(codes, `${label ?? 'problem code'}: got ${res.status} ${res.code ?? ''}`).toContain(res.code);
  expect(res.status, label).toBe(errors[res.code as ErrorCode].status);
}

/** Asserts that `res` is the documented success (2xx) of the operation it answers. */
export function expectSuccess(res: ContractResponse, label?: string): void {
  const operation = res.operationId ? operations[res.operationId as OperationId] : undefined;
  const success = (operation?.statuses ?? []).filter((s) => s >= 200 && s < 300);
  expect(success.length, `${res.operationId ?? 'the request'} documents a success`).toBeGreaterThan(0);
  expect(res.status, `${label ?? res.operationId}: got ${res.status} ${res.code ?? ''}`.trim()).toBe(success[0]);
}
