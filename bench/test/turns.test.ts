/** The bench's turns: every variant measured in every round, the order rotating, the median turn kept. */
import { describe, expect, it } from 'vitest';
import { inTurns } from '../load.js';

describe('inTurns', () => {
  it('measures each variant once a round, rotating who goes first, and keeps each one’s median turn', async () => {
    const order: string[] = [];
    const rates: Record<string, number[]> = { a: [5, 1, 3], b: [10, 30, 20], c: [7, 7, 9] };
    const variant = (name: string) => async (seconds: number) => {
      order.push(name);
      expect(seconds).toBe(0.5);
      return { name, rate: rates[name]![order.filter((n) => n === name).length - 1]! };
    };
    const picked = await inTurns({ a: variant('a'), b: variant('b'), c: variant('c') }, 3, 0.5, (x) => x.rate);
    expect(order).toEqual(['a', 'b', 'c', 'b', 'c', 'a', 'c', 'a', 'b']);
    expect(picked).toEqual({ a: { name: 'a', rate: 3 }, b: { name: 'b', rate: 20 }, c: { name: 'c', rate: 7 } });
  });
});
