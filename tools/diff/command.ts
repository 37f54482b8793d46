/**
 * What `npm run diff` and `npm run release` do with their arguments: pick the two contracts,
 * print the report in the asked format, and turn the gate's verdict into an exit code.
 */
import path from 'node:path';
import { checkGenerated } from '../generate/check.js';
import { repoRoot } from '../paths.js';
import { type DiffResult, diffContracts, gate, utcToday } from './diff.js';
import { ReleaseError, release } from './release.js';
import { type ContractSide, contractNamed, frozenReleaseProblems, latestRelease, workingContract } from './releases.js';
import { renderJson, renderMarkdown, renderText } from './report.js';

const FORMATS = ['text', 'markdown', 'json'] as const;

/** Runs `npm run diff`; resolves to its exit code (2 for bad arguments). */
export async function runDiff(args: { positionals: string[]; format: string; check: boolean }): Promise<number> {
  const format = FORMATS.find((f) => f === args.format);
  if (!format || args.positionals.length > 2) {
    console.error('usage: npm run diff -- [BASE [REVISION]] [--format text|markdown|json] [--check]');
    return 2;
  }
  let sides: [ContractSide, ContractSide];
  try {
    const [first, second] = args.positionals;
    sides = [first ? contractNamed(first) : latestRelease(), second ? contractNamed(second) : workingContract()];
  } catch (error) {
    console.error(`diff: ${(error as Error).message}`);
    return 2;
  }
  let result: DiffResult;
  try {
    result = await diffContracts(...sides, utcToday());
  } catch (error) {
    console.error(`diff: ${(error as Error).message}`);
    return 2;
  }
  const verdict = args.check ? gate(result) : undefined;
  const frozen = args.check ? frozenReleaseProblems() : [];
  if (verdict && frozen.length > 0) verdict.problems.push(...frozen.map((p) => `refused: ${p}`));
  if (verdict) verdict.ok = verdict.problems.length === 0;
  const render = { text: renderText, markdown: renderMarkdown, json: renderJson }[format];
  process.stdout.write(format === 'markdown' ? render(result) : render(result, verdict));
  if (verdict && !verdict.ok && format !== 'text') console.error(verdict.problems.join('\n'));
  return verdict && !verdict.ok ? 1 : 0;
}

/** Runs `npm run release -- <version>`; resolves to its exit code. */
export async function runRelease(positionals: string[]): Promise<number> {
  const [version, ...rest] = positionals;
  if (!version || rest.length > 0) {
    console.error('usage: npm run release -- <version>   (the version the working contract states)');
    return 2;
  }
  try {
    const made = await release(version, {
      today: utcToday(),
      generatedProblems: async () => (await checkGenerated()).problems,
    });
    console.log(`released ${made.version}: ${path.relative(repoRoot, made.file)}, CHANGELOG.md\n\n${made.section}`);
    return 0;
  } catch (error) {
    if (!(error instanceof ReleaseError)) throw error;
    console.error(`release: ${error.message}`);
    return 1;
  }
}
