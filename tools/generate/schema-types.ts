/**
 * generated/schema.d.ts: openapi-typescript's types of the bundled contract, with one rule of
 * our own. openapi-typescript makes a property with a `default` required (`defaultNonNullable`),
 * which is right for what a server answers but wrong for what a client sends: the server fills
 * the default in, so a request may leave the field out (the source page's login body omits
 * `remember_me`). Properties with a default therefore stay optional in every schema that a
 * request body reaches; schemas only responses use keep them required.
 */
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import ts from 'typescript';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/;

/** Every `$ref` string inside `value`. */
function refsIn(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, into);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') into.push(inner);
      else refsIn(inner, into);
    }
  }
  return into;
}

/** The names of the component schemas that some request body reaches, directly or through other schemas. */
export function requestSchemaNames(spec: OpenAPI3): Set<string> {
  const schemas = (spec.components?.schemas ?? {}) as Record<string, unknown>;
  const bodies = (spec.components?.requestBodies ?? {}) as Record<string, unknown>;
  const pending: string[] = [];
  for (const item of Object.values(spec.paths ?? {}) as Record<string, { requestBody?: unknown }>[]) {
    for (const method of METHODS) {
      const body = item[method]?.requestBody;
      if (body === undefined) continue;
      for (const ref of refsIn(body)) {
        const bodyName = /^#\/components\/requestBodies\/([^/]+)$/.exec(ref)?.[1];
        pending.push(...(bodyName === undefined ? [ref] : refsIn(bodies[bodyName])));
      }
    }
  }
  const reached = new Set<string>();
  while (pending.length > 0) {
    const name = SCHEMA_REF.exec(pending.pop() ?? '')?.[1];
    if (name === undefined || reached.has(name)) continue;
    reached.add(name);
    pending.push(...refsIn(schemas[name]));
  }
  return reached;
}

/** The source of generated/schema.d.ts (without its header line). */
export async function schemaTypes(spec: OpenAPI3): Promise<string> {
  const requestSchemas = requestSchemaNames(spec);
  const ast = await openapiTS(spec, {
    silent: true,
    transformProperty(property, schemaObject, options) {
      const hasDefault = 'default' in schemaObject && schemaObject.default !== undefined;
      const owner = /^#\/components\/schemas\/([^/]+)\//.exec(options.path ?? '')?.[1];
      if (!hasDefault || property.questionToken || owner === undefined || !requestSchemas.has(owner)) return property;
      return ts.factory.updatePropertySignature(
        property,
        property.modifiers,
        property.name,
        ts.factory.createToken(ts.SyntaxKind.QuestionToken),
        property.type,
      );
    },
  });
  return astToString(ast);
}
