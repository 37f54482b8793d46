/**
 * `npm run docs`: builds docs/dist/index.html, the rendered reference with the guides,
 * from generated/openapi.json, generated/contract.ts, docs/guides/*.md and the workflow pages
 * of openapi/workflows/*.arazzo.yaml (after the guides). The page is one
 * file that makes no network request when opened (see offline.ts).
 * `--out FILE` writes elsewhere.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generatedDir, repoRoot } from '../../tools/paths.js';
import { readWorkflowFiles } from '../../tools/workflows/documents.js';
import { readGuides } from './guides.js';
import { makeOffline, type OfflineReport } from './offline.js';
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
  const rendered = await renderRedoc(docsSpec(spec, [...guides, ...workflows], docsValues(spec)), {
    config: path.join(docsDir, 'redocly.yaml'),
    template: path.join(docsDir, 'template.hbs'),
    title: `${spec.info.title} ${spec.info.version}`,
  });
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
    guides: guides.map((guide) => guide.title),
    workflows: workflows.map((page) => page.title),
    ...report,
  };
}
