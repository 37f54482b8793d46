/**
 * `npm run bench`: starts each target in its own process, measures it with one load generator
 * at the same settings as its baseline, prints the targets with their verdicts and every other
 * figure, and writes the run to bench/results/ (git-ignored). `--record` also puts the report
 * into docs/benchmarks.md as the record of the Node.js major line it ran on. A missed target
 * does not fail the command: benchmarks are not tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import createFetchClient from 'openapi-fetch';
import type { paths } from '../generated/schema.js';
import { DEMO } from '../mock/src/demo.js';
import { createClient } from '../src/index.js';
import { repoRoot } from '../tools/paths.js';
import {
  callRates,
  foreignShare,
  inTurns,
  type Load,
  type LoadSpec,
  load,
  quietly,
  summary,
  warmLoad,
} from './load.js';
import * as r from './report.js';
import * as servers from './servers.js';
import { CAMERAS, KEY, LOGIN, login, USER_AGENT } from './servers.js';

/** The size of a run. Every HTTP throughput measurement takes `seconds` after a `warmup`. */
const FULL = {
  seconds: 10,
  warmup: 3,
  refreshSessions: 1000,
  /** Logins timed one at a time, alternating in blocks with as many raw hashes, so both see the same moments. */
  logins: 200,
  loginBlock: 20,
  /** Connections that log in without pause while GET latency is probed: every password slot busy. */
  loginFlood: 4,
  startups: 7,
  heapWarmup: 1000,
  heapRequests: 20_000,
  /** Turns of each GET target (reference server and bare) within `seconds`. */
  turns: 5,
  /** Turns of each SDK variant; stubbed, each lasts `sdkRoundSeconds` after an `sdkWarmup` of each. */
  sdkRounds: 20,
  sdkRoundSeconds: 0.25,
  sdkWarmup: 2,
  /** Attempts of a measurement while other programs keep disturbing it. */
  attempts: 3,
};
const QUICK: typeof FULL = {
  ...FULL,
  ...{ seconds: 3, warmup: 1, refreshSessions: 100, logins: 40, loginBlock: 10, startups: 3 },
  ...{ turns: 3, sdkRounds: 10, sdkRoundSeconds: 0.15, sdkWarmup: 1, attempts: 2 },
};
type Settings = typeof FULL;

/** A measurement during which other programs take more than this share of the machine is repeated. */
const THRESHOLD = 0.05;

const say = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** "12,345/s, p50 0.20 ms, p99 0.90 ms", and every answer that was not a 200. */
const answers = (x: Load) =>
  [
    `${r.rate(x.rps)}, p50 ${r.ms(x.p50)}, p99 ${r.ms(x.p99)}`,
    ...Object.entries(x.other).map(([k, n]) => `${n} × ${k}`),
  ].join(', ');

/** One run of every measurement. */
async function measureAll(s: Settings): Promise<r.Pass> {
  const pass: r.Pass = { figures: {} as r.Figures, rows: [], disturbance: {} };
  const f = pass.figures;
  const row = (label: string, text: string) => {
    pass.rows.push([label, text]);
    say(`${label}: ${text}`);
  };
  const quiet = async <T>(id: string, measure: () => Promise<T>): Promise<T> => {
    const { result, shares } = await quietly(s.attempts, THRESHOLD, measure);
    pass.disturbance[id] = shares;
    if (shares.length > 1)
      say(`${id}: measured ${shares.length} times, other programs took ${shares.map(r.percent).join(', ')}`);
    return result;
  };
  // GET with either credential and the bare server answering the same bytes, side by side: at 10
  // and at 50 connections the four take turns (inTurns: each credential's request to the reference
  // server and to the bare server), and each credential's pair of figures comes from one round,
  // so that their ratios compare moments of the machine alike.
  let ref = await servers.startReference();
  const sample = await fetch(`${ref.url}${CAMERAS}`, { headers: KEY });
  const body = await sample.text();
  const type = sample.headers.get('content-type') ?? '';
  if (sample.status !== 200) throw new Error(`GET ${CAMERAS} answered ${sample.status}: ${body}`);
  const tokens = await login(ref.url);
  const bare = await servers.startBare(body, type);
  const check = await fetch(`${bare.url}${CAMERAS}`);
  if ((await check.text()) !== body || check.headers.get('content-type') !== type)
    throw new Error('the bare server answers other bytes');
  const jwt = { authorization: `Bearer ${tokens.access_token}` };
  for (const c of [10, 50] as const) {
    const at = (url: string, headers: Record<string, string>) => (seconds: number) =>
      load({ url: `${url}${CAMERAS}`, connections: c, seconds, headers });
    const x = await quiet(`get-${c}`, async () => {
      // The bare server gets the very requests of each credential: a JWT makes a longer request.
      const variants = {
        apiKey: at(ref.url, KEY),
        jwt: at(ref.url, jwt),
        bare: at(bare.url, KEY),
        bareJwt: at(bare.url, jwt),
      };
      for (const warm of Object.values(variants)) await warm(s.warmup);
      return inTurns(variants, s.turns, s.seconds / s.turns, (l) => l.rps, [
        ['apiKey', 'bare'],
        ['jwt', 'bareJwt'],
      ]);
    });
    [f[`apiKey${c}`], f[`jwt${c}`], f[`bare${c}`], f[`bareJwt${c}`]] = [
      x.apiKey.rps,
      x.jwt.rps,
      x.bare.rps,
      x.bareJwt.rps,
    ];
    row(`GET ${CAMERAS}, reference server, API key, ${c} connections`, answers(x.apiKey));
    row(`GET ${CAMERAS}, reference server, user JWT, ${c} connections`, answers(x.jwt));
    row(`GET ${CAMERAS}, bare node:http, API-key request, ${c} connections`, answers(x.bare));
    row(`GET ${CAMERAS}, bare node:http, user-JWT request, ${c} connections`, answers(x.bareJwt));
  }
  await ref.stop();
  await bare.stop();
  const get =
    (url: string, connections: number, spec: Partial<LoadSpec> = {}) =>
    () =>
      warmLoad({ url: `${url}${CAMERAS}`, connections, seconds: s.seconds, headers: KEY, ...spec }, s.warmup);

  // The mocks on the same route, with the same key.
  const prism = await servers.startPrismTimed();
  const p = await quiet('get-prism', get(prism.url, 10));
  await prism.stop();
  f.prism = p.rps;
  row(`GET ${CAMERAS}, Prism, 10 connections`, answers(p));
  const mockoon = await servers.startMockoon(body, type);
  if (mockoon) {
    const m = await quiet('get-mockoon', get(mockoon.url, 10));
    await mockoon.stop();
    row(
      `GET ${CAMERAS}, ${servers.MOCKOON}, 10 connections`,
      `${answers(m)}; API-key GET: ${r.ratio(f.apiKey10 / m.rps)} of it`,
    );
  } else row(`GET ${CAMERAS}, Mockoon`, `not installed (\`npm i --no-save -E ${servers.MOCKOON}\` adds it)`);

  // Refresh-token rotation; then logins next to the raw hash and GET latency under a login flood.
  ref = await servers.startReference();
  const rotation = servers.rotation(await servers.loginSessions(ref.url, s.refreshSessions));
  const x = await quiet('refresh', get(ref.url, 10, { url: ref.url, headers: undefined, requests: [rotation] }));
  await ref.stop();
  f.refresh = x.rps;
  row(`POST /api/auth/refresh, ${s.refreshSessions} sessions, 10 connections`, answers(x));
  ref = await servers.startReference();
  const url = ref.url;
  const logins = (spec: Partial<LoadSpec>) => load({ url, requests: [LOGIN], connections: 1, ...spec });
  const lh = await quiet('login-vs-hash', async () => {
    await servers.hashTimes(2);
    await logins({ amount: 3 });
    const [times, hashes] = [[] as number[], [] as number[]];
    let seconds = 0;
    for (let done = 0; done < s.logins; done += s.loginBlock) {
      hashes.push(...(await servers.hashTimes(Math.min(s.loginBlock, s.logins - done))));
      seconds += (await logins({ amount: Math.min(s.loginBlock, s.logins - done), sink: times })).seconds;
    }
    return { login: summary(times, seconds), hash: summary(hashes, 0) };
  });
  [f.loginP50, f.hashP50] = [lh.login.p50, lh.hash.p50];
  row(
    'POST /api/auth/login, one at a time',
    `p50 ${r.ms(lh.login.p50)}, p99 ${r.ms(lh.login.p99)} over ${lh.login.ok}`,
  );
  row(`argon2id hash, raw (${servers.HASH_PARAMETERS})`, `p50 ${r.ms(lh.hash.p50)}, p99 ${r.ms(lh.hash.p99)}`);
  const u = await quiet('get-under-logins', async () => {
    const idle = await get(url, 1)();
    const flood = logins({ connections: s.loginFlood, seconds: s.seconds + 2 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const under = await load({ url: `${url}${CAMERAS}`, headers: KEY, connections: 1, seconds: s.seconds });
    return { idle, under, flood: await flood };
  });
  await ref.stop();
  [f.idleP99, f.underLoginsP99] = [u.idle.p99, u.under.p99];
  row(`GET ${CAMERAS}, one at a time, idle`, answers(u.idle));
  row(`… while ${s.loginFlood} connections log in without pause`, answers(u.under));
  row('… the logins meanwhile', answers(u.flood));

  // Start-up, and the heap over many requests, each on servers of their own.
  const startups = await quiet('startup', async () => {
    const times: number[] = [];
    for (let i = 0; i < s.startups; i++) {
      const server = await servers.startReference();
      times.push(server.startupMs);
      await server.stop();
    }
    return times;
  });
  f.startupMs = r.median(startups);
  row('Start-up to first 200, reference server', startups.map(r.ms).join(', '));
  row('Start-up to first 200, Prism', r.ms(prism.startupMs));
  const heap = await quiet('heap', async () => {
    const server = await servers.startReference(true);
    try {
      const token = { authorization: `Bearer ${(await login(server.url)).access_token}` };
      const requests = [CAMERAS, `${CAMERAS}?limit=2`, `${CAMERAS}/cam_lobby01`, '/api/v1/me'].map((path, i) => ({
        path,
        headers: i % 2 ? token : KEY,
      }));
      const warm = await load({ url: server.url, connections: 10, requests, amount: s.heapWarmup });
      const before = await server.heap();
      const all = await load({ url: server.url, connections: 10, requests, amount: s.heapRequests });
      return { before, after: await server.heap(), failures: Object.keys({ ...warm.other, ...all.other }) };
    } finally {
      await server.stop();
    }
  });
  [f.heapBefore, f.heapAfter] = [heap.before, heap.after];
  row(
    'Heap (heapUsed after collections)',
    `${r.mib(heap.before)} after ${s.heapWarmup.toLocaleString('en-US')} requests, ${r.mib(heap.after)} after ${s.heapRequests.toLocaleString('en-US')} more` +
      (heap.failures.length ? `, answers ${heap.failures.join(', ')}` : ''),
  );

  // The SDK against openapi-fetch and plain fetch: stubbed (answers from memory), then over loopback.
  const base = 'http://bench.invalid';
  const stub: typeof fetch = async (input, init) =>
    new Response((input instanceof Request ? input.method : init?.method) === 'POST' ? JSON.stringify(tokens) : body, {
      headers: { 'content-type': 'application/json' },
    });
  const ok = (x: { data?: unknown; response: Response }) => {
    if (x.data === undefined) throw new Error(`the client got ${x.response.status}`);
  };
  /** Plain fetch; with `limitMs`, with the time limit a caller of fetch would give it. */
  const plain =
    (fetcher: typeof fetch, target: string, headers: Record<string, string>, limitMs?: number) => async () => {
      const init = limitMs === undefined ? { headers } : { headers, signal: AbortSignal.timeout(limitMs) };
      const response = await fetcher(`${target}${CAMERAS}`, init);
      if (response.status !== 200) throw new Error(`fetch got ${response.status}`);
      await response.json();
    };
  const sdk = async (baseUrl: string, fetcher: typeof fetch) => {
    const session = createClient({ baseUrl, fetch: fetcher, session: { userAgent: USER_AGENT } });
    await session.auth.login({ email: DEMO.ownerEmail, password: DEMO.password });
    const key = createClient({ baseUrl, fetch: fetcher, apiKey: DEMO.liveKey });
    const unlimited = createClient({ baseUrl, fetch: fetcher, apiKey: DEMO.liveKey, timeoutMs: 0 });
    return {
      key: () => key.GET(CAMERAS).then(ok),
      session: () => session.GET(CAMERAS).then(ok),
      unlimited: () => unlimited.GET(CAMERAS).then(ok),
    };
  };
  const stubbed = await sdk(base, stub);
  const openapi = createFetchClient<paths>({ baseUrl: base, fetch: stub, headers: KEY });
  const openapiToken = createFetchClient<paths>({ baseUrl: base, fetch: stub, headers: jwt });
  const st = await quiet('sdk-stubbed', () =>
    callRates(
      {
        'plain fetch': plain(stub, base, KEY),
        'openapi-fetch alone': () => openapi.GET(CAMERAS).then(ok),
        'openapi-fetch alone, access token': () => openapiToken.GET(CAMERAS).then(ok),
        'SDK, API key': stubbed.key,
        'SDK, session': stubbed.session,
      },
      {
        rounds: s.sdkRounds,
        seconds: s.sdkRoundSeconds,
        warmup: s.sdkWarmup,
        inFlight: 1,
        pairs: [
          ['SDK, API key', 'openapi-fetch alone'],
          ['SDK, session', 'openapi-fetch alone, access token'],
        ],
      },
    ),
  );
  f.stubOpenapiFetch = st['openapi-fetch alone'];
  f.stubOpenapiFetchToken = st['openapi-fetch alone, access token'];
  f.stubApiKey = st['SDK, API key'];
  f.stubSession = st['SDK, session'];
  row(
    'Stubbed fetch, one call at a time',
    Object.entries(st)
      .map(([k, v]) => `${k} ${r.rate(v)}`)
      .join('; '),
  );
  ref = await servers.startReference();
  const live = await sdk(ref.url, fetch);
  const access = { authorization: `Bearer ${(await login(ref.url)).access_token}` };
  const overLoopback = { seconds: s.seconds / s.sdkRounds, warmup: s.warmup / 2, inFlight: 10 };
  const lo = await quiet('sdk-loopback', () =>
    callRates(
      {
        'plain fetch, API key': plain(fetch, ref.url, KEY),
        'SDK, API key': live.key,
        'plain fetch, access token': plain(fetch, ref.url, access),
        'SDK, session': live.session,
      },
      {
        ...overLoopback,
        rounds: s.sdkRounds,
        pairs: [
          ['SDK, API key', 'plain fetch, API key'],
          ['SDK, session', 'plain fetch, access token'],
        ],
      },
    ),
  );
  // In no target: what a time limit costs, as the AbortSignal that fetch then follows, with and without the SDK.
  const tl = await quiet('sdk-time-limit', () =>
    callRates(
      {
        'plain fetch': plain(fetch, ref.url, KEY),
        'plain fetch, AbortSignal.timeout(30 s)': plain(fetch, ref.url, KEY, 30_000),
        'SDK, timeoutMs 0': live.unlimited,
        'SDK, default 30 s': live.key,
      },
      {
        ...overLoopback,
        rounds: Math.ceil(s.sdkRounds / 2),
        pairs: [
          ['plain fetch, AbortSignal.timeout(30 s)', 'plain fetch'],
          ['SDK, default 30 s', 'SDK, timeoutMs 0'],
        ],
      },
    ),
  );
  await ref.stop();
  f.loopbackFetchKey = lo['plain fetch, API key'];
  f.loopbackApiKey = lo['SDK, API key'];
  f.loopbackFetchToken = lo['plain fetch, access token'];
  f.loopbackSession = lo['SDK, session'];
  row(
    'Loopback, 10 calls in flight',
    Object.entries(lo)
      .map(([k, v]) => `${k} ${r.rate(v)}`)
      .join('; '),
  );
  row(
    'Loopback, API key, with and without a time limit',
    `${Object.entries(tl)
      .map(([k, v]) => `${k} ${r.rate(v)}`)
      .join('; ')}; with the limit ÷ without: plain fetch ` +
      `${r.ratio(tl['plain fetch, AbortSignal.timeout(30 s)'] / tl['plain fetch'])}, ` +
      `SDK ${r.ratio(tl['SDK, default 30 s'] / tl['SDK, timeoutMs 0'])}`,
  );
  return pass;
}

/** CPU, cores, memory and operating system, in one line. */
function machine(): string {
  const kernel = `${os.type()} ${os.release()} ${os.arch()}`;
  const release = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const name = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(release)?.[1];
  return `${os.cpus()[0]?.model.trim()}, ${os.availableParallelism()} cores, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${name ? `${name} (${kernel})` : kernel}`;
}

/** The share of the machine other programs take during one second. */
async function busy(): Promise<number> {
  const read = foreignShare();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return read();
}

/** Runs the benchmark `runs` times, prints its report, and writes it to bench/results/ (and with `record`, docs/). */
export async function runBench(o: { quick: boolean; record: boolean; runs: number }): Promise<void> {
  const s = o.quick ? QUICK : FULL;
  const flags = [
    ...(o.quick ? ['--quick'] : []),
    ...(o.runs > 1 ? ['--runs', String(o.runs)] : []),
    ...(o.record ? ['--record'] : []),
  ];
  const started = performance.now();
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const build = spawnSync(process.execPath, ['mock/scripts/build.mjs', '--quiet'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building mock/dist failed');
  const busyBefore = await busy();
  if (busyBefore > THRESHOLD) say(`other programs take ${r.percent(busyBefore)} of the machine before the run`);
  const passes: r.Pass[] = [];
  for (let i = 0; i < o.runs; i++) {
    if (o.runs > 1) say(`run ${i + 1} of ${o.runs}`);
    passes.push(await measureAll(s));
  }
  const info: r.RunInfo = {
    command: `npm run bench${flags.length > 0 ? ` -- ${flags.join(' ')}` : ''}`,
    date,
    node: process.version,
    machine: machine(),
    settings:
      `${s.seconds} s per HTTP measurement after a ${s.warmup} s warm-up, pipelining 1, GETs against the bare server in ${s.turns} turns each; ${s.refreshSessions} refresh sessions; ` +
      `${s.logins} logins and hashes in blocks of ${s.loginBlock}; a flood of ${s.loginFlood} login connections; ` +
      `${s.startups} start-ups; heap after ${s.heapWarmup.toLocaleString('en-US')} + ${s.heapRequests.toLocaleString('en-US')} requests; SDK: median of ${s.sdkRounds} turns (stubbed: ${s.sdkRoundSeconds} s each); ` +
      `up to ${s.attempts} attempts of a measurement disturbed by more than ${THRESHOLD * 100} %`,
    seconds: (performance.now() - started) / 1000,
    busyBefore,
    busyAfter: await busy(),
    threshold: THRESHOLD,
  };
  process.stdout.write(`\n${r.report(info, passes, false)}\n`);
  const major = Number(process.versions.node.split('.')[0]);
  const stem = path.join(servers.RESULTS, `${date.replace(/:/g, '')}-node${major}`);
  const section = r.report(info, passes, true);
  mkdirSync(servers.RESULTS, { recursive: true });
  writeFileSync(`${stem}.md`, `${section}\n`);
  const verdicts = r.verdicts(passes.map((x) => x.figures));
  writeFileSync(`${stem}.json`, `${JSON.stringify({ info, settings: s, passes, verdicts }, null, 2)}\n`);
  const written = [`${stem}.md`, `${stem}.json`];
  if (o.record) {
    const doc = path.join(repoRoot, 'docs', 'benchmarks.md');
    writeFileSync(doc, r.withRecord(existsSync(doc) ? readFileSync(doc, 'utf8') : '', major, section));
    written.push(doc);
  }
  process.stdout.write(`\nWrote ${written.map((file) => path.relative(repoRoot, file)).join(', ')}.\n`);
}
