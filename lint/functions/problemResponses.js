/**
 * novavms-error-problem-details: every 4xx and 5xx response of an operation is an RFC 9457
 * problem (`application/problem+json` with the shared problem schema), and every `code` in
 * its examples is a member of the error-code enum that the problem schema references.
 */
import { createRulesetFunction } from '@stoplight/spectral-core';
import { exampleValues, isNamedSchema, isObject } from './lib/openapi.js';

export default createRulesetFunction(
  {
    input: { type: 'object' },
    options: {
      type: 'object',
      properties: {
        mediaType: { type: 'string', minLength: 1 },
        problemSchema: { type: 'string', minLength: 1 },
        codeProperty: { type: 'string', minLength: 1 },
      },
      required: ['mediaType', 'problemSchema', 'codeProperty'],
      additionalProperties: false,
    },
  },
  function problemResponses(operation, { mediaType, problemSchema, codeProperty }, context) {
    if (!isObject(operation.responses)) return [];
    const results = [];
    const resolvedEnum = firstResolvedEnum(operation.responses, mediaType, codeProperty);
    for (const [status, response] of Object.entries(operation.responses)) {
      if (!/^[45]/.test(status) || !isObject(response)) continue;
      const path = [...context.path, 'responses', status];
      const content = isObject(response.content) ? response.content : {};
      const media = content[mediaType];
      if (!isObject(media)) {
        const offered = Object.keys(content);
        const message =
          offered.length === 0
            ? `The ${status} response has no body`
            : `The ${status} response is ${offered.join(', ')}, not ${mediaType}`;
        results.push({ message, path });
        continue;
      }
      const mediaPath = [...path, 'content', mediaType];
      if (!isNamedSchema(context, [...mediaPath, 'schema'], problemSchema)) {
        results.push({ message: `The ${status} body is not the ${problemSchema} schema`, path: mediaPath });
        continue;
      }
      // Spectral's resolver sometimes leaves one occurrence of a $ref that is repeated many
      // times in an operation unresolved ({"$ref": "ErrorCode.yaml"}); the problem schema is
      // one shared schema (checked above), so the enum of another response of it is the same.
      const known = media.schema?.properties?.[codeProperty]?.enum ?? resolvedEnum;
      for (const { value, path: examplePath } of exampleValues(media)) {
        const code = isObject(value) ? value[codeProperty] : undefined;
        if (code === undefined) continue;
        if (!Array.isArray(known) || !known.includes(code)) {
          results.push({
            message: `The example ${codeProperty} ${JSON.stringify(code)} is not a member of the error-code enum`,
            path: [...mediaPath, ...examplePath, codeProperty],
          });
        }
      }
    }
    return results;
  },
);

/** The code enum of the first response of `responses` whose problem schema Spectral resolved. */
function firstResolvedEnum(responses, mediaType, codeProperty) {
  for (const response of Object.values(responses)) {
    const known = response?.content?.[mediaType]?.schema?.properties?.[codeProperty]?.enum;
    if (Array.isArray(known)) return known;
  }
  return undefined;
}
