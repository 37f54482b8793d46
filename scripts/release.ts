/**
 * `npm run release -- <version>`: freezes the working contract as release <version> in
 * releases/ and writes its section of CHANGELOG.md from the diff against the previous release.
 */

import { commandLine } from '../tools/command-line.js';
import { runRelease } from '../tools/diff/command.js';

const { positionals } = commandLine('release', { allowPositionals: true, options: {} });
process.exitCode = await runRelease(positionals);
