/** rule/novavms-operation-security-explicit (Redocly): every operation states its security. */
import { describe, expect, test } from 'vitest';
import { ruleOn } from '../support/house-rules.js';

const RULE = 'rule/novavms-operation-security-explicit';

describe(RULE, () => {
  test('accepts the base fixture (public operations say security: [])', async () => {
    expect(await ruleOn(RULE)).toEqual([]);
  });

  test('reports an operation that inherits the root security instead of stating its own', async () => {
    const findings = await ruleOn(RULE, async (copy) => {
      await copy.edit('openapi/openapi.yaml', (doc) => {
        doc.security = [{ UserToken: [] }];
      });
      await copy.edit('openapi/paths/v1_widgets.yaml', (doc) => {
        delete doc.get.security;
      });
    });
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_widgets.yaml',
        pointer: '#/get',
        message: expect.stringContaining("State the operation's security explicitly"),
      },
    ]);
  });
});
