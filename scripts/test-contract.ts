/**
 * `npm run test:contract`: the black-box contract suite. Translates its own flags into the
 * environment the suite reads (vitest would reject unknown flags) and runs vitest with the
 * suite's configuration; every other argument goes to vitest.
 *
 *   --target reference   start the reference server (default without NOVAVMS_BASE_URL)
 *   --target prism       the schema-level part against the Prism example mock
 *   --base-url URL       a running deployment (same as NOVAVMS_BASE_URL=URL)
 *   --fuzz-runs N        fast-check runs per fuzzed property (NOVAVMS_FUZZ_RUNS)
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../tools/paths.js';

const args = process.argv.slice(2);
const OWN = { target: { type: 'string' }, 'base-url': { type: 'string' }, 'fuzz-runs': { type: 'string' } } as const;
const { tokens } = parseArgs({ args, options: OWN, strict: false, allowPositionals: true, tokens: true });

const env: NodeJS.ProcessEnv = { ...process.env };
const ours = new Set<number>();
try {
  for (const token of tokens) {
    if (token.kind !== 'option' || !Object.hasOwn(OWN, token.name)) continue;
    ours.add(token.index);
    if (token.inlineValue === false) ours.add(token.index + 1);
    const value = token.value;
    if (value === undefined) throw new Error(`--${token.name} needs a value`);
    if (token.name === 'target') {
      if (!['reference', 'prism', 'url'].includes(value))
        throw new Error(`--target must be reference, prism or url, got ${value}`);
      env.NOVAVMS_TARGET = value;
      if (value === 'reference') delete env.NOVAVMS_BASE_URL;
    } else if (token.name === 'base-url') {
      env.NOVAVMS_BASE_URL = value;
      env.NOVAVMS_TARGET = 'url';
    } else {
      env.NOVAVMS_FUZZ_RUNS = value;
    }
  }
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const passThrough = args.filter((_, i) => !ours.has(i));

const vitest = path.join(repoRoot, 'node_modules', '.bin', 'vitest');
const result = spawnSync(
  vitest,
  ['run', '--config', path.join('test', 'contract', 'vitest.config.ts'), ...passThrough],
  {
    cwd: repoRoot,
    env,
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
