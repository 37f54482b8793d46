#!/usr/bin/env node
/**
 * Bundles the reference server (mock/src) into mock/dist with esbuild: dependencies stay
 * external, the contract (generated/contract.ts, openapi.json, openapi.yaml) is bundled in, so
 * the package needs nothing outside itself. Each output file is written to a temporary name
 * and renamed, so a server starting during a rebuild never reads half a file.
 * `--with-docs` also copies docs/dist/index.html to dist/docs/ when it exists (for packing).
 */
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const mockDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(mockDir, 'dist');

/** Resolves `file?raw` imports to the file's text. */
const rawPlugin = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: path.resolve(args.resolveDir, args.path.slice(0, -'?raw'.length)),
      namespace: 'raw',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'text' }));
  },
};

const started = performance.now();
const result = await build({
  entryPoints: { index: path.join(mockDir, 'src/index.ts'), cli: path.join(mockDir, 'src/cli.ts') },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: false,
  legalComments: 'none',
  write: false,
  logLevel: 'warning',
  plugins: [rawPlugin],
});
mkdirSync(outdir, { recursive: true });
for (const file of result.outputFiles) {
  const temporary = `${file.path}.${process.pid}.tmp`;
  writeFileSync(temporary, file.contents);
  renameSync(temporary, file.path);
}
// A packaged copy of the docs wins over the repository's, so an ordinary build removes it:
// in the checkout, /docs always serves the current docs/dist/index.html.
rmSync(path.join(outdir, 'docs'), { recursive: true, force: true });
if (process.argv.includes('--with-docs')) {
  const docs = path.resolve(mockDir, '..', 'docs', 'dist', 'index.html');
  if (existsSync(docs)) {
    mkdirSync(path.join(outdir, 'docs'), { recursive: true });
    copyFileSync(docs, path.join(outdir, 'docs', 'index.html'));
  }
}
if (!process.argv.includes('--quiet')) {
  console.error(`built mock/dist in ${Math.round(performance.now() - started)} ms`);
}
