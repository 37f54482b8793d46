/**
 * `npm run lint` (after Biome, `lint:code`): Redocly CLI and Spectral on the contract.
 * `--root DIR`, repeatable, lints another copy laid out like this repository instead.
 */
import { parseArgs } from 'node:util';
import { lint } from '../lint/run.js';

try {
  const { values } = parseArgs({ options: { root: { type: 'string', multiple: true } } });
  process.exitCode = await lint(values.root ?? []);
} catch (error) {
  console.error(`lint: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
