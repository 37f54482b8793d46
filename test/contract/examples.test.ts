/**
 * Schema level, against an example mock (`--target prism`): every named example of every
 * documented response of every operation, served by Prism, conforms to the operation's
 * status, headers, content type and schema. Catches examples that drift from the schemas.
 */
import { describe, expect } from 'vitest';
import { operations } from '../support/openapi.js';
import { clientFor } from './support/contract-client.js';
import { cite, contractTest, notApplicable } from './support/contract-test.js';
import { exampleCall, responseExampleNames } from './support/example-requests.js';
import { getTarget } from './support/target.js';

const target = await getTarget();
const client = clientFor(target);

const cases = operations().flatMap((entry) =>
  Object.keys(entry.operation.responses).flatMap((status) => {
    const names = responseExampleNames(entry, status);
    return (names.length ? names : [undefined]).map((example) => ({ entry, status, example }));
  }),
);

describe('every documented response example conforms to its operation', () => {
  if (notApplicable(target, ['servesExamples'])) {
    // One line for the whole group rather than one per example.
    contractTest(
      target,
      `each of the ${cases.length} documented response examples is served valid`,
      cite.spec('every response example'),
      ['servesExamples'],
      async () => {},
    );
    return;
  }
  for (const { entry, status, example } of cases) {
    contractTest(
      target,
      `${entry.operationId} ${status}${example ? ` (${example})` : ''} is served valid`,
      cite.spec(`paths.${entry.path}.${entry.method}.responses.${status}`),
      ['servesExamples'],
      async () => {
        const call = exampleCall(entry, true);
        call.headers = { prefer: `code=${status}${example ? `, example=${example}` : ''}` };
        const res = await client.send(call);
        expect(res.status).toBe(Number(status));
      },
    );
  }
});
