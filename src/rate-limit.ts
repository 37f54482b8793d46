/**
 * What an answer says about when to ask again: `Retry-After` (RFC 9110 §10.2.3), which the
 * contract sends with every 429, and the request quota of the operation, `RateLimit-Policy` and
 * `RateLimit` (draft-ietf-httpapi-ratelimit-headers), which every /api/v1 answer carries. Errors
 * and retries read them from here.
 */

/** The request quota of an operation as one answer states it. */
export interface QuotaInfo {
  /** The policy's name: which kind of credential is counted (`sk_live`, `sk_test`, `user`, `unauthenticated`). */
  policy: string;
  /** Requests allowed in one window (`q`). */
  limit: number;
  /** The window's length in seconds (`w`). */
  windowSeconds: number;
  /** Requests left in the current window (`r`). */
  remaining: number;
  /** Seconds until the current window ends and the quota is whole again (`t`). */
  resetSeconds: number;
}

/** The rate-limit signals of one answer. */
export interface RateLimitInfo {
  /** Seconds to wait before the next attempt, from `Retry-After` (undefined when absent or unreadable). */
  retryAfterSeconds: number | undefined;
  /** The operation's quota from `RateLimit-Policy` and `RateLimit` (undefined when either is absent or unreadable). */
  quota: QuotaInfo | undefined;
}

/** `Retry-After` as seconds: delta-seconds as they are, an HTTP date as the seconds until then (never negative). */
export function retryAfterSeconds(headers: Headers, now: number = Date.now()): number | undefined {
  const value = headers.get('Retry-After')?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * The members of a structured-field list of string items with integer parameters
 * (`"user";q=100;w=60, "other";q=5;w=1`), by name; members of another shape are left out.
 */
function quotaItems(value: string | null): Map<string, Record<string, number>> {
  const items = new Map<string, Record<string, number>>();
  if (value === null) return items;
  for (const member of value.split(',')) {
    const [name, ...parameters] = member.trim().split(';');
    const quoted = /^"([^"\\]*)"$/.exec(name?.trim() ?? '');
    if (quoted === null) continue;
    const values: Record<string, number> = {};
    for (const parameter of parameters) {
      const match = /^\s*([a-z*][a-z0-9_.*-]*)=(\d{1,15})\s*$/.exec(parameter);
      if (match !== null) values[match[1] as string] = Number(match[2]);
    }
    items.set(quoted[1] as string, values);
  }
  return items;
}

/** The quota `RateLimit` reports on, with its policy from `RateLimit-Policy`; undefined when they do not add up. */
export function quotaOf(headers: Headers): QuotaInfo | undefined {
  const state = quotaItems(headers.get('RateLimit'));
  const policies = quotaItems(headers.get('RateLimit-Policy'));
  for (const [policy, { r: remaining, t: resetSeconds }] of state) {
    const stated = policies.get(policy);
    if (remaining === undefined || stated?.q === undefined) continue;
    return {
      policy,
      limit: stated.q,
      windowSeconds: stated.w ?? 0,
      remaining,
      resetSeconds: resetSeconds ?? 0,
    };
  }
  return undefined;
}

/** The rate-limit signals of `response`. */
export function rateLimitOf(response: Response): RateLimitInfo {
  return { retryAfterSeconds: retryAfterSeconds(response.headers), quota: quotaOf(response.headers) };
}
