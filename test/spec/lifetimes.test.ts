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
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length === 4) rows.set(cells[0]!, cells.slice(1));
  }
  const human = (seconds: number | null) =>
    seconds === null
      ? 'no expiry'
      : seconds % DAY === 0
        ? `${seconds / DAY} days`
        : `${seconds / HOUR} hour${seconds === HOUR ? '' : 's'}`;

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

describe('every duration the contract states in prose is one it declares in an extension or a schema', () => {
  const WORDS: Record<string, number> = { one: 1, seven: 7, thirty: 30 };
  const UNIT: Record<string, number> = { minute: 60, hour: HOUR, day: DAY };
  const declared = new Set<number>([
    lifetimes.UserAccessToken.defaultSeconds,
    lifetimes.UserAccessToken.rememberMeSeconds,
    lifetimes.RefreshToken.defaultSeconds,
    lifetimes.RefreshToken.rememberMeSeconds,
    spec.components.schemas.ApiKeyRotateRequest.properties.overlap_seconds.maximum,
  ]);

  /** Every `N hour(s)/day(s)/minute(s)` phrase and bare lifetime in seconds in the prose of `node`. */
  function statedDurations(node: unknown, path: string[] = []): { where: string; phrase: string; seconds: number }[] {
    if (typeof node === 'string') {
      if (!/^(description|summary|meaning|action)$/.test(path.at(-1) ?? '')) return [];
      const found: { where: string; phrase: string; seconds: number }[] = [];
      for (const m of node.matchAll(/\b(\d+|one|seven|thirty)[ -](minute|hour|day)s?\b/gi)) {
        const count = WORDS[m[1]!.toLowerCase()] ?? Number(m[1]);
        found.push({ where: path.join('/'), phrase: m[0], seconds: count * UNIT[m[2]!.toLowerCase()]! });
      }
      for (const m of node.matchAll(/\((\d{4,7})\)/g))
        found.push({ where: path.join('/'), phrase: m[0], seconds: Number(m[1]) });
      return found;
    }
    if (node && typeof node === 'object')
      return Object.entries(node).flatMap(([k, v]) => statedDurations(v, [...path, k]));
    return [];
  }

  const stated = statedDurations(spec);

  it('finds the durations in the prose (so the check below has something to check)', () => {
    expect(stated.length).toBeGreaterThan(15);
    expect(stated.map((s) => s.phrase)).toEqual(expect.arrayContaining(['one hour', '7 days', '30 days', '(3600)']));
  });

  it.each(stated.map((s) => [`${s.where}: "${s.phrase}"`, s] as const))('%s', (_name, s) => {
    expect(declared, `${s.phrase} (${s.seconds} s) at ${s.where} is no lifetime the contract declares`).toContain(
      s.seconds,
    );
  });
});
