/**
 * novavms-credential-response-no-store: a response whose body carries a credential (an
 * access token, a refresh token, an API key secret) declares `Cache-Control: no-store`, so
 * that no browser, proxy or CDN keeps a copy of it (RFC 6749 §5.1, RFC 9111).
 */
import { createRulesetFunction } from '@stoplight/spectral-core';
import { findHeader, isObject, propertyNames } from './lib/openapi.js';

/** The values a header schema allows, when it pins them (`const` or `enum`). */
function pinnedValues(header) {
  const schema = isObject(header) ? header.schema : undefined;
  if (!isObject(schema)) return [];
  if (schema.const !== undefined) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : [];
}

export default createRulesetFunction(
  {
    input: { type: 'object' },
    options: {
      type: 'object',
      properties: {
        credentialProperties: { type: 'array', items: { type: 'string' }, minItems: 1 },
      },
      required: ['credentialProperties'],
      additionalProperties: false,
    },
  },
  function noStoreCredentials(response, { credentialProperties }, context) {
    const content = isObject(response.content) ? Object.values(response.content) : [];
    const carried = new Set(
      content.flatMap((media) => propertyNames(media?.schema)).filter((name) => credentialProperties.includes(name)),
    );
    if (carried.size === 0) return [];
    const found = findHeader(response.headers, 'Cache-Control');
    const values = found ? pinnedValues(found.header) : [];
    const noStore = values.length > 0 && values.every((value) => /(^|,)\s*no-store\s*(,|$)/i.test(String(value)));
    if (noStore) return [];
    if (found) {
      // Reported at the header, which may be shared by several responses: one message for all.
      return [
        {
          message: 'Cache-Control does not pin no-store on a response that carries credentials',
          path: [...context.path, 'headers', found.key],
        },
      ];
    }
    const what = [...carried].join(', ');
    return [{ message: `The response carries ${what} but declares no Cache-Control header`, path: [...context.path] }];
  },
);
