/**
 * Our own contract lints clean: the real `npm run lint` (Redocly and Spectral, with the
 * exceptions of .redocly.lint-ignore.yaml, none of them stale) reports no error and no
 * warning.
 */
import { expect, test } from 'vitest';
import { npmRunLint } from './support/npm-lint.js';

test('npm run lint passes on openapi/ with no errors and no warnings', async () => {
  const run = await npmRunLint();
  expect(run.stdout).toContain('Linting openapi/openapi.yaml');
  expect(run.stdout).toMatch(/lint:spec {2}Redocly CLI \(redocly\.yaml\)\n {2}✔ 0 errors, 0 warnings/);
  expect(run.stdout).toMatch(/lint:style Spectral \(\.spectral\.yaml\)\n {2}✔ 0 errors, 0 warnings/);
  expect(run.stdout).toContain('✔ lint passed: no errors, no warnings');
  expect(run.code, run.stdout + run.stderr).toBe(0);
});
