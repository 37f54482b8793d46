import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './paths.js';

const run = promisify(execFile);

/** Environment for every Redocly CLI run: no telemetry, no update check. */
export const redoclyEnv = {
  ...process.env,
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
};

/** Path of the project's own Redocly CLI, never a global one. */
export const redoclyBin = path.join(repoRoot, 'node_modules', '.bin', 'redocly');

/** Runs the project's Redocly CLI with telemetry off and returns its output. */
export async function redocly(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(redoclyBin, args, { cwd: repoRoot, env: redoclyEnv, maxBuffer: 64 * 1024 * 1024 });
}
