/**
 * Our own contract lints clean: the real `npm run lint` (Biome, then Redocly and Spectral with
 * the configuration of this repository) reports no error and no warning, and so do
 * `lint:spec` and `lint:style`, the two linters run on their own with their own output.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { repoRoot } from './support/fixture.js';
import { npmRunLint } from './support/npm-lint.js';

const run = promisify(execFile);

test('npm run lint passes on openapi/ with no errors and no warnings', async () => {
  const lint = await npmRunLint();
  expect(lint.stdout).toContain(
    'Linting openapi/openapi.yaml (Redocly CLI and Spectral)\n✔ lint passed: 0 errors, 0 warnings',
  );
  expect(lint.code, lint.stdout + lint.stderr).toBe(0);
});

test.each(['lint:spec', 'lint:style'])('npm run %s passes on openapi/', async (script) => {
  await expect(run('npm', ['run', '-s', script], { cwd: repoRoot })).resolves.toBeDefined();
});
