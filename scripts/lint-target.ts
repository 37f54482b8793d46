/**
 * What `npm run lint` lints. By default this repository's contract; `--root DIR` (or the
 * environment variable NOVAVMS_LINT_ROOT) lints another directory laid out the same way
 * (`DIR/openapi/openapi.yaml`), e.g. a temporary copy that a test has broken on purpose.
 * The lint configuration always comes from this repository.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './lib/paths.js';

/** The directory whose contract is linted and the root document inside it. */
export interface LintTarget {
  /** A directory holding `openapi/`; keys of the ignore file are relative to it. */
  root: string;
  /** The root document of the contract: `<root>/openapi/openapi.yaml`. */
  spec: string;
}

/** The lint configuration files, always this repository's. */
export const lintConfig = {
  redocly: path.join(repoRoot, 'redocly.yaml'),
  spectral: path.join(repoRoot, '.spectral.yaml'),
  ignore: path.join(repoRoot, '.redocly.lint-ignore.yaml'),
} as const;

/** Reads the lint root from `--root DIR`, else NOVAVMS_LINT_ROOT, else this repository. */
export function lintTarget(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): LintTarget {
  const flag = argv.indexOf('--root');
  const given = flag >= 0 ? argv[flag + 1] : env.NOVAVMS_LINT_ROOT;
  if (flag >= 0 && !given) throw new Error('--root needs a directory');
  const root = path.resolve(given || repoRoot);
  const spec = path.join(root, 'openapi', 'openapi.yaml');
  if (!existsSync(spec)) throw new Error(`no contract to lint: ${spec} does not exist`);
  return { root, spec };
}
