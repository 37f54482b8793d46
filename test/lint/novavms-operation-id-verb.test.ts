/** novavms-operation-id-verb: operationIds are camelCase and start with a verb fitting the method. */
import { describe, expect, test } from 'vitest';
import { ruleOn } from './support/house-rules.js';

const RULE = 'novavms-operation-id-verb';

describe(RULE, () => {
  test('accepts the base fixture: login…, get…, list…, create…, revoke… on their methods', async () => {
    expect(await ruleOn(RULE)).toEqual([]);
  });

  test('reports a GET that does not start with get or list, and proposes names', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_widgets.yaml', (doc) => {
        doc.get.operationId = 'fetchWidgets';
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_widgets.yaml',
        pointer: '#/get/operationId',
        message: expect.stringContaining('e.g. "getWidgets" or "listWidgets"'),
      },
    ]);
  });

  test('reports a DELETE named with a POST verb', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_keys_{key_id}.yaml', (doc) => {
        doc.delete.operationId = 'createKeyRevocation';
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_keys_{key_id}.yaml',
        pointer: '#/delete/operationId',
        message: expect.stringContaining('of a DELETE must be camelCase and start with delete/revoke/remove'),
      },
    ]);
  });

  test('reports an operationId that is not camelCase', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_keys.yaml', (doc) => {
        doc.post.operationId = 'create_api_key';
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_keys.yaml',
        pointer: '#/post/operationId',
        message: expect.stringContaining('e.g. "createApiKey"'),
      },
    ]);
  });
});
