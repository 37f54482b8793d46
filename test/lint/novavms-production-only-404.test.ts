/** novavms-production-only-404: an operation marked x-novavms-production-only documents 404. */
import { describe, expect, test } from 'vitest';
import { ruleOn } from './support/house-rules.js';

const RULE = 'novavms-production-only-404';

describe(RULE, () => {
  test('accepts the base fixture: the production-only operation documents 404, others need not', async () => {
    expect(await ruleOn(RULE)).toEqual([]);
  });

  test('accepts x-novavms-production-only: false without a 404', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_widgets.yaml', (doc) => {
        doc.get['x-novavms-production-only'] = false;
      }),
    );
    expect(findings).toEqual([]);
  });

  test('reports a production-only operation without a 404', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_keys_{key_id}.yaml', (doc) => {
        delete doc.delete.responses['404'];
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_keys_{key_id}.yaml',
        pointer: '#/delete/responses',
        message: expect.stringContaining('must document 404'),
      },
    ]);
  });
});
