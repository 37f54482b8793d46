/** The bench's turns: every variant measured in every round, the order rotating, the median turn (or, for a pair, the median round) kept. */
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

  it('keeps both variants of a pair from the round of their median ratio, not each one’s median turn', async () => {
    // Rounds 1–3: a/b = 0.5, 2, 0.75. Apart, the medians would be a 20 and b 20: 1×, a ratio
    // that no round measured. c, in no pair, keeps its median turn.
    const rates: Record<string, number[]> = { a: [10, 20, 30], b: [20, 10, 40], c: [3, 1, 2] };
    const seen: Record<string, number> = { a: 0, b: 0, c: 0 };
    const variant = (name: string) => async () => ({ name, rate: rates[name]![seen[name]!++]! });
    const picked = await inTurns({ a: variant('a'), b: variant('b'), c: variant('c') }, 3, 1, (x) => x.rate, [
      ['a', 'b'],
    ]);
    expect(picked).toEqual({ a: { name: 'a', rate: 30 }, b: { name: 'b', rate: 40 }, c: { name: 'c', rate: 2 } });
  });

  it('refuses a pair with a variant it does not measure, or a variant in two pairs', async () => {
    const variant = async () => 1;
    await expect(inTurns({ a: variant, b: variant }, 1, 1, (x) => x, [['a', 'z' as 'b']])).rejects.toThrow(
      'no variant "z" to pair',
    );
    await expect(
      inTurns({ a: variant, b: variant, c: variant }, 1, 1, (x) => x, [
        ['a', 'b'],
        ['b', 'c'],
      ]),
    ).rejects.toThrow('"b" is in more than one pair');
  });
});
