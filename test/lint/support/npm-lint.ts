/**
 * Runs the real `npm run lint` as a user would, optionally on another lint root
 * (NOVAVMS_LINT_ROOT), and returns its exit code and output.
 */
import { execFile } from 'node:child_process';
import { repoRoot } from './fixture.js';

export interface LintRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run -s lint` in this repository, on `root` when given. */
export function npmRunLint(root?: string): Promise<LintRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  if (root) env.NOVAVMS_LINT_ROOT = root;
  else delete env.NOVAVMS_LINT_ROOT;
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '-s', 'lint'],
      { cwd: repoRoot, env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Escapes text for use inside a RegExp. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
