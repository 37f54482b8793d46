/**
 * Logins: their latency at concurrency 1 next to the raw argon2id hash, and what a flood of
 * them does to the latency of other requests. Logins go through the shared load generator to
 * a reference server that nothing else is using.
 */
import { HASH_PARAMETERS, hashTimes } from './argon2.js';
import { type LoadResult, type LoadSettings, mergeLoadResults, runLoad, runWarm } from './load.js';
import { type Account, BENCH_USER_AGENT } from './sessions.js';
import { type LatencySummary, summarizeLatencies } from './stats.js';

function loginSpec(baseUrl: string, account: Account) {
  return {
    url: `${baseUrl}/api/auth/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': BENCH_USER_AGENT },
    body: JSON.stringify({ email: account.email, password: account.password, client_type: 'api' }),
  };
}

/** Login latency and the raw hash time, measured side by side. */
export interface LoginVersusHash {
  latency: LoadResult;
  hash: LatencySummary & { parameters: typeof HASH_PARAMETERS };
}

/**
 * `samples` logins one after the other, and as many argon2id hashes with the server's
 * parameters in the bench process, in alternating blocks of `block`, so that both see the same
 * moments of the machine (a few untimed ones of each first).
 */
export async function measureLoginVersusHash(
  settings: LoadSettings,
  baseUrl: string,
  account: Account,
  samples: number,
  block: number,
): Promise<LoginVersusHash> {
  const spec = { ...loginSpec(baseUrl, account), connections: 1 };
  await hashTimes(account.password, 2);
  await runLoad(settings, { ...spec, amount: 3 });
  const hashes: number[] = [];
  const logins: number[] = [];
  const runs: LoadResult[] = [];
  for (let done = 0; done < samples; done += block) {
    const size = Math.min(block, samples - done);
    hashes.push(...(await hashTimes(account.password, size)));
    runs.push(await runLoad(settings, { ...spec, amount: size, latencySink: logins }));
  }
  return {
    latency: mergeLoadResults(runs, logins),
    hash: { ...summarizeLatencies(hashes), parameters: HASH_PARAMETERS },
  };
}

/** The GET latency probe, idle and under a login flood, and the flood itself. */
export interface LatencyUnderLogins {
  idle: LoadResult;
  underLogins: LoadResult;
  logins: LoadResult;
}

/**
 * The latency of `GET url` at concurrency 1 for the shared duration, first with the server
 * otherwise idle, then while `floodConnections` connections log in without pause (the flood
 * starts a second earlier and ends a second later than the probe).
 */
export async function measureLatencyUnderLogins(
  settings: LoadSettings,
  warmupSeconds: number,
  floodConnections: number,
  get: { url: string; headers: Record<string, string> },
  baseUrl: string,
  account: Account,
): Promise<LatencyUnderLogins> {
  const probe = { ...get, connections: 1 };
  const idle = await runWarm(settings, warmupSeconds, probe);
  const flood = runLoad(settings, {
    ...loginSpec(baseUrl, account),
    connections: floodConnections,
    durationSeconds: settings.durationSeconds + 2,
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const underLogins = await runLoad(settings, probe);
  return { idle, underLogins, logins: await flood };
}
