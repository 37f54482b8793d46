/**
 * `npm run generate:check`: fails when generated/ or the Python client's generated modules are
 * not exactly what `npm run generate` makes from openapi/.
 */

import { commandLine } from '../tools/command-line.js';
import { checkGenerated } from '../tools/generate/check.js';

commandLine('generate:check', { options: {} });
const { files, problems } = await checkGenerated();
if (problems.length) {
  console.error(
    `generated files do not match openapi/ (run \`npm run generate\` and commit):\n  ${problems.join('\n  ')}`,
  );
  process.exitCode = 1;
} else {
  console.log(
    `generated/ matches openapi/, and so do the Python client's generated modules in python/src/novavms/ (${files} files)`,
  );
}
