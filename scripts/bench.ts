/**
 * `npm run bench`: measures the reference server, the mocks and the SDK against their
 * baselines in one run (`-- --help` for the flags).
 */
import { parseArgs } from 'node:util';
import { runBench } from '../bench/run.js';

const USAGE = `Usage: npm run bench [-- --quick] [--runs N] [--record]

Starts each target itself, measures it with autocannon, prints the targets with their verdicts
and writes the run to bench/results/ (git-ignored).

  --quick    shorter durations and counts, the same settings otherwise
  --runs N   run everything N times and report each target's median and spread (e.g. --quick --runs 3)
  --record   also write the report into docs/benchmarks.md, as the record of this Node.js major line
  --help     this text`;

let options: { quick: boolean; record: boolean; runs: number };
try {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: process.env.npm_config_quick === 'true' },
      record: { type: 'boolean', default: false },
      runs: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (!/^[1-9]\d?$/.test(values.runs))
    throw new Error(`--runs must be a number from 1 to 99, got ${JSON.stringify(values.runs)}`);
  options = { quick: values.quick, record: values.record, runs: Number(values.runs) };
} catch (error) {
  process.stderr.write(`bench: ${(error as Error).message}\n\n${USAGE}\n`);
  process.exit(2);
}

runBench(options).catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
