/** rule/novavms-operation-code-samples (Redocly): every operation has curl, TypeScript and Python samples. */
import { describe, expect, test } from 'vitest';
import { ruleOn } from '../support/house-rules.js';

const RULE = 'rule/novavms-operation-code-samples';

describe(RULE, () => {
  test('accepts the base fixture', async () => {
    expect(await ruleOn(RULE)).toEqual([]);
  });

  test('reports an operation without x-codeSamples', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_keys.yaml', (doc) => {
        delete doc.post['x-codeSamples'];
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_keys.yaml',
        // Redocly points at the missing property itself.
        pointer: '#/post/x-codeSamples',
        message: expect.stringContaining('Add x-codeSamples with curl, TypeScript and Python'),
      },
    ]);
  });

  test('reports an operation with fewer than three samples', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_keys.yaml', (doc) => {
        doc.post['x-codeSamples'].pop();
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_keys.yaml',
        pointer: '#/post/x-codeSamples',
        message: expect.stringContaining('Add x-codeSamples with curl, TypeScript and Python'),
      },
    ]);
  });
});
