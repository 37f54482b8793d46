/**
 * novavms-cors-policy: the contract states its cross-origin policy (`x-novavms-cors` at the
 * root), and that policy fits the rest of the contract: a browser app of an allowed origin can
 * send every request header the contract asks for (the credential, a JSON body, the CSRF
 * header) and read every response header it documents (challenges, rate limits), and the
 * origins are never a wildcard when credentials travel.
 */
import { createRulesetFunction } from '@stoplight/spectral-core';
import { HTTP_METHODS, isObject } from './lib/openapi.js';

// ISO-8601 duration: PnYnMnWnDTnHnMnS with at least one component, and a T only before time parts.
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
/** Response headers a page reads without their being exposed (the Fetch standard's safelist). */
const SAFELISTED_RESPONSE = [
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
];
/** Response headers a page never reads, exposed or not. */
const FORBIDDEN_RESPONSE = ['set-cookie', 'set-cookie2'];
/** Request body media types a page sends without a preflight. */
const SIMPLE_MEDIA_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const ORIGIN = /^https?:\/\/[^/\s?#]+$/;

function operationsOf(doc) {
  const out = [];
  for (const item of Object.values(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) if (isObject(item[method])) out.push({ item, operation: item[method] });
  }
  return out;
}

/** The request headers the contract asks a client to send: credentials, header parameters, a JSON body. */
function requestHeaders(doc) {
  const needed = new Map();
  const add = (name, why) => {
    if (!needed.has(name.toLowerCase())) needed.set(name.toLowerCase(), { name, why });
  };
  const schemes = isObject(doc.components?.securitySchemes) ? doc.components.securitySchemes : {};
  for (const [key, scheme] of Object.entries(schemes)) {
    if (!isObject(scheme)) continue;
    if (scheme.type === 'http' || scheme.type === 'oauth2' || scheme.type === 'openIdConnect')
      add('Authorization', `the credential of ${key}`);
    if (scheme.type === 'apiKey' && scheme.in === 'header' && typeof scheme.name === 'string')
      add(scheme.name, `the credential of ${key}`);
  }
  for (const { item, operation } of operationsOf(doc)) {
    for (const parameter of [...(item.parameters ?? []), ...(operation.parameters ?? [])])
      if (isObject(parameter) && parameter.in === 'header' && typeof parameter.name === 'string')
        add(parameter.name, `a header parameter of ${operation.operationId ?? 'an operation'}`);
    const content = isObject(operation.requestBody?.content) ? Object.keys(operation.requestBody.content) : [];
    if (content.some((type) => !SIMPLE_MEDIA_TYPES.includes(type.toLowerCase())))
      add('Content-Type', `the request body of ${operation.operationId ?? 'an operation'}`);
  }
  return [...needed.values()];
}

/** The response headers the contract documents that a page can only read when they are exposed. */
function responseHeaders(doc) {
  const names = new Map();
  for (const { operation } of operationsOf(doc)) {
    for (const response of Object.values(isObject(operation.responses) ? operation.responses : {})) {
      if (!isObject(response) || !isObject(response.headers)) continue;
      for (const name of Object.keys(response.headers)) {
        const lower = name.toLowerCase();
        if (SAFELISTED_RESPONSE.includes(lower) || FORBIDDEN_RESPONSE.includes(lower) || names.has(lower)) continue;
        names.set(lower, { name, operationId: operation.operationId ?? 'an operation' });
      }
    }
  }
  return [...names.values()];
}

function headerList(policy, field, extension, at) {
  const list = policy[field];
  if (
    !Array.isArray(list) ||
    !list.every((name) => typeof name === 'string' && /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name))
  )
    return { error: { message: `${extension}.${field} is not a list of header names`, path: at(field) } };
  return { names: new Set(list.map((name) => name.toLowerCase())) };
}

export default createRulesetFunction(
  {
    input: { type: 'object' },
    options: {
      type: 'object',
      properties: { extension: { type: 'string', pattern: '^x-' } },
      required: ['extension'],
      additionalProperties: false,
    },
  },
  function corsPolicy(doc, { extension }, context) {
    const policy = doc[extension];
    if (!isObject(policy))
      return [
        { message: `The contract states no cross-origin policy (${extension} at the root)`, path: [...context.path] },
      ];
    const at = (...keys) => [...context.path, extension, ...keys];
    const results = [];
    const { origins, credentials } = policy;
    if (typeof credentials !== 'boolean')
      results.push({ message: `${extension}.credentials is not true or false`, path: at('credentials') });
    if (origins === '*') {
      if (credentials === true)
        results.push({
          message: `${extension}.origins is "*" with credentials: browsers refuse a wildcard origin on a credentialed request`,
          path: at('origins'),
        });
    } else if (Array.isArray(origins)) {
      origins.forEach((origin, i) => {
        if (typeof origin !== 'string' || !ORIGIN.test(origin))
          results.push({
            message: `${extension}.origins[${i}] is ${JSON.stringify(origin)}, not an origin (scheme://host[:port], no path)`,
            path: at('origins', i),
          });
      });
    } else if (origins !== 'listed' && origins !== 'none') {
      results.push({
        message: `${extension}.origins is ${JSON.stringify(origins)}, not "listed", "none", "*" or a list of origins`,
        path: at('origins'),
      });
    }
    const cookie = Object.entries(isObject(doc.components?.securitySchemes) ? doc.components.securitySchemes : {}).find(
      ([, scheme]) => isObject(scheme) && scheme.type === 'apiKey' && scheme.in === 'cookie',
    );
    if (cookie && origins !== 'none' && credentials === false)
      results.push({
        message: `${extension}.credentials is false, so the cookie of ${cookie[0]} never travels from an allowed origin`,
        path: at('credentials'),
      });

    const allowed = headerList(policy, 'allowed_headers', extension, at);
    if (allowed.error) results.push(allowed.error);
    else
      for (const { name, why } of requestHeaders(doc))
        if (!allowed.names.has(name.toLowerCase()))
          results.push({
            message: `${extension}.allowed_headers does not list ${name}, which ${why} needs`,
            path: at('allowed_headers'),
          });

    const exposed = headerList(policy, 'exposed_headers', extension, at);
    if (exposed.error) results.push(exposed.error);
    else {
      for (const { name, operationId } of responseHeaders(doc))
        if (!exposed.names.has(name.toLowerCase()))
          results.push({
            message: `${extension}.exposed_headers does not list ${name}, which ${operationId} answers with`,
            path: at('exposed_headers'),
          });
      for (const forbidden of FORBIDDEN_RESPONSE)
        if (exposed.names.has(forbidden))
          results.push({
            message: `${extension}.exposed_headers lists ${forbidden}, which a browser never exposes to a page`,
            path: at('exposed_headers'),
          });
    }

    if (typeof policy.max_age !== 'string' || !DURATION.test(policy.max_age))
      results.push({
        message: `${extension}.max_age is ${JSON.stringify(policy.max_age)}, not an ISO-8601 duration`,
        path: at('max_age'),
      });
    return results;
  },
);
