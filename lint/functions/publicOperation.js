/**
 * novavms-public-operation: every operation requires a credential, except the ones a client
 * must reach before it has one: an operation that issues a credential (a success response
 * whose body carries one, as login does) and a well-known document that verifiers fetch
 * without one (`/.well-known/jwks.json`, RFC 7517, RFC 8615). An operation allows requests
 * without a credential when its security (or the root's) is empty or holds `{}`.
 */
import { createRulesetFunction } from '@stoplight/spectral-core';
import { allowsAnonymous, effectiveSecurity, HTTP_METHODS, isObject, propertyNames } from './lib/openapi.js';

/** True when a 2xx response of the operation has a body property named like a credential. */
function issuesCredential(operation, credentialProperties) {
  const responses = isObject(operation.responses) ? Object.entries(operation.responses) : [];
  return responses
    .filter(([status, response]) => /^2/.test(status) && isObject(response) && isObject(response.content))
    .flatMap(([, response]) => Object.values(response.content).flatMap((media) => propertyNames(media?.schema)))
    .some((name) => credentialProperties.includes(name));
}

export default createRulesetFunction(
  {
    input: { type: 'object' },
    options: {
      type: 'object',
      properties: {
        credentialProperties: { type: 'array', items: { type: 'string' }, minItems: 1 },
        publicPathPrefixes: { type: 'array', items: { type: 'string', pattern: '^/' } },
      },
      required: ['credentialProperties', 'publicPathPrefixes'],
      additionalProperties: false,
    },
  },
  function publicOperation(pathItem, { credentialProperties, publicPathPrefixes }, context) {
    const url = String(context.path[context.path.length - 1]);
    if (publicPathPrefixes.some((prefix) => url.startsWith(prefix))) return [];
    const results = [];
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!isObject(operation) || !allowsAnonymous(effectiveSecurity(operation, context))) continue;
      if (issuesCredential(operation, credentialProperties)) continue;
      const where = Array.isArray(operation.security) ? [method, 'security'] : [method];
      results.push({
        message: `${method.toUpperCase()} ${url} takes requests without a credential but issues none`,
        path: [...context.path, ...where],
      });
    }
    return results;
  },
);
