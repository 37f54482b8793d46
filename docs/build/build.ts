/**
 * `npm run docs`: builds docs/dist/index.html, the rendered reference with the guides, the
 * workflow pages and the changelog, from generated/openapi.json, generated/contract.ts,
 * docs/guides/*.md, openapi/workflows/*.arazzo.yaml and CHANGELOG.md, and beside it the
 * reference of every release (docs/dist/v<version>/). Each page is one file that makes no
 * network request when opened (see offline.ts).
 * `--out FILE` writes elsewhere.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { repositoryFiles } from '../../tools/diff/releases.js';
import { generatedDir, repoRoot } from '../../tools/paths.js';
import { readWorkflowFiles } from '../../tools/workflows/documents.js';
import { readGuides } from './guides.js';
import { makeOffline, type OfflineReport } from './offline.js';
import { annotateOperations, buildReleaseReferences, changelogGuide } from './releases.js';
import { renderRedoc } from './render.js';
import { docsSpec } from './spec.js';
import { type DocsSpec, docsValues } from './values.js';
import { workflowPages } from './workflows.js';

/** The docs sources and the default output. */
export const docsDir = path.join(repoRoot, 'docs');
export const docsOutFile = path.join(docsDir, 'dist', 'index.html');

/** What a build wrote. */
export interface DocsBuild extends OfflineReport {
  outFile: string;
  bytes: number;
  milliseconds: number;
  guides: string[];
  /** Titles of the workflow pages (the overview first). */
  workflows: string[];
  /** The released versions whose reference was built beside the page (`v1.2.0/`). */
  releases: string[];
}

/**
 * Builds the docs page into `outFile`. The page is written to a temporary file first and
 * renamed, so that a server that serves the file while it is being rebuilt never sends
 * half a page.
 */
export async function buildDocs(outFile: string = docsOutFile): Promise<DocsBuild> {
  const started = performance.now();
  const spec = JSON.parse(await readFile(path.join(generatedDir, 'openapi.json'), 'utf8')) as DocsSpec;
  const guides = await readGuides(path.join(docsDir, 'guides'));
  const workflows = workflowPages(await readWorkflowFiles());
  const inputs = { config: path.join(docsDir, 'redocly.yaml'), template: path.join(docsDir, 'template.hbs') };
  const releases = await buildReleaseReferences(path.dirname(outFile), inputs, spec.info.version);
  const docs = docsSpec(spec, [...guides, ...workflows], docsValues(spec));
  annotateOperations(docs);
  docs.info.description = `${docs.info.description}\n${changelogGuide(await readFile(repositoryFiles.changelog, 'utf8'), releases)}`;
  const rendered = await renderRedoc(docs, { ...inputs, title: `${spec.info.title} ${spec.info.version}` });
  const { html, report } = makeOffline(rendered);
  await mkdir(path.dirname(outFile), { recursive: true });
  const partial = `${outFile}.${process.pid}.tmp`;
  try {
    await writeFile(partial, html);
    await rename(partial, outFile);
  } finally {
    await rm(partial, { force: true });
  }
  return {
    outFile,
    bytes: Buffer.byteLength(html),
    milliseconds: Math.round(performance.now() - started),
    guides: [...guides.map((guide) => guide.title), 'Changelog'],
    workflows: workflows.map((page) => page.title),
    releases,
    ...report,
  };
}
