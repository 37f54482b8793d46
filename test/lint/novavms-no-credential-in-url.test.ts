/** novavms-no-credential-in-url: no query or path parameter carries a credential. */
import { edit, testRule } from './support/house-rules.js';

const WIDGETS = 'openapi/paths/v1_widgets.yaml';

/** Adds a parameter to the widgets listing. */
function addParameter(name: string, where: 'query' | 'path' | 'header' | 'cookie' = 'query') {
  return edit(WIDGETS, (doc) => {
    doc.get.parameters.push({ name, in: where, required: false, schema: { type: 'string', maxLength: 64 } });
  });
}

testRule('novavms-no-credential-in-url', [
  { name: 'accepts the base fixture (key_id identifies a key, it is not one)', errors: [] },
  ...['token_id', 'tokenType', 'keyword'].map((name) => ({
    name: `accepts the query parameter ${JSON.stringify(name)}`,
    change: addParameter(name),
    errors: [],
  })),
  {
    name: 'accepts a credential in a header or a cookie',
    change: async (copy) => {
      await addParameter('X-Api-Key', 'header')(copy);
      await addParameter('session_token', 'cookie')(copy);
    },
    errors: [],
  },
  ...[
    ['access_token', 'token'],
    ['apiKey', 'api key'],
    ['api-key', 'api key'],
    ['password', 'password'],
    ['client_secret', 'secret'],
  ].map(([name, word]) => ({
    name: `reports the query parameter ${JSON.stringify(name)} (${word})`,
    change: addParameter(name!),
    errors: [
      {
        file: WIDGETS,
        pointer: '#/get/parameters/1/name',
        message: `The query parameter "${name}" names a credential (${word})`,
      },
    ],
  })),
  {
    name: 'reports a credential in a path parameter of the path item',
    change: async (copy) => {
      await copy.replace('openapi/openapi.yaml', '/v1/keys/{key_id}:', '/v1/keys/{api_key}:');
      await copy.edit('openapi/paths/v1_keys_{key_id}.yaml', (doc) => {
        doc.parameters[0].name = 'api_key';
      });
    },
    errors: [
      {
        file: 'openapi/paths/v1_keys_{key_id}.yaml',
        pointer: '#/parameters/0/name',
        message: 'The path parameter "api_key" names a credential (api key)',
      },
    ],
  },
]);
