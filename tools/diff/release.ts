/**
 * `npm run release -- <version>`: freezes the working contract as that release and writes its
 * section of CHANGELOG.md from the diff against the previous release. It refuses what the gate
 * refuses, a version that is not the one the contract states, and generated files that do not
 * match openapi/.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compareSemver, formatSemver, parseSemver } from './change.js';
import { diffContracts, gate } from './diff.js';
import { contractPart, type Json, operationsOf } from './document.js';
import {
  CHECKSUMS,
  type ContractFiles,
  frozenReleaseProblems,
  latestRelease,
  releasedVersions,
  releaseFile,
  repositoryFiles,
  sha256,
  workingContract,
} from './releases.js';
import { renderMarkdown } from './report.js';

const CHANGELOG_HEADER = `# Changelog

Every released version of the NovaVMS authentication API contract, newest first. Each section is
written by \`npm run release\` from \`npm run diff\` against the release before it; the frozen
contracts are in [releases/](releases/). Changes are grouped by the semver part they need:
major (can break a client), minor (adds or deprecates), patch (neither).
`;

/** Why a release of `version` cannot be made now. */
export class ReleaseError extends Error {}

/** The frozen form of a bundle: the contract with a notice that it is a release. */
function frozenBundle(doc: Json, version: string): string {
  const notice = `Frozen release ${version} of the contract, written by npm run release. Never edited: a change to the contract is a new release.`;
  return `${JSON.stringify({ 'x-generated': notice, ...contractPart(doc) }, null, 2)}\n`;
}

/** The section of the first release kept here, which has nothing to be compared with. */
export function firstReleaseSection(doc: Json): string {
  const bySince = new Map<string, string[]>();
  for (const op of operationsOf(doc).values()) {
    const since = String(op.node['x-novavms-since'] ?? '?');
    bySince.set(since, [...(bySince.get(since) ?? []), `\`${op.key}\` (${op.operationId})`]);
  }
  const lines = [
    'The first release kept in this repository. Its operations, by the version they appeared in (`x-novavms-since`):',
    '',
  ];
  for (const since of [...bySince.keys()].sort()) lines.push(`- ${since}: ${bySince.get(since)!.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function writeAtomically(file: string, content: string): void {
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, content);
  renameSync(partial, file);
}

/** CHANGELOG.md with `section` as its newest entry. */
export function withSection(changelog: string | null, heading: string, body: string): string {
  const entry = `## ${heading}\n\n${body}`;
  if (!changelog) return `${CHANGELOG_HEADER}\n${entry}`;
  const first = changelog.indexOf('\n## ');
  if (first < 0) return `${changelog.trimEnd()}\n\n${entry}`;
  return `${changelog.slice(0, first + 1)}${entry}\n${changelog.slice(first + 1)}`;
}

export interface ReleaseOptions {
  files?: ContractFiles;
  /** The release date, `YYYY-MM-DD`. */
  today: string;
  /** Problems that make the working bundle unfit (generated/ not matching openapi/). */
  generatedProblems?: () => Promise<string[]>;
}

/** What a release wrote. */
export interface ReleaseResult {
  version: string;
  file: string;
  section: string;
}

/** Freezes the working contract as `version`, or throws a ReleaseError saying why not. */
export async function release(version: string, options: ReleaseOptions): Promise<ReleaseResult> {
  const files = options.files ?? repositoryFiles;
  const next = parseSemver(version);
  if (!next) throw new ReleaseError(`${JSON.stringify(version)} is not a version MAJOR.MINOR.PATCH`);
  const working = workingContract(files);
  if (working.version !== version)
    throw new ReleaseError(
      `the working contract states info.version ${working.version}: set it to ${version} in openapi/openapi.yaml and run npm run generate first`,
    );
  const generated = (await options.generatedProblems?.()) ?? [];
  if (generated.length > 0)
    throw new ReleaseError(`generated/ does not match openapi/ (run npm run generate):\n  ${generated.join('\n  ')}`);
  const frozen = frozenReleaseProblems(files);
  if (frozen.length > 0) throw new ReleaseError(frozen.join('\n'));
  const released = releasedVersions(files);
  const latest = released.at(-1);
  if (latest && compareSemver(next, latest) <= 0)
    throw new ReleaseError(`${version} is not after the latest release, ${formatSemver(latest)}`);

  let body: string;
  if (latest) {
    const result = await diffContracts(latestRelease(files), working, options.today);
    const verdict = gate(result);
    if (!verdict.ok) throw new ReleaseError(`the semver gate refuses ${version}:\n${verdict.problems.join('\n')}`);
    if (result.changes.length === 0)
      throw new ReleaseError(`nothing changed since ${formatSemver(latest)}: there is nothing to release`);
    body = renderMarkdown(result);
  } else {
    body = firstReleaseSection(working.doc);
  }

  const file = releaseFile(version, files);
  const bundle = frozenBundle(working.doc, version);
  writeAtomically(file, bundle);
  const sums = path.join(files.releasesDir, CHECKSUMS);
  const previous = existsSync(sums) ? readFileSync(sums, 'utf8') : '';
  writeAtomically(sums, `${previous}${sha256(bundle)}  ${path.basename(file)}\n`);
  const changelog = existsSync(files.changelog) ? readFileSync(files.changelog, 'utf8') : null;
  writeAtomically(files.changelog, withSection(changelog, `${version} — ${options.today}`, body));
  return { version, file, section: body };
}
