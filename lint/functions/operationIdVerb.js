/**
 * novavms-operation-id-verb: an operationId is camelCase and starts with a verb that fits
 * its HTTP method, so that generated SDK methods read as what they do (`listCameras`,
 * `revokeServiceAccountKey`). The message proposes names with the allowed verbs.
 */
import { createRulesetFunction } from '@stoplight/spectral-core';

function leadingWord(operationId) {
  return /^[a-z]+/.exec(operationId)?.[0] ?? '';
}

function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export default createRulesetFunction(
  {
    input: null,
    options: {
      type: 'object',
      properties: {
        verbs: {
          type: 'object',
          additionalProperties: { type: 'array', items: { type: 'string', pattern: '^[a-z]+$' }, minItems: 1 },
        },
      },
      required: ['verbs'],
      additionalProperties: false,
    },
  },
  function operationIdVerb(operationId, { verbs }, context) {
    if (typeof operationId !== 'string') return [];
    const method = String(context.path[context.path.length - 2] ?? '').toLowerCase();
    const allowed = verbs[method];
    if (!allowed) return [];
    const verb = leadingWord(operationId);
    const rest = operationId.slice(verb.length);
    const camel = /^[a-z]+([A-Z][a-z0-9]*)*$/.test(operationId);
    if (camel && allowed.includes(verb) && (rest === '' || /^[A-Z]/.test(rest))) return [];
    const noun =
      capitalise(rest.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+(.)/g, (_, c) => c.toUpperCase())) ||
      capitalise(operationId);
    const hint = allowed
      .slice(0, 3)
      .map((candidate) => `"${candidate}${noun}"`)
      .join(' or ');
    return [
      {
        message: `operationId "${operationId}" of a ${method.toUpperCase()} must be camelCase and start with ${allowed.join('/')}, e.g. ${hint}`,
      },
    ];
  },
);
