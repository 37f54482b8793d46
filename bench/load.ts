/**
 * The one load generator of the benchmarks: autocannon, driven programmatically from the bench
 * process with the same connections, pipelining and duration for every HTTP target, so that
 * figures of different targets can be divided by each other. Latencies are taken from
 * autocannon's per-response events (float milliseconds) rather than its histogram, whose
 * resolution is a whole millisecond.
 */
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { type LatencySummary, summarizeLatencies } from './stats.js';

/** One request template of autocannon (the subset the benchmarks use). */
export interface LoadRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Called before each request; autocannon sends what it returns. */
  setupRequest?: (request: LoadRequest, context: Record<string, unknown>) => LoadRequest;
  /** Called with each response's status and body. */
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}

interface AutocannonOptions extends LoadRequest {
  url: string;
  connections: number;
  pipelining: number;
  duration?: number;
  amount?: number;
  sampleInt: number;
  timeout: number;
  requests?: LoadRequest[];
}

interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number } | undefined>;
}

interface AutocannonInstance extends EventEmitter {
  stop(): void;
}

type Autocannon = (
  options: AutocannonOptions,
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** The settings every HTTP throughput measurement shares. */
export interface LoadSettings {
  connections: number;
  pipelining: number;
  durationSeconds: number;
}

/** What to send: one URL with a fixed request, or a list of dynamic request templates. */
export interface LoadSpec extends LoadRequest {
  url: string;
  requests?: LoadRequest[];
  /** The status that counts as a success (default 200); every other answer is reported apart. */
  okStatus?: number;
  /** Send exactly this many requests instead of running for the duration. */
  amount?: number;
  /** Connections, when a measurement is defined at another concurrency (latency at concurrency 1). */
  connections?: number;
  durationSeconds?: number;
  /** Also receives every successful answer's latency (ms), to summarise several runs together. */
  latencySink?: number[];
}

/** The raw figures of one load run. */
export interface LoadResult {
  /** Successful answers (`okStatus`) per second of the run. */
  okPerSecond: number;
  ok: number;
  /** Every other status, with its count. */
  otherStatuses: Record<string, number>;
  errors: number;
  timeouts: number;
  elapsedSeconds: number;
  connections: number;
  pipelining: number;
  /** Latencies of the successful answers, or null when there were none. */
  latencyMs: LatencySummary | null;
}

/**
 * Runs autocannon once with the shared settings (overridable only where a measurement is
 * defined at another concurrency or by a number of requests) and returns the raw figures.
 */
export function runLoad(settings: LoadSettings, spec: LoadSpec): Promise<LoadResult> {
  const okStatus = spec.okStatus ?? 200;
  const connections = spec.connections ?? settings.connections;
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const options: AutocannonOptions = {
      url: spec.url,
      connections,
      pipelining: settings.pipelining,
      sampleInt: 100,
      timeout: 30,
      ...(spec.amount !== undefined
        ? { amount: spec.amount }
        : { duration: spec.durationSeconds ?? settings.durationSeconds }),
      ...(spec.method !== undefined ? { method: spec.method } : {}),
      ...(spec.headers !== undefined ? { headers: spec.headers } : {}),
      ...(spec.body !== undefined ? { body: spec.body } : {}),
      ...(spec.requests !== undefined ? { requests: spec.requests } : {}),
    };
    const instance = autocannon(options, (error, result) => {
      if (error) return reject(error);
      const otherStatuses: Record<string, number> = {};
      let ok = 0;
      for (const [status, stat] of Object.entries(result.statusCodeStats)) {
        if (!stat) continue;
        if (Number(status) === okStatus) ok = stat.count;
        else otherStatuses[status] = stat.count;
      }
      resolve({
        okPerSecond: result.duration > 0 ? ok / result.duration : 0,
        ok,
        otherStatuses,
        errors: result.errors,
        timeouts: result.timeouts,
        elapsedSeconds: result.duration,
        connections,
        pipelining: settings.pipelining,
        latencyMs: latencies.length > 0 ? summarizeLatencies(latencies) : null,
      });
    });
    instance.on('response', (_client: unknown, status: number, _bytes: number, responseTimeMs: number) => {
      if (status !== okStatus) return;
      latencies.push(responseTimeMs);
      spec.latencySink?.push(responseTimeMs);
    });
  });
}

/**
 * Several runs of one measurement as one result: counts added up, the rate over their summed
 * time, and the latencies of all their successful answers (collected with `latencySink`).
 */
export function mergeLoadResults(results: readonly LoadResult[], latencies: readonly number[]): LoadResult {
  if (results.length === 0) throw new RangeError('nothing to merge');
  const otherStatuses: Record<string, number> = {};
  for (const result of results) {
    for (const [status, count] of Object.entries(result.otherStatuses))
      otherStatuses[status] = (otherStatuses[status] ?? 0) + count;
  }
  const ok = results.reduce((n, r) => n + r.ok, 0);
  const elapsedSeconds = results.reduce((n, r) => n + r.elapsedSeconds, 0);
  return {
    okPerSecond: elapsedSeconds > 0 ? ok / elapsedSeconds : 0,
    ok,
    otherStatuses,
    errors: results.reduce((n, r) => n + r.errors, 0),
    timeouts: results.reduce((n, r) => n + r.timeouts, 0),
    elapsedSeconds,
    connections: results[0]!.connections,
    pipelining: results[0]!.pipelining,
    latencyMs: latencies.length > 0 ? summarizeLatencies(latencies) : null,
  };
}

/** Every answer that was not a success, in one number, for the "non-2xx" column. */
export function failures(result: LoadResult): number {
  return Object.values(result.otherStatuses).reduce((sum, n) => sum + n, 0) + result.errors;
}

/**
 * A warm-up run (discarded) and then the measured run, with the same spec: every target is
 * measured after the same warm-up, so that JIT compilation and lazy start-up work are not
 * part of anyone's figure.
 */
export async function runWarm(settings: LoadSettings, warmupSeconds: number, spec: LoadSpec): Promise<LoadResult> {
  if (warmupSeconds > 0) await runLoad(settings, { ...spec, amount: undefined, durationSeconds: warmupSeconds });
  return runLoad(settings, spec);
}
