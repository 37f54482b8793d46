/** rule/novavms-error-response-shared (Redocly): error responses $ref the shared components/responses. */
import { describe, expect, test } from 'vitest';
import { ruleOn } from '../support/house-rules.js';

const RULE = 'rule/novavms-error-response-shared';

describe(RULE, () => {
  test('accepts the base fixture (success responses may be inline)', async () => {
    expect(await ruleOn(RULE)).toEqual([]);
  });

  test('reports an error response written inline', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_widgets.yaml', (doc) => {
        doc.get.responses['400'] = {
          description: 'Bad request.',
          content: { 'application/problem+json': { schema: { $ref: '../components/schemas/Problem.yaml' } } },
        };
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_widgets.yaml',
        pointer: '#/get/responses/400',
        message: expect.stringContaining('$ref a shared response from components/responses'),
      },
    ]);
  });

  test('reports an error response taken from another folder', async () => {
    const findings = await ruleOn(RULE, async (copy) => {
      await copy.rename('openapi/components/responses/NotFound.yaml', 'openapi/paths/NotFound.yaml');
      await copy.edit('openapi/paths/NotFound.yaml', (doc) => {
        doc.content['application/problem+json'].schema.$ref = '../components/schemas/Problem.yaml';
      });
      await copy.replace(
        'openapi/paths/v1_keys_{key_id}.yaml',
        '$ref: ../components/responses/NotFound.yaml',
        '$ref: NotFound.yaml',
      );
    });
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_keys_{key_id}.yaml',
        pointer: '#/delete/responses/404',
        message: expect.stringContaining('$ref a shared response'),
      },
    ]);
  });
});
