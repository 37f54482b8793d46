/** novavms-credential-response-no-store: responses carrying tokens or keys declare Cache-Control: no-store. */
import { edit, testRule } from './support/house-rules.js';

testRule('novavms-credential-response-no-store', [
  { name: 'accepts the base fixture', errors: [] },
  {
    name: 'reports a token response without Cache-Control',
    change: edit('openapi/paths/auth_login.yaml', (doc) => {
      delete doc.post.responses['200'].headers;
    }),
    errors: [
      {
        file: 'openapi/paths/auth_login.yaml',
        pointer: '#/post/responses/200',
        message: 'carries access_token, refresh_token but declares no Cache-Control header',
      },
    ],
  },
  {
    name: 'reports a key response whose Cache-Control does not pin no-store',
    change: edit('openapi/paths/v1_keys.yaml', (doc) => {
      doc.post.responses['201'].headers['Cache-Control'] = {
        description: 'Caching policy.',
        schema: { type: 'string', enum: ['no-cache', 'private'] },
      };
    }),
    errors: [
      {
        file: 'openapi/paths/v1_keys.yaml',
        pointer: '#/post/responses/201/headers/Cache-Control',
        message: 'does not pin no-store',
      },
    ],
  },
  {
    name: 'finds credential properties through allOf',
    change: edit('openapi/paths/v1_widgets.yaml', (doc) => {
      doc.get.responses['200'].content['application/json'].schema = {
        allOf: [
          { $ref: '../components/schemas/WidgetList.yaml' },
          { type: 'object', properties: { api_key: { type: 'string', maxLength: 64 } } },
        ],
      };
    }),
    errors: [{ file: 'openapi/paths/v1_widgets.yaml', pointer: '#/get/responses/200', message: 'carries api_key' }],
  },
]);
