/**
 * `npm run test:workflows`: runs the Arazzo workflows of openapi/workflows/ with
 * `redocly respect` against the reference server it starts, or against a deployment.
 *
 *   --base-url URL     a running server (same as NOVAVMS_BASE_URL=URL)
 *   --workflow ID      only this workflow (repeatable)
 *   --verbose          every request and response (secrets masked)
 *   --json-output FILE respect's JSON report, secrets masked
 *
 * Credentials: NOVAVMS_EMAIL, NOVAVMS_PASSWORD (an owner or admin), NOVAVMS_VIEWER_EMAIL,
 * NOVAVMS_VIEWER_PASSWORD (a user without admin rights); the demo users by default.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runWorkflows } from '../tools/workflows/run.js';

try {
  const { values } = parseArgs({
    options: {
      'base-url': { type: 'string' },
      workflow: { type: 'string', multiple: true },
      verbose: { type: 'boolean' },
      'json-output': { type: 'string' },
    },
  });
  const env = values['base-url'] ? { ...process.env, NOVAVMS_BASE_URL: values['base-url'] } : process.env;
  const result = await runWorkflows({
    env,
    ...(values.workflow ? { workflows: values.workflow } : {}),
    verbose: values.verbose === true,
    ...(values['json-output'] ? { jsonOutput: path.resolve(values['json-output']) } : {}),
  });
  process.exitCode = result.exitCode;
} catch (error) {
  console.error(`test:workflows: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
