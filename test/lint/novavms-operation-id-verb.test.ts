/** novavms-operation-id-verb: operationIds are camelCase and start with a verb fitting the method. */
import { edit, testRule } from './support/house-rules.js';

testRule('novavms-operation-id-verb', [
  { name: 'accepts the base fixture: login…, get…, list…, create…, revoke… on their methods', errors: [] },
  {
    name: 'reports a GET that does not start with get or list, and proposes names',
    change: edit('openapi/paths/v1_widgets.yaml', (doc) => {
      doc.get.operationId = 'fetchWidgets';
    }),
    errors: [
      {
        file: 'openapi/paths/v1_widgets.yaml',
        pointer: '#/get/operationId',
        message: 'e.g. "getWidgets" or "listWidgets"',
      },
    ],
  },
  {
    name: 'reports a DELETE named with a POST verb',
    change: edit('openapi/paths/v1_keys_{key_id}.yaml', (doc) => {
      doc.delete.operationId = 'createKeyRevocation';
    }),
    errors: [
      {
        file: 'openapi/paths/v1_keys_{key_id}.yaml',
        pointer: '#/delete/operationId',
        message: 'of a DELETE must be camelCase and start with delete/revoke/remove',
      },
    ],
  },
  {
    name: 'reports an operationId that is not camelCase',
    change: edit('openapi/paths/v1_keys.yaml', (doc) => {
      doc.post.operationId = 'create_api_key';
    }),
    errors: [{ file: 'openapi/paths/v1_keys.yaml', pointer: '#/post/operationId', message: 'e.g. "createApiKey"' }],
  },
]);
