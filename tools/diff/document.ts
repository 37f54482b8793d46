/**
 * Reading a bundled contract as the evolution tools need it: its operations by method and
 * path, JSON pointers into it, and the label that names an operation in a report.
 */

/** A bundled OpenAPI document, as far as the evolution tools look into it. */
export type Json = { readonly [key: string]: unknown };

/** The parts of an operation the evolution tools read. */
export interface OperationView {
  /** `GET /api/v1/cameras`. */
  key: string;
  method: string;
  path: string;
  operationId: string;
  pointer: string;
  node: Json;
}

/** The deprecation an operation (or a response) states in `x-novavms-deprecation`. */
export interface Deprecation {
  /** RFC 3339 date the deprecation was announced: the `Deprecation` header (RFC 9745). */
  announced?: string;
  /** RFC 3339 date before which the operation is not removed: the `Sunset` header (RFC 8594). */
  sunset?: string;
  /** The operationId of what replaces it. */
  replacement?: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/** Escapes one key for a JSON pointer (RFC 6901). */
export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The keys of a pointer (`#/paths/~1api~1v1~1me/get` → `['paths', '/api/v1/me', 'get']`). */
export function pointerKeys(pointer: string): string[] {
  return pointer
    .replace(/^#?\/?/, '')
    .split('/')
    .filter((k) => k !== '')
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The node at `pointer`, or undefined. */
export function nodeAt(doc: Json, pointer: string): unknown {
  let node: unknown = doc;
  for (const key of pointerKeys(pointer)) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function asObject(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

/** Every operation of `doc`, by `METHOD /path`. */
export function operationsOf(doc: Json): Map<string, OperationView> {
  const out = new Map<string, OperationView>();
  for (const [path, item] of Object.entries(asObject(doc.paths))) {
    for (const method of METHODS) {
      const node = asObject(item)[method];
      if (!node || typeof node !== 'object') continue;
      const op = node as Json;
      const key = `${method.toUpperCase()} ${path}`;
      out.set(key, {
        key,
        method: method.toUpperCase(),
        path,
        operationId: typeof op.operationId === 'string' ? op.operationId : key,
        pointer: `#/paths/${escapePointer(path)}/${method}`,
        node: op,
      });
    }
  }
  return out;
}

/** `GET /api/v1/cameras (listCameras)`. */
export function operationLabel(op: OperationView): string {
  return `${op.key} (${op.operationId})`;
}

/** The operation a pointer lies in (`#/paths/~1api~1v1~1me/get/responses/200` → GET /api/v1/me), if any. */
export function operationAt(doc: Json, pointer: string): OperationView | undefined {
  const [root, path, method] = pointerKeys(pointer);
  if (root !== 'paths' || path === undefined || method === undefined) return undefined;
  return operationsOf(doc).get(`${method.toUpperCase()} ${path}`);
}

/** The `x-novavms-deprecation` of an operation or response, if it has one. */
export function deprecationOf(node: Json): Deprecation | undefined {
  const value = node['x-novavms-deprecation'];
  return value && typeof value === 'object' ? (value as Deprecation) : undefined;
}

/** The document without what is not part of the contract (the notice of who wrote the file). */
export function contractPart(doc: Json): Json {
  const { 'x-generated': _notice, ...rest } = doc;
  return rest;
}
