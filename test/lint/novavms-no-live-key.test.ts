/** novavms-no-live-key: nothing in the document is shaped like a real sk_live_ key. */
import { randomInt } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { ruleOn } from './support/house-rules.js';

const RULE = 'novavms-no-live-key';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random base62 string, as the random part of a real key is; made here so no key-shaped literal sits in the repository. */
function randomSecret(length = 38): string {
  return Array.from({ length }, () => BASE62[randomInt(BASE62.length)]).join('');
}

describe(RULE, () => {
  test('accepts the base fixture: sk_live_abc123, sk_live_EXAMPLE… and sk_test_EXAMPLE… are obviously fake', async () => {
    expect(await ruleOn(RULE)).toEqual([]);
  });

  test('accepts a random-looking sk_test_ key and a too-short sk_live_ value', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_keys.yaml', (doc) => {
        doc.post.responses['201'].content['application/json'].examples.Created.value.secret =
          `sk_test_${randomSecret()}`;
        doc.post.description = `Mints a key such as sk_live_${randomSecret(12)}.`;
      }),
    );
    expect(findings).toEqual([]);
  });

  test('reports a realistic live key in a code sample, without repeating the key', async () => {
    const secret = randomSecret();
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_widgets.yaml', (doc) => {
        doc.get['x-codeSamples'][0].source =
          `curl -H "Authorization: Bearer sk_live_${secret}" https://api.widgets.test/v1/widgets\n`;
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_widgets.yaml',
        pointer: '#/get/x-codeSamples/0/source',
        message: expect.stringContaining('is shaped like a real key'),
      },
    ]);
    expect(findings[0]!.message).not.toContain(secret);
  });

  test('reports a realistic live key in a description', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/openapi.yaml', (doc) => {
        doc.info.description += `\nFor example sk_live_${randomSecret(24)}.\n`;
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/openapi.yaml',
        pointer: '#/info/description',
        message: expect.stringContaining('(24 random-looking characters)'),
      },
    ]);
  });

  test('reports a realistic live key in an example value', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit('openapi/paths/v1_keys.yaml', (doc) => {
        doc.post.responses['201'].content['application/json'].examples.Created.value.secret =
          `sk_live_${randomSecret(32)}`;
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: 'openapi/paths/v1_keys.yaml',
        pointer: '#/post/responses/201/content/application~1json/examples/Created/value/secret',
        message: expect.stringContaining('is shaped like a real key'),
      },
    ]);
  });
});
