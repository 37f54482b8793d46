/**
 * `npm run lint:style`: Spectral on the contract (spectral:oas, the OWASP API Security
 * ruleset, NovaVMS house rules), with the shared exceptions that Spectral alone cannot read.
 * `--root DIR` or NOVAVMS_LINT_ROOT lints another copy of the contract.
 */
import { runLint } from './lint-run.js';
import { lintTarget } from './lint-target.js';

process.exitCode = await runLint(['style'], lintTarget(process.argv.slice(2)));
