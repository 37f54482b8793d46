/**
 * What `npm run lint` lints. By default this repository's contract; `--root DIR` (or the
 * environment variable NOVAVMS_LINT_ROOT) lints another directory laid out the same way
 * (`DIR/openapi/openapi.yaml`), e.g. a temporary copy that a test has broken on purpose.
 * `--root` may be repeated (NOVAVMS_LINT_ROOT may list directories separated by the path
 * delimiter) to lint several copies in one run. The lint configuration always comes from
 * this repository.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../tools/paths.js';

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

function target(root: string): LintTarget {
  const spec = path.join(root, 'openapi', 'openapi.yaml');
  if (!existsSync(spec)) throw new Error(`no contract to lint: ${spec} does not exist`);
  return { root, spec };
}

/** Reads the lint roots from `--root DIR` (repeatable), else NOVAVMS_LINT_ROOT, else this repository. */
export function lintTargets(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): LintTarget[] {
  const roots: string[] = [];
  argv.forEach((arg, i) => {
    if (arg !== '--root') return;
    const dir = argv[i + 1];
    if (!dir || dir.startsWith('--')) throw new Error('--root needs a directory');
    roots.push(dir);
  });
  if (roots.length === 0 && env.NOVAVMS_LINT_ROOT)
    roots.push(...env.NOVAVMS_LINT_ROOT.split(path.delimiter).filter(Boolean));
  if (roots.length === 0) roots.push(repoRoot);
  return roots.map((root) => target(path.resolve(root)));
}
