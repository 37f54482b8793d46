/**
 * The settings of a benchmark run, full or `--quick`. One place for every duration and count,
 * so that the report can print exactly what was run, and every HTTP target gets the same
 * connections, pipelining and duration.
 */
import type { LoadSettings } from './load.js';

/** Everything a run needs to know about its own size. */
export interface BenchOptions {
  quick: boolean;
  /** Shared by every HTTP throughput measurement (bare, reference server, Prism, refresh). */
  http: LoadSettings;
  /** Load before each measured run, not counted, so that every target is measured warm. */
  warmupSeconds: number;
  /** Sessions logged in before the refresh measurement; each request rotates one of them. */
  refreshSessions: number;
  /** Logins measured one after the other, and argon2id hashes measured the same way. */
  loginSamples: number;
  /** Logins and hashes alternate in blocks of this many, so both see the same moments of the machine. */
  loginBlock: number;
  /** Connections that log in without pause while GET latency is measured: enough to keep every password slot of the server busy. */
  loginFloodConnections: number;
  /** Start-ups measured per server (the median is reported). */
  startupRuns: number;
  /** Requests before the first heap reading, and in total before the second. */
  memoryFirstRequests: number;
  memoryTotalRequests: number;
  /** Rounds and seconds per round of the in-process client measurement (the median round counts). */
  clientRounds: number;
  clientRoundSeconds: number;
  /** Runs of `npm run generate` and `npm run lint` (the median is reported). */
  toolchainRuns: number;
  /** Attempts of a measurement while other programs keep disturbing it (see bench-quiet). */
  maxAttempts: number;
}

const FULL: BenchOptions = {
  quick: false,
  http: { connections: 10, pipelining: 1, durationSeconds: 10 },
  warmupSeconds: 3,
  refreshSessions: 1000,
  loginSamples: 200,
  loginBlock: 20,
  loginFloodConnections: 4,
  startupRuns: 7,
  memoryFirstRequests: 100,
  memoryTotalRequests: 5000,
  clientRounds: 5,
  clientRoundSeconds: 1,
  toolchainRuns: 3,
  maxAttempts: 3,
};

const QUICK: BenchOptions = {
  ...FULL,
  quick: true,
  http: { ...FULL.http, durationSeconds: 3 },
  warmupSeconds: 1,
  refreshSessions: 100,
  loginSamples: 40,
  loginBlock: 10,
  startupRuns: 3,
  clientRounds: 3,
  clientRoundSeconds: 0.4,
  toolchainRuns: 1,
  maxAttempts: 2,
};

/** Thrown for a command line the bench cannot use. */
export class UsageError extends Error {}

/** The usage text of `npm run bench`. */
export const BENCH_USAGE = `Usage: npm run bench [-- --quick]

Starts each target itself, measures it with autocannon, prints the table and writes
docs/benchmarks.md and docs/benchmarks.json.

  --quick   a short run (about a minute and a half) with the same settings but shorter durations
  --help    this text`;

/**
 * The options of a run from its arguments and environment. `npm run bench --quick` (without
 * the `--`) reaches the script only as `npm_config_quick`, so that is read too.
 */
export function benchOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions | 'help' {
  let quick = env.npm_config_quick !== undefined && env.npm_config_quick !== '' && env.npm_config_quick !== 'false';
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg === '--help' || arg === '-h') return 'help';
    else throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
  }
  return quick ? QUICK : FULL;
}
