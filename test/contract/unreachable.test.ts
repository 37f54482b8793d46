/**
 * The documented responses listed as unreachable from outside (unreachable.ts) are still
 * unreachable, for the reason given: an entry whose reason no longer holds must go, so that
 * the coverage gate catches the response again.
 */
import { describe, expect, it } from 'vitest';
import { operations } from '../../generated/contract.js';
import { unreachableResponses } from './unreachable.js';

describe('unreachable responses', () => {
  it.each(unreachableResponses.map((u) => [`${u.operationId} ${u.status}`, u] as const))(
    '%s: documented, and the reason still holds',
    (_name, u) => {
      expect(operations[u.operationId].statuses as readonly number[]).toContain(u.status);
      expect(u.reason.length).toBeGreaterThan(20);
      expect(u.holds(), u.reason).toBe(true);
    },
  );
});
