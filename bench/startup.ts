/**
 * Start-up time: from the moment a server process is spawned to its first 200 on
 * `GET /api/v1/cameras`, found by polling every few milliseconds with a plain `node:http`
 * request. The same poller times every server, so the figures can be compared.
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../tools/paths.js';
import { freePort } from '../tools/ports.js';
import { startPrism } from '../tools/prism.js';
import { median } from './stats.js';

const POLL_EVERY_MS = 5;
const GIVE_UP_MS = 60_000;

/** The status of one GET, or 0 when nothing answers yet. */
function probe(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { headers, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** Milliseconds from `startedAt` until `url` answers 200. */
async function firstOk(url: string, headers: Record<string, string>, startedAt: number): Promise<number> {
  while (performance.now() - startedAt < GIVE_UP_MS) {
    if ((await probe(url, headers)) === 200) return performance.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
  }
  throw new Error(`${url} did not answer 200 within ${GIVE_UP_MS} ms`);
}

/** The runs of one server and their median. */
export interface StartupResult {
  runsMs: number[];
  medianMs: number;
}

/**
 * Starts the built CLI (`node mock/bin/novavms-mock.js --db :memory:`, no background docs
 * build) `runs` times and times each to its first 200 with `apiKey`.
 */
export async function measureOurStartup(runs: number, apiKey: string): Promise<StartupResult> {
  const bin = path.join(repoRoot, 'mock', 'bin', 'novavms-mock.js');
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const port = await freePort();
    const startedAt = performance.now();
    const child = spawn(
      process.execPath,
      [bin, '--db', ':memory:', '--host', '127.0.0.1', '--port', String(port), '--no-docs-build'],
      {
        cwd: repoRoot,
        stdio: 'ignore',
      },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      runsMs.push(
        await firstOk(`http://127.0.0.1:${port}/api/v1/cameras`, { authorization: `Bearer ${apiKey}` }, startedAt),
      );
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }
  return { runsMs, medianMs: median(runsMs) };
}

/** Starts Prism (as `npm run mock` does, through startPrism) `runs` times and times each to its first 200. */
export async function measurePrismStartup(runs: number, apiKey: string): Promise<StartupResult> {
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const port = await freePort();
    const startedAt = performance.now();
    const prism = startPrism({ port });
    try {
      runsMs.push(
        await firstOk(`http://127.0.0.1:${port}/api/v1/cameras`, { authorization: `Bearer ${apiKey}` }, startedAt),
      );
    } finally {
      await (await prism).stop();
    }
  }
  return { runsMs, medianMs: median(runsMs) };
}
