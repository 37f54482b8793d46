/**
 * The diff engine: `redocly diff --format json` between two bundled contracts, read into
 * changes. The command is experimental in @redocly/cli 2.77.0, so only its JSON report
 * version 1 is accepted, with the rules and impacts of tools/diff/redocly.yaml, and
 * test/spec/diff.test.ts pins the rating of every kind of change we rely on.
 */
import path from 'node:path';
import { redocly } from '../redocly.js';
import type { Change, Rating } from './change.js';
import { type Json, operationAt, operationLabel, pointerKeys } from './document.js';

/** The configuration that turns the diff rules on (without one, redocly rates nothing major). */
const DIFF_CONFIG = path.join(import.meta.dirname, 'redocly.yaml');

interface RedoclyLocation {
  pointer: string;
  value?: unknown;
}

interface RedoclyChange {
  path: string;
  typeName: string;
  kind: 'added' | 'removed' | 'modified';
  impact: Rating;
  property?: string;
  verdicts: { ruleId: string; impact: Rating; message: string }[];
  base?: RedoclyLocation;
  revision?: RedoclyLocation;
}

interface RedoclyReport {
  reportVersion: string;
  changes: RedoclyChange[];
}

/** What is not a change of the contract: the version itself, and the note of who wrote the file. */
const NOT_CONTRACT = new Set(['#/info version', '#/ x-generated']);

/** The last key of a pointer, decoded: what a sentence names. */
function lastKey(pointer: string): string {
  return pointerKeys(pointer).at(-1) ?? '';
}

const PAST = { added: 'was added', removed: 'was removed', modified: 'changed' } as const;

function scalar(value: unknown): string | undefined {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value) ? JSON.stringify(value) : undefined;
}

/** A sentence for a change that redocly reports without a rule (additions, descriptions, …). */
function messageOf(c: RedoclyChange): string {
  if (c.verdicts.length > 0) return c.verdicts.map((v) => v.message).join(' ');
  const key = lastKey(c.path);
  if (c.property) {
    // A property of a component schema itself is named after the component, not after its first use.
    const at = pointerKeys(c.revision?.pointer ?? c.base?.pointer ?? '');
    const component = at[0] === 'components' && at[1] === 'schemas' && at.length === 4 ? at[2] : undefined;
    const owner = c.typeName === 'Schema' || c.typeName === 'SpecExtension' ? `\`${component ?? key}\`` : c.typeName;
    const [was, now] = [scalar(c.base?.value), scalar(c.revision?.value)];
    const values = c.kind === 'modified' && was && now && was.length + now.length < 120 ? ` from ${was} to ${now}` : '';
    return `\`${c.property}\` of ${owner} ${PAST[c.kind]}${values}.`;
  }
  switch (c.typeName) {
    case 'PathItem':
      return `Path \`${key}\` ${PAST[c.kind]}.`;
    case 'Response':
      return `Response ${key} ${PAST[c.kind]}.`;
    case 'Schema':
      return `Property \`${key}\` ${PAST[c.kind]}.`;
    case 'SpecExtension':
      return `Extension \`${key}\` ${PAST[c.kind]}.`;
    default:
      return `${c.typeName} \`${key}\` ${PAST[c.kind]}.`;
  }
}

/** Reads `redocly diff --format json` output into changes, labelled with their operations. */
function changesFromReport(report: RedoclyReport, base: Json, revision: Json): Change[] {
  if (report.reportVersion !== '1') {
    throw new Error(`redocly diff wrote report version ${report.reportVersion}; this tool reads version 1`);
  }
  const out: Change[] = [];
  for (const c of report.changes) {
    if (NOT_CONTRACT.has(`${c.path} ${c.property ?? ''}`)) continue;
    const op = operationAt(revision, c.path) ?? operationAt(base, c.path);
    const verdict = c.verdicts[0];
    const direction = /\/responses\//.test(c.path)
      ? 'response'
      : /\/(requestBody|parameters)(\/|$)/.test(c.path)
        ? 'request'
        : undefined;
    out.push({
      rating: c.impact,
      rule: verdict?.ruleId ?? `redocly/${c.kind}`,
      message: messageOf(c),
      pointer: c.revision?.pointer ?? c.base?.pointer ?? c.path,
      ...(op ? { operation: operationLabel(op) } : {}),
      ...(direction ? { direction } : {}),
    });
  }
  return out;
}

/** Runs `redocly diff` between two bundle files and returns its changes. */
export async function redoclyChanges(
  files: { base: string; revision: string },
  docs: { base: Json; revision: Json },
): Promise<Change[]> {
  const { stdout } = await redocly([
    'diff',
    files.base,
    files.revision,
    '--config',
    DIFF_CONFIG,
    '--format',
    'json',
    '--fail-on',
    'none',
  ]).catch((error: { stderr?: string }) => {
    const reason = /^Error: (.+)$/m.exec(error.stderr ?? '')?.[1] ?? 'see `redocly diff` itself';
    throw new Error(`redocly diff could not compare the two contracts: ${reason}`);
  });
  return changesFromReport(JSON.parse(stdout) as RedoclyReport, docs.base, docs.revision);
}
