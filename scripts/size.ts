/**
 * `npm run size`: the SDK's browser bundle (esbuild --bundle --minify --platform=browser), gzip
 * -9, next to openapi-fetch alone.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { commandLine } from '../tools/command-line.js';
import { repoRoot } from '../tools/paths.js';

commandLine('size', { options: {} });
const entries = ['src/index.ts', path.relative(repoRoot, fileURLToPath(import.meta.resolve('openapi-fetch')))];
console.log('browser bundle (esbuild --bundle --minify --platform=browser), gzip -9:');
for (const entry of entries) {
  const result = await build({
    entryPoints: [path.join(repoRoot, entry)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'warning',
  });
  const bytes = gzipSync(result.outputFiles[0]?.contents ?? new Uint8Array(), { level: 9 }).length;
  console.log(`  ${bytes} bytes  ${entry}`);
}
