/**
 * Small helpers shared by the NovaVMS house rule functions: OpenAPI shapes (operations,
 * security, headers, examples) and the one question a resolved document cannot answer on
 * its own, "which named schema is this?".
 */

/** The HTTP methods an OpenAPI path item may hold. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** True for a plain (non-array, non-null) object. */
export function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The security requirements that apply to an operation: its own `security` when it states
 * one, otherwise the document's root `security`, otherwise none.
 */
export function effectiveSecurity(operation, context) {
  if (Array.isArray(operation.security)) return operation.security;
  const root = context.documentInventory.resolved;
  return isObject(root) && Array.isArray(root.security) ? root.security : [];
}

/** True when at least one security requirement names a scheme, i.e. a credential is accepted. */
export function requiresCredential(security) {
  return security.some((requirement) => isObject(requirement) && Object.keys(requirement).length > 0);
}

/**
 * True when the requirements let a request through without any credential: none are stated,
 * or one of them is the empty requirement `{}` (optional authentication).
 */
export function allowsAnonymous(security) {
  return (
    security.length === 0 ||
    security.some((requirement) => isObject(requirement) && Object.keys(requirement).length === 0)
  );
}

/** True when a security requirement lists scopes or roles for one of its schemes. */
export function requiresScopes(security) {
  return security.some(
    (requirement) =>
      isObject(requirement) && Object.values(requirement).some((scopes) => Array.isArray(scopes) && scopes.length > 0),
  );
}

/** The header of a headers map by case-insensitive name (HTTP header names are), or undefined. */
export function findHeader(headers, name) {
  if (!isObject(headers)) return undefined;
  const wanted = name.toLowerCase();
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === wanted);
  return key === undefined ? undefined : { key, header: headers[key] };
}

/** Every example value of a media type object: `example` and each `examples.*.value`. */
export function exampleValues(media) {
  if (!isObject(media)) return [];
  const values = [];
  if (media.example !== undefined) values.push({ value: media.example, path: ['example'] });
  if (isObject(media.examples)) {
    for (const [name, example] of Object.entries(media.examples)) {
      if (isObject(example) && example.value !== undefined) {
        values.push({ value: example.value, path: ['examples', name, 'value'] });
      }
    }
  }
  return values;
}

function fileStem(source) {
  const base = String(source).split(/[\\/]/).pop() ?? '';
  return base.replace(/\.(ya?ml|json)$/i, '');
}

/**
 * True when the node at `path` of the resolved document is the named component schema:
 * either a `$ref` to `#/components/schemas/<name>` (a bundled document) or a `$ref` to a file
 * `<name>.yaml` (a split document, one schema per file). Spectral resolves every `$ref`
 * before rules run, so the function asks the document inventory where the node came from.
 */
export function isNamedSchema(context, path, name) {
  const origin = context.documentInventory.findAssociatedItemForPath(path, true);
  if (!origin) return false;
  const at = origin.path.map(String);
  if (at.length === 3 && at[0] === 'components' && at[1] === 'schemas' && at[2] === name) return true;
  return at.length === 0 && origin.document.source != null && fileStem(origin.document.source) === name;
}

/** Property names of a schema, looking through allOf/anyOf/oneOf as a generator of the body would. */
export function propertyNames(schema, seen = new WeakSet()) {
  if (!isObject(schema) || seen.has(schema)) return [];
  seen.add(schema);
  const names = isObject(schema.properties) ? Object.keys(schema.properties) : [];
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    if (Array.isArray(schema[keyword])) {
      for (const member of schema[keyword]) names.push(...propertyNames(member, seen));
    }
  }
  return names;
}
