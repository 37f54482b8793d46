import { defineConfig } from 'vitest/config';
import { ContractFileOrder } from './test/contract/support/file-order.js';

/**
 * One project per suite, so that each can run alone (`vitest run --project NAME`) and
 * `npm test` runs them all.
 */
export default defineConfig({
  test: {
    // Vitest takes the sequencer from the root configuration only and applies it to every
    // project; this one reorders the contract project's files alone (rate-limit.test.ts after
    // its others) and leaves every other project's files where Vitest puts them.
    sequence: { sequencer: ContractFileOrder },
    projects: [
      { test: { name: 'spec', include: ['test/spec/**/*.test.ts'], testTimeout: 30_000 } },
      { test: { name: 'lint', include: ['test/lint/**/*.test.ts'], testTimeout: 60_000 } },
      { test: { name: 'server', include: ['mock/test/**/*.test.ts'], testTimeout: 30_000 } },
      {
        test: {
          name: 'sdk',
          include: ['test/sdk/**/*.test.ts'],
          testTimeout: 30_000,
          typecheck: {
            enabled: true,
            include: ['test/sdk/**/*.test-d.ts'],
            tsconfig: 'test/sdk/tsconfig.typecheck.json',
          },
        },
      },
      // The contract suite shares one target and prints its coverage matrix: its own config.
      'test/contract/vitest.config.ts',
      { test: { name: 'docs', include: ['test/docs/**/*.test.ts'], testTimeout: 120_000 } },
      // Runs the Arazzo workflows with redocly respect against the reference server (and CI with it).
      { test: { name: 'workflows', include: ['test/workflows/**/*.test.ts'], testTimeout: 180_000 } },
      { test: { name: 'packaging', include: ['test/packaging/**/*.test.ts'], testTimeout: 300_000 } },
      { test: { name: 'bench', include: ['bench/test/**/*.test.ts'] } },
    ],
  },
});
