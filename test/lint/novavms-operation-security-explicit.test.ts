/** rule/novavms-operation-security-explicit (Redocly): every operation states its security. */
import { testRule } from './support/house-rules.js';

testRule('rule/novavms-operation-security-explicit', [
  { name: 'accepts the base fixture (public operations say security: [])', errors: [] },
  {
    name: 'reports an operation that inherits the root security instead of stating its own',
    change: async (copy) => {
      await copy.edit('openapi/openapi.yaml', (doc) => {
        doc.security = [{ UserToken: [] }];
      });
      await copy.edit('openapi/paths/v1_widgets.yaml', (doc) => {
        delete doc.get.security;
      });
    },
    errors: [
      { file: 'openapi/paths/v1_widgets.yaml', pointer: '#/get', message: "State the operation's security explicitly" },
    ],
  },
]);
