/**
 * `npm run docs`: builds docs/dist/index.html, the rendered reference with the guides, in one
 * file that makes no network request when opened. `--out FILE` writes elsewhere.
 */
import path from 'node:path';
import { buildDocs, docsOutFile } from '../docs/build/build.js';
import { commandLine } from '../tools/command-line.js';

const { values } = commandLine('docs', { options: { out: { type: 'string' } } });
try {
  const build = await buildDocs(values.out ? path.resolve(values.out) : docsOutFile);
  console.log(
    `docs: ${path.relative(process.cwd(), build.outFile)} (${Math.round(build.bytes / 1024)} KiB, ${build.milliseconds} ms; ` +
      `guides: ${build.guides.join(', ')}; ${build.workflows.length} workflow pages; releases: ${build.releases.join(', ')}; offline: telemetry off, ${build.logoUrlsReplaced} CDN logo URLs inlined)`,
  );
} catch (error) {
  console.error(`docs: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
