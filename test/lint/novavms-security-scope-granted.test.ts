/** novavms-security-scope-granted: every scope a security requirement lists is granted by a role of its scheme. */
import { edit, testRule } from './support/house-rules.js';

const WIDGETS = 'openapi/paths/v1_widgets.yaml';
const ROOT = 'openapi/openapi.yaml';

testRule('novavms-security-scope-granted', [
  { name: 'accepts the base fixture: every scope is granted by a role of its scheme', errors: [] },
  {
    name: 'accepts a scope that an OAuth flow of the scheme declares',
    change: async (copy) => {
      await copy.edit(ROOT, (doc) => {
        doc.components.securitySchemes.Partner = {
          type: 'oauth2',
          flows: {
            clientCredentials: { tokenUrl: 'https://api.widgets.test/token', scopes: { 'widgets:sync': 'Sync.' } },
          },
        };
      });
      await copy.edit(WIDGETS, (doc) => void doc.get.security.push({ Partner: ['widgets:sync'] }));
    },
    errors: [],
  },
  {
    name: 'reports a scope that no role grants',
    change: edit(WIDGETS, (doc) => {
      doc.get.security[1].UserToken[0] = 'widgets:raed';
    }),
    errors: [
      {
        file: WIDGETS,
        pointer: '#/get/security/1/UserToken/0',
        message: 'No role of UserToken grants the scope "widgets:raed"',
      },
    ],
  },
  {
    name: 'reports the scopes of a scheme that grants none',
    change: edit(ROOT, (doc) => void delete doc.components.securitySchemes.ApiKey['x-novavms-roles']),
    errors: [
      {
        file: WIDGETS,
        pointer: '#/get/security/0/ApiKey/0',
        message: 'No role of ApiKey grants the scope "widgets:read"',
      },
    ],
  },
  {
    name: 'reports a scope of the root security',
    change: edit(ROOT, (doc) => {
      doc.security = [{ UserToken: ['admin:all'] }];
    }),
    errors: [
      { file: ROOT, pointer: '#/security/0/UserToken/0', message: 'No role of UserToken grants the scope "admin:all"' },
    ],
  },
]);
