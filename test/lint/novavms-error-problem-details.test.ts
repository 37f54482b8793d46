/** novavms-error-problem-details: 4xx/5xx are problem+json with Problem, and codes are ErrorCode members. */
import { edit, testRule } from './support/house-rules.js';

const NOT_FOUND = 'openapi/components/responses/NotFound.yaml';

// Spectral locates findings under a media-type key with a '+' inside a referenced file at the
// closest key it can decode: the response's content (#/content).
testRule('novavms-error-problem-details', [
  { name: 'accepts the base fixture', errors: [] },
  {
    name: 'reports an error response that is not application/problem+json',
    change: edit('openapi/components/responses/BadRequest.yaml', (doc) => {
      doc.content = { 'application/json': doc.content['application/problem+json'] };
    }),
    errors: [
      {
        file: 'openapi/components/responses/BadRequest.yaml',
        pointer: '#/',
        message: 'The 400 response is application/json, not application/problem+json',
      },
    ],
  },
  {
    name: 'reports a problem body that is not the Problem schema',
    change: edit(NOT_FOUND, (doc) => {
      doc.content['application/problem+json'].schema = { type: 'object' };
    }),
    errors: [{ file: NOT_FOUND, pointer: '#/content', message: 'The 404 body is not the Problem schema' }],
  },
  {
    name: 'reports an example code that is not in the ErrorCode enum',
    change: edit(NOT_FOUND, (doc) => {
      doc.content['application/problem+json'].examples.NOT_FOUND.value.code = 'NO_SUCH_THING';
    }),
    errors: [
      { file: NOT_FOUND, pointer: '#/content', message: '"NO_SUCH_THING" is not a member of the error-code enum' },
    ],
  },
  {
    name: 'reports an inline error response without a body',
    change: edit('openapi/paths/v1_keys_{key_id}.yaml', (doc) => {
      doc.delete.responses['409'] = { description: 'The key is already revoked.' };
    }),
    errors: [
      {
        file: 'openapi/paths/v1_keys_{key_id}.yaml',
        pointer: '#/delete/responses/409',
        message: 'The 409 response has no body',
      },
    ],
  },
]);
