/** novavms-scoped-operation-403: an operation that requires scopes documents 403 INSUFFICIENT_SCOPE. */
import { edit, testRule } from './support/house-rules.js';

testRule('novavms-scoped-operation-403', [
  { name: 'accepts the base fixture', errors: [] },
  {
    name: 'accepts an operation that requires a credential but no scope, without a 403',
    change: edit('openapi/paths/v1_widgets.yaml', (doc) => {
      doc.get.security = [{ ApiKey: [] }, { UserToken: [] }];
      delete doc.get.responses['403'];
    }),
    errors: [],
  },
  {
    name: 'reports a scoped operation without a 403 response',
    change: edit('openapi/paths/v1_keys.yaml', (doc) => {
      delete doc.post.responses['403'];
    }),
    errors: [
      {
        file: 'openapi/paths/v1_keys.yaml',
        pointer: '#/post/responses',
        message: 'requires scopes but documents no 403',
      },
    ],
  },
  {
    name: 'reports a 403 without an INSUFFICIENT_SCOPE example',
    change: edit('openapi/components/responses/Forbidden.yaml', (doc) => {
      doc.content['application/problem+json'].examples.INSUFFICIENT_SCOPE.value.code = 'NOT_FOUND';
    }),
    errors: [
      {
        file: 'openapi/components/responses/Forbidden.yaml',
        pointer: '#/',
        message: 'no example with code INSUFFICIENT_SCOPE',
      },
    ],
  },
]);
