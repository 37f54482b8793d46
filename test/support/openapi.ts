/**
 * Reading the bundled contract in tests: operations, $ref resolution and JSON Schema
 * validation of any value against any schema of the spec (Ajv, draft 2020-12, as
 * OpenAPI 3.1 uses). Tests read generated/openapi.json only, never openapi/.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

export const specPath = fileURLToPath(new URL('../../generated/openapi.json', import.meta.url));

// biome-ignore lint/suspicious/noExplicitAny: tests walk the bundled document at arbitrary depth
export type Json = any;

export const spec: Json = JSON.parse(readFileSync(specPath, 'utf8'));

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export interface OperationEntry {
  path: string;
  method: string;
  operationId: string;
  operation: Json;
  /** Parameters of the path item and the operation, resolved. */
  parameters: Json[];
}

/** Follows a local `$ref` (`#/components/...`) until the object is no reference. */
export function resolve(node: Json): Json {
  let current = node;
  while (current && typeof current === 'object' && typeof current.$ref === 'string') {
    const ref: string = current.$ref;
    if (!ref.startsWith('#/')) throw new Error(`only local references are expected in the bundle: ${ref}`);
    current = ref
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((obj: Json, key) => obj?.[key], spec);
    if (current === undefined) throw new Error(`unresolved reference ${ref}`);
  }
  return current;
}

/** Every operation of the contract, in document order. */
export function operations(): OperationEntry[] {
  const out: OperationEntry[] = [];
  for (const [path, item] of Object.entries<Json>(spec.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(resolve);
      out.push({ path, method, operationId: operation.operationId, operation, parameters });
    }
  }
  return out;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** An Ajv instance that knows the whole bundled spec as `openapi.json`. */
function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(spec, 'openapi.json');
  return ajv;
}

const shared = createAjv();
const cache = new Map<string, ValidateFunction>();

/**
 * A validator for the schema at `pointer` in the spec (a JSON pointer such as
 * `/components/schemas/Problem`), compiled once.
 */
export function validatorAt(pointer: string): ValidateFunction {
  let fn = cache.get(pointer);
  if (!fn) {
    fn = shared.compile({ $ref: `openapi.json#${pointer}` });
    cache.set(pointer, fn);
  }
  return fn;
}

/** A JSON pointer for a path of keys. */
export function pointerOf(...keys: (string | number)[]): string {
  return keys.map((k) => `/${String(k).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The first validation error of `fn` as one readable line. */
export function firstError(fn: ValidateFunction): string {
  const e = fn.errors?.[0];
  return e ? `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}` : 'no error';
}
