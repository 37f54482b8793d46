/**
 * Sliding-window counters of failed logins (`contract.loginRateLimit`). A key is limited while
 * it has as many failures as allowed inside the window; `Retry-After` is the time until the
 * oldest of them leaves the window. Counters live in memory and are pruned as they age.
 */

/** The answer of a limit check. */
export type LimitState = { limited: false } | { limited: true; retryAfterSeconds: number };

const NOT_LIMITED: LimitState = { limited: false };
const SWEEP_EVERY = 1024;

/** One limit: `failures` per `windowSeconds`, per key. */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly windowMs: number;
  private writes = 0;

  constructor(
    private readonly maxFailures: number,
    windowSeconds: number,
  ) {
    this.windowMs = windowSeconds * 1000;
  }

  private recent(key: string, nowMs: number): number[] {
    const list = this.failures.get(key);
    if (!list) return [];
    const fresh = list.filter((t) => t > nowMs - this.windowMs);
    if (fresh.length === 0) this.failures.delete(key);
    else if (fresh.length !== list.length) this.failures.set(key, fresh);
    return fresh;
  }

  /** Whether `key` is limited now, and for how long. */
  check(key: string, nowMs: number): LimitState {
    const list = this.recent(key, nowMs);
    if (list.length < this.maxFailures) return NOT_LIMITED;
    const frees = list[list.length - this.maxFailures]! + this.windowMs;
    return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil((frees - nowMs) / 1000)) };
  }

  /** Counts one failure of `key`. */
  record(key: string, nowMs: number): void {
    const list = this.recent(key, nowMs);
    list.push(nowMs);
    this.failures.set(key, list);
    if (++this.writes % SWEEP_EVERY === 0) this.sweep(nowMs);
  }

  /** Takes back one failure of `key` counted at `atMs` (an attempt that turned out right). */
  forget(key: string, atMs: number): void {
    const list = this.failures.get(key);
    if (!list) return;
    const i = list.lastIndexOf(atMs);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.failures.delete(key);
  }

  /** Forgets the failures of `key` (after a successful login). */
  clear(key: string): void {
    this.failures.delete(key);
  }

  /** Forgets everything (mock reset). */
  clearAll(): void {
    this.failures.clear();
  }

  private sweep(nowMs: number): void {
    for (const key of [...this.failures.keys()]) this.recent(key, nowMs);
  }
}
