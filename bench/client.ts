/**
 * The client's cost: calls per second of `GET /api/v1/cameras` through our client (API-key
 * mode and session mode) against plain `fetch`, run in the bench process.
 *
 * - Stubbed: `fetch` is replaced by a function that answers at once with a canned 200 and the
 *   cameras body, whatever it is given. Plain fetch then costs only the Response and its JSON;
 *   everything the client adds is its own overhead. openapi-fetch alone (with the key as a
 *   default header) is measured too: the floor our client is built on.
 * - Loopback: the real global `fetch` against a reference server in its own process, with as
 *   many calls in flight as the HTTP measurements have connections.
 *
 * Variants run in interleaved rounds and the median round counts, so that a slow moment of
 * the machine does not fall on one variant only.
 */
import { performance } from 'node:perf_hooks';
import createFetchClient from 'openapi-fetch';
import type { paths } from '../generated/schema.js';
import { createClient } from '../src/index.js';
import { type Account, BENCH_USER_AGENT } from './sessions.js';
import { median } from './stats.js';

/** One way of making the call; resolves once the body is parsed. */
type Call = () => Promise<unknown>;

/** Calls per second of each variant. */
export type ClientRates<K extends string> = Record<K, { medianRps: number; roundsRps: number[] }>;

const CAMERAS_PATH = '/api/v1/cameras';

async function callsPerSecond(call: Call, seconds: number, inFlight: number): Promise<number> {
  let count = 0;
  const deadline = performance.now() + seconds * 1000;
  const startedAt = performance.now();
  const loop = async () => {
    while (performance.now() < deadline) {
      await call();
      count++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, loop));
  return (count * 1000) / (performance.now() - startedAt);
}

async function rounds<K extends string>(
  variants: Record<K, Call>,
  roundCount: number,
  seconds: number,
  inFlight: number,
): Promise<ClientRates<K>> {
  const names = Object.keys(variants) as K[];
  for (const name of names) await callsPerSecond(variants[name], Math.max(0.2, seconds / 2), inFlight);
  const perVariant = new Map<K, number[]>(names.map((name) => [name, []]));
  for (let round = 0; round < roundCount; round++) {
    for (const name of names) perVariant.get(name)!.push(await callsPerSecond(variants[name], seconds, inFlight));
  }
  return Object.fromEntries(
    names.map((name) => [name, { medianRps: median(perVariant.get(name)!), roundsRps: perVariant.get(name)! }]),
  ) as ClientRates<K>;
}

function ensureOk(response: Response): Promise<unknown> {
  if (response.status !== 200) throw new Error(`expected 200, got ${response.status}`);
  return response.json();
}

/** A stand-in for `fetch` that answers from memory: tokens for a POST (the login), cameras otherwise. */
export function stubFetch(camerasBody: string, tokenBody: string): typeof fetch {
  const json = { 'content-type': 'application/json; charset=utf-8' };
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const method = input instanceof Request ? input.method : (init?.method ?? 'GET');
    return new Response(method === 'POST' ? tokenBody : camerasBody, { status: 200, headers: json });
  };
}

/** The stubbed measurement: plain fetch, the API-key client and the session client. */
export async function measureClientStubbed(options: {
  camerasBody: string;
  tokenBody: string;
  apiKey: string;
  rounds: number;
  roundSeconds: number;
}): Promise<ClientRates<'plainFetch' | 'openapiFetch' | 'apiKeyClient' | 'sessionClient'>> {
  const baseUrl = 'http://bench.invalid';
  const fetch = stubFetch(options.camerasBody, options.tokenBody);
  const headers = { Authorization: `Bearer ${options.apiKey}` };
  const openapiFetch = createFetchClient<paths>({ baseUrl, fetch, headers });
  const apiKeyClient = createClient({ baseUrl, fetch, apiKey: options.apiKey });
  const sessionClient = createClient({ baseUrl, fetch, session: { userAgent: BENCH_USER_AGENT } });
  await sessionClient.auth.login({ email: 'bench@example.com', password: 'not checked by the stub' });
  return rounds(
    {
      plainFetch: async () => ensureOk(await fetch(`${baseUrl}${CAMERAS_PATH}`, { headers })),
      openapiFetch: async () => openapiFetch.GET(CAMERAS_PATH).then(dataOf),
      apiKeyClient: async () => apiKeyClient.GET(CAMERAS_PATH).then(dataOf),
      sessionClient: async () => sessionClient.GET(CAMERAS_PATH).then(dataOf),
    },
    options.rounds,
    options.roundSeconds,
    1,
  );
}

/** The loopback measurement against a running reference server. */
export async function measureClientLoopback(options: {
  baseUrl: string;
  apiKey: string;
  account: Account;
  accessToken: string;
  rounds: number;
  roundSeconds: number;
  inFlight: number;
}): Promise<ClientRates<'plainFetchApiKey' | 'apiKeyClient' | 'plainFetchAccessToken' | 'sessionClient'>> {
  const { baseUrl } = options;
  const apiKeyClient = createClient({ baseUrl, apiKey: options.apiKey });
  const sessionClient = createClient({ baseUrl, session: { userAgent: BENCH_USER_AGENT } });
  await sessionClient.auth.login({ email: options.account.email, password: options.account.password });
  const url = `${baseUrl}${CAMERAS_PATH}`;
  const keyHeaders = { Authorization: `Bearer ${options.apiKey}` };
  const tokenHeaders = { Authorization: `Bearer ${options.accessToken}` };
  return rounds(
    {
      plainFetchApiKey: async () => ensureOk(await fetch(url, { headers: keyHeaders })),
      apiKeyClient: async () => apiKeyClient.GET(CAMERAS_PATH).then(dataOf),
      plainFetchAccessToken: async () => ensureOk(await fetch(url, { headers: tokenHeaders })),
      sessionClient: async () => sessionClient.GET(CAMERAS_PATH).then(dataOf),
    },
    options.rounds,
    options.roundSeconds,
    options.inFlight,
  );
}

function dataOf(result: { data?: unknown; response: Response }): unknown {
  if (result.data === undefined) throw new Error(`expected 200, got ${result.response.status}`);
  return result.data;
}
