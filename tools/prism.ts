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
 * smoke test and the benchmarks. On port 0 it listens on a port the system picks, read from
 * its banner (its output must then be piped), so that no other program can take the port
 * between its choice and Prism's start.
 */
export async function startPrism(options: {
  port: number;
  host?: string;
  stdio?: 'inherit' | 'pipe';
}): Promise<RunningPrism> {
  const host = options.host ?? '127.0.0.1';
  if (options.port === 0 && options.stdio === 'inherit')
    throw new Error("startPrism: port 0 is read from Prism's output, which stdio 'inherit' does not pipe");
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
  /** Where Prism listens: the port asked for, or on port 0 the one its banner names once the line is whole. */
  const listening = () =>
    options.port === 0
      ? /Prism is listening on (http:\/\/\S+:\d+)\s/.exec(output)?.[1]
      : `http://${host}:${options.port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prism exited with code ${child.exitCode}:\n${output}`);
    const url = listening();
    try {
      if (url !== undefined) {
        await fetch(`${url}/.well-known/jwks.json`);
        return { url, process: child, stop };
      }
    } catch {
      // not answering yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`Prism did not answer on ${listening() ?? 'the port it chose'} within 30 s:\n${output}`);
}
