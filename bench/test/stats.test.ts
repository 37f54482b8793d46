import { describe, expect, it } from 'vitest';
import { growth, median, percentile, perSecond, summarizeLatencies } from '../stats.js';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose

  it('is the smallest measured value with at least p % of the values at or below it', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 1)).toBe(1);
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 51)).toBe(30);
  });

  it('never interpolates and does not reorder its input', () => {
    const values = [5, 1, 4];
    expect(percentile(values, 40)).toBe(4);
    expect(values).toEqual([5, 1, 4]);
    expect(percentile(Float64Array.from([0.25, 0.125]), 99)).toBe(0.25);
  });

  it('refuses an empty list and a p outside (0, 100]', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('summaries', () => {
  it('median of an odd and an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2);
  });

  it('summarizeLatencies reports the count, p50, p90, p99 and max', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(summarizeLatencies(values)).toEqual({ samples: 1000, p50: 500, p90: 900, p99: 990, max: 1000 });
  });

  it('perSecond and growth', () => {
    expect(perSecond(500, 250)).toBe(2000);
    expect(() => perSecond(1, 0)).toThrow(RangeError);
    expect(growth(100, 105)).toBeCloseTo(0.05);
    expect(growth(100, 90)).toBeCloseTo(-0.1);
    expect(() => growth(0, 1)).toThrow(RangeError);
  });
});

describe('several load runs as one', () => {
  it('adds counts and statuses up, takes the rate over the summed time and summarises all latencies', async () => {
    const { mergeLoadResults } = await import('../load.js');
    const { load } = await import('./sample-run.js');
    const merged = mergeLoadResults(
      [load(10, [1], { 401: 1 }), { ...load(30, [2], { 401: 2, 503: 1 }), elapsedSeconds: 30 }],
      [1, 2, 3, 4],
    );
    expect(merged.ok).toBe(100 + 300);
    expect(merged.elapsedSeconds).toBe(40);
    expect(merged.okPerSecond).toBe(10);
    expect(merged.otherStatuses).toEqual({ 401: 3, 503: 1 });
    expect(merged.latencyMs).toMatchObject({ samples: 4, p50: 2, max: 4 });
    expect(() => mergeLoadResults([], [])).toThrow(RangeError);
  });
});
