/**
 * `npm run lint`: Redocly and Spectral on the contract, in parallel, with the shared
 * exceptions. `--root DIR` (or NOVAVMS_LINT_ROOT) lints another copy of the contract.
 */
import { runLint } from './lint-run.js';
import { lintTarget } from './lint-target.js';

process.exitCode = await runLint(['spec', 'style'], lintTarget(process.argv.slice(2)));
