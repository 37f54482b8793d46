/** novavms-secured-operation-401: an operation that accepts a credential documents its 401. */
import { describe, expect, test } from 'vitest';
import { ruleOn } from './support/house-rules.js';

const RULE = 'novavms-secured-operation-401';

describe(RULE, () => {
  test('accepts the base fixture: secured operations document 401, public ones need not', async () => {
    expect(await ruleOn(RULE)).toEqual([]);
  });

  test('reports a secured operation without a 401 response', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_widgets.yaml', (doc) => {
        delete doc.get.responses['401'];
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_widgets.yaml',
        pointer: '#/get/responses',
        message: expect.stringContaining('documents no 401 response'),
      },
    ]);
  });

  test('reports a 401 without the WWW-Authenticate header, once, where the shared response is', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/components/responses/Unauthorized.yaml', (doc) => {
        delete doc.headers;
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/components/responses/Unauthorized.yaml',
        pointer: '#/',
        message: expect.stringContaining('has no WWW-Authenticate header'),
      },
    ]);
  });

  test('reports a 401 whose body is not the Problem schema', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/components/responses/Unauthorized.yaml', (doc) => {
        doc.content['application/problem+json'].schema = { type: 'object', additionalProperties: false };
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/components/responses/Unauthorized.yaml',
        // Spectral locates findings under a media-type key with a '+' inside a referenced
        // file at the closest key it can decode: the response's content.
        pointer: '#/content',
        message: expect.stringContaining('is not the Problem schema'),
      },
    ]);
  });

  test('applies the root security to operations that state none', async () => {
    const findings = await ruleOn(RULE, async (copy) => {
      await copy.edit('openapi/openapi.yaml', (doc) => {
        doc.security = [{ UserToken: [] }];
      });
      await copy.edit('openapi/paths/v1_widgets.yaml', (doc) => {
        delete doc.get.security;
        delete doc.get.responses['401'];
      });
    });
    expect(findings.map(({ file, pointer }) => `${file}${pointer}`)).toEqual([
      'openapi/paths/v1_widgets.yaml#/get/responses',
    ]);
  });
});
