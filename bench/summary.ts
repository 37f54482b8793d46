/**
 * The two tables of a run: the targets with their ratios and verdicts, and the other figures
 * (throughput and latency of every target, start-up of Prism, the client over loopback, the
 * toolchain), built from the raw results so that every number in them is in the JSON too.
 */
import { formatBytes, formatLimit, formatMs, formatPercent, formatRate, formatRatio, formatValue } from './format.js';
import type { LoadResult } from './load.js';
import type { BenchResults } from './results.js';
import type { Table } from './table.js';
import type { Verdict } from './targets.js';

/** How a run's non-successes read: "0 other answers" or "3 × 401, 1 error". */
export function otherAnswers(result: LoadResult): string {
  const parts = Object.entries(result.otherStatuses)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([status, count]) => `${count} × ${status}`);
  if (result.errors > 0) parts.push(`${result.errors} error${result.errors === 1 ? '' : 's'}`);
  return parts.length === 0 ? 'no other answers' : parts.join(', ');
}

function latencies(result: LoadResult): string {
  return result.latencyMs
    ? `p50 ${formatMs(result.latencyMs.p50)}, p99 ${formatMs(result.latencyMs.p99)}`
    : 'no successful answer';
}

function measured(id: string, r: BenchResults): string {
  const { get, client } = r;
  switch (id) {
    case 'api-key-vs-bare':
      return `${formatRate(get.apiKey.okPerSecond)} vs ${formatRate(get.bare.okPerSecond)}`;
    case 'api-key-vs-prism':
      return `${formatRate(get.apiKey.okPerSecond)} vs ${formatRate(get.prism.okPerSecond)}`;
    case 'jwt-vs-bare':
      return `${formatRate(get.jwt.okPerSecond)} vs ${formatRate(get.bare.okPerSecond)}`;
    case 'refresh-rate':
      return `${r.refresh.result.ok.toLocaleString('en-US')} rotations over ${r.refresh.sessions.toLocaleString('en-US')} sessions, ${otherAnswers(r.refresh.result)}`;
    case 'login-vs-hash':
      return `p50 ${formatMs(r.login.latency.latencyMs?.p50 ?? Number.NaN)} vs ${formatMs(r.login.hash.p50)}`;
    case 'p99-under-login':
      return `${formatMs(r.latencyUnderLogins.underLogins.latencyMs?.p99 ?? Number.NaN)} vs ${formatMs(r.latencyUnderLogins.idle.latencyMs?.p99 ?? Number.NaN)}`;
    case 'startup':
      return `median of ${r.startup.ours.runsMs.length} (Prism ${formatMs(r.startup.prism.medianMs)})`;
    case 'heap-growth':
      return `${formatBytes(r.memory.heapAfterFirstBytes)} → ${formatBytes(r.memory.heapAfterAllBytes)}`;
    case 'client-api-key':
      return `${formatRate(client.stubbed.apiKeyClient.medianRps)} vs ${formatRate(client.stubbed.plainFetch.medianRps)}`;
    case 'client-session':
      return `${formatRate(client.stubbed.sessionClient.medianRps)} vs ${formatRate(client.stubbed.plainFetch.medianRps)}`;
    default:
      return '';
  }
}

/** Target | Measured | Value | Limit | Verdict, one row per target. */
export function targetTable(results: BenchResults, verdicts: readonly Verdict[]): Table {
  return {
    header: ['Target', 'Measured', 'Value', 'Limit', 'Verdict'],
    rows: verdicts.map((v) => [
      v.label,
      measured(v.id, results),
      formatValue(v.kind, v.value),
      formatLimit(v.kind, v.comparison, v.limit),
      v.met ? 'met' : 'MISSED',
    ]),
  };
}

/** Measurement | Figure, for everything measured that has no target of its own. */
export function figureTable(r: BenchResults): Table {
  const { get, client, latencyUnderLogins: lu } = r;
  const lb = client.loopback;
  const rows: string[][] = [
    [
      'GET /api/v1/cameras, bare node:http',
      `${formatRate(get.bare.okPerSecond)}, ${latencies(get.bare)}, ${otherAnswers(get.bare)}`,
    ],
    [
      'GET /api/v1/cameras, reference server, API key',
      `${formatRate(get.apiKey.okPerSecond)}, ${latencies(get.apiKey)}, ${otherAnswers(get.apiKey)}`,
    ],
    [
      'GET /api/v1/cameras, reference server, user JWT',
      `${formatRate(get.jwt.okPerSecond)}, ${latencies(get.jwt)}, ${otherAnswers(get.jwt)}`,
    ],
    [
      'GET /api/v1/cameras, Prism (npm run mock)',
      `${formatRate(get.prism.okPerSecond)}, ${latencies(get.prism)}, ${otherAnswers(get.prism)}`,
    ],
    [
      'POST /api/auth/refresh, rotation',
      `${formatRate(r.refresh.result.okPerSecond)}, ${latencies(r.refresh.result)}, ${otherAnswers(r.refresh.result)}`,
    ],
    ['POST /api/auth/login, concurrency 1', `${latencies(r.login.latency)}, ${otherAnswers(r.login.latency)}`],
    [
      'argon2id hash, raw (same parameters)',
      `p50 ${formatMs(r.login.hash.p50)}, p99 ${formatMs(r.login.hash.p99)} over ${r.login.hash.samples}`,
    ],
    ['GET /api/v1/cameras at concurrency 1, idle', `${formatRate(lu.idle.okPerSecond)}, ${latencies(lu.idle)}`],
    [
      '… while logins saturate the server',
      `${formatRate(lu.underLogins.okPerSecond)}, ${latencies(lu.underLogins)}, ${otherAnswers(lu.underLogins)}`,
    ],
    [
      '… the login flood meanwhile',
      `${formatRate(lu.logins.okPerSecond)} logins, ${latencies(lu.logins)}, ${otherAnswers(lu.logins)}`,
    ],
    ['Start-up to first 200, reference server (runs)', r.startup.ours.runsMs.map(formatMs).join(', ')],
    ['Start-up to first 200, Prism (runs)', r.startup.prism.runsMs.map(formatMs).join(', ')],
    [
      'Heap after requests (heapUsed after GCs)',
      `${formatBytes(r.memory.heapAfterFirstBytes)} after ${r.memory.firstRequests}, ${formatBytes(r.memory.heapAfterAllBytes)} after ${r.memory.totalRequests.toLocaleString('en-US')}, ` +
        `${formatBytes(r.memory.heapAfterMoreBytes)} after ${r.memory.moreRequests.toLocaleString('en-US')} (${formatPercent((r.memory.heapAfterMoreBytes - r.memory.heapAfterAllBytes) / r.memory.heapAfterAllBytes)} since ${r.memory.totalRequests.toLocaleString('en-US')}), ${r.memory.failures} non-200`,
    ],
    [
      'Client, stubbed fetch: openapi-fetch alone (floor)',
      `${formatRate(client.stubbed.openapiFetch.medianRps)} vs plain fetch ${formatRate(client.stubbed.plainFetch.medianRps)} (${formatRatio(client.stubbed.openapiFetch.medianRps / client.stubbed.plainFetch.medianRps)})`,
    ],
    [
      'Client over loopback, API key',
      `${formatRate(lb.apiKeyClient.medianRps)} vs plain fetch ${formatRate(lb.plainFetchApiKey.medianRps)} (${formatRatio(lb.apiKeyClient.medianRps / lb.plainFetchApiKey.medianRps)}), ${lb.inFlight} in flight`,
    ],
    [
      'Client over loopback, session',
      `${formatRate(lb.sessionClient.medianRps)} vs plain fetch ${formatRate(lb.plainFetchAccessToken.medianRps)} (${formatRatio(lb.sessionClient.medianRps / lb.plainFetchAccessToken.medianRps)}), ${lb.inFlight} in flight`,
    ],
    [
      'npm run generate, wall time',
      `${formatMs(r.toolchain.generate.medianMs)} (median of ${r.toolchain.generate.runsMs.length})`,
    ],
    ['npm run lint, wall time', `${formatMs(r.toolchain.lint.medianMs)} (median of ${r.toolchain.lint.runsMs.length})`],
  ];
  return { header: ['Measurement', 'Figure'], rows };
}

/** Whether every target was met. */
export function allMet(verdicts: readonly Verdict[]): boolean {
  return verdicts.every((v) => v.met);
}
