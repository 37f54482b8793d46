/**
 * novavms-no-credential-in-url: no query or path parameter carries a credential. URLs end up
 * in server logs, proxy logs, browser history and Referer headers; credentials belong in the
 * Authorization header or a cookie. Identifiers of credentials (`key_id`, `token_id`) are
 * fine.
 */
import { createRulesetFunction } from '@stoplight/spectral-core';

/** The words of a parameter name: snake_case, kebab-case, dotted and camelCase all split. */
function words(name) {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

export default createRulesetFunction(
  {
    input: { type: 'object' },
    options: {
      type: 'object',
      properties: {
        words: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9]+$' }, minItems: 1 },
        pairs: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9]+ [a-z0-9]+$' } },
        identifierSuffixes: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9]+$' } },
      },
      required: ['words', 'pairs', 'identifierSuffixes'],
      additionalProperties: false,
    },
  },
  function credentialParameter(parameter, options, context) {
    if (parameter.in !== 'query' && parameter.in !== 'path') return [];
    if (typeof parameter.name !== 'string') return [];
    const parts = words(parameter.name);
    if (parts.length === 0 || options.identifierSuffixes.includes(parts[parts.length - 1])) return [];
    const joined = parts.map((_, i) => `${parts[i]} ${parts[i + 1] ?? ''}`.trim());
    const hit =
      parts.find((word) => options.words.includes(word)) ?? joined.find((pair) => options.pairs.includes(pair));
    if (hit === undefined) return [];
    return [
      {
        message: `The ${parameter.in} parameter "${parameter.name}" names a credential (${hit})`,
        path: [...context.path, 'name'],
      },
    ];
  },
);
