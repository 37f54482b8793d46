/**
 * The vocabulary of contract evolution: what a change is, how it is rated, and the semver
 * arithmetic of the gate. Pure functions, shared by the engine, the house checks, the gate,
 * the release step and the docs.
 */

/** The semver part a release with the change must bump. */
export type Rating = 'major' | 'minor' | 'patch';

export const RATINGS: readonly Rating[] = ['major', 'minor', 'patch'];

/** One change between two contracts. */
export interface Change {
  rating: Rating;
  /** Redocly's diff rule (`operation-removed`), `redocly/<kind>` when it names none, or `house/<id>`. */
  rule: string;
  /** A sentence for people. */
  message: string;
  /** The JSON pointer of the change: in the revision, or in the base for a removal. */
  pointer: string;
  /** The operation the change belongs to, `GET /api/v1/cameras (listCameras)`, when it belongs to one. */
  operation?: string;
  /** Whether the change is to what clients send or to what they receive, when the engine says. */
  direction?: 'request' | 'response';
}

/** A change the gate refuses whatever the version (removal without deprecation, a wrong since, …). */
export interface Refusal {
  rule: string;
  message: string;
  pointer: string;
  operation?: string;
}

/** A version `MAJOR.MINOR.PATCH`. */
export interface Semver {
  major: number;
  minor: number;
  patch: number;
}

/** Reads `1.2.0`; anything else (a pre-release, `v1.2`, `1.2`) is not a contract version. */
export function parseSemver(version: string): Semver | null {
  const match = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(version);
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export function formatSemver(v: Semver): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

/** Negative, zero or positive as `a` is lower than, equal to or higher than `b`. */
export function compareSemver(a: Semver, b: Semver): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** The highest rating of `changes`, or null when there is none. */
export function overallRating(changes: readonly { rating: Rating }[]): Rating | null {
  return RATINGS.find((r) => changes.some((c) => c.rating === r)) ?? null;
}

/** The lowest version after `base` that a change of `rating` allows. */
export function requiredVersion(base: Semver, rating: Rating | null): Semver {
  switch (rating) {
    case 'major':
      return { major: base.major + 1, minor: 0, patch: 0 };
    case 'minor':
      return { major: base.major, minor: base.minor + 1, patch: 0 };
    case 'patch':
      return { major: base.major, minor: base.minor, patch: base.patch + 1 };
    default:
      return base;
  }
}

/** The highest rating a move from `base` to `next` allows, or null when `next` is no bump at all. */
export function allowedRating(base: Semver, next: Semver): Rating | null {
  if (next.major > base.major) return 'major';
  if (next.major < base.major) return null;
  if (next.minor > base.minor) return 'minor';
  if (next.minor < base.minor) return null;
  return next.patch > base.patch ? 'patch' : null;
}

/** True when a change of rating `a` needs at least the bump of `b`. */
export function atLeast(a: Rating, b: Rating): boolean {
  return RATINGS.indexOf(a) <= RATINGS.indexOf(b);
}

/** `MAJOR.MINOR` of a version: the form of `x-novavms-since`. */
export function minorLine(v: Semver): string {
  return `${v.major}.${v.minor}`;
}
