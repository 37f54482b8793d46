/**
 * The order in which test files run. Contract test files run one at a time, since they share
 * one server; the files that lock accounts or addresses out run last, so that the failed
 * logins they provoke cannot make another file's login answer 429. Everything else keeps
 * Vitest's own order.
 *
 * Vitest reads a sequencer from the root configuration only, so the root configuration
 * (`npm test`) names this one as well as the contract suite's own (`npm run test:contract`).
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LAST = ['test/contract/rate-limit.test.ts'];

function rank(moduleId: string): number {
  const normalized = moduleId.replaceAll('\\', '/');
  const i = LAST.findIndex((name) => normalized.endsWith(`/${name}`));
  return i < 0 ? -1 : i;
}

/** Vitest sequencer: Vitest's order, then the LAST files in their listed order. */
export class ContractFileOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return sorted
      .map((file, index) => ({ file, index }))
      .sort((a, b) => rank(a.file.moduleId) - rank(b.file.moduleId) || a.index - b.index)
      .map(({ file }) => file);
  }
}
