/**
 * Sliding-window counters of failed logins (`contract.loginRateLimit`). A key is limited while
 * it has as many failures as allowed inside the window; `Retry-After` is the time until the
 * oldest of them leaves the window. Counters live in memory and are pruned as they age.
 *
 * Only failures count. Attempts whose password is still being checked are held apart: no
 * more of them run at once than the failures a key has left, so that a burst of guesses
 * cannot slip past the limit, while a burst of right passwords is only queued, never refused.
 */

/** The answer of a limit check. */
export type LimitState = { limited: false } | { limited: true; retryAfterSeconds: number };

const NOT_LIMITED: LimitState = { limited: false };
const SWEEP_EVERY = 1024;

/** One limit: `failures` per `windowSeconds`, per key. */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();
  /** Attempts of a key whose outcome is not known yet. */
  private readonly pending = new Map<string, number>();
  /** Attempts waiting for a pending one of their key to finish. */
  private readonly waiters = new Map<string, Array<() => void>>();
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

  /** Whether one more attempt of `key` may run now: failures and pending attempts leave room. */
  hasRoom(key: string, nowMs: number): boolean {
    return this.recent(key, nowMs).length + (this.pending.get(key) ?? 0) < this.maxFailures;
  }

  /** Resolves when a pending attempt of `key` finishes (at once when none is pending). */
  settled(key: string): Promise<void> {
    if (!this.pending.get(key)) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.waiters.get(key);
      if (list) list.push(resolve);
      else this.waiters.set(key, [resolve]);
    });
  }

  /** Marks an attempt of `key` as running; `end` must follow, whatever its outcome. */
  begin(key: string): void {
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
  }

  /** Ends an attempt begun with `begin` and wakes the attempts waiting for room. */
  end(key: string): void {
    const left = (this.pending.get(key) ?? 1) - 1;
    if (left > 0) this.pending.set(key, left);
    else this.pending.delete(key);
    const waiting = this.waiters.get(key);
    if (waiting) {
      this.waiters.delete(key);
      for (const wake of waiting) wake();
    }
  }

  /** Counts one failure of `key`. */
  record(key: string, nowMs: number): void {
    const list = this.recent(key, nowMs);
    list.push(nowMs);
    this.failures.set(key, list);
    if (++this.writes % SWEEP_EVERY === 0) this.sweep(nowMs);
  }

  /** Forgets the failures of `key` (after a successful login). */
  clear(key: string): void {
    this.failures.delete(key);
  }

  /** Forgets every failure (mock reset); attempts still running end as usual. */
  clearAll(): void {
    this.failures.clear();
  }

  private sweep(nowMs: number): void {
    for (const key of [...this.failures.keys()]) this.recent(key, nowMs);
  }
}
