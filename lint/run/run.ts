/**
 * Runs the lint of the contract and prints it: Redocly (`spec`: structure, examples,
 * configurable rules) and Spectral (`style`: spectral:oas, OWASP, NovaVMS house rules), both
 * filtered through the exceptions of `.redocly.lint-ignore.yaml`. Several lint roots can be
 * linted in one run (one Redocly process, one Spectral ruleset), each with its own report.
 * Returns the exit code: 0 when nothing is left, 1 on any error, warning or stale exception
 * in any root, 2 when a linter could not run.
 */
import path from 'node:path';
import { byLocation, displayPath, type Finding, fails, formatFinding } from './finding.js';
import { applyExceptions, readExceptions } from './ignore.js';
import { lintWithRedocly } from './redocly.js';
import { lintWithSpectral, loadSpectralRuleset } from './spectral.js';
import { type LintTarget, lintConfig, lintTargets } from './target.js';

export type Linter = 'spec' | 'style';

const TITLES: Record<Linter, string> = {
  spec: 'lint:spec  Redocly CLI (redocly.yaml)',
  style: 'lint:style Spectral (.spectral.yaml)',
};

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function count(findings: readonly Finding[], severity: Finding['severity']): number {
  return findings.filter((finding) => finding.severity === severity).length;
}

/** The index of the target whose root holds `file` (the deepest one), or 0. */
function owningTarget(targets: readonly LintTarget[], file: string): number {
  let best = 0;
  let bestLength = -1;
  targets.forEach((target, i) => {
    const inside = !path.relative(target.root, file).startsWith('..');
    if (inside && target.root.length > bestLength) {
      best = i;
      bestLength = target.root.length;
    }
  });
  return best;
}

type Outcome = { ok: true; findings: Finding[][]; stderr: string } | { ok: false; error: string };

/** Runs one linter on every target; findings come back grouped per target. */
async function runLinter(
  linter: Linter,
  targets: readonly LintTarget[],
  loadRuleset: ReturnType<typeof loadSpectralRuleset>,
): Promise<Outcome> {
  try {
    const perTarget: Finding[][] = targets.map(() => []);
    if (linter === 'spec') {
      const { findings, stderr } = await lintWithRedocly(
        targets.map((t) => t.spec),
        lintConfig.redocly,
      );
      for (const finding of findings) perTarget[owningTarget(targets, finding.file)]!.push(finding);
      return { ok: true, findings: perTarget, stderr };
    }
    const ruleset = await loadRuleset;
    for (const [i, target] of targets.entries()) perTarget[i] = await lintWithSpectral(target.spec, ruleset);
    return { ok: true, findings: perTarget, stderr: '' };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Lints every target with the given linters, prints one report per target and returns the exit code. */
export async function runLint(
  linters: readonly Linter[],
  targets: readonly LintTarget[],
  print = console.log,
): Promise<number> {
  // Both linters need the Spectral rule ids, to tell whose exception an entry is.
  const loadRuleset = loadSpectralRuleset(lintConfig.spectral);
  loadRuleset.catch(() => undefined);
  const outcomes = await Promise.all(linters.map((linter) => runLinter(linter, targets, loadRuleset)));
  let spectralRules: Set<string>;
  try {
    spectralRules = new Set(Object.keys((await loadRuleset).rules));
  } catch (error) {
    print(
      `could not load ${displayPath(lintConfig.spectral)}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 2;
  }
  const owners: Record<Linter, (rule: string) => boolean> = {
    spec: (rule) => !spectralRules.has(rule),
    style: (rule) => spectralRules.has(rule),
  };

  let crashed = false;
  let failedTargets = 0;
  for (const [t, target] of targets.entries()) {
    if (t > 0) print('');
    const { exceptions, problems } = await readExceptions(lintConfig.ignore, target.root);
    print(`Linting ${displayPath(target.spec)}; exceptions from ${displayPath(lintConfig.ignore)}`);
    let failing = problems.length;
    for (const problem of problems) print(formatFinding(problem));
    linters.forEach((linter, i) => {
      const outcome = outcomes[i]!;
      print('');
      print(TITLES[linter]);
      if (!outcome.ok) {
        crashed = true;
        print(`  could not run: ${outcome.error}`);
        return;
      }
      if (outcome.stderr) {
        // Whatever Redocly says besides its report is about the configuration: it fails the run.
        print(outcome.stderr.replace(/^/gm, '  '));
        failing += 1;
      }
      const result = applyExceptions(outcome.findings[t]!, exceptions, owners[linter], lintConfig.ignore);
      const shown = [...result.kept, ...result.stale].sort(byLocation);
      for (const finding of shown) print(`  ${formatFinding(finding)}`);
      failing += shown.filter(fails).length;
      const errors = count(shown, 'error');
      const warnings = count(shown, 'warning');
      const mark = errors + warnings === 0 ? '✔' : '✖';
      print(
        `  ${mark} ${plural(errors, 'error')}, ${plural(warnings, 'warning')} (${plural(result.excepted, 'finding')} excepted)`,
      );
    });
    print('');
    if (crashed) {
      print('✖ lint could not run');
    } else if (failing === 0) {
      print('✔ lint passed: no errors, no warnings');
    } else {
      failedTargets += 1;
      print(`✖ lint failed: ${plural(failing, 'error or warning', 'errors and warnings')}`);
    }
  }
  if (targets.length > 1) {
    print('');
    print(`${failedTargets === 0 ? '✔' : '✖'} ${failedTargets} of ${targets.length} contracts failed the lint`);
  }
  if (crashed) return 2;
  return failedTargets === 0 ? 0 : 1;
}

/** The command-line entry of lint, lint:spec and lint:style: bad arguments get a message, not a stack. */
export async function lintCommand(linters: readonly Linter[], argv: readonly string[]): Promise<number> {
  // `npm run lint | head` closes the pipe early; that is not an error of the lint.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  let targets: LintTarget[];
  try {
    targets = lintTargets(argv);
  } catch (error) {
    console.error(`lint: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  return runLint(linters, targets);
}
