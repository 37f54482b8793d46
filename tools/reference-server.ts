/**
 * Builds and starts the reference server as a child process, the way `npm start` does
 * (`npm run build:mock`, then mock/bin/novavms-mock.js; here with `--port P --db :memory:`
 * and the caller's flags): the suite never imports the server's code, so it treats the reference
 * server exactly like any other deployment, and what it checks is what `npm start` runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { repoRoot } from './paths.js';
import { redact } from './redact.js';

const cli = path.join(repoRoot, 'mock', 'bin', 'novavms-mock.js');

/**
 * Runs the server as the child of a small watchdog that stops it when this process goes
 * away without stopping it (a crashed run, Ctrl-C, a test worker torn down early), so that
 * no server outlives the suite. `node -e` code: argv is [parent pid, command…].
 */
const WATCHDOG = `
const { spawn } = require('node:child_process');
const [parent, ...command] = process.argv.slice(1);
const child = spawn(process.execPath, command, { stdio: 'inherit' });
const stop = (signal) => { if (child.exitCode === null && child.signalCode === null) child.kill(signal); };
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => stop('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
setInterval(() => {
  try { process.kill(Number(parent), 0); } catch { stop('SIGTERM'); setTimeout(() => stop('SIGKILL'), 3000).unref(); }
}, 500);
`;

/** A running reference server. */
export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * The status of a GET of `url`, over node:http as the contract suite sends everything (no
 * fetch), on a connection of its own; rejects when nothing answers within 2 s.
 */
function statusOf(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, timeout: 2_000 }, (response) => {
      // The status is all it needs: the rest is read and dropped, and a cut-off body is no error.
      response.on('error', () => {});
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within 2 s`)));
    request.on('error', reject);
  });
}

/** Runs `npm run build:mock`, so that the CLI runs the current sources. */
export function buildReferenceServer(): void {
  const scripts = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).scripts ?? {};
  if (scripts.start !== undefined && !/build:mock\b.*&&\s*node mock\/bin\/novavms-mock\.js\b/.test(scripts.start))
    throw new Error(
      `npm start no longer runs build:mock and then mock/bin/novavms-mock.js (${JSON.stringify(scripts.start)}): start the reference server here the way it does`,
    );
  if (!scripts['build:mock']) {
    if (existsSync(cli)) return;
    throw new Error(
      'package.json has no build:mock script and mock/bin/novavms-mock.js does not exist: the reference server cannot be started',
    );
  }
  const result = spawnSync('npm', ['run', '-s', 'build:mock'], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`npm run build:mock failed (${result.status}):\n${redact(`${result.stdout}${result.stderr}`)}`);
}

/**
 * Where the server of this output listens, once its banner says so (`listening on
 * http://localhost:PORT`): the URL of the banner, `localhost` as 127.0.0.1 (it listens on both),
 * read up to the line's end, so that a line still arriving in pieces gives no port yet.
 */
export function listeningUrl(output: string): string | undefined {
  const found = /listening on http:\/\/(\S+):(\d+)\s/.exec(output);
  if (found === null) return undefined;
  const [, host, port] = found;
  return `http://${host === 'localhost' ? '127.0.0.1' : host}:${port}`;
}

/**
 * Starts the CLI on `port` with fresh demo data in memory; resolves once it answers HTTP.
 * With port 0 (the default) it listens on a port the system picks, read from its banner, so that
 * no other program can take the port between its choice and the server's start. `flags` go to
 * the CLI as well (`--no-quotas`, `--docs FILE`, …).
 */
export async function startReferenceServer(port = 0, flags: readonly string[] = []): Promise<RunningServer> {
  if (!existsSync(cli))
    throw new Error(`${path.relative(repoRoot, cli)} does not exist (npm run build:mock did not produce it)`);
  const child = spawn(
    process.execPath,
    ['-e', WATCHDOG, String(process.pid), cli, '--port', String(port), '--db', ':memory:', ...flags],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'test' },
    },
  );
  // The banner lists demo keys: kept in memory for a start-up failure message, redacted.
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const listening = () => listeningUrl(output);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the reference server exited with code ${child.exitCode}:\n${redact(output)}`);
    const url = listening();
    try {
      if (url !== undefined && (await statusOf(`${url}/.well-known/jwks.json`)) === 200) return { url, stop };
    } catch {
      // not answering yet
    }
    await new Promise((r) => setTimeout(r, url === undefined ? 25 : 100));
  }
  await stop();
  throw new Error(
    `the reference server did not answer on ${listening() ?? `port ${port}`} within 30 s:\n${redact(output)}`,
  );
}
