/**
 * The request quota of every `/api/v1` operation (`x-novavms-quota`, read from
 * generated/contract.ts): a fixed window per operation and partition, where the partition is
 * what the request was counted against — a service account in one environment (`sk_live`,
 * `sk_test`), a user (`user`), or, for a request without a valid credential, the client
 * address (`unauthenticated`). Each answer says so in `RateLimit-Policy` and `RateLimit`
 * (draft-ietf-httpapi-ratelimit-headers); once a window's quota is used up the request is a
 * 429 RATE_LIMITED with `Retry-After`. Windows follow the server's clock, so moving the mock
 * clock forward starts a new one.
 */
import { type OperationId, type QuotaPolicy, quotas } from '../../generated/contract.js';
import type { Principal } from './auth/principal.js';
import type { Clock } from './clock.js';
import { ProblemError } from './problem.js';

/** Windows kept at most before the ended ones are dropped. */
const PRUNE_AT = 50_000;

interface Window {
  startMs: number;
  endMs: number;
  count: number;
}

/** The quota of one operation, as generated/contract.ts states it. */
export interface OperationQuota {
  windowSeconds: number;
  requests: Readonly<Partial<Record<QuotaPolicy, number>>>;
}

/** The quota of `operationId`, or undefined for an operation that has none (outside /api/v1). */
export function quotaOf(operationId: OperationId): OperationQuota | undefined {
  return (quotas as Readonly<Record<string, OperationQuota>>)[operationId];
}

/** The policy and partition a verified credential is counted against. */
export function partitionOf(principal: Principal): { policy: QuotaPolicy; key: string } {
  if (principal.kind === 'service_account') {
    const policy = principal.environment === 'test' ? 'sk_test' : 'sk_live';
    return { policy, key: `${policy}:${principal.id}` };
  }
  return { policy: 'user', key: `user:${principal.id}` };
}

/** The partition of a request without a valid credential: its client address. */
export function unauthenticatedPartition(address: string): { policy: QuotaPolicy; key: string } {
  return { policy: 'unauthenticated', key: `address:${address}` };
}

/** Counts requests per operation and partition; `enabled: false` counts nothing and sends no headers. */
export class QuotaCounter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly clock: Clock,
    readonly enabled: boolean,
  ) {}

  /**
   * Counts one request of `operationId` against `partition` and returns the `RateLimit-Policy`
   * and `RateLimit` headers of its answer; throws the 429 problem (with those headers and
   * `Retry-After`) when the window's quota is already used up, without counting it.
   */
  charge(
    operationId: OperationId,
    quota: OperationQuota,
    partition: { policy: QuotaPolicy; key: string },
  ): Record<string, string> {
    const { policy } = partition;
    const limit = quota.requests[policy];
    if (limit === undefined) throw new Error(`${operationId} has no ${policy} quota`);
    const windowMs = quota.windowSeconds * 1000;
    const now = this.clock.nowMs();
    const id = `${operationId}\u0000${partition.key}`;
    let window = this.windows.get(id);
    // A window that has ended, or lies ahead of a clock moved back, is replaced by a new one.
    if (window === undefined || now >= window.endMs || now < window.startMs) {
      if (this.windows.size >= PRUNE_AT) this.prune(now);
      window = { startMs: now, endMs: now + windowMs, count: 0 };
      this.windows.set(id, window);
    }
    const resetSeconds = Math.max(1, Math.ceil((window.endMs - now) / 1000));
    const headers: Record<string, string> = {
      'RateLimit-Policy': `"${policy}";q=${limit};w=${quota.windowSeconds}`,
      RateLimit: '',
    };
    if (window.count >= limit) {
      headers.RateLimit = `"${policy}";r=0;t=${resetSeconds}`;
      throw new ProblemError(
        'RATE_LIMITED',
        `The request quota of this operation (${limit} requests in ${quota.windowSeconds} s, policy ${policy}) is used up; try again in ${resetSeconds} s.`,
        { headers: { ...headers, 'Retry-After': String(resetSeconds) } },
      );
    }
    window.count++;
    headers.RateLimit = `"${policy}";r=${limit - window.count};t=${resetSeconds}`;
    return headers;
  }

  /** Forgets every window (the mock control, and a reset of the data). */
  clear(): void {
    this.windows.clear();
  }

  private prune(now: number): void {
    for (const [id, window] of this.windows) {
      if (now >= window.endMs || now < window.startMs) this.windows.delete(id);
    }
  }
}
