/**
 * The base fixture that every rule test changes in one place: a small, complete auth API.
 * With every house rule on (Spectral and Redocly), it lints clean, so each finding in a
 * rule's test comes from that test's one change.
 */
import { describe, expect, test } from 'vitest';
import { copyBaseFixture } from './support/fixture.js';
import {
  lintWithRedocly,
  lintWithSpectral,
  realRulesetWith,
  realSpectralRuleset,
  redoclyHouseRules,
  redoclyRules,
} from './support/house-rules.js';

describe('base fixture', () => {
  test('every Spectral house rule accepts it', async () => {
    const house = Object.keys((await realSpectralRuleset()).rules).filter((id) => id.startsWith('novavms-'));
    expect(house).toHaveLength(15);
    const copy = await copyBaseFixture();
    try {
      const onlyHouse = await realRulesetWith(Object.fromEntries(house.map((id) => [id, true])));
      expect(await lintWithSpectral(copy.spec, onlyHouse, copy.root)).toEqual([]);
    } finally {
      await copy.remove();
    }
  });

  test('every Redocly house rule accepts it', async () => {
    expect(Object.keys(await redoclyRules())).toHaveLength(4);
    const copy = await copyBaseFixture();
    try {
      expect(await lintWithRedocly(copy.spec, { extends: [redoclyHouseRules] }, copy.root)).toEqual([]);
    } finally {
      await copy.remove();
    }
  });
});
