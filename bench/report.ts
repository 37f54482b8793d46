/**
 * The arithmetic and the text of `npm run bench`, pure so that bench/test can check it: the
 * targets and their verdicts, the median and spread of several runs, the tables, and the record
 * of one Node.js major line inside docs/benchmarks.md.
 */

/** The p-th percentile (0 < p ≤ 100) by nearest rank: always a value that was measured, never an interpolation. */
export function percentile(values: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100) || values.length === 0)
    throw new RangeError(`no ${p}th percentile of ${values.length} values`);
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

/**
 * Which of several attempts of one measurement to keep: the first that other programs left
 * quiet (at most `threshold` of the machine), else the least disturbed. Only the disturbance
 * decides, never the figure measured.
 */
export function quietest(shares: readonly number[], threshold: number): number {
  const quiet = shares.findIndex((share) => share <= threshold);
  if (quiet >= 0) return quiet;
  if (shares.length === 0) throw new RangeError('no attempts');
  return shares.reduce((best, share, i) => (share < shares[best]! ? i : best), 0);
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function rate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return 'n/a';
  return perSecond >= 100 ? `${grouped.format(perSecond)}/s` : `${perSecond.toFixed(1)}/s`;
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value < 10 ? `${value.toFixed(2)} ms` : value < 100 ? `${value.toFixed(1)} ms` : `${grouped.format(value)} ms`;
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
export const percent = (share: number) => `${(share * 100).toFixed(2)} %`;

/** A ratio with three significant digits, so that a value just under its limit never prints as the limit. */
export function ratio(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return `${Math.abs(value) < 1 ? value.toFixed(3) : Math.abs(value) < 10 ? value.toFixed(2) : value.toFixed(1)}×`;
}

function format(kind: Kind, value: number): string {
  return { ratio, rate, ms, percent }[kind](value);
}

/**
 * The figures of one run that the targets are computed from: answers (or calls) per second, ms,
 * and heapUsed in bytes after the warm-up requests and after the 20k more.
 */
export type Figures = Record<
  | `${'bare' | 'bareJwt' | 'apiKey' | 'jwt'}${10 | 50}`
  | 'prism'
  | 'refresh'
  | `stub${'OpenapiFetch' | 'OpenapiFetchToken' | 'ApiKey' | 'Session'}`
  | `loopback${'FetchKey' | 'ApiKey' | 'FetchToken' | 'Session'}`
  | `${'login' | 'hash'}P50`
  | `${'idle' | 'underLogins'}P99`
  | 'startupMs'
  | `heap${'Before' | 'After'}`,
  number
>;

type Kind = 'ratio' | 'rate' | 'ms' | 'percent';

/**
 * A target: figure `a` alone (a rate or a time), `a / b` (a ratio) or `a / b − 1` (a growth),
 * with its limit, a lower bound unless `atMost`; `unit` writes `a` and `b` in the table.
 */
interface Target {
  label: string;
  a: keyof Figures;
  b?: keyof Figures;
  limit: number;
  kind: Kind;
  atMost: boolean;
  unit: (value: number) => string;
}

const target = (
  label: string,
  a: keyof Figures,
  b: keyof Figures | undefined,
  limit: number,
  more: Partial<Target> = {},
) => ({ label, a, b, limit, kind: 'ratio', atMost: false, unit: rate, ...more }) as Target;

const ATMOST_MS = { atMost: true, unit: ms } as const;

/** Every target, in the order of the table. */
export const TARGETS: readonly Target[] = [
  target('API-key GET vs bare node:http, 10 connections', 'apiKey10', 'bare10', 0.7),
  target('User-JWT GET vs bare node:http, 10 connections', 'jwt10', 'bareJwt10', 0.7),
  target('API-key GET vs bare node:http, 50 connections', 'apiKey50', 'bare50', 0.7),
  target('User-JWT GET vs bare node:http, 50 connections', 'jwt50', 'bareJwt50', 0.7),
  target('API-key GET vs Prism, 10 connections', 'apiKey10', 'prism', 30),
  target('User-JWT GET vs Prism, 10 connections', 'jwt10', 'prism', 30),
  target('Refresh (rotation), 10 connections', 'refresh', undefined, 5000, { kind: 'rate' }),
  target('Login p50 vs raw argon2id hash p50', 'loginP50', 'hashP50', 1.2, ATMOST_MS),
  target('GET p99 while logins saturate the server vs idle', 'underLoginsP99', 'idleP99', 1.5, ATMOST_MS),
  target('Start-up to first 200 (median)', 'startupMs', undefined, 500, { kind: 'ms', atMost: true }),
  target('Heap growth over 20k requests', 'heapAfter', 'heapBefore', 0.05, {
    kind: 'percent',
    atMost: true,
    unit: mib,
  }),
  target('SDK with an API key vs openapi-fetch, stubbed fetch', 'stubApiKey', 'stubOpenapiFetch', 0.9),
  // The session's access token is a JWT of some 700 characters, which undici checks character by
  // character on every request: openapi-fetch sending the same token pays that too, so it is the floor.
  target(
    'SDK with a session vs openapi-fetch with its access token, stubbed fetch',
    'stubSession',
    'stubOpenapiFetchToken',
    0.85,
  ),
  target('SDK with an API key vs plain fetch, loopback', 'loopbackApiKey', 'loopbackFetchKey', 0.9),
  target('SDK with a session vs plain fetch, loopback', 'loopbackSession', 'loopbackFetchToken', 0.9),
];

/** The value of a target for one run's figures. */
function targetValue(t: Target, f: Figures): number {
  if (t.b === undefined) return f[t.a];
  return t.kind === 'percent' ? f[t.a] / f[t.b] - 1 : f[t.a] / f[t.b];
}

/** Several runs are steady when each value lies within this share of their median. */
const STEADY = 0.1;

/** Whether `value` keeps a limit; NaN and infinities (a figure was zero or missing) never do. */
export function meets(value: number, limit: number, atMost = false): boolean {
  return Number.isFinite(value) && (atMost ? value <= limit : value >= limit);
}

/** The largest distance of `values` from their median, relative to it. */
function spread(values: readonly number[]): number {
  const m = median(values);
  return Math.max(...values.map((v) => Math.abs(v - m))) / Math.abs(m);
}

/** The verdict of every target over the figures of one or more runs. */
export function verdicts(runs: readonly Figures[]) {
  return TARGETS.map((t) => {
    const values = runs.map((f) => targetValue(t, f));
    const value = median(values);
    const met = meets(value, t.limit, t.atMost);
    // A share near zero (heap growth) has no meaningful relative spread: its range is shown instead.
    const s = runs.length > 1 && t.kind !== 'percent' ? spread(values) : 0;
    const steady = Number.isFinite(s) && s <= STEADY;
    const limit = `${t.atMost ? '≤' : '≥'} ${{ ratio: `${t.limit}×`, percent: `${t.limit * 100} %`, rate: rate(t.limit), ms: ms(t.limit) }[t.kind]}`;
    const m = runs[Math.max(0, values.indexOf(value))]!;
    let detail = t.b === undefined ? '' : `${t.unit(m[t.a])} vs ${t.unit(m[t.b])}`;
    if (runs.length > 1) {
      const each = values.map((v) => format(t.kind, v)).join(', ');
      const range = t.kind === 'percent' ? 'range shown' : `±${(s * 100).toFixed(1)} %${steady ? '' : ' UNSTEADY'}`;
      detail = `runs ${each}; spread ${range}${detail && `; median run ${detail}`}`;
    }
    const row = [t.label, detail, format(t.kind, value), limit, met ? 'met' : 'MISSED'];
    return { label: t.label, values, value, met, spread: s, steady, row };
  });
}

/** A table as aligned text (widths in code points, so "≥" and "×" count as one) or as Markdown. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], markdown: boolean): string {
  if (rows.some((row) => row.length !== header.length)) throw new Error('a row is not as wide as the header');
  if (markdown) {
    const line = (row: readonly string[]) => `| ${row.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
    return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
  }
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((row) => [...row[i]!].length)));
  const line = (row: readonly string[]) =>
    row
      .map((c, i) => c + ' '.repeat(widths[i]! - [...c].length))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** One run of every measurement: the target figures, the other figures by label, and the disturbance. */
export interface Pass {
  figures: Figures;
  rows: [label: string, text: string][];
  /** Per measurement, the share of the machine other programs took during each attempt. */
  disturbance: Record<string, number[]>;
}

/** What a report says about where and how it was made. */
export interface RunInfo {
  command: string;
  date: string;
  node: string;
  machine: string;
  settings: string;
  seconds: number;
  /** Share of the machine other programs took in the second before and after the run. */
  busyBefore: number;
  busyAfter: number;
  threshold: number;
}

/** Measurement | run 1 | run 2 …, joined by label in the order of the first run. */
function figureTable(passes: readonly Pass[], markdown: boolean): string {
  const labels = [...new Set(passes.flatMap((p) => p.rows.map(([label]) => label)))];
  const header = ['Measurement', ...(passes.length === 1 ? ['Figure'] : passes.map((_, i) => `run ${i + 1}`))];
  const rows = labels.map((label) => [label, ...passes.map((p) => p.rows.find(([l]) => l === label)?.[1] ?? '-')]);
  return table(header, rows, markdown);
}

/** How much other programs disturbed the run: before and after it, and during the kept attempt of each measurement. */
function disturbance(info: RunInfo, passes: readonly Pass[]): string {
  const lines = passes.map((p, i) => {
    const entries = Object.entries(p.disturbance);
    const kept = entries.map(([, shares]) => shares[quietest(shares, info.threshold)]!).sort((a, b) => a - b);
    const repeated = entries.filter(([, shares]) => shares.length > 1).map(([id]) => id);
    const which = repeated.length === entries.length ? 'all' : repeated.join(', ') || 'none';
    return (
      `${passes.length > 1 ? `run ${i + 1}: ` : ''}${percent(kept[0] ?? 0)} to ${percent(kept.at(-1) ?? 0)} ` +
      `(median ${percent(kept.length ? median(kept) : 0)}) during the kept attempts; repeated: ${which}`
    );
  });
  return [`${percent(info.busyBefore)} just before the run, ${percent(info.busyAfter)} just after`, ...lines].join(
    '; ',
  );
}

const HEADER = ['Target', 'Measured', 'Value', 'Limit', 'Verdict'];

/** The report of a run, as text for the terminal or as a Markdown section of docs/benchmarks.md. */
export function report(info: RunInfo, passes: readonly Pass[], markdown: boolean): string {
  const v = verdicts(passes.map((p) => p.figures));
  const met = v.filter((x) => x.met).length;
  const steadyCount = `${v.filter((x) => x.steady).length} of ${v.length} steady`;
  const steady = passes.length > 1 ? ` ${steadyCount} (each run within ±${STEADY * 100} % of the median).` : '';
  const h = markdown ? '### ' : '';
  const kept = passes.flatMap((p) => Object.values(p.disturbance).map((x) => x[quietest(x, info.threshold)]!));
  const disturbed = kept.filter((share) => share > info.threshold).length;
  const warning =
    disturbed === 0
      ? 'Every measurement kept an attempt that other programs left quiet.'
      : `${markdown ? '**Disturbed.** ' : 'DISTURBED: '}${disturbed} of ${kept.length} measurements could only keep an attempt ` +
        `during which other programs took more than ${percent(info.threshold)} of the machine: their figures show a busy ` +
        'machine and are not comparable to a quiet run.';
  return [
    `${markdown ? '## ' : ''}Node ${info.node}`,
    `Recorded with \`${info.command}\` on ${info.date}; ${passes.length} run${passes.length === 1 ? '' : 's'}, ${Math.round(info.seconds)} s. ` +
      `${met} of ${v.length} targets met${passes.length > 1 ? ' by the median' : ''}.${steady}`,
    `Machine: ${info.machine}. Settings: ${info.settings}.`,
    `Other programs' share of the machine (the host's steal included): ${disturbance(info, passes)}. ${warning}`,
    `${h}Targets`,
    table(
      HEADER,
      v.map((x) => x.row),
      markdown,
    ),
    `${h}All figures`,
    figureTable(passes, markdown),
  ].join('\n\n');
}

const START = (major: number) => `<!-- record: Node ${major} -->`;
const END = (major: number) => `<!-- end of record: Node ${major} -->`;

/**
 * docs/benchmarks.md with the record of Node `major` put in, replacing that line's previous
 * record; the records of other majors stay, newest major first, below the text before the
 * first record (written by hand).
 */
export function withRecord(existing: string, major: number, section: string): string {
  const records = new Map<number, string>();
  for (const m of existing.matchAll(/<!-- record: Node (\d+) -->\n([\s\S]*?)\n<!-- end of record: Node \1 -->/g))
    records.set(Number(m[1]), m[2]!);
  records.set(major, section.trim());
  const head = existing.split('<!-- record: Node ')[0]!.trim() || '# Benchmarks';
  const kept = [...records].sort(([a], [b]) => b - a);
  return `${head}\n\n${kept.map(([m, text]) => `${START(m)}\n${text}\n${END(m)}`).join('\n\n')}\n`;
}
