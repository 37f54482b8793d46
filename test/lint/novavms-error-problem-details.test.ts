/** novavms-error-problem-details: 4xx/5xx are problem+json with Problem, and codes are ErrorCode members. */
import { describe, expect, test } from 'vitest';
import { ruleOn } from './support/house-rules.js';

const RULE = 'novavms-error-problem-details';

describe(RULE, () => {
  test('accepts the base fixture', async () => {
    expect(await ruleOn(RULE)).toEqual([]);
  });

  test('reports an error response that is not application/problem+json', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/components/responses/BadRequest.yaml', (doc) => {
        doc.content = { 'application/json': doc.content['application/problem+json'] };
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/components/responses/BadRequest.yaml',
        pointer: '#/',
        message: expect.stringContaining('The 400 response is application/json, not application/problem+json'),
      },
    ]);
  });

  test('reports a problem body that is not the Problem schema', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/components/responses/NotFound.yaml', (doc) => {
        doc.content['application/problem+json'].schema = { type: 'object' };
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/components/responses/NotFound.yaml',
        // Spectral locates findings under a media-type key with a '+' inside a referenced
        // file at the closest key it can decode: the response's content.
        pointer: '#/content',
        message: expect.stringContaining('The 404 body is not the Problem schema'),
      },
    ]);
  });

  test('reports an example code that is not in the ErrorCode enum', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/components/responses/NotFound.yaml', (doc) => {
        doc.content['application/problem+json'].examples.NOT_FOUND.value.code = 'NO_SUCH_THING';
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/components/responses/NotFound.yaml',
        // Spectral locates findings under a media-type key with a '+' inside a referenced
        // file at the closest key it can decode: the response's content.
        pointer: '#/content',
        message: expect.stringContaining('"NO_SUCH_THING" is not a member of the error-code enum'),
      },
    ]);
  });

  test('reports an inline error response without a body', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_keys_{key_id}.yaml', (doc) => {
        doc.delete.responses['409'] = { description: 'The key is already revoked.' };
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_keys_{key_id}.yaml',
        pointer: '#/delete/responses/409',
        message: expect.stringContaining('The 409 response has no body'),
      },
    ]);
  });
});
