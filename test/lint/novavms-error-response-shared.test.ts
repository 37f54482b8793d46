/** rule/novavms-error-response-shared (Redocly): error responses $ref the shared components/responses. */
import { edit, testRule } from './support/house-rules.js';

testRule('rule/novavms-error-response-shared', [
  { name: 'accepts the base fixture (success responses may be inline)', errors: [] },
  {
    name: 'reports an error response written inline',
    change: edit('openapi/paths/v1_widgets.yaml', (doc) => {
      doc.get.responses['400'] = {
        description: 'Bad request.',
        content: { 'application/problem+json': { schema: { $ref: '../components/schemas/Problem.yaml' } } },
      };
    }),
    errors: [
      {
        file: 'openapi/paths/v1_widgets.yaml',
        pointer: '#/get/responses/400',
        message: '$ref a shared response from components/responses',
      },
    ],
  },
  {
    name: 'reports an error response taken from another folder',
    change: async (copy) => {
      await copy.rename('openapi/components/responses/NotFound.yaml', 'openapi/paths/NotFound.yaml');
      await copy.edit('openapi/paths/NotFound.yaml', (doc) => {
        doc.content['application/problem+json'].schema.$ref = '../components/schemas/Problem.yaml';
      });
      const key = 'openapi/paths/v1_keys_{key_id}.yaml';
      await copy.replace(key, '$ref: ../components/responses/NotFound.yaml', '$ref: NotFound.yaml');
    },
    errors: [
      {
        file: 'openapi/paths/v1_keys_{key_id}.yaml',
        pointer: '#/delete/responses/404',
        message: '$ref a shared response',
      },
    ],
  },
]);
