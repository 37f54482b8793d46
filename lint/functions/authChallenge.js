/**
 * novavms-secured-operation-401: an operation that accepts a credential documents the 401 a
 * client gets when the credential is missing or refused, with the problem body and the
 * RFC 6750 `WWW-Authenticate` challenge that tells the client how to authenticate.
 */
import { createRulesetFunction } from '@stoplight/spectral-core';
import { effectiveSecurity, findHeader, isNamedSchema, isObject, requiresCredential } from './lib/openapi.js';

export default createRulesetFunction(
  {
    input: { type: 'object' },
    options: {
      type: 'object',
      properties: {
        problemSchema: { type: 'string', minLength: 1 },
        challengeHeader: { type: 'string', minLength: 1 },
      },
      required: ['problemSchema', 'challengeHeader'],
      additionalProperties: false,
    },
  },
  function authChallenge(operation, { problemSchema, challengeHeader }, context) {
    if (!requiresCredential(effectiveSecurity(operation, context))) return [];
    const responsesPath = [...context.path, 'responses'];
    const response = isObject(operation.responses) ? operation.responses['401'] : undefined;
    if (!isObject(response)) {
      return [{ message: 'The operation accepts a credential but documents no 401 response', path: responsesPath }];
    }
    const path = [...responsesPath, '401'];
    const results = [];
    if (!findHeader(response.headers, challengeHeader)) {
      results.push({ message: `The 401 response has no ${challengeHeader} header`, path });
    }
    const media = isObject(response.content) ? Object.keys(response.content) : [];
    if (media.length === 0) {
      results.push({ message: `The 401 response has no ${problemSchema} body`, path });
    }
    for (const type of media) {
      if (!isNamedSchema(context, [...path, 'content', type, 'schema'], problemSchema)) {
        results.push({
          message: `The 401 body (${type}) is not the ${problemSchema} schema`,
          path: [...path, 'content', type],
        });
      }
    }
    return results;
  },
);
