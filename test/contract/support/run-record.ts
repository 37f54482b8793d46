/**
 * What a run exercised, written by the test workers and read once at the end by the global
 * teardown: responses seen per operation and status, tests that did not apply to the target,
 * and which test files ran (a partial run does not gate coverage). Workers are separate
 * processes, so the record is a directory of JSON-lines files, one per process.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One line of the record. */
export type RunRecord =
  | { kind: 'exercised'; operationId: string; status: number }
  | { kind: 'outside'; method: string; status: number }
  | { kind: 'not-applicable'; title: string; reason: string }
  | { kind: 'file'; file: string };

/** Appends one record for this process; a missing run directory records nothing. */
export function appendRecord(runDir: string | undefined, record: RunRecord): void {
  if (!runDir || !existsSync(runDir)) return;
  appendFileSync(path.join(runDir, `records-${process.pid}.jsonl`), `${JSON.stringify(record)}\n`);
}

/** Every record of the run, from every worker. */
export function readRecords(runDir: string): RunRecord[] {
  if (!existsSync(runDir)) return [];
  const out: RunRecord[] = [];
  for (const name of readdirSync(runDir)
    .filter((n) => n.endsWith('.jsonl'))
    .sort()) {
    for (const line of readFileSync(path.join(runDir, name), 'utf8').split('\n'))
      if (line.trim()) out.push(JSON.parse(line) as RunRecord);
  }
  return out;
}
