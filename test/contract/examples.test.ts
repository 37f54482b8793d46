/**
 * Schema level, against an example mock (`--target prism`): every named example of every
 * documented response of every operation, served by Prism, conforms to the operation's
 * status, headers, content type and schema. Catches examples that drift from the schemas.
 */
import { describe, expect } from 'vitest';
import { operations } from '../support/openapi.js';
import { clientFor } from './support/contract-client.js';
import { cite, contractTest } from './support/contract-test.js';
import { exampleCall, responseExampleNames } from './support/example-requests.js';
import { getTarget } from './support/target.js';

const target = await getTarget();
const client = clientFor(target);

describe('every documented response example conforms to its operation', () => {
  for (const entry of operations()) {
    for (const status of Object.keys(entry.operation.responses)) {
      const names = responseExampleNames(entry, status);
      for (const example of names.length ? names : [undefined]) {
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
    }
  }
});
