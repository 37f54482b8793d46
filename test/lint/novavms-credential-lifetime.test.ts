/** novavms-credential-lifetime: bearer and cookie schemes state ISO-8601 lifetimes; JWT schemes cite RFC 8725. */
import { describe, expect, test } from 'vitest';
import { ruleOn } from './support/house-rules.js';

const RULE = 'novavms-credential-lifetime';
const ROOT = 'openapi/openapi.yaml';

describe(RULE, () => {
  test('accepts the base fixture (durations and never)', async () => {
    expect(await ruleOn(RULE)).toEqual([]);
  });

  test('accepts a header API-key scheme without a lifetime: it is neither bearer nor cookie', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit(ROOT, (doc) => {
        doc.components.securitySchemes.PartnerKey = { type: 'apiKey', in: 'header', name: 'X-Partner-Key' };
      }),
    );
    expect(findings).toEqual([]);
  });

  test('reports a cookie scheme without x-novavms-lifetime', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit(ROOT, (doc) => {
        delete doc.components.securitySchemes.RefreshCookie['x-novavms-lifetime'];
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: ROOT,
        pointer: '#/components/securitySchemes/RefreshCookie',
        message: expect.stringContaining('declares no x-novavms-lifetime'),
      },
    ]);
  });

  test('reports a lifetime without its default', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit(ROOT, (doc) => {
        delete doc.components.securitySchemes.ApiKey['x-novavms-lifetime'].default;
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: ROOT,
        pointer: '#/components/securitySchemes/ApiKey/x-novavms-lifetime',
        message: expect.stringContaining('x-novavms-lifetime has no default'),
      },
    ]);
  });

  test.each(['1 hour', 'PT', 'P1DT', 'PT1H30', 3600])(
    'reports %j, which is not an ISO-8601 duration',
    async (value) => {
      const findings = await ruleOn(RULE, (copy) =>
        copy.edit(ROOT, (doc) => {
          doc.components.securitySchemes.RefreshCookie['x-novavms-lifetime'].remember_me = value;
        }),
      );
      expect(findings).toEqual([
        {
          rule: RULE,
          severity: 'error',
          file: ROOT,
          pointer: '#/components/securitySchemes/RefreshCookie/x-novavms-lifetime/remember_me',
          message: expect.stringContaining('not an ISO-8601 duration or "never"'),
        },
      ]);
    },
  );

  test('reports a JWT scheme whose description does not cite RFC 8725', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit(ROOT, (doc) => {
        doc.components.securitySchemes.UserToken.description = 'A user access token, an ES256 JWT.';
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: ROOT,
        pointer: '#/components/securitySchemes/UserToken',
        message: expect.stringContaining('does not cite RFC 8725'),
      },
    ]);
  });
});
