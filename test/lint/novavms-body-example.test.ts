/** novavms-body-example: every request and response body has at least one example. */
import { edit, testRule } from './support/house-rules.js';

testRule('novavms-body-example', [
  { name: 'accepts the base fixture (named examples and a single example alike)', errors: [] },
  {
    name: 'reports a request body without an example',
    change: edit('openapi/paths/v1_keys.yaml', (doc) => {
      delete doc.post.requestBody.content['application/json'].examples;
    }),
    errors: [
      {
        file: 'openapi/paths/v1_keys.yaml',
        pointer: '#/post/requestBody/content/application~1json',
        message: 'The request body (application/json) has no example',
      },
    ],
  },
  {
    name: 'reports a response body whose examples map is empty',
    change: edit('openapi/paths/v1_widgets.yaml', (doc) => {
      doc.get.responses['200'].content['application/json'].examples = {};
    }),
    errors: [
      {
        file: 'openapi/paths/v1_widgets.yaml',
        pointer: '#/get/responses/200/content/application~1json',
        message: 'The response body (application/json) has no example',
      },
    ],
  },
  {
    name: 'reports a response body without its single example',
    change: edit('openapi/paths/_.well-known_jwks.json.yaml', (doc) => {
      delete doc.get.responses['200'].content['application/json'].example;
    }),
    errors: [
      {
        file: 'openapi/paths/_.well-known_jwks.json.yaml',
        pointer: '#/get/responses/200/content/application~1json',
        message: 'has no example',
      },
    ],
  },
]);
