/**
 * Wall time of the contract toolchain as a contributor runs it: `npm run generate` and
 * `npm run lint`, each as its own process from the repository root.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../tools/paths.js';
import { median } from './stats.js';

/** The runs of one npm script and their median, in milliseconds. */
export interface ToolchainResult {
  command: string;
  runsMs: number[];
  medianMs: number;
}

function npmRun(script: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const startedAt = performance.now();
    const child = spawn(npm, ['run', '-s', script], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const elapsed = performance.now() - startedAt;
      if (code === 0) resolve(elapsed);
      else reject(new Error(`npm run ${script} exited with ${code}:\n${stderr}`));
    });
  });
}

/** Times `npm run <script>` `runs` times. */
export async function measureNpmScript(script: string, runs: number): Promise<ToolchainResult> {
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) runsMs.push(await npmRun(script));
  return { command: `npm run ${script}`, runsMs, medianMs: median(runsMs) };
}
