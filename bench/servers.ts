/**
 * The targets of the bench, each started in a process of its own so that the load generator
 * never shares an event loop with what it measures, and the sessions and hashes some
 * measurements need. Every server is polled until its first 200 on `GET /api/v1/cameras`: that
 * is its start-up time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { ARGON2_OPTIONS } from '../mock/src/auth/passwords.js';
import { DEMO } from '../mock/src/demo.js';
import { repoRoot } from '../tools/paths.js';
import { freePort } from '../tools/ports.js';
import { startPrism } from '../tools/prism.js';
import type { LoadRequest } from './load.js';

export const CAMERAS = '/api/v1/cameras';
export const KEY = { authorization: `Bearer ${DEMO.liveKey}` };
/** The User-Agent of every bench session: the server binds sessions to it. */
export const USER_AGENT = 'novavms-bench/2 (autocannon)';
export const RESULTS = path.join(repoRoot, 'bench', 'results');
const CHILD = path.join(repoRoot, 'bench', 'child.ts');

/** The reference server's flags for a load test: its per-operation request quotas would answer the load with 429s. */
const LOAD_TEST_FLAGS: readonly string[] = ['--no-quotas'];

interface Running {
  url: string;
  /** From spawning the process to its first 200. */
  startupMs: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The status of one GET on a connection of its own, or 0 while nothing answers. */
function status(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { headers, agent: false }, (res) =>
      res.resume().on('end', () => resolve(res.statusCode ?? 0)),
    );
    req.on('error', () => resolve(0)).end();
  });
}

/** Polls `GET url` every 5 ms (for a minute at most) until it answers 200; resolves to the ms since `started`. */
async function firstOk(url: string, started: number, child?: ChildProcess): Promise<number> {
  while (performance.now() - started < 60_000) {
    if (child?.exitCode != null) throw new Error(`${child.spawnargs.join(' ')} exited with ${child.exitCode}`);
    if ((await status(url, KEY)) === 200) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${url} did not answer 200 within a minute`);
}

/** Every server still running, killed should the bench end before it stops them. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Spawns `command args…`, which listens on `port`, and resolves once it answers. */
async function serve(command: string, args: string[], port: number, env: NodeJS.ProcessEnv = {}): Promise<Running> {
  const started = performance.now();
  const stdio = ['ignore', 'ignore', 'inherit', 'ipc'] as const;
  const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: [...stdio] });
  running.add(child);
  const exited = new Promise((resolve) => child.once('exit', resolve)).then(() => running.delete(child));
  const stop = async () => {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    return { url, startupMs: await firstOk(`${url}${CAMERAS}`, started, child), process: child, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The reference server as `npm start` runs it (the built CLI, `mock/dist`), with an in-memory
 * database and the demo data. With `heap`, it runs with `--expose-gc` and bench/child.ts
 * preloaded, and `heap()` reads its heapUsed over IPC.
 */
export async function startReference(heap = false) {
  const port = await freePort();
  const probe = heap ? ['--expose-gc', '--import', 'tsx', '--import', pathToFileURL(CHILD).href] : [];
  const flags = `--host 127.0.0.1 --port ${port} --db :memory:`.split(' ');
  const args = [...probe, 'mock/bin/novavms-mock.js', ...flags, ...LOAD_TEST_FLAGS];
  const server = await serve(process.execPath, args, port);
  const readHeap = () =>
    new Promise<number>((resolve) => {
      server.process.once('message', (used) => resolve(used as number));
      server.process.send('heap');
    });
  return { ...server, heap: readHeap };
}

/** The baseline: a bare node:http server in its own process, answering `body` with `contentType` to everything. */
export async function startBare(body: string, contentType: string): Promise<Running> {
  const port = await freePort();
  const env = { BENCH_BODY: body, BENCH_CONTENT_TYPE: contentType };
  return serve(process.execPath, ['--import', 'tsx', CHILD, String(port)], port, env);
}

/** Prism as `npm run mock` runs it (the examples, request validation and the bearer check). */
export async function startPrismTimed(): Promise<Running> {
  const started = performance.now();
  const prism = await startPrism({ port: 0 });
  running.add(prism.process);
  const startupMs = await firstOk(`${prism.url}${CAMERAS}`, started);
  return { url: prism.url, startupMs, process: prism.process, stop: prism.stop };
}

/** The Mockoon version the bench was tried with; it is no dependency of the repository. */
export const MOCKOON = '@mockoon/cli@9.9.0';

/**
 * Mockoon's CLI, when installed (`npm i --no-save -E @mockoon/cli@9.9.0`), serving `GET
 * /api/v1/cameras` with `body` to a request whose Authorization is a bearer API key and a 401 to
 * any other (its `--repair` fills in the rest of the environment); undefined when not installed.
 */
export async function startMockoon(body: string, contentType: string): Promise<Running | undefined> {
  const bin = path.join(repoRoot, 'node_modules', '.bin', 'mockoon-cli');
  if (!existsSync(bin)) return undefined;
  const port = await freePort();
  const value = '^Bearer sk_(live|test)_\\w+$';
  const bearer = { target: 'header', modifier: 'Authorization', value, operator: 'regex' };
  const ok = { statusCode: 200, body, headers: [{ key: 'Content-Type', value: contentType }], rules: [bearer] };
  const refused = { statusCode: 401, body: '{"status":401}', default: true };
  const responses = [ok, refused].map((r) => ({ ...r, disableTemplating: true }));
  const routes = [{ uuid: 'cameras', method: 'get', endpoint: CAMERAS.slice(1), responses }];
  const uuid = '00000000-0000-4000-8000-000000000000';
  const file = path.join(RESULTS, 'mockoon-environment.json');
  mkdirSync(RESULTS, { recursive: true });
  const rootChildren = [{ type: 'route', uuid: 'cameras' }];
  writeFileSync(file, JSON.stringify({ uuid, port, hostname: '127.0.0.1', routes, rootChildren }));
  const args = ['start', '--data', file, '--repair', '--disable-log-to-file', '--disable-admin-api'];
  const server = await serve(bin, args, port);
  if ((await status(`${server.url}${CAMERAS}`, { authorization: 'Bearer not-a-key' })) === 401) return server;
  await server.stop();
  throw new Error('Mockoon does not check the bearer key');
}

/** The request of a login (client type `api`), for its latency and for the login flood. */
export const LOGIN = {
  method: 'POST',
  path: '/api/auth/login',
  headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT },
  body: JSON.stringify({ email: DEMO.ownerEmail, password: DEMO.password, client_type: 'api' }),
};

/** Logs the owner in once; throws on anything but 200. */
export async function login(url: string): Promise<{ access_token: string; refresh_token: string }> {
  const response = await fetch(`${url}${LOGIN.path}`, LOGIN);
  if (response.status !== 200) throw new Error(`login answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** `count` logins, four at a time, and their refresh tokens. */
export async function loginSessions(url: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  let started = 0;
  const worker = async () => {
    while (started++ < count) tokens.push((await login(url)).refresh_token);
  };
  await Promise.all(Array.from({ length: Math.min(4, count) }, worker));
  return tokens;
}

/**
 * The refresh request: each takes the oldest unused token of the pool and each 200 puts the
 * rotated one at its end, so no token is presented twice and every refresh really rotates. An
 * empty pool (sessions lost to errors) sends no token, which counts as a failure.
 */
export function rotation(tokens: readonly string[]): LoadRequest {
  const pool = [...tokens];
  return {
    method: 'POST',
    path: '/api/auth/refresh',
    setupRequest: (req) => {
      const token = pool.shift();
      return { ...req, headers: { 'user-agent': USER_AGENT, ...(token ? { authorization: `Bearer ${token}` } : {}) } };
    },
    onResponse: (status, body) => {
      if (status === 200) pool.push((JSON.parse(body) as { refresh_token: string }).refresh_token);
    },
  };
}

export const HASH_PARAMETERS = `m=${ARGON2_OPTIONS.memoryCost} KiB, t=${ARGON2_OPTIONS.timeCost}, p=${ARGON2_OPTIONS.parallelism}`;

/**
 * `count` argon2id hashes of the demo password, one after the other in the bench process, with
 * the server's own library and parameters: the floor under a login. Milliseconds each.
 */
export async function hashTimes(count: number): Promise<number[]> {
  const argon2 = createRequire(path.join(repoRoot, 'mock', 'package.json'))('@node-rs/argon2');
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await (argon2 as typeof import('@node-rs/argon2')).hash(DEMO.password, ARGON2_OPTIONS);
    times.push(performance.now() - started);
  }
  return times;
}
