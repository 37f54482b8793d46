import { describe, expect, it } from 'vitest';
import { humanDuration } from '../../docs/build/duration.js';

describe('humanDuration: lifetimes in the words of the source page', () => {
  it.each([
    [3600, '1 hour'],
    [604_800, '7 days'],
    [2_592_000, '30 days'],
    [86_400, '1 day'],
    [900, '15 minutes'],
    [5400, '90 minutes'],
    [7200, '2 hours'],
    [61, '61 seconds'],
    [1, '1 second'],
    [0, '0 seconds'],
  ])('%i seconds is "%s"', (seconds, words) => {
    expect(humanDuration(seconds)).toBe(words);
  });

  it('says "no expiry" for a credential without a lifetime (null)', () => {
    expect(humanDuration(null)).toBe('no expiry');
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s', (seconds) => {
    expect(() => humanDuration(seconds)).toThrow(/whole, non-negative/);
  });
});
