import { describe, expect, it } from 'vitest';
import { lifetimes } from '../../generated/contract.js';
import { spec } from '../support/openapi.js';

const HOUR = 3600;
const DAY = 24 * HOUR;

// The source page, "Authenticate to the API", section "Token lifetimes":
//   Access token (JWT) | 1 hour | 1 hour | Stateless; cannot be revoked mid-lifetime
//   Refresh token | 7 days | 30 days | Opaque; stored hashed server-side; rotated each refresh
//   Service-account API key | No expiry | Revoke via admin UI or set expires_at explicitly
describe('generated/contract.ts lifetimes say what the source page says', () => {
  it('"Access token (JWT) 1 hour 1 hour Stateless; cannot be revoked mid-lifetime"', () => {
    expect(lifetimes.UserAccessToken.defaultSeconds).toBe(1 * HOUR);
    expect(lifetimes.UserAccessToken.rememberMeSeconds).toBe(1 * HOUR);
    expect(lifetimes.UserAccessToken.revocable).toBe(false);
  });

  it('"Refresh token 7 days 30 days Opaque; stored hashed server-side; rotated each refresh"', () => {
    for (const scheme of [lifetimes.RefreshToken, lifetimes.RefreshCookie]) {
      expect(scheme.defaultSeconds).toBe(7 * DAY);
      expect(scheme.rememberMeSeconds).toBe(30 * DAY);
      expect(scheme.rotation).toBe('every-refresh');
    }
  });

  it('"Service-account API key No expiry Revoke via admin UI or set expires_at explicitly"', () => {
    expect(lifetimes.ServiceAccountKey.defaultSeconds).toBeNull();
    expect(lifetimes.ServiceAccountKey.expiresAt).toBe('optional');
    expect(lifetimes.ServiceAccountKey.revocable).toBe(true);
  });

  it('is frozen, so no consumer can change a lifetime at run time', () => {
    expect(Object.isFrozen(lifetimes)).toBe(true);
    expect(Object.isFrozen(lifetimes.RefreshToken)).toBe(true);
    expect(() => {
      (lifetimes.RefreshToken as { defaultSeconds: number }).defaultSeconds = 1;
    }).toThrow(TypeError);
  });
});

describe('the lifetimes table in info.description agrees with the x-novavms-lifetime extensions', () => {
  const rows = new Map<string, string[]>();
  for (const line of String(spec.info.description).split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length === 4) rows.set(cells[0]!, cells.slice(1));
  }
  const human = (seconds: number | null) =>
    seconds === null ? 'no expiry' : seconds % DAY === 0 ? `${seconds / DAY} days` : `${seconds / HOUR} hour${seconds === HOUR ? '' : 's'}`;

  it.each([
    ['Access token (JWT)', lifetimes.UserAccessToken],
    ['Refresh token', lifetimes.RefreshToken],
    ['Service-account API key', lifetimes.ServiceAccountKey],
  ] as const)('%s', (row, lifetime) => {
    const cells = rows.get(row);
    expect(cells, `row "${row}" in the table`).toBeDefined();
    expect(cells![0]).toBe(human(lifetime.defaultSeconds));
    if (lifetime.defaultSeconds !== null) expect(cells![1]).toBe(human(lifetime.rememberMeSeconds));
  });
});
