/**
 * The plain inputs of the workflows are the contract's lifetimes, and the command the README
 * gives partners passes exactly those values, so neither drifts from `x-novavms-lifetime`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { lifetimes } from '../../generated/contract.js';
import { repoRoot } from '../../tools/paths.js';
import { contractInputArgument, contractInputs } from '../../tools/workflows/inputs.js';

const expected = {
  access_token_lifetime_seconds: lifetimes.UserAccessToken.defaultSeconds,
  remember_me_access_token_lifetime_seconds: lifetimes.UserAccessToken.rememberMeSeconds,
  refresh_token_lifetime_seconds: lifetimes.RefreshToken.defaultSeconds,
  remember_me_refresh_token_lifetime_seconds: lifetimes.RefreshToken.rememberMeSeconds,
};

test('the inputs the runner passes are the lifetimes of generated/contract.ts', () => {
  expect(Object.fromEntries(Object.entries(contractInputs).map(([name, input]) => [name, input.value]))).toEqual(
    expected,
  );
  expect(JSON.parse(contractInputArgument())).toEqual(expected);
});

test("the README's partner command passes the same values", () => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const given = Object.fromEntries(
    [...readme.matchAll(/--input ([a-z_]+)=(\d+)/g)].map((m) => [m[1], Number(m[2])] as const),
  );
  expect(given).toEqual(expected);
});
