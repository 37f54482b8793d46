/**
 * The bundled contract (`generated/openapi.json`) as the server reads it at start-up:
 * the operations it must route, their parameters, bodies and security requirements.
 * esbuild inlines the JSON into the published bundle, so the package carries its contract.
 */
import specJson from '../../generated/openapi.json' with { type: 'json' };

/** A JSON Schema or any other node of the spec, as far as the server looks into it. */
export type SpecNode = { readonly [key: string]: unknown };

/** One security alternative: scheme name → scopes the credential must carry. */
export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

/** A parameter of an operation, with its `$ref` resolved. */
export interface SpecParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly schema: SpecNode;
}

/** What the server needs to know about one operation of the contract. */
export interface SpecOperation {
  readonly operationId: string;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The OpenAPI path template, e.g. `/api/v1/cameras/{camera_id}`. */
  readonly path: string;
  readonly parameters: readonly SpecParameter[];
  /** The request body, or null when the operation takes none. */
  readonly requestBody: {
    readonly required: boolean;
    readonly mediaTypes: readonly string[];
    readonly pointer: string;
  } | null;
  readonly security: readonly SecurityRequirement[];
}

/** The whole bundled document. */
export const spec = specJson as unknown as SpecNode;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/** Escapes one key for a JSON pointer (RFC 6901). */
export function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The node at a JSON pointer of the spec (`/components/schemas/Problem`). */
export function at(pointer: string): SpecNode {
  let node: unknown = spec;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  if (!node || typeof node !== 'object') throw new Error(`nothing at ${pointer} in the spec`);
  return node as SpecNode;
}

/** Follows local `$ref`s until the node is not a reference. */
export function resolve(node: SpecNode): SpecNode {
  let current = node;
  for (let hops = 0; typeof current.$ref === 'string'; hops++) {
    if (hops > 32) throw new Error('reference cycle in the spec');
    const ref = current.$ref;
    if (!ref.startsWith('#/')) throw new Error(`only local references are expected: ${ref}`);
    current = at(ref.slice(1));
  }
  return current;
}

function toParameter(node: SpecNode): SpecParameter {
  const p = resolve(node);
  return {
    name: String(p.name),
    in: p.in as SpecParameter['in'],
    required: p.required === true,
    schema: (p.schema ?? {}) as SpecNode,
  };
}

function readOperations(): SpecOperation[] {
  const out: SpecOperation[] = [];
  const paths = spec.paths as Record<string, SpecNode>;
  const globalSecurity = (spec.security ?? []) as SecurityRequirement[];
  for (const [path, item] of Object.entries(paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as SpecNode | undefined;
      if (!op) continue;
      const byKey = new Map<string, SpecParameter>();
      for (const raw of [...((item.parameters ?? []) as SpecNode[]), ...((op.parameters ?? []) as SpecNode[])]) {
        const p = toParameter(raw);
        byKey.set(`${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`, p);
      }
      let requestBody: SpecOperation['requestBody'] = null;
      if (op.requestBody) {
        const body = resolve(op.requestBody as SpecNode);
        const content = (body.content ?? {}) as Record<string, unknown>;
        const mediaTypes = Object.keys(content);
        const first = mediaTypes[0];
        if (first === undefined) throw new Error(`${String(op.operationId)}: request body without content`);
        requestBody = {
          required: body.required === true,
          mediaTypes,
          pointer: `/paths/${pointerSegment(path)}/${method}/requestBody/content/${pointerSegment(first)}/schema`,
        };
      }
      out.push({
        operationId: String(op.operationId),
        method: method.toUpperCase(),
        path,
        parameters: [...byKey.values()],
        requestBody,
        security: (op.security ?? globalSecurity) as SecurityRequirement[],
      });
    }
  }
  return out;
}

/** Every operation of the contract, in document order. */
export const specOperations: readonly SpecOperation[] = readOperations();

/** The schema of a component (`schemaOf('TokenResponse')`). */
export function schemaOf(name: string): SpecNode {
  return at(`/components/schemas/${pointerSegment(name)}`);
}

/** The `pattern` of a string schema of the components, compiled. */
export function patternOf(name: string): RegExp {
  const pattern = schemaOf(name).pattern;
  if (typeof pattern !== 'string') throw new Error(`schema ${name} has no pattern`);
  return new RegExp(pattern, 'u');
}

/** The literal start of a schema pattern (`^rt_[…]` → `rt_`), so prefixes are read, not restated. */
export function literalPrefixOf(name: string): string {
  const source = String(schemaOf(name).pattern ?? '');
  const match = /^\^([A-Za-z0-9_]+)/.exec(source);
  if (!match?.[1]) throw new Error(`schema ${name} has no literal prefix in its pattern`);
  return match[1];
}
