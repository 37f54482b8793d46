/** novavms-body-example: every request and response body has at least one example. */
import { describe, expect, test } from 'vitest';
import { ruleOn } from './support/house-rules.js';

const RULE = 'novavms-body-example';

describe(RULE, () => {
  test('accepts the base fixture (named examples and a single example alike)', async () => {
    expect(await ruleOn(RULE)).toEqual([]);
  });

  test('reports a request body without an example', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_keys.yaml', (doc) => {
        delete doc.post.requestBody.content['application/json'].examples;
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_keys.yaml',
        pointer: '#/post/requestBody/content/application~1json',
        message: expect.stringContaining('The request body (application/json) has no example'),
      },
    ]);
  });

  test('reports a response body whose examples map is empty', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_widgets.yaml', (doc) => {
        doc.get.responses['200'].content['application/json'].examples = {};
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_widgets.yaml',
        pointer: '#/get/responses/200/content/application~1json',
        message: expect.stringContaining('The response body (application/json) has no example'),
      },
    ]);
  });

  test('reports a response body without its single example', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/_.well-known_jwks.json.yaml', (doc) => {
        delete doc.get.responses['200'].content['application/json'].example;
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/_.well-known_jwks.json.yaml',
        pointer: '#/get/responses/200/content/application~1json',
        message: expect.stringContaining('has no example'),
      },
    ]);
  });
});
