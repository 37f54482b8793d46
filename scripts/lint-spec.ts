/**
 * `npm run lint:spec`: Redocly CLI on the contract (recommended rules, example checks as
 * errors, NovaVMS configurable rules), with the shared exceptions. `--root DIR` or
 * NOVAVMS_LINT_ROOT lints another copy of the contract.
 */
import { runLint } from './lint-run.js';
import { lintTarget } from './lint-target.js';

process.exitCode = await runLint(['spec'], lintTarget(process.argv.slice(2)));
