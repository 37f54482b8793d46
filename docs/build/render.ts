import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { redocly } from '../../tools/redocly.js';

/** Where the docs build keeps its Redocly configuration and page template. */
export interface RenderInputs {
  /** Redocly config of the docs build only (`telemetry: off`, Redoc options). */
  config: string;
  /** Handlebars page template (no remote favicon, font or script). */
  template: string;
  title: string;
}

/**
 * Renders a spec object to one self-contained HTML page with the project's Redocly CLI
 * (`build-docs --inlineBundle`, telemetry off) and returns the HTML. The spec goes through
 * a temporary file because the CLI reads files only.
 */
export async function renderRedoc(spec: unknown, inputs: RenderInputs): Promise<string> {
  const work = await mkdtemp(path.join(tmpdir(), 'novavms-docs-'));
  try {
    const specFile = path.join(work, 'openapi.json');
    const htmlFile = path.join(work, 'index.html');
    await writeFile(specFile, JSON.stringify(spec));
    await redocly([
      'build-docs',
      specFile,
      '--inlineBundle',
      '--output',
      htmlFile,
      '--title',
      inputs.title,
      '--template',
      inputs.template,
      '--config',
      inputs.config,
      '--lint-config',
      'error',
    ]);
    return await readFile(htmlFile, 'utf8');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
