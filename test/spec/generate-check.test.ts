import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../tools/paths.js';

const run = promisify(execFile);

describe('npm run generate:check', () => {
  it('passes: generated/ is exactly what npm run generate makes from openapi/', async () => {
    const { stdout } = await run('npm', ['run', '-s', 'generate:check'], { cwd: repoRoot });
    expect(stdout).toMatch(/generated\/ matches openapi\//);
  }, 60_000);
});
