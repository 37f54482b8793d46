/**
 * Measuring while nothing else runs. On a shared machine another program can take a core in
 * the middle of a measurement; each measurement therefore records the share of the machine
 * that other programs used meanwhile, and is repeated (up to a limit) while that share is
 * above a threshold, keeping the attempt with the least interference. Which attempt is kept
 * depends only on the interference, never on the figure measured.
 */
import { openForeignLoadWindow } from './machine.js';

/** Interference above this share of all cores makes a measurement worth repeating. */
export const QUIET_SHARE = 0.05;

/** A measurement and the interference around each of its attempts. */
export interface QuietResult<T> {
  result: T;
  /** Share of all cores other programs used during the kept attempt. */
  foreignShare: number;
  /** The same share for every attempt, in order. */
  attemptShares: number[];
}

/** The attempt to keep: the first quiet one, else the least disturbed (earliest on a tie). */
export function quietestAttempt(shares: readonly number[], threshold = QUIET_SHARE): number {
  if (shares.length === 0) throw new RangeError('no attempts');
  const quiet = shares.findIndex((share) => share <= threshold);
  if (quiet >= 0) return quiet;
  return shares.reduce((best, share, i) => (share < shares[best]! ? i : best), 0);
}

/** Runs `measure` up to `maxAttempts` times, until one attempt is quiet. */
export async function measureQuietly<T>(maxAttempts: number, measure: () => Promise<T>): Promise<QuietResult<T>> {
  const results: T[] = [];
  const attemptShares: number[] = [];
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const window = openForeignLoadWindow();
    results.push(await measure());
    attemptShares.push(window.close());
    if (attemptShares[attempt]! <= QUIET_SHARE) break;
  }
  const kept = quietestAttempt(attemptShares);
  return { result: results[kept]!, foreignShare: attemptShares[kept]!, attemptShares };
}
