/**
 * The instruments of the bench: one load generator (autocannon in the bench process, pipelining
 * 1, for every HTTP target), a meter of the CPU that other programs take while a measurement
 * runs, and a loop that counts calls per second in the bench process itself.
 */
import type { EventEmitter } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { median, percentile, quietest } from './report.js';

/** One autocannon request template (the part the bench uses). */
export interface LoadRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string> | undefined;
  body?: string;
  setupRequest?: (request: LoadRequest) => LoadRequest;
  onResponse?: (status: number, body: string) => void;
}

/** What to send, over how many connections, for `seconds` or `amount` requests; `sink` also gets each 200's latency. */
export type LoadSpec = LoadRequest & {
  url: string;
  connections: number;
  seconds?: number;
  amount?: number;
  requests?: LoadRequest[];
  sink?: number[];
};

/** 200s per second, the latencies of the 200s (ms), and every other answer by status (or "errors"). */
export type Load = ReturnType<typeof summary>;

type Result = { duration: number; errors: number; statusCodeStats: Record<string, { count: number }> };
const autocannon = createRequire(import.meta.url)('autocannon') as (
  o: object,
  done: (e: Error | null, r: Result) => void,
) => EventEmitter;

/** One autocannon run. Latencies come from its per-response events (float ms), not its whole-millisecond histogram. */
export function load({ seconds, sink, ...spec }: LoadSpec): Promise<Load> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const options = { ...spec, pipelining: 1, timeout: 30, ...(seconds === undefined ? {} : { duration: seconds }) };
    autocannon(options, (error, result) => {
      if (error) return reject(error);
      const other: Record<string, number> = result.errors > 0 ? { errors: result.errors } : {};
      for (const [status, { count }] of Object.entries(result.statusCodeStats))
        if (status !== '200') other[status] = count;
      if (latencies.length === 0) return reject(new Error(`${spec.url}: no 200 among ${JSON.stringify(other)}`));
      resolve(summary(latencies, result.duration, other));
    }).on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status !== 200) return;
      latencies.push(ms);
      sink?.push(ms);
    });
  });
}

/** The figures of the 200s whose latencies are given, over `seconds`. */
export function summary(latencies: readonly number[], seconds: number, other: Record<string, number> = {}) {
  const ok = latencies.length;
  const [p50, p99] = ok ? [median(latencies), percentile(latencies, 99)] : [Number.NaN, Number.NaN];
  return { rps: seconds > 0 ? ok / seconds : 0, ok, seconds, p50, p99, other };
}

/** A discarded warm-up of `warmup` seconds with the same spec, then the measured run. */
export async function warmLoad(spec: LoadSpec, warmup: number): Promise<Load> {
  await load({ ...spec, amount: undefined, sink: undefined, seconds: warmup });
  return load(spec);
}

/** Ticks (1/100 s) this process and every process below it used (for this one, its reaped children's too). */
function ownTicks(): number {
  const procs = new Map<number, number[]>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      // After "pid (comm) ": state ppid … utime stime cutime cstime, at 1 and 11 to 14.
      procs.set(Number(pid), readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ').map(Number));
    } catch {
      // The process ended while the list was read.
    }
  }
  let total = 0;
  for (const [pid, f] of procs) {
    let up: number | undefined = pid;
    while (up !== undefined && up > 1 && up !== process.pid) up = procs.get(up)?.[1];
    if (up === process.pid) total += f[11]! + f[12]! + (pid === process.pid ? f[13]! + f[14]! : 0);
  }
  return total;
}

/**
 * The busy ticks of all cores in /proc/stat's `cpu` line: user, nice, system, interrupts, and
 * steal (time the hypervisor gave to other machines while this one wanted to run: a virtual
 * machine is then as disturbed as by a busy program of its own). Idle and iowait are not busy.
 */
export function machineBusyTicks(stat: string): number {
  const [user, nice, system, , , irq, softirq, steal] = stat.split(/\s+/).slice(1, 9).map(Number);
  return user! + nice! + system! + irq! + softirq! + (Number.isFinite(steal) ? steal! : 0);
}

/**
 * Starts measuring the share of all cores (0–1) that processes other than the bench and its
 * children use (machine busy ticks from /proc/stat, interrupts and steal included, less the bench's own);
 * the function returned reads it. Linux only: elsewhere it reads 0.
 */
export function foreignShare(): () => number {
  if (process.platform !== 'linux') return () => 0;
  const busy = () => machineBusyTicks(readFileSync('/proc/stat', 'utf8')) - ownTicks();
  const [before, started] = [busy(), performance.now()];
  return () => Math.min(1, Math.max(0, (busy() - before) / ((performance.now() - started) / 10) / os.cpus().length));
}

/**
 * Runs `measure` until other programs leave an attempt quiet (at most `threshold` of the machine)
 * or `attempts` are made, and keeps the quietest; `shares` is every attempt's disturbance.
 */
export async function quietly<T>(attempts: number, threshold: number, measure: () => Promise<T>) {
  const [results, shares] = [[] as T[], [] as number[]];
  while (results.length < attempts && !shares.some((share) => share <= threshold)) {
    const read = foreignShare();
    results.push(await measure());
    shares.push(read());
  }
  return { result: results[quietest(shares, threshold)]!, shares };
}

/** Variants measured as a target and its baseline: the first named, then the second. */
export type Pairs<K extends string> = ReadonlyArray<readonly [NoInfer<K>, NoInfer<K>]>;

/**
 * Measures each variant in `rounds` turns of `seconds`, the order rotating from round to round,
 * so that a slow moment of the machine falls on every variant alike and none always follows the
 * same other. Per variant, the turn of median rate counts; but the two variants of each of
 * `pairs` (a target and its baseline) are kept from one round, the round whose ratio of the two
 * is the median: a ratio of turns a few seconds apart follows the machine's speed of that moment
 * on both sides, where two medians taken apart may come from a fast round and a slow one.
 */
export async function inTurns<K extends string, T>(
  variants: Record<K, (seconds: number) => Promise<T>>,
  rounds: number,
  seconds: number,
  rateOf: (result: T) => number,
  pairs: Pairs<K> = [],
): Promise<Record<K, T>> {
  const names = Object.keys(variants) as K[];
  const paired = pairs.flat();
  for (const name of paired) {
    if (!names.includes(name)) throw new Error(`no variant "${name}" to pair`);
    if (paired.indexOf(name) !== paired.lastIndexOf(name)) throw new Error(`"${name}" is in more than one pair`);
  }
  const turns = new Map(names.map((name) => [name, [] as T[]]));
  for (let round = 0; round < rounds; round++)
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      turns.get(name)!.push(await variants[name](seconds));
    }
  const pick = (results: T[]) => {
    const m = median(results.map(rateOf));
    return results.find((result) => rateOf(result) === m)!;
  };
  const picked = Object.fromEntries(names.map((name) => [name, pick(turns.get(name)!)])) as Record<K, T>;
  for (const [target, baseline] of pairs) {
    const [ts, bs] = [turns.get(target)!, turns.get(baseline)!];
    const ratios = ts.map((result, round) => rateOf(result) / rateOf(bs[round]!));
    const round = ratios.indexOf(median(ratios));
    // A round where both made nothing (0 / 0) has no ratio: then the medians stand.
    if (round >= 0) [picked[target], picked[baseline]] = [ts[round]!, bs[round]!];
  }
  return picked;
}

/**
 * Calls per second of each variant, `inFlight` at a time: a warm-up of `warmup` seconds of each,
 * then `rounds` turns of `seconds` (see inTurns, also for `pairs`); the median turn counts.
 */
export async function callRates<K extends string>(
  variants: Record<K, () => Promise<unknown>>,
  o: { rounds: number; seconds: number; warmup: number; inFlight: number; pairs?: Pairs<K> },
) {
  const rateOf = (call: () => Promise<unknown>) => async (s: number) => {
    let count = 0;
    const started = performance.now();
    const loop = async () => {
      for (; performance.now() - started < s * 1000; count++) await call();
    };
    await Promise.all(Array.from({ length: o.inFlight }, loop));
    return (count * 1000) / (performance.now() - started);
  };
  const names = Object.keys(variants) as K[];
  const timed = Object.fromEntries(names.map((name) => [name, rateOf(variants[name])])) as Record<
    K,
    (s: number) => Promise<number>
  >;
  for (const name of names) await timed[name](o.warmup);
  return inTurns(timed, o.rounds, o.seconds, (rate) => rate, o.pairs);
}
