/**
 * novavms-credential-lifetime: a bearer or cookie security scheme states how long its
 * credential lives, machine-readably (ISO-8601 durations, or `never`), and a JWT scheme says
 * that it follows RFC 8725 (JWT best current practices).
 */
import { createRulesetFunction } from '@stoplight/spectral-core';
import { isObject } from './lib/openapi.js';

// ISO-8601 duration: PnYnMnWnDTnHnMnS with at least one component, and a T only before time parts.
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

function carriesToken(scheme) {
  const bearer = scheme.type === 'http' && String(scheme.scheme ?? '').toLowerCase() === 'bearer';
  const cookie = scheme.type === 'apiKey' && scheme.in === 'cookie';
  return bearer || cookie;
}

export default createRulesetFunction(
  {
    input: { type: 'object' },
    options: {
      type: 'object',
      properties: {
        extension: { type: 'string', pattern: '^x-' },
        required: { type: 'array', items: { type: 'string' } },
        durations: { type: 'array', items: { type: 'string' } },
        jwtReference: { type: 'string', minLength: 1 },
      },
      required: ['extension', 'required', 'durations', 'jwtReference'],
      additionalProperties: false,
    },
  },
  function credentialLifetime(scheme, { extension, required, durations, jwtReference }, context) {
    const results = [];
    const path = context.path;
    if (/jwt/i.test(String(scheme.bearerFormat ?? ''))) {
      const cites = new RegExp(jwtReference.replace(/\s+/g, '\\s?'), 'i');
      if (!cites.test(String(scheme.description ?? ''))) {
        results.push({ message: `The JWT scheme's description does not cite ${jwtReference}`, path });
      }
    }
    if (!carriesToken(scheme)) return results;
    const lifetime = scheme[extension];
    if (!isObject(lifetime)) {
      results.push({ message: `The scheme declares no ${extension}`, path });
      return results;
    }
    for (const key of required) {
      if (lifetime[key] === undefined) {
        results.push({ message: `${extension} has no ${key}`, path: [...path, extension] });
      }
    }
    for (const key of durations) {
      const value = lifetime[key];
      if (value === undefined || value === 'never') continue;
      if (typeof value !== 'string' || !DURATION.test(value)) {
        results.push({
          message: `${extension}.${key} is ${JSON.stringify(value)}, not an ISO-8601 duration or "never"`,
          path: [...path, extension, key],
        });
      }
    }
    return results;
  },
);
