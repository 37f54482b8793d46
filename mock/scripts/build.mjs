#!/usr/bin/env node
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
/**
 * Bundles the reference server (mock/src) into mock/dist with esbuild: its JavaScript
 * dependencies and the contract (generated/contract.ts, openapi.json, openapi.yaml) are bundled
 * in, so that starting the server loads a few files instead of hundreds of modules; only the
 * native modules (better-sqlite3, @node-rs/argon2) are loaded from node_modules. The two entry
 * points (index, cli) share their code through chunks beside them. Each output file is written
 * to a temporary name and renamed, so a server starting during a rebuild never reads half a file.
 * `--outdir DIR --contract GENERATED_DIR` builds the server of another contract (for tests).
 * `--pack` (the package's prepack) also builds the docs into dist/docs/index.html, so that
 * `npx novavms-mock` serves them, and the type declarations of the public API into
 * dist/types/; it fails when either cannot be made, so a package never ships without them.
 */
import { build } from 'esbuild';

const mockDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = path.resolve(mockDir, '..');
const outdir = path.join(mockDir, 'dist');

/** Resolves `file?raw` imports to the file's text. */
const rawPlugin = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: path.resolve(args.resolveDir, args.path.slice(0, -'?raw'.length)),
      namespace: 'raw',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, (args) => ({
      contents: readFileSync(args.path, 'utf8'),
      loader: 'text',
    }));
  },
};

/**
 * Redirects the server's imports of generated/ to another folder holding the same files, so
 * that a test can build the server of a fixture contract (`npm run generate` into a folder).
 */
function contractPlugin(generatedDir) {
  return {
    name: 'contract',
    setup(b) {
      b.onResolve({ filter: /(^|\/)generated\/[\w.]+(\?raw)?$/ }, (args) => {
        const [file, raw] = path.basename(args.path).split('?');
        const target = path.join(generatedDir, file.replace(/\.js$/, '.ts'));
        return raw === undefined ? { path: target } : { path: target, namespace: 'raw' };
      });
    },
  };
}

/** The dependencies with native code: node_modules provides their builds for the platform. */
const NATIVE = ['better-sqlite3', '@node-rs/argon2'];
const isEntry = (file) => Number(/(^|[\\/])(index|cli)\.js$/.test(file));
const CHUNK = /^chunk-\w+\.js$/;

/** Writes `file` under a temporary name and renames it, so that no reader sees half of it. */
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

/**
 * Bundles the server into `outdir` (mock/dist by default), with the contract of
 * `generatedDir` when one is given. Resolves to esbuild's metafile.
 */
export async function bundleServer({ outdir: target = outdir, generatedDir } = {}) {
  const result = await build({
    entryPoints: { index: path.join(mockDir, 'src/index.ts'), cli: path.join(mockDir, 'src/cli.ts') },
    outdir: target,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: NATIVE,
    splitting: true,
    // CommonJS dependencies inside an ES module call `require` for Node's own modules.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
    },
    sourcemap: false,
    legalComments: 'eof',
    write: false,
    logLevel: 'warning',
    plugins: generatedDir ? [contractPlugin(generatedDir), rawPlugin] : [rawPlugin],
    absWorkingDir: repoDir,
    metafile: true,
  });
  mkdirSync(target, { recursive: true });
  // Chunks first, the entry points last, so that a server starting during a rebuild reads the new
  // entry with its chunks, or the old one; the chunks of the build before stay until the next
  // build (chunks.json names them), for a server that read the old entry just before.
  const outputs = [...result.outputFiles].sort((a, b) => isEntry(a.path) - isEntry(b.path));
  for (const file of outputs) writeAtomically(file.path, file.contents);
  const chunks = outputs.map((file) => path.basename(file.path)).filter((name) => CHUNK.test(name));
  const record = path.join(target, 'chunks.json');
  const previous = existsSync(record) ? JSON.parse(readFileSync(record, 'utf8')) : [];
  const keep = new Set([...chunks, ...previous]);
  for (const name of readdirSync(target))
    if (CHUNK.test(name) && !keep.has(name)) rmSync(path.join(target, name), { force: true });
  writeAtomically(record, `${JSON.stringify(chunks)}\n`);
  return result.metafile;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      pack: { type: 'boolean' },
      quiet: { type: 'boolean' },
      outdir: { type: 'string' },
      contract: { type: 'string' },
    },
  });
  const started = performance.now();
  if (values.outdir) {
    // A server of another contract, for a test: nothing else of an ordinary build.
    await bundleServer({
      outdir: path.resolve(values.outdir),
      generatedDir: values.contract && path.resolve(values.contract),
    });
    process.exit(0);
  }
  writeInputDigests(await bundleServer());
  // Only a packed build carries a copy of the docs (the server's default page); an ordinary
  // build removes an old one, and `npm start` serves docs/dist/index.html with --docs.
  rmSync(path.join(outdir, 'docs'), { recursive: true, force: true });
  if (values.pack) {
    packDocs();
    packTypes();
  }
  if (!values.quiet) {
    console.error(`built mock/dist in ${Math.round(performance.now() - started)} ms`);
  }
}

/**
 * Writes dist/inputs.json: a digest of every source file the bundle was made from (the
 * contract in generated/ among them), relative to the repository, so that the bin can tell
 * inside a checkout that the bundle is older than its sources. The bundled dependencies count
 * as one input, npm's record of what node_modules holds (node_modules/.package-lock.json), so
 * that a bundle made before `npm ci` changed them is stale too.
 */
function writeInputDigests(metafile) {
  const digests = {};
  const sources = Object.keys(metafile.inputs).filter((input) => !input.split(/[\\/]/).includes('node_modules'));
  for (const input of [...sources, 'node_modules/.package-lock.json']) {
    const file = path.resolve(repoDir, input.replace(/^raw:/, ''));
    const relative = path.relative(repoDir, file).split(path.sep).join('/');
    digests[relative] = createHash('sha256').update(readFileSync(file)).digest('hex');
  }
  writeAtomically(path.join(outdir, 'inputs.json'), `${JSON.stringify(digests, null, 2)}\n`);
}

/** Builds the docs from this checkout's contract and copies them (the releases' references too) into dist/docs/. */
function packDocs() {
  execFileSync('npm', ['run', '-s', 'docs'], { cwd: repoDir, stdio: ['ignore', 'ignore', 'inherit'] });
  cpSync(path.join(repoDir, 'docs', 'dist'), path.join(outdir, 'docs'), { recursive: true });
}

/**
 * Emits declarations with tsc and keeps those the public entry reaches through relative
 * imports (index, server, demo), so TypeScript users of `startServer` get its types.
 */
function packTypes() {
  const emitted = mkdtempSync(path.join(tmpdir(), 'novavms-mock-types-'));
  try {
    const tsc = path.join(repoDir, 'node_modules', '.bin', 'tsc');
    execFileSync(tsc, ['-p', path.join(mockDir, 'tsconfig.types.json'), '--outDir', emitted], { stdio: 'inherit' });
    const from = path.join(emitted, 'mock', 'src');
    const to = path.join(outdir, 'types');
    rmSync(to, { recursive: true, force: true });
    mkdirSync(to, { recursive: true });
    const pending = ['index.d.ts'];
    const copied = new Set();
    while (pending.length > 0) {
      const file = pending.pop();
      if (copied.has(file)) continue;
      copied.add(file);
      const text = readFileSync(path.join(from, file), 'utf8');
      writeFileSync(path.join(to, file), text);
      for (const match of text.matchAll(/from '\.\/([\w-]+)\.js'/g)) pending.push(`${match[1]}.d.ts`);
    }
  } finally {
    rmSync(emitted, { recursive: true, force: true });
  }
}
