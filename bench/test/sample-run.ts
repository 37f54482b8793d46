/** A made-up benchmark run with round numbers, for the tests of the bench's pure logic. */
import type { LoadResult } from '../load.js';
import type { BenchOptions } from '../options.js';
import type { BenchResults, BenchRun, ClientRate } from '../results.js';
import { summarizeLatencies } from '../stats.js';

/** A load result with `okPerSecond` over 10 s and the given latencies. */
export function load(
  okPerSecond: number,
  latencies: number[] = [1, 2, 3, 4],
  otherStatuses: Record<string, number> = {},
): LoadResult {
  return {
    okPerSecond,
    ok: okPerSecond * 10,
    otherStatuses,
    errors: 0,
    timeouts: 0,
    elapsedSeconds: 10,
    connections: 10,
    pipelining: 1,
    latencyMs: latencies.length > 0 ? summarizeLatencies(latencies) : null,
  };
}

function rate(medianRps: number): ClientRate {
  return { medianRps, roundsRps: [medianRps] };
}

/** Results where every target is met with some margin, to change one figure at a time. */
export function sampleResults(): BenchResults {
  return {
    camerasBody: { bytes: 458, contentType: 'application/json; charset=utf-8' },
    get: { bare: load(40_000), apiKey: load(24_000), jwt: load(30_000), prism: load(1_500) },
    refresh: { sessions: 1000, result: load(3_000, [1, 2], { 401: 2 }) },
    login: {
      latency: load(40, [20, 21, 22, 30]),
      hash: { ...summarizeLatencies([19, 20, 20, 25]), parameters: { memoryCost: 19456, timeCost: 2, parallelism: 1 } },
    },
    latencyUnderLogins: {
      idle: load(5_000, [0.1, 0.2, 0.3]),
      underLogins: load(5_000, [0.1, 0.2, 0.4]),
      logins: load(45, [80, 90]),
    },
    startup: {
      ours: { runsMs: [300, 320, 310], medianMs: 310 },
      prism: { runsMs: [1200, 1300, 1250], medianMs: 1250 },
    },
    memory: {
      heapAfterFirstBytes: 10_000_000,
      heapAfterAllBytes: 10_300_000,
      firstRequests: 100,
      totalRequests: 5000,
      heapAfterMoreBytes: 10_310_000,
      moreRequests: 20_000,
      failures: 0,
    },
    client: {
      stubbed: {
        plainFetch: rate(50_000),
        openapiFetch: rate(45_000),
        apiKeyClient: rate(42_000),
        sessionClient: rate(41_000),
      },
      loopback: {
        plainFetchApiKey: rate(6_000),
        apiKeyClient: rate(5_500),
        plainFetchAccessToken: rate(6_000),
        sessionClient: rate(5_400),
        inFlight: 10,
      },
    },
    toolchain: {
      generate: { command: 'npm run generate', runsMs: [2000], medianMs: 2000 },
      lint: { command: 'npm run lint', runsMs: [3000], medianMs: 3000 },
    },
    interference: {
      'get-bare': { foreignShare: 0.01, attemptShares: [0.2, 0.01] },
      refresh: { foreignShare: 0.02, attemptShares: [0.02] },
    },
  };
}

/** A whole run around `sampleResults()`. */
export function sampleRun(options: BenchOptions, results: BenchResults = sampleResults()): BenchRun {
  return {
    command: options.quick ? 'npm run bench -- --quick' : 'npm run bench',
    date: '2026-11-29T10:00:00Z',
    wallSeconds: 300.4,
    options,
    machine: { cpu: 'Test CPU @ 2.00GHz', cores: 2, memoryBytes: 8 * 1024 ** 3, node: 'v20.20.2', os: 'Test Linux 12' },
    backgroundLoad: { before: 0.01, after: 0.02 },
    results,
  };
}
