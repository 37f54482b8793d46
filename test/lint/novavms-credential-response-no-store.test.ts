/** novavms-credential-response-no-store: responses carrying tokens or keys declare Cache-Control: no-store. */
import { describe, expect, test } from 'vitest';
import { ruleOn } from './support/house-rules.js';

const RULE = 'novavms-credential-response-no-store';

describe(RULE, () => {
  test('accepts the base fixture', async () => {
    expect(await ruleOn(RULE)).toEqual([]);
  });

  test('reports a token response without Cache-Control', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/auth_login.yaml', (doc) => {
        delete doc.post.responses['200'].headers;
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/auth_login.yaml',
        pointer: '#/post/responses/200',
        message: expect.stringContaining('carries access_token, refresh_token but declares no Cache-Control header'),
      },
    ]);
  });

  test('reports a key response whose Cache-Control does not pin no-store', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_keys.yaml', (doc) => {
        doc.post.responses['201'].headers['Cache-Control'] = {
          description: 'Caching policy.',
          schema: { type: 'string', enum: ['no-cache', 'private'] },
        };
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_keys.yaml',
        pointer: '#/post/responses/201/headers/Cache-Control',
        message: expect.stringContaining('does not pin no-store'),
      },
    ]);
  });

  test('finds credential properties through allOf', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_widgets.yaml', (doc) => {
        doc.get.responses['200'].content['application/json'].schema = {
          allOf: [
            { $ref: '../components/schemas/WidgetList.yaml' },
            { type: 'object', properties: { api_key: { type: 'string', maxLength: 64 } } },
          ],
        };
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_widgets.yaml',
        pointer: '#/get/responses/200',
        message: expect.stringContaining('carries api_key'),
      },
    ]);
  });
});
