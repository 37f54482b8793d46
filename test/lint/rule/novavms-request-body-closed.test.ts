/** rule/novavms-request-body-closed (Redocly): request body schemas set additionalProperties: false. */
import { describe, expect, test } from 'vitest';
import { ruleOn } from '../support/house-rules.js';

const RULE = 'rule/novavms-request-body-closed';

describe(RULE, () => {
  test('accepts the base fixture (and open response schemas are not its business)', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/components/schemas/WidgetList.yaml', (doc) => {
        delete doc.additionalProperties;
      }),
    );
    expect(findings).toEqual([]);
  });

  test('reports a request body schema that allows unknown fields', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/components/schemas/LoginRequest.yaml', (doc) => {
        doc.additionalProperties = true;
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/components/schemas/LoginRequest.yaml',
        pointer: '#/additionalProperties',
        message: expect.stringContaining('Set `additionalProperties: false` on the request body schema'),
      },
    ]);
  });

  test('reports a request body schema that does not say', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/components/schemas/ApiKeyCreateRequest.yaml', (doc) => {
        delete doc.additionalProperties;
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/components/schemas/ApiKeyCreateRequest.yaml',
        // Redocly points at the missing property itself.
        pointer: '#/additionalProperties',
        message: expect.stringContaining('Set `additionalProperties: false`'),
      },
    ]);
  });
});
