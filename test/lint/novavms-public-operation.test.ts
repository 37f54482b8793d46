/** novavms-public-operation: only an operation that issues a credential, or a /.well-known/ document, takes none. */
import { edit, testRule } from './support/house-rules.js';

const WIDGETS = 'openapi/paths/v1_widgets.yaml';

testRule('novavms-public-operation', [
  { name: 'accepts the base fixture: login issues tokens, the JWKS is a /.well-known/ document', errors: [] },
  {
    name: 'reports a public operation that issues no credential',
    change: edit(WIDGETS, (doc) => {
      doc.get.security = [];
    }),
    errors: [
      { file: WIDGETS, pointer: '#/get/security', message: 'GET /v1/widgets takes requests without a credential' },
    ],
  },
  {
    name: 'reports optional authentication, an empty requirement among the others',
    change: edit(WIDGETS, (doc) => void doc.get.security.push({})),
    errors: [
      { file: WIDGETS, pointer: '#/get/security', message: 'GET /v1/widgets takes requests without a credential' },
    ],
  },
  {
    name: 'reports an operation that states no security where the root states none either',
    change: edit(WIDGETS, (doc) => void delete doc.get.security),
    errors: [{ file: WIDGETS, pointer: '#/get', message: 'GET /v1/widgets takes requests without a credential' }],
  },
  {
    name: 'reports login once its response carries no credential',
    change: edit('openapi/components/schemas/TokenResponse.yaml', (doc) => {
      doc.properties = { expires_in: doc.properties.expires_in };
      doc.required = ['expires_in'];
    }),
    errors: [
      { file: 'openapi/paths/auth_login.yaml', pointer: '#/post/security', message: 'POST /auth/login takes requests' },
    ],
  },
]);
