/** novavms-operation-since: every operation has x-novavms-since as a "MAJOR.MINOR" string. */
import { describe, expect, test } from 'vitest';
import { ruleOn } from './support/house-rules.js';

const RULE = 'novavms-operation-since';

describe(RULE, () => {
  test('accepts the base fixture', async () => {
    expect(await ruleOn(RULE)).toEqual([]);
  });

  test('reports an operation without x-novavms-since', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_widgets.yaml', (doc) => {
        delete doc.get['x-novavms-since'];
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_widgets.yaml',
        pointer: '#/get',
        message: expect.stringContaining('property must exist'),
      },
    ]);
  });

  test('reports an unquoted version, which YAML reads as a number', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.replace('openapi/paths/v1_widgets.yaml', "x-novavms-since: '1.0'", 'x-novavms-since: 1.1'),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_widgets.yaml',
        pointer: '#/get/x-novavms-since',
        message: expect.stringContaining('must be string'),
      },
    ]);
  });

  test.each(['1.2.3', 'v1.2', '01.2', '1'])('reports %j, which is not MAJOR.MINOR', async (version) => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_keys.yaml', (doc) => {
        doc.post['x-novavms-since'] = version;
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_keys.yaml',
        pointer: '#/post/x-novavms-since',
        message: expect.stringContaining('must match pattern'),
      },
    ]);
  });
});
