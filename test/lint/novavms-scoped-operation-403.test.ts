/** novavms-scoped-operation-403: an operation that requires scopes documents 403 INSUFFICIENT_SCOPE. */
import { describe, expect, test } from 'vitest';
import { ruleOn } from './support/house-rules.js';

const RULE = 'novavms-scoped-operation-403';

describe(RULE, () => {
  test('accepts the base fixture', async () => {
    expect(await ruleOn(RULE)).toEqual([]);
  });

  test('accepts an operation that requires a credential but no scope, without a 403', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_widgets.yaml', (doc) => {
        doc.get.security = [{ ApiKey: [] }, { UserToken: [] }];
        delete doc.get.responses['403'];
      }),
    );
    expect(findings).toEqual([]);
  });

  test('reports a scoped operation without a 403 response', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_keys.yaml', (doc) => {
        delete doc.post.responses['403'];
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_keys.yaml',
        pointer: '#/post/responses',
        message: expect.stringContaining('requires scopes but documents no 403'),
      },
    ]);
  });

  test('reports a 403 without an INSUFFICIENT_SCOPE example', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/components/responses/Forbidden.yaml', (doc) => {
        doc.content['application/problem+json'].examples.INSUFFICIENT_SCOPE.value.code = 'NOT_FOUND';
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/components/responses/Forbidden.yaml',
        pointer: '#/',
        message: expect.stringContaining('no example with code INSUFFICIENT_SCOPE'),
      },
    ]);
  });
});
