/**
 * What an answer says about when to ask again. Today that is `Retry-After` (RFC 9110 §10.2.3),
 * which the contract sends with every 429 RATE_LIMITED; quota headers of individual operations
 * belong here too, next to it, so that errors and retries read them from one place.
 */

/** The rate-limit signals of one answer. */
export interface RateLimitInfo {
  /** Seconds to wait before the next attempt, from `Retry-After` (undefined when absent or unreadable). */
  retryAfterSeconds: number | undefined;
}

/** `Retry-After` as seconds: delta-seconds as they are, an HTTP date as the seconds until then (never negative). */
export function retryAfterSeconds(headers: Headers, now: number = Date.now()): number | undefined {
  const value = headers.get('Retry-After')?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The rate-limit signals of `response`. */
export function rateLimitOf(response: Response): RateLimitInfo {
  return { retryAfterSeconds: retryAfterSeconds(response.headers) };
}
