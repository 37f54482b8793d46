/**
 * Runs the lint of the contract and prints it: Redocly (`spec`: structure, examples,
 * configurable rules) and Spectral (`style`: spectral:oas, OWASP, NovaVMS house rules), both
 * filtered through the exceptions of `.redocly.lint-ignore.yaml`. Returns the exit code:
 * 0 when nothing is left, 1 on any error, warning or stale exception, 2 when a linter could
 * not run.
 */
import { byLocation, displayPath, fails, formatFinding, type Finding } from './lint-finding.js';
import { applyExceptions, readExceptions } from './lint-ignore.js';
import { lintWithRedocly } from './lint-redocly.js';
import { lintWithSpectral, loadSpectralRuleset } from './lint-spectral.js';
import { lintConfig, type LintTarget } from './lint-target.js';

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

/** Lints `target` with the given linters, prints the findings and returns the exit code. */
export async function runLint(linters: readonly Linter[], target: LintTarget, print = console.log): Promise<number> {
  const { exceptions, problems } = await readExceptions(lintConfig.ignore, target.root);
  // Both linters need to know which rule ids are Spectral's, to tell whose exception is stale.
  const ruleset = await loadSpectralRuleset(lintConfig.spectral);
  const spectralRules = new Set(Object.keys(ruleset.rules));
  const owners: Record<Linter, (rule: string) => boolean> = {
    spec: (rule) => !spectralRules.has(rule),
    style: (rule) => spectralRules.has(rule),
  };
  const runs = await Promise.allSettled(
    linters.map(async (linter) =>
      linter === 'spec'
        ? lintWithRedocly(target.spec, lintConfig.redocly)
        : { findings: await lintWithSpectral(target.spec, ruleset), stderr: '' },
    ),
  );

  print(`Linting ${displayPath(target.spec)}; exceptions from ${displayPath(lintConfig.ignore)}`);
  let crashed = false;
  let failing = problems.length;
  for (const problem of problems) print(formatFinding(problem));
  linters.forEach((linter, i) => {
    const outcome = runs[i]!;
    print('');
    print(TITLES[linter]);
    if (outcome.status === 'rejected') {
      crashed = true;
      print(`  could not run: ${outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason)}`);
      return;
    }
    if (outcome.value.stderr) print(outcome.value.stderr.replace(/^/gm, '  '));
    const result = applyExceptions(outcome.value.findings, exceptions, owners[linter], lintConfig.ignore);
    const shown = [...result.kept, ...result.stale].sort(byLocation);
    for (const finding of shown) print(`  ${formatFinding(finding)}`);
    failing += shown.filter(fails).length;
    const errors = count(shown, 'error');
    const warnings = count(shown, 'warning');
    const mark = errors + warnings === 0 ? '✔' : '✖';
    print(`  ${mark} ${plural(errors, 'error')}, ${plural(warnings, 'warning')} (${plural(result.excepted, 'finding')} excepted)`);
  });
  print('');
  if (crashed) {
    print('✖ lint could not run');
    return 2;
  }
  print(failing === 0 ? '✔ lint passed: no errors, no warnings' : `✖ lint failed: ${plural(failing, 'error or warning', 'errors and warnings')}`);
  return failing === 0 ? 0 : 1;
}
