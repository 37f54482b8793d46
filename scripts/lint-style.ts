/**
 * `npm run lint:style`: Spectral on the contract (spectral:oas, the OWASP API Security
 * ruleset, NovaVMS house rules), with the shared exceptions that Spectral alone cannot read.
 * `--root DIR` or NOVAVMS_LINT_ROOT lints another copy of the contract (repeat `--root` for
 * several).
 */
import { lintCommand } from '../lint/run/run.js';

process.exitCode = await lintCommand(['style'], process.argv.slice(2));
