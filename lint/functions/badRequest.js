/**
 * novavms-bad-request-400: an operation that takes input (a parameter of its own or of its
 * path item, a request body, or a credential) documents the 400 a client gets when that input
 * cannot be accepted: a malformed parameter or body, or a malformed Authorization header
 * (RFC 6750 §3.1 `invalid_request`). An operation that takes no input has nothing to refuse.
 */
import { createRulesetFunction } from '@stoplight/spectral-core';
import { effectiveSecurity, HTTP_METHODS, isObject, requiresCredential } from './lib/openapi.js';

const nonEmpty = (list) => Array.isArray(list) && list.length > 0;

export default createRulesetFunction(
  {
    input: { type: 'object' },
    options: {
      type: 'object',
      properties: { status: { type: 'string', pattern: '^4[0-9][0-9]$' } },
      required: ['status'],
      additionalProperties: false,
    },
  },
  function badRequest(pathItem, { status }, context) {
    const results = [];
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!isObject(operation)) continue;
      const inputs = [];
      if (nonEmpty(pathItem.parameters) || nonEmpty(operation.parameters)) inputs.push('parameters');
      if (operation.requestBody !== undefined) inputs.push('a request body');
      if (requiresCredential(effectiveSecurity(operation, context))) inputs.push('a credential');
      if (inputs.length === 0 || (isObject(operation.responses) && operation.responses[status] !== undefined)) continue;
      results.push({
        message: `The operation takes ${inputs.join(', ')} but documents no ${status} response`,
        path: [...context.path, method, 'responses'],
      });
    }
    return results;
  },
);
