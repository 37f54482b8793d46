/** novavms-bad-request-400: an operation that takes input documents 400. */
import { edit, testRule } from './support/house-rules.js';

const JWKS = 'openapi/paths/_.well-known_jwks.json.yaml';
const KEY = 'openapi/paths/v1_keys_{key_id}.yaml';

testRule('novavms-bad-request-400', [
  { name: 'accepts the base fixture: the JWKS takes no input and documents no 400', errors: [] },
  {
    name: 'reports an operation with a query parameter and a credential',
    change: edit('openapi/paths/v1_widgets.yaml', (doc) => void delete doc.get.responses['400']),
    errors: [
      {
        file: 'openapi/paths/v1_widgets.yaml',
        pointer: '#/get/responses',
        message: 'The operation takes parameters, a credential but documents no 400 response',
      },
    ],
  },
  {
    name: 'reports an operation whose path item has the parameter',
    change: edit(KEY, (doc) => void delete doc.delete.responses['400']),
    errors: [{ file: KEY, pointer: '#/delete/responses', message: 'takes parameters, a credential but' }],
  },
  {
    name: 'reports a public operation with a request body',
    change: edit('openapi/paths/auth_login.yaml', (doc) => void delete doc.post.responses['400']),
    errors: [
      { file: 'openapi/paths/auth_login.yaml', pointer: '#/post/responses', message: 'takes a request body but' },
    ],
  },
  {
    name: 'reports the JWKS once it takes a parameter',
    change: edit(JWKS, (doc) => {
      doc.get.parameters = [{ name: 'kid', in: 'query', schema: { type: 'string', maxLength: 64 } }];
    }),
    errors: [{ file: JWKS, pointer: '#/get/responses', message: 'takes parameters but documents no 400' }],
  },
]);
