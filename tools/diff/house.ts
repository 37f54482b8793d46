/**
 * The house checks that `redocly diff` does not make. They re-rate what the engine rates too
 * low for an auth API, add the changes it cannot see, and refuse what no version makes
 * acceptable:
 * - a value added to a request enum is minor (the engine rates it patch), and so is one added to
 *   a response enum that the base release declared open (`x-novavms-extensible-enum`);
 * - a change to a security scheme (type, lifetimes, roles, key format, binding, CSRF), an
 *   operation's production-only flag, or an error code's status or problem type is major: these
 *   are the auth semantics partners code against;
 * - deprecating an operation is minor (semver 2.0.0 §7), and a deprecated operation carries
 *   `x-novavms-deprecation` with the date it was announced, its sunset and its replacement;
 * - an operation, a response or a response property removed without having been deprecated in
 *   the base release, or before its sunset date, is refused (oasdiff's
 *   removed-without-deprecation family);
 * - `x-novavms-since` of a new operation is the version that introduces it, and never changes;
 * - any other difference between the documents is at least a patch change, so that no edit
 *   leaves the version where it was.
 */
import { type Change, minorLine, type Refusal, type Semver } from './change.js';
import {
  contractPart,
  type Deprecation,
  deprecationOf,
  escapePointer,
  type Json,
  nodeAt,
  type OperationView,
  operationLabel,
  operationsOf,
  pointerKeys,
} from './document.js';

export interface HouseInput {
  base: Json;
  revision: Json;
  /** What the engine found. */
  changes: Change[];
  /** The version the revision states, if it is one. */
  version: Semver | null;
  /** Today, `YYYY-MM-DD` (UTC): sunsets before or on it have passed. */
  today: string;
}

export interface HouseResult {
  changes: Change[];
  refusals: Refusal[];
}

/** True for an RFC 3339 full-date that names a real day. */
function isFullDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

const SCHEMES = '#/components/securitySchemes/';
const ERRORS = '#/components/schemas/ErrorCode/x-novavms-errors';

function isDescription(pointer: string): boolean {
  return pointerKeys(pointer).at(-1) === 'description';
}

/**
 * Whether the enum a change widens was declared open (`x-novavms-extensible-enum: true`) in
 * the base release: its clients were told to expect new values, so a new one is minor.
 */
function extensibleInBase(change: Change, base: Json): boolean {
  if (pointerKeys(change.pointer).at(-1) !== 'enum') return false;
  const schema = nodeAt(base, change.pointer.replace(/\/enum$/, '')) as Json | undefined;
  return schema?.['x-novavms-extensible-enum'] === true;
}

/**
 * Re-rates what the engine rates too low: changes of auth semantics are major, and a value
 * added to a request enum (which the engine rates patch) is new functionality, so minor.
 */
function reRate(change: Change, base: Json): Change {
  if (change.rule === 'enum-values-added' && extensibleInBase(change, base))
    return { ...change, rating: 'minor', rule: 'house/extensible-enum-widened' };
  if (change.rating === 'major') return change;
  const keys = pointerKeys(change.pointer);
  if (change.rating === 'patch' && change.direction === 'request' && keys.at(-1) === 'enum')
    return { ...change, rating: 'minor', rule: 'house/request-enum-widened' };
  const scheme = change.pointer.startsWith(SCHEMES) && !isDescription(change.pointer);
  const productionOnly = keys[0] === 'paths' && keys.at(-1) === 'x-novavms-production-only';
  if (!scheme && !productionOnly) return change;
  const what = scheme ? `security scheme ${keys[2]}` : 'production-only flag';
  return { ...change, rating: 'major', rule: 'house/auth-semantics', message: `${change.message} (${what}: major)` };
}

type ErrorInfo = { status?: number; type?: string; title?: string; meaning?: string; action?: string };

function errorInfo(doc: Json): Record<string, ErrorInfo> {
  return (nodeAt(doc, ERRORS) ?? {}) as Record<string, ErrorInfo>;
}

/** Error statuses and problem types are major; their words are patch. Redocly sees none of them. */
function errorChanges(base: Json, revision: Json): Change[] {
  const out: Change[] = [];
  const before = errorInfo(base);
  const after = errorInfo(revision);
  for (const [code, was] of Object.entries(before)) {
    const now = after[code];
    if (!now) continue;
    for (const field of ['status', 'type', 'title', 'meaning', 'action'] as const) {
      if (was[field] === now[field]) continue;
      const major = field === 'status' || field === 'type';
      out.push({
        rating: major ? 'major' : 'patch',
        rule: major ? 'house/error-code-changed' : 'house/error-described',
        message: `The ${field} of error code ${code} changed from ${JSON.stringify(was[field])} to ${JSON.stringify(now[field])}.`,
        pointer: `${ERRORS}/${code}/${field}`,
      });
    }
  }
  return out;
}

function sunsetPassed(d: Deprecation | undefined, today: string): boolean {
  return d !== undefined && isFullDate(d.sunset) && d.sunset <= today;
}

/** Why removing something of `op` (deprecated in the base, or not) is refused, or null when it may go. */
function removalRefusal(op: OperationView, own: Deprecation | undefined, today: string): string | null {
  const deprecation = own ?? (op.node.deprecated === true ? deprecationOf(op.node) : undefined);
  if (op.node.deprecated !== true && own === undefined) return 'it was not deprecated in the base release';
  if (!deprecation || !isFullDate(deprecation.sunset)) return 'its deprecation states no sunset date';
  if (!sunsetPassed(deprecation, today)) return `its sunset date ${deprecation.sunset} has not passed`;
  return null;
}

function removals(input: HouseInput, before: Map<string, OperationView>, after: Map<string, OperationView>) {
  const refusals: Refusal[] = [];
  for (const [key, op] of before) {
    const label = operationLabel(op);
    const now = after.get(key);
    if (!now) {
      const why = removalRefusal(op, undefined, input.today);
      if (why)
        refusals.push({
          rule: why.startsWith('it was not') ? 'house/removed-without-deprecation' : 'house/removed-before-sunset',
          message: `${label} was removed, but ${why}.`,
          pointer: op.pointer,
          operation: label,
        });
      continue;
    }
    const responses = (op.node.responses ?? {}) as Record<string, Json>;
    const kept = (now.node.responses ?? {}) as Record<string, unknown>;
    for (const [status, response] of Object.entries(responses)) {
      if (status in kept) continue;
      const resolved = (typeof response.$ref === 'string' ? nodeAt(input.base, response.$ref) : response) as Json;
      const why = removalRefusal(op, deprecationOf(response) ?? deprecationOf(resolved ?? {}), input.today);
      if (why)
        refusals.push({
          rule: 'house/removed-without-deprecation',
          message: `Response ${status} of ${label} was removed, but ${why}.`,
          pointer: `${op.pointer}/responses/${status}`,
          operation: label,
        });
    }
  }
  for (const change of input.changes) {
    if (change.rule !== 'property-removed' || change.direction !== 'response') continue;
    const property = nodeAt(input.base, change.pointer) as Json | undefined;
    if (property?.deprecated === true) continue;
    const op = change.operation ? [...before.values()].find((o) => operationLabel(o) === change.operation) : undefined;
    if (op && removalRefusal(op, undefined, input.today) === null) continue;
    refusals.push({
      rule: 'house/removed-without-deprecation',
      message: `${change.message} It was not marked \`deprecated: true\` in the base release.`,
      pointer: change.pointer,
      ...(change.operation ? { operation: change.operation } : {}),
    });
  }
  return refusals;
}

/** A deprecated operation states when it was announced, its sunset and what replaces it. */
function deprecationShape(after: Map<string, OperationView>): Refusal[] {
  const refusals: Refusal[] = [];
  const ids = new Set([...after.values()].map((o) => o.operationId));
  for (const op of after.values()) {
    const label = operationLabel(op);
    const d = deprecationOf(op.node);
    const problems: string[] = [];
    if (op.node.deprecated !== true) {
      if (d) problems.push('has x-novavms-deprecation but is not `deprecated: true`');
    } else if (!d) {
      problems.push('is deprecated without x-novavms-deprecation (announced, sunset, replacement)');
    } else {
      if (!isFullDate(d.announced)) problems.push('needs x-novavms-deprecation.announced, an RFC 3339 date');
      if (!isFullDate(d.sunset)) problems.push('needs x-novavms-deprecation.sunset, an RFC 3339 date');
      if (isFullDate(d.announced) && isFullDate(d.sunset) && d.sunset < d.announced)
        problems.push('has its sunset before its announcement');
      if (typeof d.replacement !== 'string' || !ids.has(d.replacement) || d.replacement === op.operationId)
        problems.push(
          'must name its replacement, the operationId of another operation, in x-novavms-deprecation.replacement',
        );
    }
    for (const problem of problems)
      refusals.push({
        rule: 'house/deprecation-incomplete',
        message: `${label} ${problem}.`,
        pointer: `${op.pointer}/x-novavms-deprecation`,
        operation: label,
      });
  }
  return refusals;
}

function sinceChecks(input: HouseInput, before: Map<string, OperationView>, after: Map<string, OperationView>) {
  const refusals: Refusal[] = [];
  for (const [key, op] of after) {
    const label = operationLabel(op);
    const since = op.node['x-novavms-since'];
    const was = before.get(key);
    if (was) {
      if (was.node['x-novavms-since'] !== since)
        refusals.push({
          rule: 'house/since-changed',
          message: `x-novavms-since of ${label} changed from ${JSON.stringify(was.node['x-novavms-since'])} to ${JSON.stringify(since)}; the version an operation appeared in never changes.`,
          pointer: `${op.pointer}/x-novavms-since`,
          operation: label,
        });
    } else if (input.version && since !== minorLine(input.version)) {
      refusals.push({
        rule: 'house/since-of-new-operation',
        message: `${label} is new in ${minorLine(input.version)}, but its x-novavms-since is ${JSON.stringify(since)}.`,
        pointer: `${op.pointer}/x-novavms-since`,
        operation: label,
      });
    }
  }
  return refusals;
}

/** Newly deprecated operations: minor, in place of the engine's patch change of `deprecated`. */
function deprecations(before: Map<string, OperationView>, after: Map<string, OperationView>): Change[] {
  const out: Change[] = [];
  for (const [key, op] of after) {
    const was = before.get(key);
    if (!was || op.node.deprecated !== true || was.node.deprecated === true) continue;
    const d = deprecationOf(op.node);
    out.push({
      rating: 'minor',
      rule: 'house/deprecated',
      message: `${op.key} is deprecated${d?.sunset ? `, sunset ${d.sunset}` : ''}${d?.replacement ? `; use ${d.replacement} instead` : ''}.`,
      pointer: `${op.pointer}/deprecated`,
      operation: operationLabel(op),
    });
  }
  return out;
}

/** The pointers at which two JSON values differ, as high up as possible. */
function differences(a: unknown, b: unknown, pointer: string, out: string[]): void {
  if (a === b) return;
  const objects = a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!objects || Array.isArray(a)) {
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(pointer);
    return;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(left), ...Object.keys(right)]))
    differences(left[key], right[key], `${pointer}/${escapePointer(key)}`, out);
}

/** Differences no change accounts for: each at least a patch change. */
function unrated(input: HouseInput, known: readonly { pointer: string }[]): Change[] {
  const found: string[] = [];
  const { info: baseInfo, ...base } = contractPart(input.base);
  const { info: revisionInfo, ...revision } = contractPart(input.revision);
  const info = (v: unknown) => ({ ...(v as Json), version: undefined });
  differences(info(baseInfo), info(revisionInfo), '#/info', found);
  differences(base, revision, '#', found);
  const covered = (p: string) => known.some((k) => p.startsWith(k.pointer) || k.pointer.startsWith(p));
  return found
    .filter((p) => !covered(p))
    .map((pointer) => ({
      rating: 'patch' as const,
      rule: 'house/unrated-difference',
      message: `The document differs at ${pointerKeys(pointer).join(' › ')}, which the diff engine does not rate.`,
      pointer,
    }));
}

/** Runs every house check. */
export function houseChecks(input: HouseInput): HouseResult {
  const before = operationsOf(input.base);
  const after = operationsOf(input.revision);
  const newlyDeprecated = deprecations(before, after);
  // The engine's own changes of `deprecated` and of the deprecation's extension are said by house/deprecated.
  const operationPointers = newlyDeprecated.map((c) => c.pointer.replace(/\/deprecated$/, ''));
  const saidByDeprecation = (p: string) =>
    operationPointers.some((op) => p === op || p === `${op}/deprecated` || p.startsWith(`${op}/x-novavms-deprecation`));
  const engine = input.changes.filter((c) => !saidByDeprecation(c.pointer)).map((c) => reRate(c, input.base));
  const known = [...engine, ...newlyDeprecated, ...errorChanges(input.base, input.revision)];
  // The entry in x-novavms-errors of a new code belongs to the enum change that adds the code.
  const newCodes = Object.keys(errorInfo(input.revision)).filter((code) => !(code in errorInfo(input.base)));
  const coverage = [
    ...known,
    ...operationPointers.map((op) => ({ pointer: `${op}/x-novavms-deprecation` })),
    ...newCodes.map((code) => ({ pointer: `${ERRORS}/${code}` })),
  ];
  const changes = [...known, ...unrated(input, coverage)];
  const refusals = [
    ...removals(input, before, after),
    ...deprecationShape(after),
    ...sinceChecks(input, before, after),
  ];
  return { changes, refusals };
}
