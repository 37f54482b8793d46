/**
 * novavms-no-live-key: no string of the document (description, example, code sample,
 * anything) holds something shaped like a real production API key: a live prefix followed
 * by a random-looking secret of realistic length. Documentation uses test keys or values
 * that are obviously fake (`sk_live_abc123`, `sk_live_EXAMPLE…`).
 */
import { createRulesetFunction } from '@stoplight/spectral-core';

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function entropy(text) {
  const counts = new Map();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function sequentialShare(text) {
  let steps = 0;
  for (let i = 1; i < text.length; i += 1) {
    if (Math.abs(text.charCodeAt(i) - text.charCodeAt(i - 1)) === 1) steps += 1;
  }
  return steps / (text.length - 1);
}

/** True when a candidate secret looks random rather than made up for documentation. */
function looksRandom(secret, { minLength, minEntropy, placeholders }) {
  if (secret.length < minLength) return false;
  if (new RegExp(placeholders, 'i').test(secret)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(secret)).length;
  return classes >= 2 && entropy(secret) >= minEntropy && sequentialShare(secret) < 0.5;
}

function* strings(node, path, seen) {
  if (typeof node === 'string') {
    yield { value: node, path };
  } else if (typeof node === 'object' && node !== null && !seen.has(node)) {
    seen.add(node);
    for (const [key, child] of Object.entries(node)) yield* strings(child, [...path, key], seen);
  }
}

export default createRulesetFunction(
  {
    input: null,
    options: {
      type: 'object',
      properties: {
        prefixes: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
        minLength: { type: 'integer', minimum: 8 },
        minEntropy: { type: 'number', minimum: 0 },
        placeholders: { type: 'string' },
      },
      required: ['prefixes', 'minLength', 'minEntropy', 'placeholders'],
      additionalProperties: false,
    },
  },
  function liveKeyLeak(document, options, context) {
    const candidate = new RegExp(`(${options.prefixes.map(escapeRegExp).join('|')})([0-9A-Za-z]+)`, 'g');
    const results = [];
    for (const { value, path } of strings(document, [...context.path], new WeakSet())) {
      for (const [, prefix, secret] of value.matchAll(candidate)) {
        if (looksRandom(secret, options)) {
          results.push({
            message: `"${prefix}${secret.slice(0, 4)}…" (${secret.length} random-looking characters) is shaped like a real key`,
            path,
          });
        }
      }
    }
    return results;
  },
);
