/**
 * How the benchmarks write numbers: fixed locale and precision, so that the table reads the
 * same on every machine and a ratio just under its limit never prints as the limit itself.
 */
import type { Comparison, ValueKind } from './targets.js';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Requests (or calls) per second: whole numbers with separators, one decimal below 100. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return 'n/a';
  return perSecond >= 100 ? `${grouped.format(perSecond)}/s` : `${perSecond.toFixed(1)}/s`;
}

/** Milliseconds with the precision that matters at their size. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${grouped.format(ms)} ms`;
}

/** A ratio: three decimals below 1, two below 10, one above. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  if (Math.abs(ratio) < 1) return `${ratio.toFixed(3)}×`;
  if (Math.abs(ratio) < 10) return `${ratio.toFixed(2)}×`;
  return `${ratio.toFixed(1)}×`;
}

/** A share such as heap growth (0.012 → "1.20 %"). */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return 'n/a';
  return `${(share * 100).toFixed(2)} %`;
}

/** Bytes as MiB with two decimals. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'n/a';
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

/** A value of the given kind. */
export function formatValue(kind: ValueKind, value: number): string {
  switch (kind) {
    case 'ratio':
      return formatRatio(value);
    case 'rate':
      return formatRate(value);
    case 'ms':
      return formatMs(value);
    case 'percent':
      return formatPercent(value);
  }
}

/** A limit with its direction: "≥ 0.5×", "≤ 1,000 ms". */
export function formatLimit(kind: ValueKind, comparison: Comparison, limit: number): string {
  const sign = comparison === 'at-least' ? '≥' : '≤';
  const value = kind === 'ratio' ? `${limit}×` : kind === 'percent' ? `${limit * 100} %` : formatValue(kind, limit);
  return `${sign} ${value}`;
}
