#!/usr/bin/env node
// The `novavms-mock` command: runs the bundled reference server (mock/dist/cli.js).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error(
    'novavms-mock: mock/dist is missing. Build it first: `npm run build:mock` at the repository root (or `npm start`, which builds and starts it).',
  );
  process.exit(1);
}

// Inside the repository the bundle must match its sources (the contract in generated/ above
// all): a bundle built before the spec changed would serve the old contract. A published
// package has no sources beside it and skips this.
const repo = new URL('../../', import.meta.url);
const inputs = new URL('../dist/inputs.json', import.meta.url);
if (
  existsSync(new URL('generated/openapi.json', repo)) &&
  existsSync(new URL('mock/src/cli.ts', repo)) &&
  existsSync(inputs)
) {
  const digests = JSON.parse(readFileSync(inputs, 'utf8'));
  const stale = Object.entries(digests).find(([file, digest]) => {
    const source = new URL(file, repo);
    return !existsSync(source) || createHash('sha256').update(readFileSync(source)).digest('hex') !== digest;
  });
  if (stale) {
    console.error(
      `novavms-mock: mock/dist is older than ${stale[0]}. Rebuild it: \`npm run build:mock\` at the repository root (or \`npm start\`, which builds and starts it).`,
    );
    process.exit(1);
  }
}

const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
