/**
 * The order in which the contract suite's files run. They run one at a time, since they
 * share one server; the files that lock accounts or addresses out run last, so that the
 * failed logins they provoke cannot make another file's login answer 429.
 *
 * Vitest takes its sequencer from the root configuration only and sorts the files of every
 * project with it (`npm test`), so this one touches the `contract` project's files alone:
 * they keep the places Vitest gives them and only change order among themselves. Every other
 * project's files stay exactly where Vitest's own sequencer puts them.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The project whose files this sequencer orders (test/contract/vitest.config.ts). */
export const CONTRACT_PROJECT = 'contract';

const LAST = ['test/contract/rate-limit.test.ts'];

function rank(moduleId: string): number {
  const normalized = moduleId.replaceAll('\\', '/');
  const i = LAST.findIndex((name) => normalized.endsWith(`/${name}`));
  return i < 0 ? -1 : i;
}

/**
 * `sorted` with the contract project's files reordered in the slots they hold (the LAST
 * files after the others, in their listed order); every other file keeps its slot.
 */
export function contractFilesLast<T extends { moduleId: string; project: { name: string } }>(
  sorted: readonly T[],
): T[] {
  const slots = sorted.flatMap((file, index) => (file.project.name === CONTRACT_PROJECT ? [index] : []));
  const contract = slots
    .map((slot, index) => ({ file: sorted[slot]!, index }))
    .sort((a, b) => rank(a.file.moduleId) - rank(b.file.moduleId) || a.index - b.index)
    .map(({ file }) => file);
  const out = [...sorted];
  slots.forEach((slot, i) => {
    out[slot] = contract[i]!;
  });
  return out;
}

/** Vitest sequencer: Vitest's order, with the contract project's LAST files after its others. */
export class ContractFileOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return contractFilesLast(await super.sort(files));
  }
}
