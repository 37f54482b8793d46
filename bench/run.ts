/**
 * `npm run bench` (`-- --quick` for a short run): starts each target itself, measures it with
 * one load generator at the same settings, prints the targets with their ratios and the other
 * figures, and writes docs/benchmarks.md and docs/benchmarks.json. Benchmarks are not tests:
 * the exit code is 0 whether or not the targets are met (2 for bad arguments, 1 when a
 * measurement cannot run).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../tools/paths.js';
import { freePort } from '../tools/ports.js';
import { startPrism } from '../tools/prism.js';
import { type Child, forkChild } from './child.js';
import { measureClientLoopback, measureClientStubbed } from './client.js';
import { formatPercent, formatRate } from './format.js';
import { type LoadResult, runWarm } from './load.js';
import { measureLatencyUnderLogins, measureLoginVersusHash } from './login.js';
import { backgroundLoad, machine } from './machine.js';
import { measureMemory } from './memory.js';
import { BENCH_USAGE, type BenchOptions, benchOptions, UsageError } from './options.js';
import { measureQuietly, QUIET_SHARE } from './quiet.js';
import { renderJson, renderReport } from './report.js';
import { type BenchResults, type BenchRun, figuresOf } from './results.js';
import { type Account, login, loginSessions, rotationRequest, TokenPool } from './sessions.js';
import { measureOurStartup, measurePrismStartup } from './startup.js';
import { allMet, figureTable, otherAnswers, targetTable } from './summary.js';
import { renderText } from './table.js';
import { verdicts as verdictsOf } from './targets.js';
import { measureNpmScript } from './toolchain.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const REFERENCE_ENTRY = path.join(here, 'reference-server.ts');
const BARE_ENTRY = path.join(here, 'bare-server.ts');
const CAMERAS = '/api/v1/cameras';
const REPORT = path.join(repoRoot, 'docs', 'benchmarks.md');
const JSON_FILE = path.join(repoRoot, 'docs', 'benchmarks.json');

const say = (line: string) => process.stderr.write(`bench: ${line}\n`);
const rateLine = (name: string, r: LoadResult) =>
  say(
    `${name}: ${formatRate(r.okPerSecond)}, p50 ${r.latencyMs?.p50.toFixed(3) ?? '-'} ms, p99 ${r.latencyMs?.p99.toFixed(3) ?? '-'} ms, ${otherAnswers(r)}`,
  );

/** Runs a measurement, repeating it while other programs disturb it; records the interference. */
type Quietly = <T>(id: string, measure: () => Promise<T>, attempts?: number) => Promise<T>;

interface ReferenceServer {
  url: string;
  liveKey: string;
  account: Account;
  child: Child;
}

/** A reference server in its own process, for one group of measurements. */
async function withReferenceServer<T>(run: (server: ReferenceServer) => Promise<T>): Promise<T> {
  const child = forkChild(REFERENCE_ENTRY);
  try {
    const ready = await child.next('ready');
    return await run({
      url: ready.url,
      liveKey: ready.liveKey!,
      account: { email: ready.ownerEmail!, password: ready.password! },
      child,
    });
  } finally {
    await child.stop();
  }
}

/** The bare server, answering `body` with `contentType`, for one measurement. */
async function withBareServer<T>(body: string, contentType: string, run: (url: string) => Promise<T>): Promise<T> {
  const child = forkChild(BARE_ENTRY);
  try {
    child.send({ kind: 'body', body, contentType });
    const url = (await child.next('ready')).url;
    const check = await fetch(`${url}${CAMERAS}`);
    if ((await check.text()) !== body || check.headers.get('content-type') !== contentType)
      throw new Error('the bare server does not answer the same body');
    return await run(url);
  } finally {
    await child.stop();
  }
}

/**
 * GET /api/v1/cameras on the reference server (API key, then user JWT) and on the bare server
 * answering the same bytes. Each server is measured right after its start and the shared
 * warm-up, never after sitting idle: V8 shrinks the young generation of a process that idles
 * after start-up, which makes its next seconds slower whatever it runs.
 */
async function measureGets(o: BenchOptions, quietly: Quietly) {
  const reference = await withReferenceServer(async ({ url, liveKey, account }) => {
    const keyHeaders = { authorization: `Bearer ${liveKey}` };
    const sample = await fetch(`${url}${CAMERAS}`, { headers: keyHeaders });
    const body = await sample.text();
    if (sample.status !== 200) throw new Error(`GET ${CAMERAS} answered ${sample.status}: ${body}`);
    const contentType = sample.headers.get('content-type') ?? 'application/json';
    const tokens = await login(url, account);
    const apiKey = await quietly('get-api-key', () =>
      runWarm(o.http, o.warmupSeconds, { url: `${url}${CAMERAS}`, headers: keyHeaders }),
    );
    rateLine('reference server, API key', apiKey);
    const jwtHeaders = { authorization: `Bearer ${tokens.access_token}` };
    const jwt = await quietly('get-jwt', () =>
      runWarm(o.http, o.warmupSeconds, { url: `${url}${CAMERAS}`, headers: jwtHeaders }),
    );
    rateLine('reference server, user JWT', jwt);
    return { body, contentType, tokenBody: JSON.stringify(tokens), liveKey, apiKey, jwt };
  });
  const bare = await withBareServer(reference.body, reference.contentType, (bareUrl) =>
    quietly('get-bare', () => runWarm(o.http, o.warmupSeconds, { url: `${bareUrl}${CAMERAS}` })),
  );
  rateLine('bare node:http', bare);
  return { ...reference, bare };
}

async function measurePrism(o: BenchOptions, quietly: Quietly, liveKey: string): Promise<LoadResult> {
  const prism = await startPrism({ port: await freePort() });
  try {
    const result = await quietly('get-prism', () =>
      runWarm(o.http, o.warmupSeconds, {
        url: `${prism.url}${CAMERAS}`,
        headers: { authorization: `Bearer ${liveKey}` },
      }),
    );
    rateLine('Prism', result);
    return result;
  } finally {
    await prism.stop();
  }
}

async function measureRefresh(o: BenchOptions, quietly: Quietly) {
  return withReferenceServer(async ({ url, account }) => {
    say(`logging in ${o.refreshSessions} sessions`);
    const pool = new TokenPool(await loginSessions(url, account, o.refreshSessions));
    const result = await quietly('refresh', () =>
      runWarm(o.http, o.warmupSeconds, { url, requests: [rotationRequest(pool)] }),
    );
    rateLine('refresh (rotation)', result);
    return { sessions: o.refreshSessions, result };
  });
}

async function measureLogins(o: BenchOptions, quietly: Quietly) {
  return withReferenceServer(async ({ url, liveKey, account }) => {
    const { latency, hash } = await quietly('login-vs-hash', () =>
      measureLoginVersusHash(o.http, url, account, o.loginSamples, o.loginBlock),
    );
    say(
      `login at concurrency 1: p50 ${latency.latencyMs?.p50.toFixed(2)} ms, ${otherAnswers(latency)}; argon2id hash: p50 ${hash.p50.toFixed(2)} ms`,
    );
    const get = { url: `${url}${CAMERAS}`, headers: { authorization: `Bearer ${liveKey}` } };
    const underLogins = await quietly('get-under-logins', () =>
      measureLatencyUnderLogins(o.http, o.warmupSeconds, o.loginFloodConnections, get, url, account),
    );
    say(
      `GET at concurrency 1: p99 ${underLogins.idle.latencyMs?.p99.toFixed(3)} ms idle, ${underLogins.underLogins.latencyMs?.p99.toFixed(3)} ms under logins`,
    );
    return { login: { latency, hash }, underLogins };
  });
}

async function measureClients(o: BenchOptions, quietly: Quietly, gets: Awaited<ReturnType<typeof measureGets>>) {
  const stubbed = await quietly(
    'client-stubbed',
    () =>
      measureClientStubbed({
        camerasBody: gets.body,
        tokenBody: gets.tokenBody,
        apiKey: gets.liveKey,
        rounds: o.clientRounds,
        roundSeconds: o.clientRoundSeconds,
      }),
    1,
  );
  say(
    `client, stubbed fetch: plain ${formatRate(stubbed.plainFetch.medianRps)}, openapi-fetch ${formatRate(stubbed.openapiFetch.medianRps)}, ` +
      `API key ${formatRate(stubbed.apiKeyClient.medianRps)}, session ${formatRate(stubbed.sessionClient.medianRps)}`,
  );
  const loopback = await withReferenceServer(async ({ url, liveKey, account }) => {
    const { access_token } = await login(url, account);
    const options = {
      baseUrl: url,
      apiKey: liveKey,
      account,
      accessToken: access_token,
      rounds: o.clientRounds,
      roundSeconds: o.http.durationSeconds / o.clientRounds,
      inFlight: o.http.connections,
    };
    return quietly('client-loopback', () => measureClientLoopback(options), 1);
  });
  say(
    `client, loopback: plain ${formatRate(loopback.plainFetchApiKey.medianRps)}, API key ${formatRate(loopback.apiKeyClient.medianRps)}, session ${formatRate(loopback.sessionClient.medianRps)}`,
  );
  return { stubbed, loopback: { ...loopback, inFlight: o.http.connections } };
}

/** Runs the whole benchmark for the command-line arguments `argv`; resolves to the exit code. */
export async function runBench(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  let o: BenchOptions;
  try {
    const parsed = benchOptions(argv, env);
    if (parsed === 'help') {
      process.stdout.write(`${BENCH_USAGE}\n`);
      return 0;
    }
    o = parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n${BENCH_USAGE}\n`);
    return 2;
  }
  const command = o.quick ? 'npm run bench -- --quick' : 'npm run bench';
  const startedAt = performance.now();
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const interference: BenchResults['interference'] = {};
  const quietly: Quietly = async (id, measure, attempts = o.maxAttempts) => {
    const quiet = await measureQuietly(attempts, measure);
    interference[id] = { foreignShare: quiet.foreignShare, attemptShares: quiet.attemptShares };
    if (quiet.attemptShares.length > 1)
      say(
        `${id}: measured ${quiet.attemptShares.length} times, other programs took ${quiet.attemptShares.map(formatPercent).join(', ')} of the machine`,
      );
    else if (quiet.foreignShare > QUIET_SHARE)
      say(`warning: ${id}: other programs took ${formatPercent(quiet.foreignShare)} of the machine meanwhile`);
    return quiet.result;
  };

  const build = spawnSync(process.execPath, [path.join(repoRoot, 'mock', 'scripts', 'build.mjs'), '--quiet'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('building mock/dist failed');
  const before = await backgroundLoad();
  if (before > QUIET_SHARE)
    say(`warning: ${formatPercent(before)} of the machine is busy with other programs before the run`);

  const gets = await measureGets(o, quietly);
  const prism = await measurePrism(o, quietly, gets.liveKey);
  const refresh = await measureRefresh(o, quietly);
  const logins = await measureLogins(o, quietly);
  const ours = await quietly('startup-ours', () => measureOurStartup(o.startupRuns, gets.liveKey), 1);
  say(`start-up, reference server: median ${ours.medianMs.toFixed(0)} ms`);
  const prismStartup = await quietly('startup-prism', () => measurePrismStartup(o.startupRuns, gets.liveKey), 1);
  say(`start-up, Prism: median ${prismStartup.medianMs.toFixed(0)} ms`);
  const memory = await quietly(
    'memory',
    () => measureMemory(o.http, REFERENCE_ENTRY, o.memoryFirstRequests, o.memoryTotalRequests),
    1,
  );
  say(
    `heap: ${memory.heapAfterFirstBytes} bytes after ${memory.firstRequests} requests, ${memory.heapAfterAllBytes} after ${memory.totalRequests}`,
  );
  const client = await measureClients(o, quietly, gets);
  const generate = await quietly('npm-run-generate', () => measureNpmScript('generate', o.toolchainRuns), 1);
  const lint = await quietly('npm-run-lint', () => measureNpmScript('lint', o.toolchainRuns), 1);
  say(`toolchain: generate ${generate.medianMs.toFixed(0)} ms, lint ${lint.medianMs.toFixed(0)} ms`);
  const after = await backgroundLoad();

  const results: BenchResults = {
    camerasBody: { bytes: Buffer.byteLength(gets.body), contentType: gets.contentType },
    get: { bare: gets.bare, apiKey: gets.apiKey, jwt: gets.jwt, prism },
    refresh,
    login: logins.login,
    latencyUnderLogins: logins.underLogins,
    startup: { ours, prism: prismStartup },
    memory,
    client,
    toolchain: { generate, lint },
    interference,
  };
  const run: BenchRun = {
    command,
    date,
    wallSeconds: (performance.now() - startedAt) / 1000,
    options: o,
    machine: machine(),
    backgroundLoad: { before, after },
    results,
  };
  const verdicts = verdictsOf(figuresOf(results));
  writeFileSync(REPORT, renderReport(run, verdicts, path.basename(JSON_FILE)));
  writeFileSync(JSON_FILE, renderJson(run, verdicts));

  process.stdout.write(`\n${renderText(targetTable(results, verdicts))}\n\n${renderText(figureTable(results))}\n\n`);
  const missed = verdicts.filter((v) => !v.met).length;
  process.stdout.write(
    `${allMet(verdicts) ? 'Every target met.' : `${missed} of ${verdicts.length} targets missed.`} ` +
      `Ran ${Math.round(run.wallSeconds)} s; wrote ${path.relative(repoRoot, REPORT)} and ${path.relative(repoRoot, JSON_FILE)}.\n`,
  );
  return 0;
}
