#!/usr/bin/env node
// The `novavms-mock` command: runs the bundled reference server (mock/dist/cli.js).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('novavms-mock: mock/dist is missing. Build it first: `npm run build:mock` at the repository root (or `npm start`, which builds and starts it).');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
