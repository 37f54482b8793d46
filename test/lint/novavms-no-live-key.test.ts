/** novavms-no-live-key: nothing in the document is shaped like a real sk_live_ key. */
import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import { edit, testRule } from './support/house-rules.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random base62 string, as the random part of a real key is; made here so no key-shaped literal sits in the repository. */
function randomSecret(length = 38): string {
  return Array.from({ length }, () => BASE62[randomInt(BASE62.length)]).join('');
}

const secret = randomSecret();

testRule('novavms-no-live-key', [
  {
    name: 'accepts the base fixture: sk_live_abc123, sk_live_EXAMPLE… and sk_test_EXAMPLE… are obviously fake',
    errors: [],
  },
  {
    name: 'accepts a random-looking sk_test_ key and a too-short sk_live_ value',
    change: edit('openapi/paths/v1_keys.yaml', (doc) => {
      doc.post.responses['201'].content['application/json'].examples.Created.value.secret = `sk_test_${randomSecret()}`;
      doc.post.description = `Mints a key such as sk_live_${randomSecret(12)}.`;
    }),
    errors: [],
  },
  {
    name: 'reports a realistic live key in a code sample, without repeating the key',
    change: edit('openapi/paths/v1_widgets.yaml', (doc) => {
      doc.get['x-codeSamples'][0].source =
        `curl -H "Authorization: Bearer sk_live_${secret}" https://api.widgets.test/v1/widgets\n`;
    }),
    errors: [
      {
        file: 'openapi/paths/v1_widgets.yaml',
        pointer: '#/get/x-codeSamples/0/source',
        message: 'is shaped like a real key',
      },
    ],
    check: ([finding]) => expect(finding!.message).not.toContain(secret),
  },
  {
    name: 'reports a realistic live key in a description',
    change: edit('openapi/openapi.yaml', (doc) => {
      doc.info.description += `\nFor example sk_live_${randomSecret(24)}.\n`;
    }),
    errors: [
      { file: 'openapi/openapi.yaml', pointer: '#/info/description', message: '(24 random-looking characters)' },
    ],
  },
  {
    name: 'reports a realistic live key in an example value',
    change: edit('openapi/paths/v1_keys.yaml', (doc) => {
      doc.post.responses['201'].content['application/json'].examples.Created.value.secret =
        `sk_live_${randomSecret(32)}`;
    }),
    errors: [
      {
        file: 'openapi/paths/v1_keys.yaml',
        pointer: '#/post/responses/201/content/application~1json/examples/Created/value/secret',
        message: 'is shaped like a real key',
      },
    ],
  },
]);
