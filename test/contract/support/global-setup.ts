/**
 * Global setup of the contract suite: starts the target once for every test file, hands it
 * over with `provide`, and at the end prints the coverage matrix and the tests that did not
 * apply, failing the run when a documented response was never seen.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { readSettings } from '../../../tools/target-settings.js';
import { unreachableResponses } from '../unreachable.js';
import { coverageMatrix } from './coverage-matrix.js';
import { readRecords } from './run-record.js';
import { startTarget } from './start-target.js';

const contractDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function testFiles(): string[] {
  return (readdirSync(contractDir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(contractDir, f));
}

/** Vitest global setup: start, provide, and return the teardown that reports. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const settings = readSettings();
  const started = await startTarget(settings);
  const runDir = mkdtempSync(path.join(tmpdir(), 'novavms-contract-'));
  project.provide('novavmsTarget', { ...started.info, runDir });
  const caps = started.info.capabilities;
  console.log(
    `contract suite target: ${started.info.kind} at ${started.info.baseUrl} ` +
      `(mock controls: ${caps.mockControl ? 'yes' : 'no'}; allowed origin: ${caps.allowedOrigin ?? 'none'}; second source address: ${caps.altSourceAddress ?? 'none'}; fuzz runs: ${settings.fuzzRuns})`,
  );

  return async () => {
    await started.stop();
    const records = readRecords(runDir);
    rmSync(runDir, { recursive: true, force: true });
    const ran = new Set(records.flatMap((r) => (r.kind === 'file' ? [path.resolve(r.file)] : [])));
    const partial = testFiles().filter((f) => !ran.has(f));
    const coverage = coverageMatrix(records, unreachableResponses);
    console.log(
      `\nContract coverage (${started.info.kind}): ${coverage.seen} of ${coverage.documented} documented responses exercised\n${coverage.table}`,
    );

    const outside = records.filter((r) => r.kind === 'outside');
    if (outside.length) {
      const counts = new Map<string, number>();
      for (const r of outside)
        if (r.kind === 'outside')
          counts.set(`${r.method} ${r.status}`, (counts.get(`${r.method} ${r.status}`) ?? 0) + 1);
      console.log(
        `Requests outside every operation (unknown path or method): ${[...counts].map(([k, n]) => `${k} ×${n}`).join(', ')}`,
      );
    }

    const notApplicable = records.filter((r) => r.kind === 'not-applicable');
    if (notApplicable.length) {
      console.log(`\nNot applicable to this target (${notApplicable.length}):`);
      for (const r of notApplicable) if (r.kind === 'not-applicable') console.log(`  - ${r.title} — ${r.reason}`);
    }

    if (partial.length) {
      console.log(
        `\nCoverage not gated: ${partial.length} test file(s) did not run (${partial.map((f) => path.relative(contractDir, f)).join(', ')}).`,
      );
    } else if (process.env.NOVAVMS_COVERAGE_GATE === '0') {
      console.log('\nCoverage not gated: NOVAVMS_COVERAGE_GATE=0.');
    } else if (coverage.gaps.length) {
      console.error(
        `\nCoverage gate FAILED: ${coverage.gaps.length} documented response(s) never seen: ${coverage.gaps.join(', ')}`,
      );
      process.exitCode = 1;
    } else {
      console.log('\nCoverage gate passed: every documented response was seen or is listed as unreachable.');
    }
  };
}
