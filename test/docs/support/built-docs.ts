import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildDocs, type DocsBuild } from '../../../docs/build/build.js';
import type { DocsSpec } from '../../../docs/build/values.js';

/** A docs page built for a test, with the spec Redoc renders, read back from the page. */
export interface BuiltDocs {
  build: DocsBuild;
  html: string;
  /** The definition embedded in the page (`__redoc_definition`). */
  definition: DocsSpec;
  /** The Redoc options embedded in the page (`__redoc_options`). */
  options: Record<string, unknown>;
  remove(): Promise<void>;
}

function embedded(html: string, name: string): string {
  const match = new RegExp(`const ${name} = (.*);\\n`).exec(html);
  if (!match?.[1]) throw new Error(`the built page has no ${name}`);
  return match[1];
}

/** Runs the real docs build into a temporary directory and reads the page back. */
export async function buildDocsForTest(): Promise<BuiltDocs> {
  const dir = await mkdtemp(path.join(tmpdir(), 'novavms-docs-test-'));
  const build = await buildDocs(path.join(dir, 'index.html'));
  const html = await readFile(build.outFile, 'utf8');
  return {
    build,
    html,
    definition: JSON.parse(embedded(html, '__redoc_definition')) as DocsSpec,
    options: JSON.parse(embedded(html, '__redoc_options')) as Record<string, unknown>,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
