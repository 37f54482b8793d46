/**
 * `npm run lint:spec`: Redocly CLI on the contract (recommended rules, example checks as
 * errors, NovaVMS configurable rules), with the shared exceptions. `--root DIR` or
 * NOVAVMS_LINT_ROOT lints another copy of the contract (repeat `--root` for several).
 */
import { lintCommand } from '../lint/run/run.js';

process.exitCode = await lintCommand(['spec'], process.argv.slice(2));
