/**
 * The operation × documented-status matrix printed at the end of a run, and the gaps that
 * fail it: documented responses never seen that are not listed as unreachable.
 */
import { operations } from '../../../generated/contract.js';
import type { UnreachableResponse } from '../unreachable.js';
import type { RunRecord } from './run-record.js';

/** The outcome of a run, per documented response. */
export interface Coverage {
  table: string;
  gaps: string[];
  seen: number;
  documented: number;
}

/** Builds the matrix: ✓ seen, ✗ never seen, ~ unreachable from outside (listed), blank: not documented. */
export function coverageMatrix(records: readonly RunRecord[], unreachable: readonly UnreachableResponse[]): Coverage {
  const seen = new Map<string, Set<number>>();
  for (const r of records)
    if (r.kind === 'exercised')
      (seen.get(r.operationId) ?? seen.set(r.operationId, new Set()).get(r.operationId)!).add(r.status);
  const columns = [...new Set(Object.values(operations).flatMap((op) => op.statuses as readonly number[]))].sort(
    (a, b) => a - b,
  );
  const width = Math.max(...Object.keys(operations).map((id) => id.length));
  const lines = [`${'operation'.padEnd(width)}  ${columns.map((c) => String(c).padStart(3)).join(' ')}`];
  const gaps: string[] = [];
  let seenCount = 0;
  let documented = 0;
  for (const [id, op] of Object.entries(operations)) {
    const cells = columns.map((status) => {
      if (!(op.statuses as readonly number[]).includes(status)) return '   ';
      documented++;
      if (seen.get(id)?.has(status)) {
        seenCount++;
        return '  ✓';
      }
      if (unreachable.some((u) => u.operationId === id && u.status === status)) return '  ~';
      gaps.push(`${id} ${status}`);
      return '  ✗';
    });
    lines.push(`${id.padEnd(width)}  ${cells.join(' ')}`);
  }
  lines.push('✓ exercised   ✗ never seen   ~ unreachable from outside (test/contract/unreachable.ts)');
  for (const u of unreachable) lines.push(`  ~ ${u.operationId} ${u.status}: ${u.reason}`);
  return { table: lines.join('\n'), gaps, seen: seenCount, documented };
}
