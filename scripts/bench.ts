/**
 * `npm run bench` (`-- --quick` for a short run, `-- --help` for the flags): measures the
 * reference server, Prism and the SDK against their baselines in one run.
 */
import { runBench } from '../bench/run.js';

runBench(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
