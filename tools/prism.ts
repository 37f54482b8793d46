import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { generatedDir, repoRoot } from './paths.js';

export interface RunningPrism {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts Prism on generated/openapi.yaml (static examples, request validation and
 * security checks) and resolves once it answers HTTP. Used by `npm run mock`, the Prism
 * smoke test and the benchmarks.
 */
export async function startPrism(options: {
  port: number;
  host?: string;
  stdio?: 'inherit' | 'pipe';
}): Promise<RunningPrism> {
  const host = options.host ?? '127.0.0.1';
  const bin = path.join(repoRoot, 'node_modules', '.bin', 'prism');
  const child = spawn(
    bin,
    ['mock', '--host', host, '--port', String(options.port), path.join(generatedDir, 'openapi.yaml')],
    {
      cwd: repoRoot,
      stdio: options.stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://${host}:${options.port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prism exited with code ${child.exitCode}:\n${output}`);
    try {
      await fetch(`${url}/.well-known/jwks.json`);
      return { url, process: child, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await stop();
  throw new Error(`Prism did not answer on ${url} within 30 s:\n${output}`);
}
