/**
 * `npm run lint:workflows`: Redocly CLI and the house rules on the Arazzo workflows of
 * openapi/workflows/; fails on any error or warning. `--dir DIR` lints another folder.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { lintWorkflows } from '../tools/workflows/lint.js';

const { values } = parseArgs({ options: { dir: { type: 'string' } } });
process.exitCode = await lintWorkflows(values.dir ? path.resolve(values.dir) : undefined);
