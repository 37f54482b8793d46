/** novavms-operation-since: every operation has x-novavms-since as a "MAJOR.MINOR" string. */
import { edit, testRule } from './support/house-rules.js';

const WIDGETS = 'openapi/paths/v1_widgets.yaml';

testRule('novavms-operation-since', [
  { name: 'accepts the base fixture', errors: [] },
  {
    name: 'reports an operation without x-novavms-since',
    change: edit(WIDGETS, (doc) => {
      delete doc.get['x-novavms-since'];
    }),
    errors: [{ file: WIDGETS, pointer: '#/get', message: 'property must exist' }],
  },
  {
    name: 'reports an unquoted version, which YAML reads as a number',
    change: (copy) => copy.replace(WIDGETS, "x-novavms-since: '1.0'", 'x-novavms-since: 1.1'),
    errors: [{ file: WIDGETS, pointer: '#/get/x-novavms-since', message: 'must be string' }],
  },
  ...['1.2.3', 'v1.2', '01.2', '1'].map((version) => ({
    name: `reports ${JSON.stringify(version)}, which is not MAJOR.MINOR`,
    change: edit('openapi/paths/v1_keys.yaml', (doc) => {
      doc.post['x-novavms-since'] = version;
    }),
    errors: [{ file: 'openapi/paths/v1_keys.yaml', pointer: '#/post/x-novavms-since', message: 'must match pattern' }],
  })),
]);
