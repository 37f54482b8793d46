/** novavms-secured-operation-401: an operation that accepts a credential documents its 401. */
import { edit, testRule } from './support/house-rules.js';

const WIDGETS = 'openapi/paths/v1_widgets.yaml';
const UNAUTHORIZED = 'openapi/components/responses/Unauthorized.yaml';

testRule('novavms-secured-operation-401', [
  { name: 'accepts the base fixture: secured operations document 401, public ones need not', errors: [] },
  {
    name: 'reports a secured operation without a 401 response',
    change: edit(WIDGETS, (doc) => {
      delete doc.get.responses['401'];
    }),
    errors: [{ file: WIDGETS, pointer: '#/get/responses', message: 'documents no 401 response' }],
  },
  {
    name: 'reports a 401 without the WWW-Authenticate header, once, where the shared response is',
    change: edit(UNAUTHORIZED, (doc) => {
      delete doc.headers;
    }),
    errors: [{ file: UNAUTHORIZED, pointer: '#/', message: 'has no WWW-Authenticate header' }],
  },
  {
    name: 'reports a 401 whose body is not the Problem schema',
    change: edit(UNAUTHORIZED, (doc) => {
      doc.content['application/problem+json'].schema = { type: 'object', additionalProperties: false };
    }),
    // Spectral locates findings under a media-type key with a '+' inside a referenced file at
    // the closest key it can decode: the response's content.
    errors: [{ file: UNAUTHORIZED, pointer: '#/content', message: 'is not the Problem schema' }],
  },
  {
    name: 'applies the root security to operations that state none',
    change: async (copy) => {
      await copy.edit('openapi/openapi.yaml', (doc) => {
        doc.security = [{ UserToken: [] }];
      });
      await copy.edit(WIDGETS, (doc) => {
        delete doc.get.security;
        delete doc.get.responses['401'];
      });
    },
    errors: [{ file: WIDGETS, pointer: '#/get/responses', message: 'documents no 401 response' }],
  },
]);
