/**
 * The server's injectable clock. It runs with real time, shifted by an offset that the mock
 * controls (and tests) set or advance, so a token can be watched expiring in seconds. It moves
 * in whole milliseconds only: every time the server stores is an INTEGER of milliseconds.
 */
export class Clock {
  private offsetMs = 0;

  /** Milliseconds since the epoch, as the server sees them. */
  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  /** The server's current instant. */
  now(): Date {
    return new Date(this.nowMs());
  }

  /** Makes `instant` the current time; time keeps running from there. */
  set(instant: Date): void {
    const ms = instant.getTime();
    if (!Number.isFinite(ms)) throw new RangeError('not a valid instant');
    // A Date holds whole milliseconds already; rounding keeps the offset an integer anyway.
    this.offsetMs = Math.round(ms) - Date.now();
  }

  /** Moves the clock by `seconds` (negative moves it back). */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds)) throw new RangeError('not a finite number of seconds');
    const ms = seconds * 1000;
    if (!isWholeMilliseconds(seconds)) throw new RangeError('the clock moves in whole milliseconds');
    this.offsetMs += Math.round(ms);
  }

  /** Back to real time. */
  reset(): void {
    this.offsetMs = 0;
  }
}

/**
 * Whether `seconds` is a whole number of milliseconds. Decimal fractions such as 1.001 are
 * not exact in binary, so the product is compared with its rounding within a tolerance far
 * below a millisecond.
 */
export function isWholeMilliseconds(seconds: number): boolean {
  const ms = seconds * 1000;
  return Number.isFinite(ms) && Math.abs(ms - Math.round(ms)) < 1e-6;
}
