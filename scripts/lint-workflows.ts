/**
 * `npm run lint:workflows`: Redocly CLI and the house rules on the Arazzo workflows of
 * openapi/workflows/; fails on any error or warning. `--dir DIR` lints another folder.
 */
import path from 'node:path';
import { commandLine } from '../tools/command-line.js';
import { lintWorkflows } from '../tools/workflows/lint.js';

const { values } = commandLine('lint:workflows', { options: { dir: { type: 'string' } } });
process.exitCode = await lintWorkflows(values.dir ? path.resolve(values.dir) : undefined);
