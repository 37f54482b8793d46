/**
 * docs/benchmarks.md and docs/benchmarks.json: the record of a run — the command that made
 * it, the date, the machine, the settings, both tables and how each figure is measured —
 * and the raw figures with the machine, for anyone who wants to compute something else.
 */
import { formatPercent, formatRatio } from './format.js';
import { QUIET_SHARE } from './quiet.js';
import type { BenchResults, BenchRun } from './results.js';
import { figureTable, targetTable } from './summary.js';
import { renderMarkdown } from './table.js';
import type { Verdict } from './targets.js';

/** How much other programs disturbed the measurements, in one phrase. */
export function interferenceLine(interference: BenchResults['interference']): string {
  const entries = Object.entries(interference);
  if (entries.length === 0) return 'not measured during the run';
  const [worstId, worst] = entries.reduce((a, b) => (b[1].foreignShare > a[1].foreignShare ? b : a));
  const repeated = entries.filter(([, v]) => v.attemptShares.length > 1).map(([id]) => id);
  const again = repeated.length === 0 ? '' : `; repeated because of them: ${repeated.join(', ')}`;
  return `at most ${formatPercent(worst.foreignShare)} during a measurement (${worstId})${again}`;
}

/**
 * What a reader needs to know about a missed target that the table cannot say: for the
 * client, the floor set by the library it is built on, measured in the same run.
 */
export function notes(r: BenchResults, verdicts: readonly Verdict[]): string {
  const lines: string[] = [];
  const missed = new Set(verdicts.filter((v) => !v.met).map((v) => v.id));
  if (missed.has('client-api-key') || missed.has('client-session')) {
    const s = r.client.stubbed;
    const floor = s.openapiFetch.medianRps / s.plainFetch.medianRps;
    lines.push(
      `- **Client.** The client is built on openapi-fetch, which builds a \`Request\` (with its \`AbortSignal\`) for every call before ` +
        `\`fetch\` sees it; with a stub that answers at once, that alone reaches ${formatRatio(floor)} of plain fetch in this run. ` +
        `On top of it, the API-key client keeps ${formatRatio(s.apiKeyClient.medianRps / s.openapiFetch.medianRps)} and the session client ` +
        `${formatRatio(s.sessionClient.medianRps / s.openapiFetch.medianRps)} of openapi-fetch's rate. Over loopback, where a real server answers, ` +
        `the clients reach ${formatRatio(r.client.loopback.apiKeyClient.medianRps / r.client.loopback.plainFetchApiKey.medianRps)} (API key) and ` +
        `${formatRatio(r.client.loopback.sessionClient.medianRps / r.client.loopback.plainFetchAccessToken.medianRps)} (session) of plain fetch.`,
    );
  }
  return lines.length === 0 ? '' : `## Notes on missed targets\n\n${lines.join('\n')}\n\n`;
}

/** The Markdown report of a run. */
export function renderReport(run: BenchRun, verdicts: readonly Verdict[], jsonFile: string): string {
  const { options: o, machine: m, results: r } = run;
  const met = verdicts.filter((v) => v.met).length;
  const seconds = (n: number) => `${n} s`;
  return `# Benchmarks

<!-- Written by \`npm run bench\`; run it again instead of editing this file. -->

Recorded with \`${run.command}\` on ${run.date} (UTC); the run took ${Math.round(run.wallSeconds)} s.
${met} of ${verdicts.length} targets met. Raw figures: [${jsonFile}](${jsonFile}).

- Machine: ${m.cpu}, ${m.cores} cores, ${(m.memoryBytes / 1024 ** 3).toFixed(1)} GiB RAM
- Node ${m.node}, ${m.os}
- Other programs on the machine: ${formatPercent(run.backgroundLoad.before)} of all cores just before the run, ${formatPercent(run.backgroundLoad.after)} just after, ${interferenceLine(r.interference)}

Every claim is a ratio of two figures of this run, measured side by side on the same machine,
never an absolute speed. A measurement during which other programs took more than
${QUIET_SHARE * 100} % of the machine is repeated (up to ${o.maxAttempts} times) and the least disturbed attempt is
kept; the JSON lists the share for every attempt.

## Targets

${renderMarkdown(targetTable(r, verdicts))}

## All figures

${renderMarkdown(figureTable(r))}

${notes(r, verdicts)}## How each figure is measured

- **One load generator.** autocannon 9, run programmatically in the bench process with
  ${o.http.connections} connections, pipelining ${o.http.pipelining} and ${seconds(o.http.durationSeconds)} per measurement after a
  ${seconds(o.warmupSeconds)} warm-up with the same settings, for every HTTP throughput figure (bare server, reference
  server with either credential, Prism, refresh). Only answers with the expected status count;
  every other answer is listed. Latencies come from autocannon's per-response times (float
  milliseconds); percentiles are nearest-rank.
- **Every target in its own process**, started by the bench, warmed up and measured at once
  (never after sitting idle) and stopped after its measurement, so that the load generator
  never shares a thread with what it measures: the
  reference server from its built bundle (\`mock/dist\`, in-memory database, seeded, as
  \`startServer\` starts it), the bare server, Prism through \`startPrism\` (what \`npm run mock\`
  runs, on \`generated/openapi.yaml\`).
- **Baseline.** A bare \`node:http\` server answering every request with the exact bytes and
  content type of the reference server's \`GET /api/v1/cameras\` answer (${r.camerasBody.bytes} bytes of
  \`${r.camerasBody.contentType}\`), fetched from the reference server first.
- **GET.** \`GET /api/v1/cameras\` with the live demo API key, and with the access token of one
  login (the same token on every request). Prism gets the API key too.
- **Refresh.** ${r.refresh.sessions.toLocaleString('en-US')} sessions are logged in first (client type \`api\`); each
  request takes the oldest unused refresh token of the pool and each 200 puts the rotated
  token back at the end, so no token is sent twice and every refresh really rotates. Only
  200s count.
- **Login.** ${o.loginSamples} logins one after the other (concurrency 1), and ${o.loginSamples} argon2id hashes timed
  one after the other in the bench process with the server's library and parameters
  (\`ARGON2_OPTIONS\`: m=${r.login.hash.parameters.memoryCost} KiB, t=${r.login.hash.parameters.timeCost}, p=${r.login.hash.parameters.parallelism}), alternating in blocks of ${o.loginBlock}
  so that both see the same moments of the machine.
- **GET under logins.** \`GET /api/v1/cameras\` with the API key at concurrency 1 for ${seconds(o.http.durationSeconds)},
  first with the server otherwise idle, then while ${o.loginFloodConnections} connections log in without pause (the
  flood starts a second before the probe). Concurrency 1, so that the p99 shows how long a
  request waits behind logins rather than behind other GETs. An idle machine wakes up more
  slowly than a busy one, so the ratio can come out below 1.
- **Start-up.** From spawning the process to the first 200 of \`GET /api/v1/cameras\` (polled
  every 5 ms with \`node:http\`): the built CLI (\`node mock/bin/novavms-mock.js --db :memory:
  --no-docs-build\`) and Prism (\`startPrism\`), ${o.startupRuns} runs each, median.
- **Memory.** A reference server started with \`--expose-gc\` by a bench launcher that reports
  \`heapUsed\` over IPC (not over HTTP) after forced full collections until the heap stops
  shrinking (at least six: V8 drops start-up bytecode only after five unused collections). It serves ${o.memoryFirstRequests} requests, then
  ${(o.memoryTotalRequests - o.memoryFirstRequests).toLocaleString('en-US')} more (camera list and one camera with the API key, camera page and
  who-am-I with an access token, all validated against the contract); growth is between the
  two readings. A third reading after ${(4 * o.memoryTotalRequests).toLocaleString('en-US')} requests tells warm-up (code the JIT compiles)
  from a leak, which would keep growing.
- **Client.** Calls per second of \`GET /api/v1/cameras\` through \`createClient\` with an API key
  and with a logged-in session, against plain \`fetch\` with the same header and \`res.json()\`;
  ${o.clientRounds} interleaved rounds, the median counts. Stubbed: \`fetch\` is a function that answers
  at once with a canned 200 and the cameras body, one call at a time, so plain fetch costs only
  the Response and its JSON and everything else is the client's own overhead; openapi-fetch
  alone (the key as a default header, no middleware) shows the floor the client is built on.
  Loopback: the global \`fetch\` against a reference server, ${r.client.loopback.inFlight} calls in flight.
- **Toolchain.** Wall time of \`npm run generate\` and \`npm run lint\` from the repository root,
  ${o.toolchainRuns === 1 ? 'one run each' : `median of ${o.toolchainRuns} runs`}.
`;
}

/** The JSON record: the whole run plus the verdicts, numbers unrounded. */
export function renderJson(run: BenchRun, verdicts: readonly Verdict[]): string {
  return `${JSON.stringify({ ...run, verdicts }, null, 2)}\n`;
}
