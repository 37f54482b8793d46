const UNITS = [
  { seconds: 86_400, singular: 'day', plural: 'days' },
  { seconds: 3_600, singular: 'hour', plural: 'hours' },
  { seconds: 60, singular: 'minute', plural: 'minutes' },
  { seconds: 1, singular: 'second', plural: 'seconds' },
] as const;

/**
 * A duration in seconds as readers say it ("1 hour", "7 days", "15 minutes"), and `null`
 * as "no expiry". The contract stores lifetimes in seconds; the docs must show them in
 * words without anyone typing them, so the tables and the prose call this.
 */
export function humanDuration(seconds: number | null): string {
  if (seconds === null) return 'no expiry';
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new Error(`a duration must be a whole, non-negative number of seconds: ${seconds}`);
  }
  if (seconds === 0) return '0 seconds';
  const unit = UNITS.find((candidate) => seconds % candidate.seconds === 0) ?? UNITS[UNITS.length - 1]!;
  const count = seconds / unit.seconds;
  return `${count} ${count === 1 ? unit.singular : unit.plural}`;
}
