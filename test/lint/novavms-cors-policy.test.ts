/**
 * novavms-cors-policy: the contract states its cross-origin policy at the root, and the policy
 * allows every request header the contract asks for and exposes every response header it
 * documents, with no wildcard origin beside credentials.
 */
import { edit, testRule } from './support/house-rules.js';

const ROOT = 'openapi/openapi.yaml';
const cors = (change: (policy: Record<string, unknown>) => void) => edit(ROOT, (doc) => change(doc['x-novavms-cors']));

testRule('novavms-cors-policy', [
  { name: 'accepts the base fixture: listed origins, its headers allowed and exposed', errors: [] },
  {
    name: 'accepts a list of exact origins, and header names in any case',
    change: cors((policy) => {
      policy.origins = ['https://app.widgets.test', 'http://localhost:5173'];
      policy.exposed_headers = ['retry-after', 'www-authenticate'];
    }),
    errors: [],
  },
  {
    name: 'reports a contract without a policy',
    change: edit(ROOT, (doc) => void delete doc['x-novavms-cors']),
    errors: [{ file: ROOT, pointer: '#/', message: 'states no cross-origin policy (x-novavms-cors at the root)' }],
  },
  {
    name: 'reports a wildcard origin with credentials',
    change: cors((policy) => {
      policy.origins = '*';
    }),
    errors: [{ file: ROOT, pointer: '#/x-novavms-cors/origins', message: 'is "*" with credentials' }],
  },
  {
    name: 'accepts a wildcard origin without credentials when no cookie scheme needs them',
    change: async (copy) => {
      await cors((policy) => {
        policy.origins = '*';
        policy.credentials = false;
      })(copy);
      await edit(ROOT, (doc) => void delete doc.components.securitySchemes.RefreshCookie)(copy);
    },
    errors: [],
  },
  {
    name: 'reports credentials: false beside a cookie scheme',
    change: cors((policy) => {
      policy.credentials = false;
    }),
    errors: [
      { file: ROOT, pointer: '#/x-novavms-cors/credentials', message: 'the cookie of RefreshCookie never travels' },
    ],
  },
  {
    name: 'reports an origin with a path',
    change: cors((policy) => {
      policy.origins = ['https://app.widgets.test/'];
    }),
    errors: [{ file: ROOT, pointer: '#/x-novavms-cors/origins/0', message: 'not an origin' }],
  },
  {
    name: 'reports a credential header the preflight does not allow',
    change: cors((policy) => {
      policy.allowed_headers = ['Content-Type'];
    }),
    errors: [
      {
        file: ROOT,
        pointer: '#/x-novavms-cors/allowed_headers',
        message: 'does not list Authorization, which the credential of ApiKey needs',
      },
    ],
  },
  {
    name: 'reports a header parameter the preflight does not allow',
    change: edit('openapi/paths/v1_widgets.yaml', (doc) => {
      doc.get.parameters = [
        ...(doc.get.parameters ?? []),
        { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
      ];
    }),
    errors: [
      {
        file: ROOT,
        pointer: '#/x-novavms-cors/allowed_headers',
        message: 'does not list X-Trace, which a header parameter of listWidgets needs',
      },
    ],
  },
  {
    name: 'reports a JSON body without Content-Type allowed',
    change: cors((policy) => {
      policy.allowed_headers = ['Authorization'];
    }),
    errors: [{ file: ROOT, pointer: '#/x-novavms-cors/allowed_headers', message: 'does not list Content-Type' }],
  },
  {
    name: 'reports a documented response header that is not exposed',
    change: cors((policy) => {
      policy.exposed_headers = ['WWW-Authenticate'];
    }),
    errors: [
      {
        file: ROOT,
        pointer: '#/x-novavms-cors/exposed_headers',
        message: 'does not list Retry-After, which loginWithPassword answers with',
      },
    ],
  },
  {
    name: 'reports Set-Cookie among the exposed headers',
    change: cors((policy) => {
      policy.exposed_headers = ['Retry-After', 'WWW-Authenticate', 'Set-Cookie'];
    }),
    errors: [{ file: ROOT, pointer: '#/x-novavms-cors/exposed_headers', message: 'lists set-cookie' }],
  },
  {
    name: 'reports a max-age that is not a duration',
    change: cors((policy) => {
      policy.max_age = '600';
    }),
    errors: [{ file: ROOT, pointer: '#/x-novavms-cors/max_age', message: 'not an ISO-8601 duration' }],
  },
]);
