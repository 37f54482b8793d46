/**
 * The released contracts in releases/: one frozen bundle per version (`1.2.0.json`) and
 * `SHA256SUMS` (the format `sha256sum -c` reads), which holds each one to the bytes it was
 * released with. Nothing here reads the network or git history.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generatedDir, repoRoot } from '../paths.js';
import { compareSemver, parseSemver, type Semver } from './change.js';
import type { Json } from './document.js';

/** Where the releases, the changelog and the working bundle are: this repository, or a copy in a test. */
export interface ContractFiles {
  releasesDir: string;
  changelog: string;
  workingBundle: string;
}

export const repositoryFiles: ContractFiles = {
  releasesDir: path.join(repoRoot, 'releases'),
  changelog: path.join(repoRoot, 'CHANGELOG.md'),
  workingBundle: path.join(generatedDir, 'openapi.json'),
};

export const CHECKSUMS = 'SHA256SUMS';

/** A contract to compare: a file, its parsed document and the version it states. */
export interface ContractSide {
  /** `1.2.0` for a release, `working` for generated/openapi.json, else the file's path. */
  label: string;
  file: string;
  doc: Json;
  version: string;
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Every released version, oldest first. */
export function releasedVersions(files: ContractFiles = repositoryFiles): Semver[] {
  if (!existsSync(files.releasesDir)) return [];
  return readdirSync(files.releasesDir)
    .map((name) => /^(.+)\.json$/.exec(name)?.[1])
    .map((v) => (v ? parseSemver(v) : null))
    .filter((v): v is Semver => v !== null)
    .sort(compareSemver);
}

export function releaseFile(version: string, files: ContractFiles = repositoryFiles): string {
  return path.join(files.releasesDir, `${version}.json`);
}

/** The recorded digest of each release file, from SHA256SUMS. */
function recordedDigests(files: ContractFiles = repositoryFiles): Map<string, string> {
  const sums = path.join(files.releasesDir, CHECKSUMS);
  const out = new Map<string, string>();
  if (!existsSync(sums)) return out;
  for (const line of readFileSync(sums, 'utf8').split('\n')) {
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
    if (match) out.set(match[2]!, match[1]!);
  }
  return out;
}

/** Why the frozen releases are not as they were released (changed, unrecorded, missing), one line each. */
export function frozenReleaseProblems(files: ContractFiles = repositoryFiles): string[] {
  const digests = recordedDigests(files);
  const problems: string[] = [];
  const names = releasedVersions(files).map((v) => `${v.major}.${v.minor}.${v.patch}.json`);
  for (const name of names) {
    const recorded = digests.get(name);
    const actual = sha256(readFileSync(path.join(files.releasesDir, name)));
    if (!recorded) problems.push(`releases/${name} is not recorded in releases/${CHECKSUMS}`);
    else if (recorded !== actual)
      problems.push(`releases/${name} changed after its release (its SHA-256 is not the one in releases/${CHECKSUMS})`);
  }
  for (const name of digests.keys())
    if (!names.includes(name)) problems.push(`releases/${name} is recorded in releases/${CHECKSUMS} but missing`);
  return problems;
}

function read(file: string, label: string): ContractSide {
  let doc: Json;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as Json;
  } catch (error) {
    throw new Error(`${file} is not a JSON file: ${(error as Error).message}`);
  }
  if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.') || typeof doc.paths !== 'object')
    throw new Error(`${file} is not a bundled OpenAPI 3 document (no "openapi": "3.x" and "paths")`);
  const version = (doc.info as { version?: unknown } | undefined)?.version;
  if (typeof version !== 'string') throw new Error(`${file} states no info.version`);
  return { label, file, doc, version };
}

/** The working contract, generated/openapi.json. */
export function workingContract(files: ContractFiles = repositoryFiles): ContractSide {
  return read(files.workingBundle, 'working');
}

/** The latest release, or an error when there is none. */
export function latestRelease(files: ContractFiles = repositoryFiles): ContractSide {
  const latest = releasedVersions(files).at(-1);
  if (!latest) throw new Error(`no release in ${files.releasesDir}`);
  const version = `${latest.major}.${latest.minor}.${latest.patch}`;
  return read(releaseFile(version, files), version);
}

/**
 * A contract named on the command line: a released version (`1.2.0`), `working`, or the path
 * of a bundled contract.
 */
export function contractNamed(name: string, files: ContractFiles = repositoryFiles): ContractSide {
  if (name === 'working') return workingContract(files);
  if (parseSemver(name)) {
    const file = releaseFile(name, files);
    if (!existsSync(file)) {
      const known = releasedVersions(files).map((v) => `${v.major}.${v.minor}.${v.patch}`);
      throw new Error(`${name} is not a released version (released: ${known.join(', ') || 'none'})`);
    }
    return read(file, name);
  }
  if (!existsSync(name)) throw new Error(`${name} is neither a released version, nor "working", nor a file`);
  return read(path.resolve(name), name);
}
