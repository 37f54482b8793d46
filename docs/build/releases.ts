/**
 * The docs of the contract's evolution: every operation says since which version it exists,
 * a deprecated one when it goes and what replaces it; the Changelog page (CHANGELOG.md, with a
 * link to each release's own reference); and the rendered reference of every release beside
 * the latest (`v1.2.0/index.html`), each with its frozen bundle to download.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatSemver } from '../../tools/diff/change.js';
import { operationsOf } from '../../tools/diff/document.js';
import { type ContractFiles, releasedVersions, releaseFile, repositoryFiles } from '../../tools/diff/releases.js';
import { makeOffline } from './offline.js';
import { type RenderInputs, renderRedoc } from './render.js';
import type { DocsSpec } from './values.js';

/** The folder of a release's reference, beside the latest page: `v1.2.0`. */
function releaseFolder(version: string): string {
  return `v${version}`;
}

type Operation = {
  operationId: string;
  description?: string;
  deprecated?: boolean;
  'x-novavms-since'?: string;
  'x-novavms-deprecation'?: { announced?: string; sunset?: string; replacement?: string };
};

/**
 * Adds to each operation's description the version it appeared in and, when it is
 * deprecated, its dates and its replacement (Redoc shows the "Deprecated" badge itself).
 */
export function annotateOperations(spec: DocsSpec): void {
  const ops = operationsOf(spec);
  const byId = new Map([...ops.values()].map((op) => [op.operationId, op]));
  for (const view of ops.values()) {
    const op = view.node as unknown as Operation;
    const notes: string[] = [];
    const d = op['x-novavms-deprecation'];
    if (op.deprecated && d) {
      const replacement = d.replacement ? byId.get(d.replacement) : undefined;
      notes.push(
        `**Deprecated** since ${d.announced}. Sunset: **${d.sunset}**; from that day on it may be removed.` +
          (replacement
            ? ` Use [${replacement.operationId}](#operation/${replacement.operationId}) (\`${replacement.key}\`) instead.`
            : ''),
      );
    }
    if (op['x-novavms-since']) notes.push(`*Available since API ${op['x-novavms-since']}.*`);
    if (notes.length > 0) op.description = `${notes.join('\n\n')}\n\n${op.description ?? ''}`.trimEnd();
  }
}

/**
 * The Changelog page: CHANGELOG.md, each release's heading followed by links to its rendered
 * reference and its frozen bundle (relative, so they work from disk and from `/docs/`).
 */
export function changelogGuide(changelog: string, versions: readonly string[]): string {
  return changelog.replace(/^## (\S+) — .*$/gm, (heading, version: string) =>
    versions.includes(version)
      ? `${heading}\n\n[Reference of ${version}](${releaseFolder(version)}/index.html) · [its contract, openapi.json](${releaseFolder(version)}/openapi.json)`
      : heading,
  );
}

/** The spec rendered for a release: the frozen bundle, introduced as such. */
function releaseSpec(doc: DocsSpec, version: string, latest: string): DocsSpec {
  const copy = structuredClone(doc);
  delete copy['x-generated'];
  annotateOperations(copy);
  const note =
    `> This is release **${version}** of the contract, frozen as it was released. ` +
    `The latest is ${latest}: [its reference](../index.html), and the [changelog](../index.html#section/Changelog).\n\n` +
    `[Download this release's contract (openapi.json)](openapi.json)`;
  copy.info = { ...copy.info, description: `${note}\n\n${copy.info.description ?? ''}` };
  return copy;
}

async function writeAtomically(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(partial, content);
    await rename(partial, file);
  } finally {
    await rm(partial, { force: true });
  }
}

/** Renders every release's reference into `<dir>/v<version>/`, with its bundle; returns the versions. */
export async function buildReleaseReferences(
  dir: string,
  inputs: Omit<RenderInputs, 'title'>,
  latest: string,
  files: ContractFiles = repositoryFiles,
): Promise<string[]> {
  const versions = releasedVersions(files).map(formatSemver);
  for (const version of versions) {
    const frozen = await readFile(releaseFile(version, files), 'utf8');
    const doc = JSON.parse(frozen) as DocsSpec;
    const rendered = await renderRedoc(releaseSpec(doc, version, latest), {
      ...inputs,
      title: `${doc.info.title} ${version} (release)`,
    });
    const folder = path.join(dir, releaseFolder(version));
    await writeAtomically(path.join(folder, 'index.html'), makeOffline(rendered).html);
    await writeAtomically(path.join(folder, 'openapi.json'), frozen);
  }
  return versions;
}
