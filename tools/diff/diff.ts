/**
 * `npm run diff` and its gate: the changes between two contracts (the engine's, re-rated and
 * completed by the house checks), the version they need, and whether the revision's
 * `info.version` fits them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  allowedRating,
  atLeast,
  type Change,
  compareSemver,
  formatSemver,
  overallRating,
  parseSemver,
  RATINGS,
  type Rating,
  type Refusal,
  requiredVersion,
} from './change.js';
import { contractPart } from './document.js';
import { redoclyChanges } from './engine.js';
import { houseChecks } from './house.js';
import type { ContractSide } from './releases.js';

/** What `npm run diff` found between two contracts. */
export interface DiffResult {
  base: { label: string; version: string };
  revision: { label: string; version: string };
  changes: Change[];
  refusals: Refusal[];
  /** The highest rating of the changes; null when the contracts are the same. */
  rating: Rating | null;
  /** The lowest version the changes allow after the base (the base itself when nothing changed). */
  requiredVersion: string;
}

/** The gate's verdict on a diff. */
export interface GateVerdict {
  ok: boolean;
  problems: string[];
}

/** Today in UTC, `YYYY-MM-DD`. */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Compares two contracts. Both are written to a temporary folder without the notice of who
 * wrote the file, so that the engine sees the contracts alone.
 */
export async function diffContracts(base: ContractSide, revision: ContractSide, today: string): Promise<DiffResult> {
  const baseVersion = parseSemver(base.version);
  if (!baseVersion)
    throw new Error(`${base.label}: info.version ${JSON.stringify(base.version)} is not MAJOR.MINOR.PATCH`);
  const work = await mkdtemp(path.join(tmpdir(), 'novavms-diff-'));
  try {
    const files = { base: path.join(work, 'base.json'), revision: path.join(work, 'revision.json') };
    await writeFile(files.base, JSON.stringify(contractPart(base.doc), null, 2));
    await writeFile(files.revision, JSON.stringify(contractPart(revision.doc), null, 2));
    const engine = await redoclyChanges(files, { base: base.doc, revision: revision.doc });
    const house = houseChecks({
      base: base.doc,
      revision: revision.doc,
      changes: engine,
      version: parseSemver(revision.version),
      today,
    });
    const changes = RATINGS.flatMap((r) => house.changes.filter((c) => c.rating === r));
    const rating = overallRating(changes);
    return {
      base: { label: base.label, version: base.version },
      revision: { label: revision.label, version: revision.version },
      changes,
      refusals: house.refusals,
      rating,
      requiredVersion: formatSemver(requiredVersion(baseVersion, rating)),
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function changeLine(c: Change, needs: string): string {
  return `${c.rating} (needs ${needs}): ${c.rule}${c.operation ? ` ${c.operation}` : ''}: ${c.message} [${c.pointer}]`;
}

/** Whether the revision's `info.version` fits the changes, and every reason it does not. */
export function gate(result: DiffResult): GateVerdict {
  const problems: string[] = [];
  const base = parseSemver(result.base.version)!;
  const version = parseSemver(result.revision.version);
  const name = `info.version ${result.revision.version}`;
  if (!version) {
    problems.push(`${name} is not MAJOR.MINOR.PATCH`);
  } else if (compareSemver(version, base) < 0) {
    problems.push(`${name} is lower than ${result.base.version}, the release it is compared with`);
  } else if (result.rating) {
    const allowed = allowedRating(base, version);
    const offending = result.changes.filter((c) => !allowed || !atLeast(allowed, c.rating));
    if (offending.length > 0) {
      problems.push(
        allowed
          ? `${name} allows only ${allowed} changes since ${result.base.version}; these need more (set info.version to at least ${result.requiredVersion}):`
          : `${result.base.version} is released and frozen: a changed contract needs a new version, at least ${result.requiredVersion}:`,
      );
      for (const c of offending) problems.push(`  ${changeLine(c, formatSemver(requiredVersion(base, c.rating)))}`);
    }
  }
  for (const r of result.refusals) problems.push(`refused whatever the version: ${r.rule}: ${r.message}`);
  return { ok: problems.length === 0, problems };
}
