/** novavms-no-credential-in-url: no query or path parameter carries a credential. */
import { describe, expect, test } from 'vitest';
import { ruleOn } from './support/house-rules.js';

const RULE = 'novavms-no-credential-in-url';
const WIDGETS = 'openapi/paths/v1_widgets.yaml';

function addQuery(name: string, where: 'query' | 'path' | 'header' | 'cookie' = 'query') {
  return (doc: { get: { parameters: unknown[] } }) => {
    doc.get.parameters.push({ name, in: where, required: false, schema: { type: 'string', maxLength: 64 } });
  };
}

describe(RULE, () => {
  test('accepts the base fixture (key_id identifies a key, it is not one)', async () => {
    expect(await ruleOn(RULE)).toEqual([]);
  });

  test.each(['token_id', 'tokenType', 'keyword'])('accepts the query parameter %j', async (name) => {
    expect(await ruleOn(RULE, (copy) => copy.edit(WIDGETS, addQuery(name)))).toEqual([]);
  });

  test('accepts a credential in a header or a cookie', async () => {
    const findings = await ruleOn(RULE, async (copy) => {
      await copy.edit(WIDGETS, addQuery('X-Api-Key', 'header'));
      await copy.edit(WIDGETS, addQuery('session_token', 'cookie'));
    });
    expect(findings).toEqual([]);
  });

  test.each([
    ['access_token', 'token'],
    ['apiKey', 'api key'],
    ['api-key', 'api key'],
    ['password', 'password'],
    ['client_secret', 'secret'],
  ])('reports the query parameter %j (%s)', async (name, word) => {
    const findings = await ruleOn(RULE, (copy) => copy.edit(WIDGETS, addQuery(name)));
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: WIDGETS,
        pointer: '#/get/parameters/1/name',
        message: expect.stringContaining(`The query parameter "${name}" names a credential (${word})`),
      },
    ]);
  });

  test('reports a credential in a path parameter of the path item', async () => {
    const findings = await ruleOn(RULE, async (copy) => {
      await copy.replace('openapi/openapi.yaml', '/v1/keys/{key_id}:', '/v1/keys/{api_key}:');
      await copy.edit('openapi/paths/v1_keys_{key_id}.yaml', (doc) => {
        doc.parameters[0].name = 'api_key';
      });
    });
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_keys_{key_id}.yaml',
        pointer: '#/parameters/0/name',
        message: expect.stringContaining('The path parameter "api_key" names a credential (api key)'),
      },
    ]);
  });
});
