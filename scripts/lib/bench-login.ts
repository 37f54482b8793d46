/**
 * Logins: their latency at concurrency 1, and what a flood of them does to the latency of
 * other requests. Both measured with the shared load generator against a reference server
 * that nothing else is using.
 */
import { runLoad, runWarm, type LoadResult, type LoadSettings } from './bench-load.js';
import { BENCH_USER_AGENT, type Account } from './bench-sessions.js';

function loginSpec(baseUrl: string, account: Account) {
  return {
    url: `${baseUrl}/api/auth/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': BENCH_USER_AGENT },
    body: JSON.stringify({ email: account.email, password: account.password, client_type: 'api' }),
  };
}

/** `samples` logins one after the other (after a few untimed ones): their latency. */
export async function measureLoginLatency(settings: LoadSettings, baseUrl: string, account: Account, samples: number): Promise<LoadResult> {
  await runLoad(settings, { ...loginSpec(baseUrl, account), connections: 1, amount: 3 });
  return runLoad(settings, { ...loginSpec(baseUrl, account), connections: 1, amount: samples });
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
