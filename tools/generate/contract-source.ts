import { durationToSeconds } from '../iso-duration.js';

/** The parts of a bundled OpenAPI document that the extractor reads. */
export interface Spec {
  info: { title: string; version: string; 'x-novavms-limits'?: unknown };
  servers: { url: string; description?: string }[];
  paths: Record<string, Record<string, Operation | unknown>>;
  components: {
    parameters?: Record<string, { name: string; in: string; schema?: { $ref?: string } }>;
    securitySchemes: Record<string, SecurityScheme>;
    schemas: Record<string, { enum?: string[]; 'x-novavms-errors'?: Record<string, ErrorInfo> }>;
  };
  'x-novavms-limits': { max_body_bytes: number; max_authorization_bytes: number };
}
interface Operation {
  operationId: string;
  deprecated?: boolean;
  'x-novavms-deprecation'?: { announced: string; sunset: string; replacement: string };
  security: Record<string, string[]>[];
  'x-novavms-since': string;
  'x-novavms-production-only'?: boolean;
  'x-novavms-rate-limit'?: RateLimit;
  'x-novavms-idempotent'?: boolean;
  parameters?: { $ref?: string; name?: string; in?: string; schema?: { $ref?: string } }[];
  responses: Record<string, unknown>;
}
interface RateLimit {
  counts: string;
  per_account: { failures: number; window: string };
  per_address: { failures: number; window: string };
}
interface ErrorInfo {
  title: string;
  type: string;
  status: number;
  meaning: string;
  action: string;
}
interface SecurityScheme {
  type: string;
  scheme?: string;
  name?: string;
  in?: string;
  'x-novavms-lifetime'?: { default: string; remember_me?: string; [key: string]: unknown };
  'x-novavms-roles'?: Record<string, string[]>;
  'x-novavms-jwt'?: Record<string, unknown>;
  'x-novavms-key-format'?: Record<string, unknown>;
  'x-novavms-binding'?: Record<string, unknown>;
  'x-novavms-csrf'?: { header: string; value: string };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the contract has no ${what}`);
  return value;
}

function seconds(duration: string | undefined): number | null {
  return duration === undefined || duration === 'never' ? null : durationToSeconds(duration);
}

/** Methods that RFC 9110 (§9.2.2) makes safe to send twice without a mark in the contract. */
const IDEMPOTENT_BY_METHOD = new Set(['get', 'head']);

/**
 * A deprecated operation's dates (RFC 3339) and replacement, from `deprecated` and
 * `x-novavms-deprecation`; null for an operation that is not deprecated.
 */
function deprecationOf(op: Operation) {
  if (op.deprecated !== true) return null;
  const d = need(op['x-novavms-deprecation'], `x-novavms-deprecation on the deprecated ${op.operationId}`);
  return { announced: d.announced, sunset: d.sunset, replacement: d.replacement };
}

/** Every operation by operationId, with what clients and servers need to know of it. */
export function operationsOf(spec: Spec) {
  const out: Record<string, unknown> = {};
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      out[op.operationId] = {
        method: method.toUpperCase(),
        path,
        since: op['x-novavms-since'],
        productionOnly: op['x-novavms-production-only'] === true,
        security: op.security,
        statuses: Object.keys(op.responses).map(Number),
        idempotent: IDEMPOTENT_BY_METHOD.has(method) || op['x-novavms-idempotent'] === true,
        deprecation: deprecationOf(op),
      };
    }
  }
  return out;
}

function resolved<T>(spec: Spec, value: T & { $ref?: string }): T {
  const ref = value.$ref;
  if (ref === undefined) return value;
  const target = ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], spec);
  if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
  return target as T;
}

interface ObjectSchema {
  $ref?: string;
  properties?: Record<string, { type?: string; $ref?: string; anyOf?: { $ref?: string }[] }>;
}

/**
 * The list operations that page with a cursor: a GET whose query takes the `Cursor` schema,
 * answering an object with one array of items and a property holding the next page's cursor
 * (the `Cursor` schema or null). Clients page through these without restating which they are.
 */
export function cursorListsOf(spec: Spec) {
  const cursorRef = '#/components/schemas/Cursor';
  const out: Record<string, unknown> = {};
  for (const [path, item] of Object.entries(spec.paths)) {
    const op = item.get as Operation | undefined;
    if (!op) continue;
    const cursor = (op.parameters ?? [])
      .map((parameter) => resolved(spec, parameter))
      .find((parameter) => parameter.in === 'query' && parameter.schema?.$ref === cursorRef);
    if (cursor === undefined) continue;
    const ok = (op.responses['200'] ?? {}) as { content?: Record<string, { schema?: ObjectSchema }> };
    const schema = resolved(spec, ok.content?.['application/json']?.schema ?? {});
    const properties = Object.entries(schema.properties ?? {});
    const items = properties.filter(([, p]) => p.type === 'array').map(([name]) => name);
    const next = properties
      .filter(([, p]) => p.$ref === cursorRef || (p.anyOf ?? []).some((branch) => branch.$ref === cursorRef))
      .map(([name]) => name);
    if (items.length !== 1 || next.length !== 1) {
      throw new Error(`${op.operationId} takes a cursor but its page has no single items array and next cursor`);
    }
    out[op.operationId] = { path, cursorParameter: cursor.name, itemsProperty: items[0], nextCursorProperty: next[0] };
  }
  return out;
}

function rateLimitOf(spec: Spec) {
  for (const item of Object.values(spec.paths)) {
    for (const method of METHODS) {
      const limit = (item[method] as Operation | undefined)?.['x-novavms-rate-limit'];
      if (!limit) continue;
      const window = (w: { failures: number; window: string }) => ({
        failures: w.failures,
        windowSeconds: durationToSeconds(w.window),
      });
      return {
        operationId: (item[method] as Operation).operationId,
        counts: limit.counts,
        perAccount: window(limit.per_account),
        perAddress: window(limit.per_address),
      };
    }
  }
  throw new Error('no operation declares x-novavms-rate-limit');
}

function lifetimesOf(spec: Spec) {
  const out: Record<string, unknown> = {};
  for (const [name, scheme] of Object.entries(spec.components.securitySchemes)) {
    const lifetime = scheme['x-novavms-lifetime'];
    if (!lifetime) throw new Error(`security scheme ${name} has no x-novavms-lifetime`);
    const { default: byDefault, remember_me: rememberMe, ...rest } = lifetime;
    out[name] = {
      defaultSeconds: seconds(byDefault),
      rememberMeSeconds: seconds(rememberMe ?? byDefault),
      ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [camel(k), v])),
    };
  }
  return out;
}

function camel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [camel(k), camelKeys(v)]));
  }
  return value;
}

function literal(name: string, value: unknown, doc: string): string {
  return `/** ${doc} */\nexport const ${name} = /* @__PURE__ */ freeze(${JSON.stringify(value, null, 2)} as const);\n`;
}

/**
 * Builds the source of `generated/contract.ts`: the values of the contract that code
 * needs at run time (lifetimes in seconds, error codes with their statuses, operations
 * with their security requirements), so that no consumer restates them by hand.
 */
export function contractSource(spec: Spec, header: string): string {
  const schemes = spec.components.securitySchemes;
  const errorCodeSchema = need(spec.components.schemas.ErrorCode, 'ErrorCode schema');
  const errorInfo = errorCodeSchema['x-novavms-errors'] ?? {};
  const codes = errorCodeSchema.enum ?? [];
  for (const code of codes) {
    if (!errorInfo[code]) throw new Error(`ErrorCode ${code} has no entry in x-novavms-errors`);
  }
  const operations = operationsOf(spec);
  const productionOnly = Object.entries(operations)
    .filter(([, op]) => (op as { productionOnly: boolean }).productionOnly)
    .map(([id]) => id);
  const requiredScopes = Object.fromEntries(
    Object.entries(operations).map(([id, op]) => [
      id,
      Object.fromEntries((op as { security: Record<string, string[]>[] }).security.flatMap((r) => Object.entries(r))),
    ]),
  );
  const userScheme = need(schemes.UserAccessToken, 'UserAccessToken scheme');
  const keyScheme = need(schemes.ServiceAccountKey, 'ServiceAccountKey scheme');
  const cookieScheme = need(schemes.RefreshCookie, 'RefreshCookie scheme');
  const refreshScheme = need(schemes.RefreshToken, 'RefreshToken scheme');
  const scopeSchema = need(spec.components.schemas.Scope, 'Scope schema');

  return [
    header,
    '',
    '/** Deep-freezes a constant so that no consumer can change the contract at run time. */',
    'function freeze<T>(value: T): T {',
    "  if (value && typeof value === 'object') {",
    '    for (const inner of Object.values(value)) freeze(inner);',
    '    Object.freeze(value);',
    '  }',
    '  return value;',
    '}',
    '',
    literal('info', { title: spec.info.title, version: spec.info.version }, 'Title and version of the contract.'),
    literal('defaultServerUrl', need(spec.servers[0], 'server').url, 'The first server of the contract: production.'),
    literal(
      'lifetimes',
      lifetimesOf(spec),
      'Lifetime of each credential, per security scheme, in seconds (null: no expiry), from `x-novavms-lifetime`.',
    ),
    literal('errorCodes', codes, 'Every value of the `ErrorCode` enum.'),
    'export type ErrorCode = (typeof errorCodes)[number];\n',
    literal(
      'errors',
      Object.fromEntries(codes.map((c) => [c, errorInfo[c]])),
      'Status, title, problem type, meaning and advice of each error code, from `x-novavms-errors`.',
    ),
    literal('scopes', scopeSchema.enum ?? [], 'Every scope a credential can carry.'),
    'export type Scope = (typeof scopes)[number];\n',
    literal(
      'roles',
      { UserAccessToken: userScheme['x-novavms-roles'], ServiceAccountKey: keyScheme['x-novavms-roles'] },
      'The scopes each role grants, per credential type, from `x-novavms-roles`.',
    ),
    literal(
      'operations',
      operations,
      'Every operation by operationId: method, path, security, documented statuses, and whether it may be sent twice (`idempotent`: GET and HEAD, or `x-novavms-idempotent`).',
    ),
    'export type OperationId = keyof typeof operations;\n',
    literal(
      'cursorLists',
      cursorListsOf(spec),
      'The list operations that page with a cursor: the query parameter, the array of items and the next cursor of each page.',
    ),
    literal(
      'productionOnlyOperations',
      productionOnly,
      'Operations marked `x-novavms-production-only` (404 for `sk_test_` keys).',
    ),
    literal(
      'requiredScopes',
      requiredScopes,
      'Per operation, the scopes each accepted security scheme must carry ({} for a public operation).',
    ),
    literal(
      'jwt',
      camelKeys(userScheme['x-novavms-jwt']),
      'How access tokens are signed and verified, from `x-novavms-jwt`.',
    ),
    literal(
      'keyFormat',
      camelKeys(keyScheme['x-novavms-key-format']),
      'The shape of service-account keys, from `x-novavms-key-format`.',
    ),
    literal(
      'refreshCookie',
      {
        name: cookieScheme.name,
        csrfHeader: cookieScheme['x-novavms-csrf']?.header,
        csrfValue: cookieScheme['x-novavms-csrf']?.value,
      },
      'The refresh cookie of browser clients and the CSRF header that must accompany it.',
    ),
    literal(
      'binding',
      camelKeys(refreshScheme['x-novavms-binding']),
      'What a refresh token is bound to (User-Agent, not IP: D-R2).',
    ),
    literal('limits', camelKeys(spec['x-novavms-limits']), 'Request limits, from `x-novavms-limits`.'),
    literal(
      'loginRateLimit',
      rateLimitOf(spec),
      'Failed-login limits, from `x-novavms-rate-limit`, windows in seconds.',
    ),
  ].join('\n');
}
