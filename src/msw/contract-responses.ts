/**
 * The documented responses of the contract as a mock serves them, read from the bundled
 * contract (`generated/openapi.json`): for each operation its method, path, security and, per
 * documented response, the status, media type, header values and the body of each named
 * example. Nothing here is restated: names come from `documentedResponses`, values from the spec.
 */
import { documentedResponses, type OperationId, operations } from '../../generated/contract.js';
import spec from '../../generated/openapi.json' with { type: 'json' };

type Node = Record<string, unknown>;

/** The node a local `$ref` points at (or the node itself). */
function deref(value: unknown): Node {
  let node = value as Node | undefined;
  for (let hops = 0; node && typeof node.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error(`reference loop at ${node.$ref}`);
    node = (node.$ref as string)
      .slice(2)
      .split('/')
      .reduce<unknown>((at, key) => (at as Node | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec) as
      | Node
      | undefined;
  }
  if (!node) throw new Error('a $ref of the contract points nowhere');
  return node;
}

/** One documented response, ready to serve. */
export interface ServedResponse {
  status: number;
  /** The media type of the body, or null for a response without one. */
  mediaType: string | null;
  /** The named example's value (undefined without a body). */
  body: unknown;
  /** Each documented header that has an example, with that example. */
  headers: Record<string, string>;
}

/** The operation object of the bundled contract. */
function operationObject(operationId: OperationId): Node {
  const { method, path } = operations[operationId];
  const item = deref((spec.paths as Record<string, unknown>)[path]);
  return deref(item[method.toLowerCase()]);
}

function headerExample(header: Node): string | undefined {
  const schema = header.schema ? deref(header.schema) : {};
  const examples = header.examples ? Object.values(header.examples as Node).map((e) => deref(e).value) : [];
  const value = header.example ?? examples[0] ?? schema.example;
  return value === undefined ? undefined : String(value);
}

/** The documented response `name` of `operationId` (a key of `documentedResponses[operationId]`). */
export function servedResponse(operationId: OperationId, name: string): ServedResponse {
  const entry = (documentedResponses[operationId] as Record<string, { status: number; example: string | null }>)[name];
  if (!entry) throw new Error(`${operationId} documents no response named ${name}`);
  const response = deref((operationObject(operationId).responses as Node)[String(entry.status)]);
  const headers: Record<string, string> = {};
  for (const [header, value] of Object.entries((response.headers ?? {}) as Node)) {
    const example = headerExample(deref(value));
    if (example !== undefined) headers[header] = example;
  }
  const content = Object.entries((response.content ?? {}) as Record<string, Node>);
  const media = content.find(([, m]) => entry.example !== null && (m.examples as Node | undefined)?.[entry.example]);
  const [mediaType, mediaObject] = media ?? content[0] ?? [null, undefined];
  const body =
    entry.example !== null && mediaObject
      ? deref((mediaObject.examples as Node)[entry.example]).value
      : (mediaObject?.example ?? undefined);
  return { status: entry.status, mediaType, body, headers };
}

/** The named examples of an operation's JSON request body, its top-level fields in order, and their defaults. */
export function requestExamples(operationId: OperationId): {
  examples: Record<string, Node>;
  fields: string[];
  defaults: Node;
} {
  const requestBody = operationObject(operationId).requestBody;
  if (!requestBody) return { examples: {}, fields: [], defaults: {} };
  const media = deref((deref(requestBody).content as Node)['application/json']);
  const examples = Object.fromEntries(
    Object.entries((media.examples ?? {}) as Node).map(([name, e]) => [name, deref(e).value as Node]),
  );
  const schema = media.schema ? deref(media.schema) : {};
  const defaults = Object.fromEntries(
    Object.entries((schema.properties ?? {}) as Node).flatMap(([key, property]) => {
      const d = deref(property).default;
      return d === undefined ? [] : [[key, d]];
    }),
  );
  return { examples, fields: Object.keys((schema.properties ?? {}) as Node), defaults };
}

/** The security schemes of the contract, by name: their type, and where an apiKey travels. */
export function securityScheme(name: string): Node {
  return deref((spec.components.securitySchemes as Record<string, unknown>)[name]);
}
