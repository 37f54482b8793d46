/**
 * The Redocly half of the lint (`lint:spec`): runs the project's Redocly CLI on the contract
 * and returns its findings, exceptions not yet applied.
 *
 * Redocly applies `.redocly.lint-ignore.yaml` from the directory of its config by itself and
 * then hides what it ignored, which would make stale exceptions invisible. So the CLI gets a
 * copy of redocly.yaml in a temporary directory (same rules; relative `extends` and
 * `plugins` made absolute; `telemetry` left out, it is not a ruleset key there), and the lint
 * scripts apply the exceptions themselves, exactly as Redocly would.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';
import { repoRoot } from '../../tools/paths.js';
import { redoclyBin, redoclyEnv } from '../../tools/redocly.js';
import type { Finding } from './finding.js';

const run = promisify(execFile);

interface RedoclyProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location?: { source: { ref: string }; pointer?: string; start?: { line: number; col: number } }[];
}

/** redocly.yaml as a config that Redocly can load from another directory. */
async function portableConfig(configFile: string): Promise<string> {
  const config = YAML.parse(await readFile(configFile, 'utf8')) as Record<string, unknown>;
  const base = path.dirname(configFile);
  const absolute = (entry: unknown) =>
    typeof entry === 'string' && entry.startsWith('.') ? path.resolve(base, entry) : entry;
  delete config.telemetry;
  for (const key of ['extends', 'plugins']) {
    if (Array.isArray(config[key])) config[key] = (config[key] as unknown[]).map(absolute);
  }
  return YAML.stringify(config);
}

/**
 * Lints each of `specs` (one CLI run for all) with the rules of `configFile`; `stderr`
 * carries what Redocly said besides findings.
 */
export async function lintWithRedocly(
  specs: readonly string[],
  configFile: string,
): Promise<{ findings: Finding[]; stderr: string }> {
  const work = await mkdtemp(path.join(tmpdir(), 'novavms-redocly-'));
  try {
    const config = path.join(work, 'redocly.yaml');
    await writeFile(config, await portableConfig(configFile));
    const args = ['lint', ...specs, '--config', config, '--format', 'json'];
    const options = { cwd: repoRoot, env: redoclyEnv, maxBuffer: 64 * 1024 * 1024 };
    const output = await run(redoclyBin, args, options).catch((error: { stdout?: string; stderr?: string }) => ({
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? String(error),
    }));
    // Name the configuration after the real file (its lines are those of the temporary copy).
    const copyName = `${path.relative(repoRoot, configFile)} (temporary copy)`;
    const stderr = cleanStderr(output.stderr)
      .replaceAll(path.relative(repoRoot, config), copyName)
      .replaceAll(config, copyName);
    let reports: { problems: RedoclyProblem[] }[];
    try {
      reports = jsonDocuments(output.stdout) as { problems: RedoclyProblem[] }[];
    } catch {
      reports = [];
    }
    if (reports.length !== specs.length) {
      throw new Error(
        `Redocly CLI gave ${reports.length} reports for ${specs.length} documents:\n${stderr || output.stdout}`,
      );
    }
    return { findings: reports.flatMap((report) => report.problems.map(toFinding)), stderr };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Redocly prints one JSON report per linted document, one after the other. */
function jsonDocuments(text: string): unknown[] {
  const documents: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '{') {
      if (depth === 0) start = i;
      depth += 1;
    } else if (char === '}') {
      depth -= 1;
      if (depth === 0) documents.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  return documents;
}

function toFinding(problem: RedoclyProblem): Finding {
  const at = problem.location?.[0];
  return {
    linter: 'redocly',
    rule: problem.ruleId,
    severity: problem.severity === 'warn' ? 'warning' : 'error',
    message: problem.message,
    file: at ? path.resolve(repoRoot, at.source.ref) : repoRoot,
    line: at?.start?.line ?? 1,
    column: at?.start?.col ?? 1,
    pointer: at?.pointer ?? '#/',
  };
}

/** Redocly's progress lines and its Node.js 20 end-of-life banner are noise here. */
function cleanStderr(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !/[╔║╚]/.test(line))
    .filter(
      (line) =>
        !/^(validating |.*: validated in |Woohoo!|You have \d|❌ Validation failed|run `redocly lint --generate-ignore-file`|\d+ problems? (is|are) explicitly ignored)/.test(
          line.trim(),
        ),
    )
    .filter((line) => line.trim() !== '')
    .join('\n');
}
