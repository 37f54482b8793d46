/**
 * `npm run lint`: Redocly and Spectral on the contract, in parallel, with the shared
 * exceptions. `--root DIR` (or NOVAVMS_LINT_ROOT) lints another copy of the contract; repeat it
 * to lint several.
 */
import { lintCommand } from '../lint/run/run.js';

process.exitCode = await lintCommand(['spec', 'style'], process.argv.slice(2));
