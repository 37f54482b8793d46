/**
 * The contract suite's file order on its own, with made-up files of several projects: the
 * contract project's rate-limit file runs after its other files, and no file of another
 * project moves. No target is needed, so this runs against every target.
 */
import { describe, expect, it } from 'vitest';
import { CONTRACT_PROJECT, contractFilesLast } from './support/file-order.js';

const file = (project: string, path: string) => ({ project: { name: project }, moduleId: `/repo/${path}` });

describe('contractFilesLast', () => {
  it("puts rate-limit.test.ts after the contract project's other files, keeping every other project's files in place", () => {
    const sorted = [
      file('server', 'mock/test/cli.test.ts'),
      file(CONTRACT_PROJECT, 'test/contract/rate-limit.test.ts'),
      file('lint', 'test/lint/own-spec.test.ts'),
      file(CONTRACT_PROJECT, 'test/contract/keys.test.ts'),
      file(CONTRACT_PROJECT, 'test/contract/login.test.ts'),
      file('server', 'mock/test/units.test.ts'),
    ];
    const order = contractFilesLast(sorted).map((f) => `${f.project.name}:${f.moduleId.replace('/repo/', '')}`);
    expect(order).toEqual([
      'server:mock/test/cli.test.ts',
      'contract:test/contract/keys.test.ts',
      'lint:test/lint/own-spec.test.ts',
      'contract:test/contract/login.test.ts',
      'contract:test/contract/rate-limit.test.ts',
      'server:mock/test/units.test.ts',
    ]);
  });

  it('leaves the order alone when no contract file is in it, and for a rate-limit.test.ts of another project', () => {
    const sorted = [
      file('server', 'mock/test/b.test.ts'),
      file('other', 'test/contract/rate-limit.test.ts'),
      file('server', 'mock/test/a.test.ts'),
    ];
    expect(contractFilesLast(sorted)).toEqual(sorted);
  });
});
