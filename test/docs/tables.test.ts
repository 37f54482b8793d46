import { describe, expect, it } from 'vitest';
import {
  errorsTable,
  type Lifetime,
  lifetimesTable,
  rolesTable,
  securitySchemesTable,
} from '../../docs/build/tables.js';
import { errorCodes, errors, lifetimes, operations, refreshCookie, roles } from '../../generated/contract.js';
import { spec } from '../support/openapi.js';

/** The body rows of a Markdown table as cell arrays. */
function rows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .slice(2)
    .map((line) => line.slice(2, -2).split(' | '));
}

describe('the lifetimes table', () => {
  const table = lifetimesTable(lifetimes, refreshCookie.name);

  it('has one row per security scheme of the contract, in the order of the source page', () => {
    expect(rows(table).map((row) => row[1])).toEqual([
      '`UserAccessToken`',
      '`RefreshToken`',
      '`RefreshCookie`',
      '`ServiceAccountKey`',
    ]);
  });

  // The source page: "Access token (JWT) | 1 hour | 1 hour", "Refresh token | 7 days | 30 days",
  // "Service-account API key | No expiry".
  it('says 1 hour, 7 days, 30 days and no expiry, as the source page does', () => {
    const bySchemes = Object.fromEntries(rows(table).map((row) => [row[1], row]));
    expect(bySchemes['`UserAccessToken`']?.slice(2, 4)).toEqual(['1 hour', '1 hour']);
    expect(bySchemes['`RefreshToken`']?.slice(2, 4)).toEqual(['7 days', '30 days']);
    expect(bySchemes['`RefreshCookie`']?.slice(2, 4)).toEqual(['7 days', '30 days']);
    expect(bySchemes['`ServiceAccountKey`']?.slice(2, 4)).toEqual(['no expiry', '—']);
  });

  it('follows the contract: a changed lifetime changes the table', () => {
    const changed: Record<string, Lifetime> = {
      ...lifetimes,
      RefreshToken: { ...lifetimes.RefreshToken, defaultSeconds: 86_400, rememberMeSeconds: 14 * 86_400 },
    };
    const row = rows(lifetimesTable(changed, refreshCookie.name)).find((r) => r[1] === '`RefreshToken`');
    expect(row?.slice(2, 4)).toEqual(['1 day', '14 days']);
  });

  it('states what the contract says about revocation and rotation', () => {
    const byScheme = Object.fromEntries(rows(table).map((row) => [row[1], row[4] ?? '']));
    expect(byScheme['`UserAccessToken`']).toContain('cannot be revoked before it expires');
    expect(byScheme['`RefreshToken`']).toContain('Rotated on every refresh');
    expect(byScheme['`ServiceAccountKey`']).toContain('`expires_at`');
    expect(byScheme['`RefreshCookie`']).toContain(`\`${refreshCookie.name}\``);
  });

  it('refuses a scheme it has no name for, rather than leaving it out', () => {
    const extra = { ...lifetimes, DeviceToken: { defaultSeconds: 60, rememberMeSeconds: 60, revocable: true } };
    expect(() => lifetimesTable(extra, refreshCookie.name)).toThrow(/DeviceToken/);
  });
});

describe('the error-code table', () => {
  const table = errorsTable(errorCodes, errors);

  it('has every ErrorCode of the spec, in the order of the enum', () => {
    expect(rows(table).map((row) => row[0]?.split(' ')[0])).toEqual(
      spec.components.schemas.ErrorCode.enum.map((c: string) => `\`${c}\``),
    );
  });

  it('gives each code its status, meaning and action from the contract', () => {
    for (const row of rows(table)) {
      const code = row[0]!.split(' ')[0]!.replace(/`/g, '') as keyof typeof errors;
      expect(row[1], code).toBe(String(errors[code].status));
      expect(row[2], code).toBe(errors[code].meaning.replace(/\|/g, '\\|'));
      expect(row[3], code).toBe(errors[code].action.replace(/\|/g, '\\|'));
    }
  });

  it('explains SESSION_MISMATCH as a 401 that ends the session', () => {
    const row = rows(table).find((r) => r[0]?.startsWith('`SESSION_MISMATCH`'));
    expect(row?.[1]).toBe('401');
    expect(row?.[2]).toMatch(/User-Agent/);
    expect(row?.[3]).toMatch(/log in again/);
  });

  it('refuses an enum and an error list that disagree', () => {
    expect(() => errorsTable([...errorCodes, 'NEW_CODE'], errors)).toThrow(/missing NEW_CODE/);
    expect(() => errorsTable(errorCodes.slice(1), errors)).toThrow(/extra INVALID_REQUEST/);
  });

  it('keeps a pipe in a meaning inside its cell', () => {
    const piped = errorsTable(['X'], { X: { status: 400, title: 'X', meaning: 'a | b', action: 'c' } });
    expect(rows(piped)).toEqual([['`X` (X)', '400', 'a \\| b', 'c']]);
  });
});

describe('the security-scheme and role tables', () => {
  it('list the four schemes of the spec with how each is sent', () => {
    const table = securitySchemesTable(spec.components.securitySchemes, lifetimes, operations);
    const cells = rows(table);
    expect(cells.map((row) => row[0])).toEqual([
      '`ServiceAccountKey`',
      '`UserAccessToken`',
      '`RefreshToken`',
      '`RefreshCookie`',
    ]);
    expect(cells[0]?.[1]).toContain('Authorization: Bearer');
    expect(cells[3]?.[1]).toContain(refreshCookie.name);
    expect(cells[3]?.[1]).toContain(`${refreshCookie.csrfHeader}: ${refreshCookie.csrfValue}`);
    // Operations that accept each scheme, counted from the operations' security requirements.
    const accepting = (scheme: string) =>
      Object.values(operations).filter((op) => op.security.some((req) => scheme in req)).length;
    expect(cells.map((row) => Number(row[3]))).toEqual(
      ['ServiceAccountKey', 'UserAccessToken', 'RefreshToken', 'RefreshCookie'].map(accepting),
    );
  });

  it('list every role of every credential type with its scopes', () => {
    const cells = rows(rolesTable(roles));
    const expected = Object.entries(roles).flatMap(([scheme, byRole]) =>
      Object.keys(byRole).map((role) => [`\`${scheme}\``, `\`${role}\``]),
    );
    expect(cells.map((row) => row.slice(0, 2))).toEqual(expected);
    expect(cells.find((row) => row[0] === '`ServiceAccountKey`' && row[1] === '`auditor`')?.[2]).toBe(
      '`cameras:read`, `audit:read`',
    );
  });
});
