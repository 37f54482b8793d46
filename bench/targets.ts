/**
 * The targets of the benchmarks and their verdicts. Every target is a ratio of two figures of
 * the same run (or, for refresh throughput and start-up, an absolute figure), so that a
 * verdict does not depend on how fast the machine is. Pure: the table and the report only
 * render what this computes.
 */

/** The figures the targets are computed from, all from one run. */
export interface Figures {
  /** Successful answers per second of GET /api/v1/cameras. */
  bareRps: number;
  apiKeyRps: number;
  jwtRps: number;
  prismRps: number;
  /** 200 answers per second of POST /api/auth/refresh, each with a fresh token. */
  refreshRps: number;
  /** Login latency at concurrency 1 and the raw argon2id hash time, milliseconds. */
  loginP50Ms: number;
  hashP50Ms: number;
  /** p99 of GET /api/v1/cameras at concurrency 1, idle and while logins saturate the server. */
  getIdleP99Ms: number;
  getUnderLoginP99Ms: number;
  /** Median time from process start to the first 200, milliseconds. */
  startupMs: number;
  /** heapUsed after a forced GC, after the first requests and after all of them, bytes. */
  heapAfterFirstBytes: number;
  heapAfterAllBytes: number;
  /** Calls per second with a stubbed fetch: plain fetch, our client with a key, with a session. */
  stubPlainRps: number;
  stubApiKeyRps: number;
  stubSessionRps: number;
}

/** How a figure is compared with its limit. */
export type Comparison = 'at-least' | 'at-most';

/** How a target's value reads: a ratio (0.52×), a rate (2,100/s), a duration (310 ms) or a share (1.2 %). */
export type ValueKind = 'ratio' | 'rate' | 'ms' | 'percent';

/** One target of issue "Benchmarks". */
export interface Target {
  id: string;
  /** What is compared, in words. */
  label: string;
  kind: ValueKind;
  comparison: Comparison;
  limit: number;
  value(figures: Figures): number;
}

/** A target with its value in this run. */
export interface Verdict {
  id: string;
  label: string;
  kind: ValueKind;
  comparison: Comparison;
  limit: number;
  value: number;
  met: boolean;
}

/** The targets, in the order of the table. */
export const TARGETS: readonly Target[] = [
  {
    id: 'api-key-vs-bare',
    label: 'API-key GET vs bare node:http',
    kind: 'ratio',
    comparison: 'at-least',
    limit: 0.5,
    value: (f) => f.apiKeyRps / f.bareRps,
  },
  {
    id: 'api-key-vs-prism',
    label: 'API-key GET vs Prism',
    kind: 'ratio',
    comparison: 'at-least',
    limit: 10,
    value: (f) => f.apiKeyRps / f.prismRps,
  },
  {
    id: 'jwt-vs-bare',
    label: 'JWT GET vs bare node:http',
    kind: 'ratio',
    comparison: 'at-least',
    limit: 0.4,
    value: (f) => f.jwtRps / f.bareRps,
  },
  {
    id: 'refresh-rate',
    label: 'Refresh (rotation) throughput',
    kind: 'rate',
    comparison: 'at-least',
    limit: 2000,
    value: (f) => f.refreshRps,
  },
  {
    id: 'login-vs-hash',
    label: 'Login p50 vs raw argon2id hash',
    kind: 'ratio',
    comparison: 'at-most',
    limit: 1.3,
    value: (f) => f.loginP50Ms / f.hashP50Ms,
  },
  {
    id: 'p99-under-login',
    label: 'GET p99 under login load vs idle',
    kind: 'ratio',
    comparison: 'at-most',
    limit: 1.5,
    value: (f) => f.getUnderLoginP99Ms / f.getIdleP99Ms,
  },
  {
    id: 'startup',
    label: 'Start-up to first 200',
    kind: 'ms',
    comparison: 'at-most',
    limit: 1000,
    value: (f) => f.startupMs,
  },
  {
    id: 'heap-growth',
    label: 'Heap growth, 5,000 vs 100 requests',
    kind: 'percent',
    comparison: 'at-most',
    limit: 0.05,
    value: (f) => (f.heapAfterAllBytes - f.heapAfterFirstBytes) / f.heapAfterFirstBytes,
  },
  {
    id: 'client-api-key',
    label: 'Client (API key) vs plain fetch, stubbed',
    kind: 'ratio',
    comparison: 'at-least',
    limit: 0.8,
    value: (f) => f.stubApiKeyRps / f.stubPlainRps,
  },
  {
    id: 'client-session',
    label: 'Client (session) vs plain fetch, stubbed',
    kind: 'ratio',
    comparison: 'at-least',
    limit: 0.8,
    value: (f) => f.stubSessionRps / f.stubPlainRps,
  },
];

/**
 * Whether `value` meets a limit. A value that is not a finite number (a figure was zero, or
 * missing) never meets anything.
 */
export function meets(value: number, comparison: Comparison, limit: number): boolean {
  if (!Number.isFinite(value)) return false;
  return comparison === 'at-least' ? value >= limit : value <= limit;
}

/** The verdict of every target for one run's figures. */
export function verdicts(figures: Figures, targets: readonly Target[] = TARGETS): Verdict[] {
  return targets.map((target) => {
    const value = target.value(figures);
    return {
      id: target.id,
      label: target.label,
      kind: target.kind,
      comparison: target.comparison,
      limit: target.limit,
      value,
      met: meets(value, target.comparison, target.limit),
    };
  });
}
