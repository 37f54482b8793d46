/**
 * The order in which contract test files run (one at a time, since they share one server):
 * by name, except the files that lock accounts or addresses out, which run last so that the
 * failed logins they provoke cannot make another file's login answer 429.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LAST = ['rate-limit.test.ts'];

function rank(moduleId: string): number {
  const i = LAST.findIndex((name) => moduleId.endsWith(`/${name}`));
  return i < 0 ? -1 : i;
}

/** Vitest sequencer: alphabetical, then the LAST files in their listed order. */
export class ContractFileOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => rank(a.moduleId) - rank(b.moduleId) || a.moduleId.localeCompare(b.moduleId));
  }
}
