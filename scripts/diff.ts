/**
 * `npm run diff [-- BASE [REVISION]] [--format text|markdown|json] [--check]`: the changes
 * between two contracts with their semver rating. BASE defaults to the latest release,
 * REVISION to the working contract (generated/openapi.json); either may be a released
 * version, `working` or the path of a bundled contract. `--check` is the semver gate: it
 * fails when the revision's info.version does not fit the changes, when a change is refused
 * whatever the version, or when a frozen release was edited.
 */

import { commandLine } from '../tools/command-line.js';
import { runDiff } from '../tools/diff/command.js';

const { values, positionals } = commandLine('diff', {
  allowPositionals: true,
  options: { format: { type: 'string', default: 'text' }, check: { type: 'boolean', default: false } },
});
process.exitCode = await runDiff({ positionals, format: values.format, check: values.check });
