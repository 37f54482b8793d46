/**
 * The server's injectable clock. It runs with real time, shifted by an offset that the mock
 * controls (and tests) set or advance, so a token can be watched expiring in seconds.
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
    this.offsetMs = ms - Date.now();
  }

  /** Moves the clock by `seconds` (negative moves it back). */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds)) throw new RangeError('not a finite number of seconds');
    this.offsetMs += seconds * 1000;
  }

  /** Back to real time. */
  reset(): void {
    this.offsetMs = 0;
  }
}
