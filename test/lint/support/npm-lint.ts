/**
 * Runs the real `npm run lint` as a user would, on this repository or on other lint roots
 * (`--root DIR`, once per root), and returns its exit code and output.
 */
import { execFile } from 'node:child_process';
import { repoRoot } from './fixture.js';

export interface LintRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run -s lint` in this repository, with `--root` for each of `roots`. */
export function npmRunLint(roots: readonly string[] = []): Promise<LintRun> {
  const args = ['run', '-s', 'lint', ...(roots.length > 0 ? ['--', ...roots.flatMap((root) => ['--root', root])] : [])];
  return new Promise((resolve) => {
    execFile(
      'npm',
      args,
      { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

/** Escapes text for use inside a RegExp. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
