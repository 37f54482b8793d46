/**
 * novavms-scoped-operation-403: an operation that requires scopes or roles documents the 403 a
 * valid credential without them gets, with an example carrying the insufficient-scope code.
 */
import { createRulesetFunction } from '@stoplight/spectral-core';
import { effectiveSecurity, exampleValues, isObject, requiresScopes } from './lib/openapi.js';

export default createRulesetFunction(
  {
    input: { type: 'object' },
    options: {
      type: 'object',
      properties: { code: { type: 'string', minLength: 1 } },
      required: ['code'],
      additionalProperties: false,
    },
  },
  function insufficientScope(operation, { code }, context) {
    if (!requiresScopes(effectiveSecurity(operation, context))) return [];
    const responsesPath = [...context.path, 'responses'];
    const response = isObject(operation.responses) ? operation.responses['403'] : undefined;
    if (!isObject(response)) {
      return [{ message: 'The operation requires scopes but documents no 403 response', path: responsesPath }];
    }
    const content = isObject(response.content) ? Object.values(response.content) : [];
    const codes = content.flatMap((media) => exampleValues(media).map(({ value }) => value?.code));
    if (!codes.includes(code)) {
      return [{ message: `The 403 response has no example with code ${code}`, path: [...responsesPath, '403'] }];
    }
    return [];
  },
);
