/**
 * novavms-body-example: every request and response body (media type object) has at least one
 * example, so that readers see a real payload and a mock (Prism) can serve it.
 */
import { createRulesetFunction } from '@stoplight/spectral-core';
import { exampleValues } from './lib/openapi.js';

export default createRulesetFunction(
  { input: { type: 'object' }, options: null },
  function bodyExample(media, _options, context) {
    if (exampleValues(media).length > 0) return [];
    const where = context.path.includes('requestBody') ? 'request body' : 'response body';
    return [{ message: `The ${where} (${context.path[context.path.length - 1]}) has no example` }];
  },
);
