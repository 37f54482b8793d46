/**
 * `npm run lint`: Redocly CLI and Spectral on the contract (`openapi/openapi.yaml`) of each
 * lint root: this repository, or the directories given with `--root`. A root is linted with
 * the configuration beside it (`redocly.yaml` with `.redocly.lint-ignore.yaml`, `.spectral.yaml`,
 * `lint/`) or, when it has none, with this repository's. The tools' JSON output is printed one
 * finding a line, `file:line:col  severity  rule  message`, with the real file. Any error or
 * warning fails the run, and so does an ignore file with an entry that matched nothing.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { repoRoot } from '../tools/paths.js';
import { redoclyBin, redoclyEnv } from '../tools/redocly.js';

interface Finding {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  rule: string;
  message: string;
}

interface RedoclyReport {
  totals: { ignored: number };
  problems: {
    ruleId: string;
    severity: 'error' | 'warn';
    message: string;
    location: { source: { ref: string }; start?: { line: number; col: number } }[];
  }[];
}

interface SpectralResult {
  code: string;
  severity: 0 | 1 | 2 | 3;
  message: string;
  source?: string;
  range: { start: { line: number; character: number } };
}

const SPEC = 'openapi/openapi.yaml';
const IGNORE_FILE = '.redocly.lint-ignore.yaml';
const SPECTRAL_SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;

/** Runs a tool and parses its JSON output; what it printed on stderr explains a failure. */
function runJson<T>(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (_error, stdout, stderr) => {
      try {
        resolve(JSON.parse(stdout) as T);
      } catch {
        reject(new Error(`${path.basename(bin)} ${args[0]} gave no report:\n${stderr || stdout}`));
      }
    });
  });
}

/** Redocly CLI on one root with the redocly.yaml of `config` (it reads the ignore file beside it). */
async function redocly(root: string, config: string): Promise<{ findings: Finding[]; ignored: number }> {
  const configFile = path.join(config, 'redocly.yaml');
  const args = ['lint', SPEC, '--config', configFile, '--format', 'json', '--lint-config', 'error'];
  const report = await runJson<RedoclyReport>(redoclyBin, [...args, '--max-problems', '100000'], root, redoclyEnv);
  const findings = report.problems.map(({ ruleId, severity, message, location: [at] }) => ({
    file: path.resolve(root, at?.source.ref ?? SPEC),
    line: at?.start?.line ?? 1,
    column: at?.start?.col ?? 1,
    severity: severity === 'warn' ? ('warning' as const) : ('error' as const),
    rule: ruleId,
    message,
  }));
  return { findings, ignored: report.totals.ignored };
}

/** Spectral on every root of one configuration, in one process (the ruleset is loaded once). */
async function spectral(config: string, roots: readonly string[]): Promise<Finding[]> {
  const bin = path.join(repoRoot, 'node_modules', '.bin', 'spectral');
  // The packages a ruleset extends (the OWASP ruleset) come from this repository's node_modules.
  const env = { ...process.env, NODE_PATH: path.join(repoRoot, 'node_modules') };
  const args = ['lint', ...roots.map((root) => path.join(root, SPEC)), '--ruleset', '.spectral.yaml'];
  const results = await runJson<SpectralResult[]>(bin, [...args, '--format', 'json', '--quiet'], config, env);
  return results.map((result) => ({
    file: result.source ?? path.join(config, SPEC),
    line: result.range.start.line + 1,
    column: result.range.start.character + 1,
    severity: SPECTRAL_SEVERITIES[result.severity],
    rule: result.code,
    message: result.message,
  }));
}

/** How many exceptions an ignore file names: one per JSON pointer. */
function ignoreEntries(file: string): number {
  if (!existsSync(file)) return 0;
  const entries = (YAML.parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, Record<string, string[]>>;
  return Object.values(entries).flatMap((rules) => Object.values(rules).flat()).length;
}

/** The directory whose configuration lints `root`: its own, or this repository's. */
function configOf(root: string): string {
  const config = ['redocly.yaml', '.spectral.yaml'].some((file) => existsSync(path.join(root, file))) ? root : repoRoot;
  const missing = [SPEC, 'redocly.yaml', '.spectral.yaml'].find(
    (file) => !existsSync(path.join(file === SPEC ? root : config, file)),
  );
  if (missing) throw new Error(`${root} has no ${missing}, so it is not laid out like this repository`);
  return config;
}

const inside = (dir: string, file: string) => !path.relative(dir, file).startsWith('..');
const shown = (file: string) => (inside(process.cwd(), file) ? path.relative(process.cwd(), file) : file);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Lints each root (this repository when none is given) and prints a report per root, in their
 * order; returns the exit code.
 */
export async function lint(dirs: readonly string[], print = console.log): Promise<number> {
  const roots = dirs.length > 0 ? dirs.map((dir) => path.resolve(dir)) : [repoRoot];
  const configs = new Map(roots.map((root) => [root, configOf(root)]));
  const styles = new Map<string, Promise<Finding[]>>();
  for (const config of new Set(configs.values())) {
    const group = roots.filter((root) => configs.get(root) === config);
    const found = spectral(config, group);
    found.catch(() => undefined); // awaited below, where a failure is reported
    styles.set(config, found);
  }
  let failed = 0;
  for (const root of roots) {
    const config = configs.get(root)!;
    const [spec, style] = await Promise.all([redocly(root, config), styles.get(config)!]);
    const findings = [...spec.findings, ...style.filter((finding) => inside(root, finding.file))];
    // The ignore file names files of the root it lies in; it can only be stale there.
    const ignoreFile = path.join(config, IGNORE_FILE);
    const entries = config === root ? ignoreEntries(ignoreFile) : 0;
    if (spec.ignored < entries) {
      const message = `${plural(entries, 'exception')} but ${plural(spec.ignored, 'finding')} ignored: one matches nothing any more; remove it`;
      findings.push({ file: ignoreFile, line: 1, column: 1, severity: 'error', rule: 'stale-lint-exception', message });
    }
    print(`Linting ${shown(path.join(root, SPEC))} (Redocly CLI and Spectral)`);
    for (const f of findings) {
      print(`  ${shown(f.file)}:${f.line}:${f.column}  ${f.severity.padEnd(7)}  ${f.rule}  ${f.message}`);
    }
    const errors = findings.filter((finding) => finding.severity === 'error').length;
    const warnings = findings.filter((finding) => finding.severity === 'warning').length;
    const verdict = errors + warnings === 0 ? '✔ lint passed' : '✖ lint failed';
    print(
      `${verdict}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${spec.ignored} ignored by ${IGNORE_FILE}`,
    );
    if (errors + warnings > 0) failed += 1;
  }
  if (roots.length > 1) print(`${failed === 0 ? '✔' : '✖'} ${failed} of ${roots.length} roots failed the lint`);
  return failed === 0 ? 0 : 1;
}
