/** novavms-production-only-404: an operation marked x-novavms-production-only documents 404. */
import { edit, testRule } from './support/house-rules.js';

testRule('novavms-production-only-404', [
  { name: 'accepts the base fixture: the production-only operation documents 404, others need not', errors: [] },
  {
    name: 'accepts x-novavms-production-only: false without a 404',
    change: edit('openapi/paths/v1_widgets.yaml', (doc) => {
      doc.get['x-novavms-production-only'] = false;
    }),
    errors: [],
  },
  {
    name: 'reports a production-only operation without a 404',
    change: edit('openapi/paths/v1_keys_{key_id}.yaml', (doc) => {
      delete doc.delete.responses['404'];
    }),
    errors: [
      { file: 'openapi/paths/v1_keys_{key_id}.yaml', pointer: '#/delete/responses', message: 'must document 404' },
    ],
  },
]);
