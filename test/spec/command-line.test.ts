/**
 * Every entry point of an npm script refuses a command line it cannot use with one line naming
 * the script and the reason, and exit code 2: never a stack trace. test-contract passes what it
 * does not know to vitest, whose own message that is.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../tools/paths.js';

const run = promisify(execFile);
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
const forwarding = new Set(['test-contract.ts']);
const entryPoints = readdirSync(path.join(repoRoot, 'scripts')).filter((f) => f.endsWith('.ts') && !forwarding.has(f));

describe('npm scripts given an unknown flag', () => {
  it.each(entryPoints)('scripts/%s says which flag and exits 2, without a stack trace', async (file) => {
    const result = await run(tsx, [path.join('scripts', file), '--no-such-flag'], {
      cwd: repoRoot,
      timeout: 60_000,
      env: { ...process.env, MOCK_PORT: '1' },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? '' }),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^[a-z:-]+: Unknown option '--no-such-flag'/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
