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
import { repoRoot } from './lib/paths.js';

const env: NodeJS.ProcessEnv = { ...process.env };
const passThrough: string[] = [];
const args = process.argv.slice(2);
const FLAGS: Record<string, (value: string) => void> = {
  '--target': (value) => {
    if (!['reference', 'prism', 'url'].includes(value))
      throw new Error(`--target must be reference, prism or url, got ${value}`);
    env.NOVAVMS_TARGET = value;
    if (value === 'reference') delete env.NOVAVMS_BASE_URL;
  },
  '--base-url': (value) => {
    env.NOVAVMS_BASE_URL = value;
    env.NOVAVMS_TARGET = 'url';
  },
  '--fuzz-runs': (value) => {
    env.NOVAVMS_FUZZ_RUNS = value;
  },
};

try {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const flag = FLAGS[name];
    if (!flag) {
      passThrough.push(arg);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined) throw new Error(`${name} needs a value`);
    flag(value);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

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
