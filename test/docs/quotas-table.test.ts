/**
 * The quotas table of the keys guide is rendered from generated/contract.ts: one row per
 * /api/v1 operation, one column per kind of credential, "—" where the operation does not
 * take that credential, and a changed quota changes the table.
 */
import { describe, expect, it } from 'vitest';
import { quotasTable } from '../../docs/build/tables.js';
import { operations, quotas } from '../../generated/contract.js';

const rows = (table: string) =>
  table
    .split('\n')
    .slice(2)
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );

describe('the quotas table', () => {
  it('has a row for every operation with a quota, with its numbers', () => {
    const table = rows(quotasTable(quotas, operations));
    expect(table.length).toBe(Object.keys(quotas).length);
    const cameras = table.find((r) => r[0]!.startsWith('`listCameras`'))!;
    expect(cameras.slice(1)).toEqual([
      `${quotas.listCameras.requests.sk_live} per 1 minute`,
      `${quotas.listCameras.requests.sk_test} per 1 minute`,
      `${quotas.listCameras.requests.user} per 1 minute`,
      `${quotas.listCameras.requests.unauthenticated} per 1 minute`,
    ]);
    const accounts = table.find((r) => r[0]!.startsWith('`createServiceAccount`'))!;
    expect(accounts.slice(1, 3)).toEqual(['—', '—']);
  });

  it('follows the contract: a changed quota changes its cell, an unknown policy fails the build', () => {
    const changed = {
      ...quotas,
      listCameras: { windowSeconds: 3600, requests: { ...quotas.listCameras.requests, user: 7 } },
    };
    const row = rows(quotasTable(changed, operations)).find((r) => r[0]!.startsWith('`listCameras`'))!;
    expect(row[3]).toBe('7 per 1 hour');
    const odd = { listCameras: { windowSeconds: 60, requests: { robots: 1 } } };
    expect(() => quotasTable(odd, operations)).toThrow(/robots/);
  });
});
