/**
 * The statistics of the benchmarks: percentiles by the nearest-rank method, the median and
 * rates. Pure functions, so that the figures in docs/benchmarks.md can be checked by hand.
 */

/**
 * The p-th percentile (0 < p ≤ 100) of `values` by the nearest-rank method: the smallest value
 * such that at least p % of the values are at or below it. Why nearest-rank: the answer is
 * always a value that was measured, never an interpolation between two.
 */
export function percentile(values: readonly number[] | Float64Array, p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`a percentile must be in (0, 100], got ${p}`);
  if (values.length === 0) throw new RangeError('the percentile of no values is undefined');
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)]!;
}

/** The median, as the 50th percentile: start-up times are reported as the median of several runs. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The latency figures every latency measurement reports, in milliseconds. */
export interface LatencySummary {
  samples: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Summarises latency samples (milliseconds), so that every measurement reports the same percentiles. */
export function summarizeLatencies(samples: readonly number[] | Float64Array): LatencySummary {
  return {
    samples: samples.length,
    p50: percentile(samples, 50),
    p90: percentile(samples, 90),
    p99: percentile(samples, 99),
    max: percentile(samples, 100),
  };
}

/** Events per second over a wall-clock span, the unit of every throughput figure. */
export function perSecond(count: number, elapsedMs: number): number {
  if (!(elapsedMs > 0)) throw new RangeError(`elapsed time must be positive, got ${elapsedMs}`);
  return (count * 1000) / elapsedMs;
}

/** Relative growth from `before` to `after` (0.05 = 5 %), the unit of the heap target. */
export function growth(before: number, after: number): number {
  if (!(before > 0)) throw new RangeError(`growth needs a positive starting value, got ${before}`);
  return (after - before) / before;
}
