/**
 * Writes the generated modules of the Python client `novavms` (python/src/novavms/) from the
 * bundled spec: `models.py` (a TypedDict or type alias for every schema), `_contract.py` (the
 * values of generated/contract.ts that the client needs, plus every operation with its
 * parameters, body, security and pagination) and `_operations.py` (one typed method per
 * operation, shared by `Client` and `AsyncClient`). The hand-written client restates nothing
 * of the contract: it reads these.
 */
import { sessionEndingCodes } from '../../src/session-end.js';
import { type ContractSpec, contractValues, type DeprecationValues, METHODS } from './contract-source.js';

/** The generated Python files, by name inside python/src/novavms/. */
export const pythonGeneratedFiles = ['models.py', '_contract.py', '_operations.py'] as const;

interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  description?: string;
}
interface Parameter {
  $ref?: string;
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema: Schema;
}
interface MediaType {
  schema?: Schema;
}
interface Response {
  description?: string;
  content?: Record<string, MediaType>;
}
interface OperationObject {
  operationId: string;
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, MediaType> };
  responses: Record<string, Response>;
  security: Record<string, string[]>[];
}
interface PythonSpec {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, Schema>; parameters?: Record<string, Parameter> };
}

const SCHEMA_REF = '#/components/schemas/';
const PARAMETER_REF = '#/components/parameters/';
/** Schemes whose credential the client itself puts on a call: the API key or the access token. */
const BEARER_SCHEMES = ['ServiceAccountKey', 'UserAccessToken'];
/** Schemes of the refresh credential: operations secured by them belong to `auth`. */
const SESSION_SCHEMES = ['RefreshToken', 'RefreshCookie'];
/** The answer of a login and of a refresh: the operation that returns it without a session is the login. */
const TOKEN_SCHEMA = 'TokenResponse';
/** The schema of a list position: an operation with a query parameter of it is paginated. */
const CURSOR_SCHEMA = 'Cursor';

const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);
/** Names models.py imports, which a schema must not take. */
const MODELS_RESERVED = new Set(['Literal', 'NotRequired', 'TypeAlias', 'TypedDict']);

// ---------------------------------------------------------------------------------------------
// Python source helpers

/** A Python literal of a JSON value (strings as JSON strings, which are valid Python strings). */
function py(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return value.length === 1 ? `(${py(value[0])},)` : `(${value.map(py).join(', ')})`;
  throw new Error(`no Python literal for ${JSON.stringify(value)}`);
}

/**
 * `open` + items + `close` on one line when it fits in 100 characters at `indent`, else one
 * item per line (with a trailing comma, as Python formatters write it).
 */
function wrap(prefix: string, open: string, items: string[], close: string, indent = ''): string {
  const single = items.length === 1 && open === '(' ? ',' : '';
  const line = `${prefix}${open}${items.join(', ')}${single}${close}`;
  if (indent.length + line.length <= 100) return line;
  return `${prefix}${open}\n${items.map((i) => `${indent}    ${i},`).join('\n')}\n${indent}${close}`;
}

/** A Python tuple or Literal of strings, wrapped when long. */
function tuple(prefix: string, values: readonly string[], indent = ''): string {
  return wrap(prefix, '(', values.map(py), ')', indent);
}
function literalOf(prefix: string, values: readonly string[]): string {
  return wrap(prefix, 'Literal[', values.map(py), ']');
}

/** A docstring at `indent`, from a description (Markdown, already wrapped in the YAML). */
function docstring(text: string, indent: string): string {
  const lines = text
    .trim()
    .replace(/\\/g, '\\\\')
    .replace(/"""/g, '\\"\\"\\"')
    .split('\n')
    .flatMap((line) =>
      line.length + indent.length > 96 ? fill(line, 93 - indent.length).split('\n') : [line.trimEnd()],
    );
  if (lines.length === 1) return `${indent}"""${lines[0]}"""`;
  return [`${indent}"""${lines[0]}`, ...lines.slice(1).map((l) => (l === '' ? '' : `${indent}${l}`)), `${indent}"""`]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

/** `listCameras` -> `list_cameras`, `X-NovaVMS-CSRF` -> `x_novavms_csrf`. */
function snake(name: string): string {
  const out = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  if (!/^[a-z_][a-z0-9_]*$/.test(out)) throw new Error(`cannot make a Python name of ${JSON.stringify(name)}`);
  return PYTHON_KEYWORDS.has(out) ? `${out}_` : out;
}

function isIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PYTHON_KEYWORDS.has(name);
}

function refName(ref: string, prefix: string): string {
  if (!ref.startsWith(prefix)) throw new Error(`unsupported $ref ${ref} (expected ${prefix}…)`);
  return ref.slice(prefix.length);
}

// ---------------------------------------------------------------------------------------------
// Schemas to Python types

class Types {
  constructor(private readonly schemas: Record<string, Schema>) {}

  /** The component a schema is, following `$ref`s. */
  resolve(schema: Schema): Schema {
    let current = schema;
    for (let depth = 0; current.$ref !== undefined; depth++) {
      if (depth > 20) throw new Error(`$ref loop at ${schema.$ref}`);
      const target = this.schemas[refName(current.$ref, SCHEMA_REF)];
      if (target === undefined) throw new Error(`unknown schema ${current.$ref}`);
      current = target;
    }
    return current;
  }

  /** Component names a schema refers to (deeply). */
  refs(schema: Schema, out = new Set<string>()): Set<string> {
    if (schema.$ref !== undefined) out.add(refName(schema.$ref, SCHEMA_REF));
    for (const inner of [
      ...(schema.anyOf ?? []),
      ...(schema.oneOf ?? []),
      ...(schema.allOf ?? []),
      ...(schema.items ? [schema.items] : []),
      ...Object.values(schema.properties ?? {}),
      ...(typeof schema.additionalProperties === 'object' ? [schema.additionalProperties] : []),
    ])
      this.refs(inner, out);
    return out;
  }

  /**
   * The Python type of a schema. `qualify` names a component where it is used (bare inside
   * models.py, `models.X` elsewhere). A request value of format date-time also takes a datetime.
   */
  of(schema: Schema, qualify: (name: string) => string, request = false): string {
    const union = (parts: string[]): string => {
      const unique = [...new Set(parts.flatMap((p) => p.split(' | ')))];
      const hasNone = unique.includes('None');
      return [...unique.filter((p) => p !== 'None'), ...(hasNone ? ['None'] : [])].join(' | ');
    };
    if (schema.$ref !== undefined) {
      const name = qualify(refName(schema.$ref, SCHEMA_REF));
      return request && this.resolve(schema).format === 'date-time' ? `${name} | datetime` : name;
    }
    if (schema.const !== undefined) return `Literal[${py(schema.const)}]`;
    if (schema.enum !== undefined) {
      const values = schema.enum.filter((v) => v !== null);
      return union([`Literal[${values.map(py).join(', ')}]`, ...(schema.enum.includes(null) ? ['None'] : [])]);
    }
    const alternatives = schema.anyOf ?? schema.oneOf;
    if (alternatives !== undefined) return union(alternatives.map((s) => this.of(s, qualify, request)));
    if (schema.allOf !== undefined) {
      if (schema.allOf.length !== 1) throw new Error('allOf with more than one schema has no Python type here');
      return this.of(schema.allOf[0]!, qualify, request);
    }
    if (Array.isArray(schema.type)) return union(schema.type.map((type) => this.of({ ...schema, type }, qualify)));
    switch (schema.type) {
      case 'string':
        return request && schema.format === 'date-time' ? 'str | datetime' : 'str';
      case 'integer':
        return 'int';
      case 'number':
        return 'float';
      case 'boolean':
        return 'bool';
      case 'null':
        return 'None';
      case 'array':
        return `list[${schema.items ? this.of(schema.items, qualify, request) : 'object'}]`;
      case 'object':
        if (schema.properties !== undefined)
          throw new Error('an inline object with properties has no Python name: make it a component schema');
        return `dict[str, ${typeof schema.additionalProperties === 'object' ? this.of(schema.additionalProperties, qualify, request) : 'object'}]`;
      case undefined:
        return 'object';
      default:
        throw new Error(`unsupported schema type ${schema.type}`);
    }
  }

  /** Whether None is a value of the schema (a `null` alternative). */
  nullable(schema: Schema): boolean {
    return this.of(schema, (n) => n)
      .split(' | ')
      .includes('None');
  }
}

function isTypedDict(schema: Schema): boolean {
  return schema.type === 'object' && schema.properties !== undefined;
}

/** models.py: a TypedDict for every object schema, a type alias for every other one. */
function modelsSource(spec: PythonSpec, types: Types, header: string): string {
  const schemas = spec.components.schemas;
  for (const name of Object.keys(schemas)) {
    if (!isIdentifier(name) || MODELS_RESERVED.has(name))
      throw new Error(`schema name ${name} cannot be a Python name in models.py`);
  }
  // Every annotation is evaluated when the module loads (Python 3.11 reads NotRequired from the
  // evaluated annotation, so models.py cannot postpone them): each model comes after the ones
  // it names. A reference back into a cycle of TypedDicts is written as a string instead.
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      if (!isTypedDict(schemas[name]!)) throw new Error(`schema ${name} refers to itself through type aliases`);
      return;
    }
    state.set(name, 'visiting');
    for (const dep of types.refs(schemas[name]!)) visit(dep);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of Object.keys(schemas)) visit(name);

  const defined = new Set<string>();
  const bare = (name: string) => name;
  /** The annotation of a property: quoted when it names a model not defined yet. */
  const annotation = (property: Schema): string => {
    const type = types.of(property, bare);
    return [...types.refs(property)].every((n) => defined.has(n)) ? type : JSON.stringify(type);
  };
  const blocks = order.map((name) => {
    const schema = schemas[name]!;
    if (!isTypedDict(schema)) {
      const type = types.of(schema, bare);
      const alias =
        schema.enum !== undefined && !schema.enum.includes(null)
          ? literalOf(`${name}: TypeAlias = `, schema.enum.map(String))
          : `${name}: TypeAlias = ${type}`;
      defined.add(name);
      return schema.description ? `${alias}\n${docstring(schema.description, '')}` : alias;
    }
    const required = new Set(schema.required ?? []);
    const fields = Object.entries(schema.properties!).map(([key, property]) => {
      const type = annotation(property);
      return { key, type: required.has(key) ? type : `NotRequired[${type}]`, description: property.description };
    });
    defined.add(name);
    if (fields.every((f) => isIdentifier(f.key))) {
      const body = fields.flatMap((f) => [
        `    ${f.key}: ${f.type}`,
        ...(f.description ? [docstring(f.description, '    ')] : []),
      ]);
      return [
        `class ${name}(TypedDict):`,
        docstring(schema.description ?? name, '    '),
        ...(body.length ? ['', ...body] : []),
      ].join('\n');
    }
    const entries = fields.map((f) => `        ${JSON.stringify(f.key)}: ${f.type},`);
    const functional = `${name} = TypedDict(\n    ${JSON.stringify(name)},\n    {\n${entries.join('\n')}\n    },\n)`;
    return schema.description ? `${functional}\n${docstring(schema.description, '')}` : functional;
  });

  return [
    `# ${header}`,
    '"""The models of the NovaVMS contract: every schema of `components.schemas`, an object as a',
    'TypedDict (its optional properties `NotRequired`), anything else as a type alias. Responses',
    'are returned as these plain dicts, typed for the checker."""',
    '',
    'from typing import Literal, NotRequired, TypeAlias, TypedDict',
    '',
    wrap(
      '__all__ = ',
      '[',
      order.map((n) => JSON.stringify(n)),
      ']',
    ),
    '',
    ...blocks.map((block) => `\n${block}\n`),
  ]
    .join('\n')
    .replace(/\n{4,}/g, '\n\n\n')
    .replace(/\n*$/, '\n');
}

// ---------------------------------------------------------------------------------------------
// Operations

interface Argument {
  name: string;
  wireName: string;
  location: 'path' | 'query' | 'header' | 'body';
  required: boolean;
  nullable: boolean;
  type: string;
  description: string | undefined;
}
interface Pagination {
  cursorArgument: string;
  items: string;
  nextCursor: string;
  itemType: string;
}
interface PythonOperation {
  id: string;
  httpMethod: string;
  path: string;
  summary: string;
  description: string;
  methodName: string | null;
  arguments: Argument[];
  bodyRequired: boolean;
  bearer: boolean;
  security: Record<string, string[]>[];
  productionOnly: boolean;
  deprecation: DeprecationValues | null;
  since: string;
  statuses: number[];
  returnType: string;
  pagination: Pagination | null;
}

function operationsOf(spec: PythonSpec, types: Types): PythonOperation[] {
  const values = contractValues(spec as unknown as ContractSpec).operations;
  const parameters = spec.components.parameters ?? {};
  const resolveParameter = (p: Parameter): Parameter => {
    if (p.$ref === undefined) return p;
    const target = parameters[refName(p.$ref, PARAMETER_REF)];
    if (target === undefined) throw new Error(`unknown parameter ${p.$ref}`);
    return target;
  };
  const qualified = (name: string) => `models.${name}`;
  const out: PythonOperation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    const shared = ((item.parameters as Parameter[] | undefined) ?? []).map(resolveParameter);
    for (const method of METHODS) {
      const op = item[method] as OperationObject | undefined;
      if (!op) continue;
      const value = values[op.operationId]!;
      const own = (op.parameters ?? []).map(resolveParameter);
      const merged = [...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)), ...own];
      const args: Argument[] = [];
      for (const location of ['path', 'query', 'header'] as const) {
        for (const p of merged.filter((m) => m.in === location)) {
          args.push({
            name: snake(p.name),
            wireName: p.name,
            location,
            required: p.required === true,
            nullable: types.nullable(p.schema),
            type: types.of(p.schema, qualified, true),
            description: p.description,
          });
        }
      }
      if (merged.some((m) => m.in === 'cookie'))
        throw new Error(`${op.operationId}: cookie parameters have no Python argument`);
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      if (op.requestBody !== undefined && bodySchema === undefined)
        throw new Error(`${op.operationId}: only application/json request bodies are supported`);
      if (bodySchema !== undefined) {
        const body = types.resolve(bodySchema);
        if (!isTypedDict(body)) throw new Error(`${op.operationId}: the request body must be an object schema`);
        const required = new Set(body.required ?? []);
        for (const [key, property] of Object.entries(body.properties!)) {
          args.push({
            name: snake(key),
            wireName: key,
            location: 'body',
            required: required.has(key),
            nullable: types.nullable(property),
            type: types.of(property, qualified, true),
            description: property.description ?? types.resolve(property).description,
          });
        }
      }
      const names = args.map((a) => a.name);
      const clash = names.find((n, i) => names.indexOf(n) !== i);
      if (clash !== undefined) throw new Error(`${op.operationId}: two arguments would be named ${clash}`);

      const success = Object.entries(op.responses).find(([status]) => /^2\d\d$/.test(status));
      if (success === undefined) throw new Error(`${op.operationId} has no 2xx response`);
      const successSchema = success[1].content?.['application/json']?.schema;
      const schemes = op.security.flatMap((r) => Object.keys(r));
      const session =
        schemes.some((s) => SESSION_SCHEMES.includes(s)) ||
        (successSchema?.$ref !== undefined && refName(successSchema.$ref, SCHEMA_REF) === TOKEN_SCHEMA);

      out.push({
        id: op.operationId,
        httpMethod: value.method,
        path,
        summary: op.summary ?? op.operationId,
        description: op.description ?? '',
        methodName: session ? null : snake(op.operationId),
        arguments: args,
        bodyRequired: op.requestBody?.required === true,
        bearer: schemes.some((s) => BEARER_SCHEMES.includes(s)),
        security: value.security,
        productionOnly: value.productionOnly,
        deprecation: value.deprecation,
        since: value.since,
        statuses: value.statuses,
        returnType: successSchema === undefined ? 'None' : types.of(successSchema, qualified),
        pagination: paginationOf(op, args, successSchema, types),
      });
    }
  }
  return out;
}

/**
 * How to walk an operation's pages: it takes a query parameter of the Cursor schema, and its
 * page has one array property (the items) and one property of the Cursor schema or null (the
 * next cursor).
 */
function paginationOf(
  op: OperationObject,
  args: Argument[],
  successSchema: Schema | undefined,
  types: Types,
): Pagination | null {
  const cursorArg = args.find((a) => a.location === 'query' && a.type.split(' | ').includes(`models.${CURSOR_SCHEMA}`));
  if (cursorArg === undefined || successSchema === undefined) return null;
  const page = types.resolve(successSchema);
  const properties = Object.entries(page.properties ?? {});
  const arrays = properties.filter(([, s]) => types.resolve(s).type === 'array');
  const cursors = properties.filter(([, s]) => types.refs(s).has(CURSOR_SCHEMA));
  if (arrays.length !== 1 || cursors.length !== 1)
    throw new Error(`${op.operationId} takes a cursor but its page has no single items array and next cursor`);
  const [items, itemsSchema] = arrays[0]!;
  return {
    cursorArgument: cursorArg.name,
    items,
    nextCursor: cursors[0]![0],
    itemType: types.of(types.resolve(itemsSchema).items ?? {}, (n) => `models.${n}`),
  };
}

/** A frozen mapping literal of string keys. */
function mapping(entries: [string, string][], indent: string): string {
  if (entries.length === 0) return 'MappingProxyType({})';
  return `MappingProxyType(\n${indent}    {\n${entries.map(([k, v]) => `${indent}        ${JSON.stringify(k)}: ${v},`).join('\n')}\n${indent}    }\n${indent})`;
}

/** _contract.py: the constants of generated/contract.ts the client needs, and the operations table. */
function contractModule(spec: PythonSpec, operations: PythonOperation[], header: string): string {
  const values = contractValues(spec as unknown as ContractSpec);
  const lifetimes = Object.entries(values.lifetimes).map(
    ([name, l]) =>
      [name, `Lifetime(default_seconds=${py(l.defaultSeconds)}, remember_me_seconds=${py(l.rememberMeSeconds)})`] as [
        string,
        string,
      ],
  );
  const errors = Object.entries(values.errors).map(
    ([code, e]) =>
      [
        code,
        `ErrorInfo(\n            status=${e.status},\n            title=${py(e.title)},\n            type=${py(e.type)},\n            meaning=${py(e.meaning)},\n            action=${py(e.action)},\n        )`,
      ] as [string, string],
  );
  const argument = (a: Argument) =>
    `Argument(name=${py(a.name)}, wire_name=${py(a.wireName)}, location=${py(a.location)}, required=${py(a.required)}, nullable=${py(a.nullable)})`;
  const security = (requirements: Record<string, string[]>[]) =>
    requirements.length === 0
      ? '()'
      : `(${requirements.map((r) => `MappingProxyType({${Object.entries(r).map(([s, scopes]) => `${py(s)}: ${py(scopes)}`)}})`).join(', ')}${requirements.length === 1 ? ',' : ''})`;
  const operation = (op: PythonOperation) =>
    [
      'Operation(',
      `            operation_id=${py(op.id)},`,
      `            method_name=${py(op.methodName)},`,
      `            http_method=${py(op.httpMethod)},`,
      `            path=${py(op.path)},`,
      `            arguments=${op.arguments.length === 0 ? '()' : `(\n${op.arguments.map((a) => `                ${argument(a)},`).join('\n')}\n            )`},`,
      `            body_required=${py(op.bodyRequired)},`,
      `            bearer=${py(op.bearer)},`,
      `            security=${security(op.security)},`,
      `            production_only=${py(op.productionOnly)},`,
      `            deprecation=${
        op.deprecation === null
          ? 'None'
          : `Deprecation(announced=${py(op.deprecation.announced)}, sunset=${py(op.deprecation.sunset)}, replacement=${py(op.deprecation.replacement)})`
      },`,
      `            since=${py(op.since)},`,
      `            statuses=${py(op.statuses)},`,
      `            returns_body=${py(op.returnType !== 'None')},`,
      `            pagination=${
        op.pagination === null
          ? 'None'
          : `Pagination(cursor_argument=${py(op.pagination.cursorArgument)}, items=${py(op.pagination.items)}, next_cursor=${py(op.pagination.nextCursor)})`
      },`,
      '        )',
    ].join('\n');
  return [
    `# ${header}`,
    '"""The values of the NovaVMS contract that the client needs at run time (the same as',
    'generated/contract.ts), and every operation: method, path, arguments, security, pagination.',
    'The client reads these instead of restating any of them."""',
    '',
    'from __future__ import annotations',
    '',
    'from collections.abc import Mapping',
    'from dataclasses import dataclass',
    'from types import MappingProxyType',
    'from typing import Final, Literal, TypeAlias',
    '',
    'from .models import ErrorCode, Scope',
    '',
    `CONTRACT_TITLE: Final = ${py(values.info.title)}`,
    `CONTRACT_VERSION: Final = ${py(values.info.version)}`,
    `DEFAULT_SERVER_URL: Final = ${py(values.defaultServerUrl)}`,
    '"""The first server of the contract: production."""',
    '',
    literalOf('SecuritySchemeName: TypeAlias = ', Object.keys(values.lifetimes)),
    '',
    '',
    '@dataclass(frozen=True, slots=True)',
    'class Lifetime:',
    '    """How long a credential lives, in seconds (None: no expiry), from `x-novavms-lifetime`."""',
    '',
    '    default_seconds: int | None',
    '    remember_me_seconds: int | None',
    '',
    '',
    `LIFETIMES: Final[Mapping[SecuritySchemeName, Lifetime]] = ${mapping(lifetimes, '')}`,
    '',
    tuple('ERROR_CODES: Final[tuple[ErrorCode, ...]] = ', values.errorCodes),
    '"""Every value of the `ErrorCode` enum."""',
    '',
    '',
    '@dataclass(frozen=True, slots=True)',
    'class ErrorInfo:',
    '    """The status, title, problem type, meaning and advice of an error code, from `x-novavms-errors`."""',
    '',
    '    status: int',
    '    title: str',
    '    type: str',
    '    meaning: str',
    '    action: str',
    '',
    '',
    `ERRORS: Final[Mapping[ErrorCode, ErrorInfo]] = ${mapping(errors, '')}`,
    '',
    tuple('SCOPES: Final[tuple[Scope, ...]] = ', values.scopes),
    '',
    `KEY_PREFIXES: Final[Mapping[str, str]] = ${mapping(
      Object.entries(values.keyFormat.prefixes).map(([k, v]) => [k, py(v)]),
      '',
    )}`,
    '"""The prefix of a service-account key per environment, from `x-novavms-key-format`."""',
    '',
    literalOf('SessionEndReason: TypeAlias = ', sessionEndingCodes),
    '"""Why a session ended, as passed to `on_session_end`: the codes after which the TypeScript',
    'SDK forgets a session (src/session.ts), so that both clients end sessions alike."""',
    '',
    tuple('SESSION_ENDING_CODES: Final[tuple[SessionEndReason, ...]] = ', sessionEndingCodes),
    '',
    literalOf(
      'OperationId: TypeAlias = ',
      operations.map((o) => o.id),
    ),
    '',
    '',
    '@dataclass(frozen=True, slots=True)',
    'class Argument:',
    '    """Where a keyword argument of an operation\'s method goes in the request."""',
    '',
    '    name: str',
    '    wire_name: str',
    '    location: Literal["path", "query", "header", "body"]',
    '    required: bool',
    '    nullable: bool',
    '    """None is a value to send, not "leave it out"."""',
    '',
    '',
    '@dataclass(frozen=True, slots=True)',
    'class Pagination:',
    '    """How to walk the pages of a list operation."""',
    '',
    '    cursor_argument: str',
    '    items: str',
    '    next_cursor: str',
    '',
    '',
    '@dataclass(frozen=True, slots=True)',
    'class Deprecation:',
    '    """When a deprecated operation was announced as such and when it goes (RFC 3339), and what replaces it."""',
    '',
    '    announced: str',
    '    sunset: str',
    '    replacement: str',
    '',
    '',
    '@dataclass(frozen=True, slots=True)',
    'class Operation:',
    '    """One operation of the contract."""',
    '',
    '    operation_id: OperationId',
    '    method_name: str | None',
    '    """The method of Client and AsyncClient; None for the session operations `auth` drives."""',
    '    http_method: str',
    '    path: str',
    '    arguments: tuple[Argument, ...]',
    '    body_required: bool',
    '    bearer: bool',
    '    """Whether the call carries the client\'s API key or access token."""',
    '    security: tuple[Mapping[str, tuple[str, ...]], ...]',
    '    production_only: bool',
    '    deprecation: Deprecation | None',
    '    since: str',
    '    statuses: tuple[int, ...]',
    '    returns_body: bool',
    '    pagination: Pagination | None',
    '',
    '',
    `OPERATIONS: Final[Mapping[OperationId, Operation]] = ${mapping(
      operations.map((op) => [op.id, operation(op)]),
      '',
    )}`,
    '',
  ].join('\n');
}

/** The docstring of an operation's method: summary, description, arguments, security. */
function methodDoc(op: PythonOperation, indent: string): string {
  const schemes = op.security
    .map((r) =>
      Object.entries(r)
        .map(([s, scopes]) => (scopes.length ? `${s} (${scopes.join(', ')})` : s))
        .join(' and '),
    )
    .join(' or ');
  const args = op.arguments
    .filter((a) => a.description)
    .map((a) => `    ${fill(`${a.name}: ${a.description!.trim()}`, 84).replace(/\n/g, '\n        ')}`);
  const parts = [
    `${op.summary}.`.replace(/\.\.$/, '.'),
    op.description.trim(),
    ...(args.length ? [`Args:\n${args.join('\n')}`] : []),
    fill(
      [
        `\`${op.httpMethod} ${op.path}\`, since ${op.since}.`,
        schemes ? ` Credential: ${schemes}.` : ' Public.',
        op.productionOnly ? ' Production only: a `sk_test_` key gets 404 NOT_FOUND.' : '',
        op.deprecation
          ? ` Deprecated since ${op.deprecation.announced}, removed after ${op.deprecation.sunset}: use ${op.deprecation.replacement}.`
          : '',
      ].join(''),
    ),
  ];
  return docstring(parts.filter(Boolean).join('\n\n'), indent);
}

/** `def name(params) -> returns:` at four spaces, one parameter per line when it is too long. */
function defLine(keyword: string, name: string, params: string[], returns: string): string {
  const line = `    ${keyword} ${name}(${params.join(', ')}) -> ${returns}:`;
  if (line.length <= 100) return line;
  return `    ${keyword} ${name}(\n${params.map((p) => `        ${p},`).join('\n')}\n    ) -> ${returns}:`;
}

/** Words of `text` in lines of at most `width` characters. */
function fill(text: string, width = 88): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('\n');
}

function signature(op: PythonOperation, skip: string[] = []): string[] {
  const params = op.arguments
    .filter((a) => !skip.includes(a.name))
    .map((a) =>
      a.required
        ? `${a.name}: ${a.type}`
        : a.nullable
          ? `${a.name}: ${a.type} | Omit = OMIT`
          : `${a.name}: ${a.type} | None = None`,
    );
  return params.length ? ['self', '*', ...params] : ['self'];
}

/** `self._call("id", {arguments})`, prefixed (`return cast(...)`, `await`), split over lines when long. */
function callLine(op: PythonOperation, isAsync: boolean): string {
  const awaited = isAsync ? 'await ' : '';
  const entries = op.arguments.map((a) => `${JSON.stringify(a.name)}: ${a.name}`);
  const open =
    op.returnType === 'None'
      ? `        ${awaited}`
      : `        return cast(${JSON.stringify(op.returnType)}, ${awaited}`;
  const close = op.returnType === 'None' ? '' : ')';
  const line = `${open}self._call(${py(op.id)}, {${entries.join(', ')}})${close}`;
  if (line.length <= 100) return line;
  const call = `self._call(\n            ${py(op.id)},\n            {\n${entries.map((e) => `                ${e},`).join('\n')}\n            },\n        )`;
  return op.returnType === 'None'
    ? `        ${awaited}${call}`
    : `        result = ${awaited}${call}\n        return cast(${JSON.stringify(op.returnType)}, result)`;
}

function keywordArguments(op: PythonOperation, skip: string[] = []): string {
  return op.arguments
    .map((a) => a.name)
    .filter((n) => !skip.includes(n))
    .map((n) => `${n}=${n}`)
    .join(', ');
}

/** `listCameras` -> `paginate_cameras`. */
function paginateName(op: PythonOperation): string {
  return `paginate_${snake(op.id.replace(/^list(?=[A-Z])/, ''))}`;
}

/** _operations.py: the typed methods, once for Client and once for AsyncClient. */
function operationsModule(operations: PythonOperation[], header: string): string {
  const methods = operations.filter((op) => op.methodName !== null);
  const paginated = methods.filter((op) => op.pagination !== null);
  const needsDatetime = methods.some((op) => op.arguments.some((a) => a.type.includes('datetime')));
  const needsOmit = methods.some((op) => op.arguments.some((a) => !a.required && a.nullable));
  const cls = (mode: 'sync' | 'async'): string => {
    const isAsync = mode === 'async';
    const lines: string[] = [
      `class ${isAsync ? 'AsyncOperations(AsyncBase)' : 'SyncOperations(SyncBase)'}:`,
      `    """Every operation of the contract as a method of ${isAsync ? 'AsyncClient (each a coroutine)' : 'Client'}."""`,
    ];
    for (const op of methods) {
      lines.push(
        '',
        defLine(isAsync ? 'async def' : 'def', op.methodName!, signature(op), op.returnType),
        methodDoc(op, '        '),
        callLine(op, isAsync),
      );
    }
    for (const op of paginated) {
      const p = op.pagination!;
      const iterator = `${isAsync ? 'AsyncIterator' : 'Iterator'}[${p.itemType}]`;
      lines.push(
        '',
        defLine('def', paginateName(op), signature(op, [p.cursorArgument]), iterator),
        docstring(
          fill(
            `Every item of \`${op.methodName}\`, page after page: ${isAsync ? '`async for`' : '`for`'} over it, and each next page is fetched when the one before runs out.`,
          ),
          '        ',
        ),
        `        return self.paginate(${[`self.${op.methodName}`, keywordArguments(op, [p.cursorArgument])].filter(Boolean).join(', ')})`,
      );
    }
    for (const op of paginated) {
      const p = op.pagination!;
      const page = isAsync ? `Awaitable[${op.returnType}]` : op.returnType;
      lines.push(
        '',
        '    @overload',
        `${defLine(
          'def',
          'paginate',
          ['self', `operation: Callable[_P, ${page}]`, '/', '*args: _P.args', '**kwargs: _P.kwargs'],
          `${isAsync ? 'AsyncIterator' : 'Iterator'}[${p.itemType}]`,
        )} ...`,
      );
    }
    if (paginated.length) {
      lines.push(
        '',
        defLine(
          'def',
          'paginate',
          ['self', 'operation: Callable[..., Any]', '/', '*args: Any', '**kwargs: Any'],
          `${isAsync ? 'AsyncIterator' : 'Iterator'}[Any]`,
        ),
        docstring(
          fill(
            `Every item of a list method of this client (${paginated.map((op) => `\`${op.methodName}\``).join(', ')}), page after page: the method is called with the keyword arguments given, and then with each next cursor.`,
          ),
          '        ',
        ),
        '        return self._paginate(operation, args, kwargs)',
      );
    }
    return lines.join('\n');
  };
  return [
    `# ${header}`,
    '"""The operations of the NovaVMS contract as typed methods with keyword arguments, one class',
    'for Client and one for AsyncClient, so that both have the same surface."""',
    '',
    'from __future__ import annotations',
    '',
    'from collections.abc import AsyncIterator, Awaitable, Callable, Iterator',
    ...(needsDatetime ? ['from datetime import datetime'] : []),
    'from typing import Any, ParamSpec, cast, overload',
    '',
    'from . import models',
    `from ._base import AsyncBase, ${needsOmit ? 'OMIT, Omit, ' : ''}SyncBase`,
    '',
    '_P = ParamSpec("_P")',
    '',
    '',
    cls('sync'),
    '',
    '',
    cls('async'),
    '',
  ].join('\n');
}

/** The generated Python modules, by file name, each starting with `header` as a comment. */
export function pythonSources(spec: unknown, header: string): Record<(typeof pythonGeneratedFiles)[number], string> {
  const pySpec = spec as PythonSpec;
  const types = new Types(pySpec.components.schemas);
  const operations = operationsOf(pySpec, types);
  return {
    'models.py': modelsSource(pySpec, types, header),
    '_contract.py': contractModule(pySpec, operations, header),
    '_operations.py': operationsModule(operations, header),
  };
}
