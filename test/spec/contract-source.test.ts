import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cursorLists, operations } from '../../generated/contract.js';
import { cursorListsOf, operationsOf, type Spec } from '../../tools/generate/contract-source.js';

const bundled = (): Spec =>
  JSON.parse(readFileSync(new URL('../../generated/openapi.json', import.meta.url), 'utf8')) as Spec;

describe('generated/contract.ts: what clients read from the contract', () => {
  it('marks GET and HEAD idempotent, and an operation with x-novavms-idempotent', () => {
    for (const op of Object.values(operations)) {
      expect(op.idempotent).toBe(['GET', 'HEAD'].includes(op.method));
    }
    const spec = bundled();
    const revoke = spec.paths['/api/v1/service-accounts/{service_account_id}/keys/{key_id}']?.delete as Record<
      string,
      unknown
    >;
    revoke['x-novavms-idempotent'] = true;
    const marked = operationsOf(spec) as Record<string, { idempotent: boolean }>;
    expect(marked.revokeServiceAccountKey?.idempotent).toBe(true);
    expect(marked.createServiceAccount?.idempotent).toBe(false);
  });

  it('lists every GET that takes the Cursor query parameter as a cursor list, with its items and next cursor', () => {
    const withCursor = Object.entries(operations)
      .filter(([, op]) => op.method === 'GET')
      .filter(([id]) =>
        JSON.stringify(bundled().paths[operations[id as keyof typeof operations].path]).includes('Cursor'),
      )
      .map(([id]) => id);
    expect(Object.keys(cursorLists).sort()).toEqual(withCursor.sort());
    for (const list of Object.values(cursorLists)) {
      expect(list).toMatchObject({
        cursorParameter: 'cursor',
        itemsProperty: 'data',
        nextCursorProperty: 'next_cursor',
      });
    }
  });

  it('refuses a cursor list whose page has no single array of items', () => {
    const spec = bundled();
    const page = (spec.components.schemas as Record<string, { properties: Record<string, unknown> }>).CameraList;
    if (page === undefined) throw new Error('CameraList is missing');
    page.properties.more = { type: 'array', items: { type: 'string' } };
    expect(() => cursorListsOf(spec)).toThrow(/listCameras takes a cursor/);
  });
});
