/**
 * The three forms of a diff: text for people, Markdown for the changelog, JSON for tools.
 */
import { type Change, RATINGS } from './change.js';
import type { DiffResult, GateVerdict } from './diff.js';

const TITLE = { major: 'Major', minor: 'Minor', patch: 'Patch' } as const;

function counts(result: DiffResult): string {
  const n = (r: string) => result.changes.filter((c) => c.rating === r).length;
  const total = result.changes.length;
  return `${total} change${total === 1 ? '' : 's'} (${RATINGS.map((r) => `${n(r)} ${r}`).join(', ')})`;
}

function side(s: { label: string; version: string }): string {
  return s.label === s.version ? s.version : `${s.label} (${s.version})`;
}

/** The text report: each change with its rating, rule, operation and pointer. */
export function renderText(result: DiffResult, verdict?: GateVerdict): string {
  const lines = [`Contract diff: ${side(result.base)} → ${side(result.revision)}`];
  if (result.changes.length === 0) lines.push('No change.');
  else lines.push(`${counts(result)}: needs at least ${result.requiredVersion}`, '');
  for (const c of result.changes) {
    lines.push(`${c.rating.padEnd(5)}  ${c.rule}${c.operation ? `  ${c.operation}` : ''}`);
    lines.push(`       ${c.message}`, `       at ${c.pointer}`);
  }
  if (result.refusals.length > 0) {
    lines.push('', `Refused whatever the version (${result.refusals.length}):`);
    for (const r of result.refusals) lines.push(`  ${r.rule}: ${r.message}`, `       at ${r.pointer}`);
  }
  if (verdict) {
    lines.push('');
    if (verdict.ok) lines.push(`Gate passed: info.version ${result.revision.version} fits the changes.`);
    else lines.push(`Gate FAILED:`, ...verdict.problems.map((p) => `  ${p}`));
  }
  return `${lines.join('\n')}\n`;
}

function markdownItem(c: Change): string {
  const where = c.operation
    ? `\`${c.operation.replace(/ \((.+)\)$/, '')}\` (${/\((.+)\)$/.exec(c.operation)?.[1]}): `
    : '';
  return `- ${where}${c.message}`;
}

/**
 * The body of a changelog section: the changes grouped by rating, each with its operation.
 * Deterministic, so that the changelog can be checked against the releases it describes.
 */
export function renderMarkdown(result: DiffResult): string {
  const lines = [`Compared with ${result.base.version}: ${counts(result)}.`];
  for (const rating of RATINGS) {
    const group = result.changes.filter((c) => c.rating === rating);
    if (group.length === 0) continue;
    lines.push('', `### ${TITLE[rating]}`, '', ...group.map(markdownItem));
  }
  return `${lines.join('\n')}\n`;
}

/** The JSON report, for tools. */
export function renderJson(result: DiffResult, verdict?: GateVerdict): string {
  return `${JSON.stringify({ ...result, ...(verdict ? { gate: verdict } : {}) }, null, 2)}\n`;
}
