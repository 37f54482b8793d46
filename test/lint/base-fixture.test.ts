/**
 * The base fixture that every rule test changes in one place: a small, complete auth API.
 * With every house rule on (Spectral and Redocly), it lints clean, so each finding in a
 * rule's test comes from that test's one change.
 */

import spectralCore from '@stoplight/spectral-core';
import { describe, expect, test } from 'vitest';
import { lintWithRedocly } from '../../lint/run/redocly.js';
import { lintWithSpectral } from '../../lint/run/spectral.js';
import { copyBaseFixture } from './support/fixture.js';
import { realSpectralRuleset, redoclyHouseRules, redoclyRules } from './support/house-rules.js';

describe('base fixture', () => {
  test('every Spectral house rule accepts it', async () => {
    const real = await realSpectralRuleset();
    const house = Object.keys(real.rules).filter((id) => id.startsWith('novavms-'));
    expect(house).toHaveLength(12);
    const onlyHouse = new spectralCore.Ruleset({
      extends: [[real.definition, 'off']],
      rules: Object.fromEntries(house.map((id) => [id, true])),
    } as never);
    const copy = await copyBaseFixture();
    try {
      expect(await lintWithSpectral(copy.spec, onlyHouse)).toEqual([]);
    } finally {
      await copy.remove();
    }
  });

  test('every Redocly house rule accepts it', async () => {
    expect(Object.keys(await redoclyRules())).toHaveLength(4);
    const copy = await copyBaseFixture();
    try {
      const { findings, stderr } = await lintWithRedocly([copy.spec], redoclyHouseRules);
      expect(stderr).toBe('');
      expect(findings).toEqual([]);
    } finally {
      await copy.remove();
    }
  });
});
