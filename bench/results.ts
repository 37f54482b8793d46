/**
 * The raw results of one benchmark run, as written to docs/benchmarks.json, and the figures
 * the targets are computed from. Pure, so that the unit tests can feed it made-up results.
 */

import type { LoadResult } from './load.js';
import type { LatencyUnderLogins, LoginVersusHash } from './login.js';
import type { Machine } from './machine.js';
import type { MemoryResult } from './memory.js';
import type { BenchOptions } from './options.js';
import type { StartupResult } from './startup.js';
import type { LatencySummary } from './stats.js';
import type { Figures } from './targets.js';
import type { ToolchainResult } from './toolchain.js';

/** Calls per second of one client variant: the median of its rounds, and the rounds. */
export interface ClientRate {
  medianRps: number;
  roundsRps: number[];
}

/** Everything a run measured. */
export interface BenchResults {
  /** The body every GET target answers (the bare server's copy of the reference server's). */
  camerasBody: { bytes: number; contentType: string };
  get: { bare: LoadResult; apiKey: LoadResult; jwt: LoadResult; prism: LoadResult };
  refresh: { sessions: number; result: LoadResult };
  login: LoginVersusHash;
  latencyUnderLogins: LatencyUnderLogins;
  startup: { ours: StartupResult; prism: StartupResult };
  memory: MemoryResult;
  client: {
    stubbed: { plainFetch: ClientRate; openapiFetch: ClientRate; apiKeyClient: ClientRate; sessionClient: ClientRate };
    loopback: {
      plainFetchApiKey: ClientRate;
      apiKeyClient: ClientRate;
      plainFetchAccessToken: ClientRate;
      sessionClient: ClientRate;
      inFlight: number;
    };
  };
  toolchain: { generate: ToolchainResult; lint: ToolchainResult };
  /**
   * Per measurement, the share of all cores that other programs used while it ran (the kept
   * attempt) and in every attempt.
   */
  interference: Record<string, { foreignShare: number; attemptShares: number[] }>;
}

/** A whole run: when, where, how, what. */
export interface BenchRun {
  command: string;
  date: string;
  wallSeconds: number;
  options: BenchOptions;
  machine: Machine;
  /** Share of all cores busy with other work just before and just after the run. */
  backgroundLoad: { before: number; after: number };
  results: BenchResults;
}

function p(latency: LatencySummary | null, which: 'p50' | 'p99'): number {
  return latency ? latency[which] : Number.NaN;
}

/** The figures of the targets, from the raw results. A missing latency becomes NaN (a miss). */
export function figuresOf(results: BenchResults): Figures {
  return {
    bareRps: results.get.bare.okPerSecond,
    apiKeyRps: results.get.apiKey.okPerSecond,
    jwtRps: results.get.jwt.okPerSecond,
    prismRps: results.get.prism.okPerSecond,
    refreshRps: results.refresh.result.okPerSecond,
    loginP50Ms: p(results.login.latency.latencyMs, 'p50'),
    hashP50Ms: results.login.hash.p50,
    getIdleP99Ms: p(results.latencyUnderLogins.idle.latencyMs, 'p99'),
    getUnderLoginP99Ms: p(results.latencyUnderLogins.underLogins.latencyMs, 'p99'),
    startupMs: results.startup.ours.medianMs,
    heapAfterFirstBytes: results.memory.heapAfterFirstBytes,
    heapAfterAllBytes: results.memory.heapAfterAllBytes,
    stubPlainRps: results.client.stubbed.plainFetch.medianRps,
    stubApiKeyRps: results.client.stubbed.apiKeyClient.medianRps,
    stubSessionRps: results.client.stubbed.sessionClient.medianRps,
  };
}
