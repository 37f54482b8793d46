/**
 * `npm run generate:check`: fails when generated/ is not exactly what `npm run generate`
 * makes from openapi/.
 */
import { parseArgs } from 'node:util';
import { checkGenerated } from '../tools/generate/check.js';

parseArgs({ options: {} });
const { files, problems } = await checkGenerated();
if (problems.length) {
  console.error(
    `generated/ does not match openapi/ (run \`npm run generate\` and commit):\n  ${problems.join('\n  ')}`,
  );
  process.exitCode = 1;
} else {
  console.log(`generated/ matches openapi/ (${files} files)`);
}
