import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { ContractFileOrder } from './support/file-order.js';

const contractDir = path.dirname(fileURLToPath(import.meta.url));

/**
 * The contract suite's own configuration (`npm run test:contract`): one target started by
 * the global setup for every file, files one at a time (they share the target's state and
 * its failed-login counters), and a coverage report at the end. Its root is this folder, so
 * that the root configuration can list it as a project (`projects: ['test/contract/vitest.config.ts']`).
 */
export default defineConfig({
  root: contractDir,
  test: {
    name: 'contract',
    include: ['**/*.test.ts'],
    globalSetup: ['./support/global-setup.ts'],
    setupFiles: ['./support/setup-file.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    sequence: { sequencer: ContractFileOrder },
  },
});
