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
import { measureHash } from './lib/bench-argon2.js';
import { forkChild, freePort, type Child } from './lib/bench-child.js';
import { measureClientLoopback, measureClientStubbed } from './lib/bench-client.js';
import { formatPercent, formatRate } from './lib/bench-format.js';
import { runWarm, type LoadResult } from './lib/bench-load.js';
import { measureLatencyUnderLogins, measureLoginLatency } from './lib/bench-login.js';
import { backgroundLoad, machine } from './lib/bench-machine.js';
import { measureMemory } from './lib/bench-memory.js';
import { BENCH_USAGE, UsageError, benchOptions, type BenchOptions } from './lib/bench-options.js';
import { renderJson, renderReport } from './lib/bench-report.js';
import { figuresOf, type BenchResults, type BenchRun } from './lib/bench-results.js';
import { BENCH_USER_AGENT, TokenPool, login, loginSessions, rotationRequest, type Account } from './lib/bench-sessions.js';
import { measureOurStartup, measurePrismStartup } from './lib/bench-startup.js';
import { allMet, figureTable, otherAnswers, targetTable } from './lib/bench-summary.js';
import { renderText } from './lib/bench-table.js';
import { verdicts as verdictsOf } from './lib/bench-targets.js';
import { measureNpmScript } from './lib/bench-toolchain.js';
import { repoRoot } from './lib/paths.js';
import { startPrism } from './lib/prism.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const REFERENCE_ENTRY = path.join(here, 'lib', 'bench-reference-server.ts');
const BARE_ENTRY = path.join(here, 'lib', 'bench-bare-server.ts');
const CAMERAS = '/api/v1/cameras';
const REPORT = path.join(repoRoot, 'docs', 'benchmarks.md');
const JSON_FILE = path.join(repoRoot, 'docs', 'benchmarks.json');
const BUSY_WARNING = 0.1;

const say = (line: string) => process.stderr.write(`bench: ${line}\n`);
const rateLine = (name: string, r: LoadResult) => say(`${name}: ${formatRate(r.okPerSecond)}, p99 ${r.latencyMs?.p99.toFixed(2) ?? '-'} ms, ${otherAnswers(r)}`);

/** A reference server in its own process, for one group of measurements. */
async function withReferenceServer<T>(run: (server: { url: string; liveKey: string; account: Account; child: Child }) => Promise<T>): Promise<T> {
  const child = forkChild(REFERENCE_ENTRY);
  try {
    const ready = await child.next('ready');
    return await run({ url: ready.url, liveKey: ready.liveKey!, account: { email: ready.ownerEmail!, password: ready.password! }, child });
  } finally {
    await child.stop();
  }
}

async function measureGets(o: BenchOptions) {
  return withReferenceServer(async ({ url, liveKey, account }) => {
    const keyHeaders = { authorization: `Bearer ${liveKey}` };
    const sample = await fetch(`${url}${CAMERAS}`, { headers: keyHeaders });
    const body = await sample.text();
    if (sample.status !== 200) throw new Error(`GET ${CAMERAS} answered ${sample.status}: ${body}`);
    const contentType = sample.headers.get('content-type') ?? 'application/json';
    const loginAnswer = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': BENCH_USER_AGENT },
      body: JSON.stringify({ email: account.email, password: account.password, client_type: 'api' }),
    });
    const tokenBody = await loginAnswer.text();
    const accessToken = (JSON.parse(tokenBody) as { access_token: string }).access_token;

    const bareChild = forkChild(BARE_ENTRY);
    let bare: LoadResult;
    try {
      bareChild.send({ kind: 'body', body, contentType });
      const bareUrl = (await bareChild.next('ready')).url;
      const check = await fetch(`${bareUrl}${CAMERAS}`);
      if ((await check.text()) !== body) throw new Error('the bare server does not answer the same body');
      bare = await runWarm(o.http, o.warmupSeconds, { url: `${bareUrl}${CAMERAS}` });
    } finally {
      await bareChild.stop();
    }
    rateLine('bare node:http', bare);
    const apiKey = await runWarm(o.http, o.warmupSeconds, { url: `${url}${CAMERAS}`, headers: keyHeaders });
    rateLine('reference server, API key', apiKey);
    const jwt = await runWarm(o.http, o.warmupSeconds, { url: `${url}${CAMERAS}`, headers: { authorization: `Bearer ${accessToken}` } });
    rateLine('reference server, user JWT', jwt);
    return { body, contentType, tokenBody, liveKey, accessToken, bare, apiKey, jwt };
  });
}

async function measurePrism(o: BenchOptions, liveKey: string): Promise<LoadResult> {
  const prism = await startPrism({ port: await freePort() });
  try {
    const result = await runWarm(o.http, o.warmupSeconds, { url: `${prism.url}${CAMERAS}`, headers: { authorization: `Bearer ${liveKey}` } });
    rateLine('Prism', result);
    return result;
  } finally {
    await prism.stop();
  }
}

async function measureRefresh(o: BenchOptions) {
  return withReferenceServer(async ({ url, account }) => {
    say(`logging in ${o.refreshSessions} sessions`);
    const pool = new TokenPool(await loginSessions(url, account, o.refreshSessions));
    const result = await runWarm(o.http, o.warmupSeconds, { url, requests: [rotationRequest(pool)] });
    rateLine('refresh (rotation)', result);
    return { sessions: o.refreshSessions, result };
  });
}

async function measureLogins(o: BenchOptions) {
  return withReferenceServer(async ({ url, liveKey, account }) => {
    const hash = await measureHash(account.password, o.loginSamples);
    say(`argon2id hash: p50 ${hash.p50.toFixed(2)} ms`);
    const latency = await measureLoginLatency(o.http, url, account, o.loginSamples);
    say(`login at concurrency 1: p50 ${latency.latencyMs?.p50.toFixed(2)} ms, ${otherAnswers(latency)}`);
    const underLogins = await measureLatencyUnderLogins(o.http, o.warmupSeconds, { url: `${url}${CAMERAS}`, headers: { authorization: `Bearer ${liveKey}` } }, url, account);
    say(`GET p99 idle ${underLogins.idle.latencyMs?.p99.toFixed(3)} ms, under logins ${underLogins.underLogins.latencyMs?.p99.toFixed(3)} ms`);
    return { login: { latency, hash }, underLogins };
  });
}

async function measureClients(o: BenchOptions, gets: Awaited<ReturnType<typeof measureGets>>) {
  const stubbed = await measureClientStubbed({
    camerasBody: gets.body,
    tokenBody: gets.tokenBody,
    apiKey: gets.liveKey,
    accessToken: gets.accessToken,
    rounds: o.clientRounds,
    roundSeconds: o.clientRoundSeconds,
  });
  say(`client, stubbed fetch: plain ${formatRate(stubbed.plainFetch.medianRps)}, API key ${formatRate(stubbed.apiKeyClient.medianRps)}, session ${formatRate(stubbed.sessionClient.medianRps)}`);
  const loopback = await withReferenceServer(async ({ url, liveKey, account }) => {
    const { access_token } = await login(url, account);
    return measureClientLoopback({
      baseUrl: url,
      apiKey: liveKey,
      account,
      accessToken: access_token,
      rounds: o.clientRounds,
      roundSeconds: o.http.durationSeconds / o.clientRounds,
      inFlight: o.http.connections,
    });
  });
  say(`client, loopback: plain ${formatRate(loopback.plainFetchApiKey.medianRps)}, API key ${formatRate(loopback.apiKeyClient.medianRps)}, session ${formatRate(loopback.sessionClient.medianRps)}`);
  return { stubbed, loopback: { ...loopback, inFlight: o.http.connections } };
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    const parsed = benchOptions(process.argv.slice(2), process.env);
    if (parsed === 'help') {
      process.stdout.write(`${BENCH_USAGE}\n`);
      return 0;
    }
    options = parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n${BENCH_USAGE}\n`);
    return 2;
  }
  const o = options;
  const command = o.quick ? 'npm run bench -- --quick' : 'npm run bench';
  const startedAt = performance.now();
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');

  const build = spawnSync(process.execPath, [path.join(repoRoot, 'mock', 'scripts', 'build.mjs'), '--quiet'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building mock/dist failed');
  const before = await backgroundLoad();
  if (before > BUSY_WARNING) say(`warning: ${formatPercent(before)} of the CPU is busy with other work; the figures will be off`);

  const gets = await measureGets(o);
  const prism = await measurePrism(o, gets.liveKey);
  const refresh = await measureRefresh(o);
  const logins = await measureLogins(o);
  const ours = await measureOurStartup(o.startupRuns, gets.liveKey);
  say(`start-up, reference server: median ${ours.medianMs.toFixed(0)} ms`);
  const prismStartup = await measurePrismStartup(o.startupRuns, gets.liveKey);
  say(`start-up, Prism: median ${prismStartup.medianMs.toFixed(0)} ms`);
  const memory = await measureMemory(o.http, REFERENCE_ENTRY, o.memoryFirstRequests, o.memoryTotalRequests);
  say(`heap: ${memory.heapAfterFirstBytes} → ${memory.heapAfterAllBytes} bytes`);
  const client = await measureClients(o, gets);
  const generate = await measureNpmScript('generate', o.toolchainRuns);
  const lint = await measureNpmScript('lint', o.toolchainRuns);
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
  process.stdout.write(
    `${allMet(verdicts) ? 'Every target met.' : `${verdicts.filter((v) => !v.met).length} target(s) missed.`} ` +
      `Ran ${Math.round(run.wallSeconds)} s; wrote ${path.relative(repoRoot, REPORT)} and ${path.relative(repoRoot, JSON_FILE)}.\n`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
