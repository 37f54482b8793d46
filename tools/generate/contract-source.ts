import { STATUS_CODES } from 'node:http';
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
  'x-novavms-limits': { max_body_bytes: number; max_authorization_bytes: number; max_clock_skew_seconds: number };
  'x-novavms-cors'?: CorsPolicy;
}
interface CorsPolicy {
  origins: string;
  credentials: boolean;
  allowed_headers: string[];
  exposed_headers: string[];
  max_age: string;
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
  'x-novavms-quota'?: Quota;
  responses: Record<string, unknown>;
}
interface RateLimit {
  counts: string;
  per_account: { failures: number; window: string };
  per_address: { failures: number; window: string };
}
interface Quota {
  window: string;
  requests: Record<string, number>;
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

/** The HTTP methods an OpenAPI path item can hold, in the order the extractor reads them. */
export const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the contract has no ${what}`);
  return value;
}

function seconds(duration: string | undefined): number | null {
  return duration === undefined || duration === 'never' ? null : durationToSeconds(duration);
}

/** Methods that RFC 9110 (§9.2.2) makes safe to send twice without a mark in the contract. */
const IDEMPOTENT_BY_METHOD = new Set(['get', 'head']);

/** A deprecated operation's dates and replacement, as `generated/contract.ts` lists them. */
export interface DeprecationValues {
  announced: string;
  sunset: string;
  replacement: string;
}

/** One operation as `generated/contract.ts` lists it. */
export interface OperationValues {
  method: string;
  path: string;
  since: string;
  deprecation: DeprecationValues | null;
  productionOnly: boolean;
  security: Record<string, string[]>[];
  statuses: number[];
  /** Safe to send twice: GET and HEAD, or `x-novavms-idempotent`. */
  idempotent: boolean;
}

/** The lifetime of one credential, in seconds (null: no expiry), with the scheme's other lifetime facts. */
export interface LifetimeValues {
  defaultSeconds: number | null;
  rememberMeSeconds: number | null;
  [fact: string]: unknown;
}

/**
 * A deprecated operation's dates (RFC 3339) and replacement, from `deprecated` and
 * `x-novavms-deprecation`; null for an operation that is not deprecated.
 */
function deprecationOf(op: Operation): DeprecationValues | null {
  if (op.deprecated !== true) return null;
  const d = need(op['x-novavms-deprecation'], `x-novavms-deprecation on the deprecated ${op.operationId}`);
  return { announced: d.announced, sunset: d.sunset, replacement: d.replacement };
}

/** Every operation by operationId, with what clients and servers need to know of it. */
export function operationsOf(spec: Spec): Record<string, OperationValues> {
  const out: Record<string, OperationValues> = {};
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

/** The quota policies a kind of credential brings, by the security scheme that accepts it. */
const POLICIES_OF_SCHEME: Record<string, readonly string[]> = {
  ServiceAccountKey: ['sk_live', 'sk_test'],
  UserAccessToken: ['user'],
};
const UNAUTHENTICATED = 'unauthenticated';

/**
 * The request quota of every `/api/v1` operation, from `x-novavms-quota`: the window in
 * seconds and the requests each kind of credential may send in it. Each operation must name
 * exactly the kinds its security accepts, plus `unauthenticated` (requests without a valid
 * credential, counted per client address).
 */
function quotasOf(spec: Spec) {
  const out: Record<string, { windowSeconds: number; requests: Record<string, number> }> = {};
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const quota = op['x-novavms-quota'];
      if (!path.startsWith('/api/v1/')) {
        if (quota) throw new Error(`${op.operationId} is outside /api/v1 and must not declare x-novavms-quota`);
        continue;
      }
      if (!quota) throw new Error(`${op.operationId} is an /api/v1 operation without x-novavms-quota`);
      const expected = new Set([UNAUTHENTICATED]);
      for (const requirement of op.security)
        for (const scheme of Object.keys(requirement))
          for (const p of POLICIES_OF_SCHEME[scheme] ?? []) expected.add(p);
      // A production-only operation answers a sk_test_ key as a route that does not exist.
      if (op['x-novavms-production-only'] === true) expected.delete('sk_test');
      const named = Object.keys(quota.requests ?? {});
      const missing = [...expected].filter((k) => !named.includes(k));
      const extra = named.filter((k) => !expected.has(k));
      if (missing.length || extra.length)
        throw new Error(
          `x-novavms-quota of ${op.operationId} must name ${[...expected].join(', ')}` +
            (missing.length ? `; missing ${missing.join(', ')}` : '') +
            (extra.length ? `; not accepted by its security: ${extra.join(', ')}` : ''),
        );
      for (const [kind, n] of Object.entries(quota.requests))
        if (!Number.isInteger(n) || n < 1)
          throw new Error(`x-novavms-quota of ${op.operationId}: ${kind} must be a positive integer`);
      const windowSeconds = durationToSeconds(quota.window);
      if (!Number.isInteger(windowSeconds) || windowSeconds < 1)
        throw new Error(`x-novavms-quota of ${op.operationId}: the window must be whole seconds`);
      out[op.operationId] = { windowSeconds, requests: { ...quota.requests } };
    }
  }
  return out;
}

/** The cross-origin policy of `x-novavms-cors`, with the preflight's max-age in seconds. */
export interface CorsValues {
  /** `listed`: each deployment lists the origins it allows, exactly; there is no wildcard. */
  origins: 'listed';
  credentials: boolean;
  allowedHeaders: string[];
  exposedHeaders: string[];
  maxAgeSeconds: number;
}

function corsOf(spec: Spec): CorsValues {
  const cors = need(spec['x-novavms-cors'], 'x-novavms-cors');
  if (cors.origins !== 'listed')
    throw new Error(
      `x-novavms-cors.origins must be "listed" (each deployment lists its origins), got ${JSON.stringify(cors.origins)}`,
    );
  if (typeof cors.credentials !== 'boolean') throw new Error('x-novavms-cors.credentials must be true or false');
  const names = (list: unknown, what: string) => {
    if (!Array.isArray(list) || !list.every((n) => typeof n === 'string' && /^[A-Za-z0-9-]+$/.test(n)))
      throw new Error(`x-novavms-cors.${what} must be a list of header names`);
    return [...list] as string[];
  };
  const maxAgeSeconds = durationToSeconds(cors.max_age);
  if (!Number.isInteger(maxAgeSeconds) || maxAgeSeconds < 1)
    throw new Error('x-novavms-cors.max_age must be whole seconds, at least one');
  return {
    origins: cors.origins,
    credentials: cors.credentials,
    allowedHeaders: names(cors.allowed_headers, 'allowed_headers'),
    exposedHeaders: names(cors.exposed_headers, 'exposed_headers'),
    maxAgeSeconds,
  };
}

/** One documented response of an operation, as a mock serves it: its status and the named example it serves. */
export interface DocumentedResponse {
  status: number;
  /** The named example of its body (null for a response without a body or examples). */
  example: string | null;
}

/** Follows local `$ref`s of the bundled document. */
function deref(spec: Spec, value: unknown): Record<string, unknown> {
  let node = value as Record<string, unknown> | undefined;
  for (let hops = 0; node && typeof node.$ref === 'string'; hops++) {
    if (hops > 20 || !node.$ref.startsWith('#/')) throw new Error(`cannot follow $ref ${node.$ref}`);
    node = node.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (at, key) => (at as Record<string, unknown>)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
        spec,
      ) as Record<string, unknown> | undefined;
  }
  if (!node) throw new Error('a $ref of the contract points nowhere');
  return node;
}

/** `RateLimited` → `rateLimited`; `No Content` → `noContent`. */
function scenarioName(words: string): string {
  const parts = words.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return parts.map((p, i) => (i === 0 ? p[0]!.toLowerCase() + p.slice(1) : p[0]!.toUpperCase() + p.slice(1))).join('');
}

/**
 * Every documented response of each operation under a name of its own: one per named example
 * of its body (the example's name, camel-cased), or, for a response without examples, its
 * status's reason phrase (`noContent`). A mock offers one scenario per name.
 */
function documentedResponsesOf(spec: Spec): Record<string, Record<string, DocumentedResponse>> {
  const out: Record<string, Record<string, DocumentedResponse>> = {};
  for (const item of Object.values(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const named: Record<string, DocumentedResponse> = {};
      const add = (name: string, response: DocumentedResponse) => {
        const key = name in named ? `${name}${response.status}` : name;
        if (key in named) throw new Error(`${op.operationId}: two documented responses are both named ${key}`);
        named[key] = response;
      };
      for (const [status, value] of Object.entries(op.responses)) {
        const response = deref(spec, value);
        const content = (response.content ?? {}) as Record<string, { examples?: Record<string, unknown> }>;
        const examples = Object.values(content).flatMap((media) => Object.keys(media.examples ?? {}));
        if (examples.length === 0)
          add(scenarioName(STATUS_CODES[Number(status)] ?? `status ${status}`), {
            status: Number(status),
            example: null,
          });
        for (const example of examples) add(scenarioName(example), { status: Number(status), example });
      }
      out[op.operationId] = named;
    }
  }
  return out;
}

function lifetimesOf(spec: Spec): Record<string, LifetimeValues> {
  const out: Record<string, LifetimeValues> = {};
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

/** The parts of a bundled OpenAPI document that the extractor reads. */
export type ContractSpec = Spec;

/**
 * The values of the contract that code needs at run time, computed once from the bundled
 * spec: `generated/contract.ts` and the Python client's constants are both written from
 * these, so the two can never disagree.
 */
export function contractValues(spec: Spec) {
  const schemes = spec.components.securitySchemes;
  const errorCodeSchema = need(spec.components.schemas.ErrorCode, 'ErrorCode schema');
  const errorInfo = errorCodeSchema['x-novavms-errors'] ?? {};
  const codes = errorCodeSchema.enum ?? [];
  for (const code of codes) {
    if (!errorInfo[code]) throw new Error(`ErrorCode ${code} has no entry in x-novavms-errors`);
  }
  const operations = operationsOf(spec);
  const productionOnly = Object.entries(operations)
    .filter(([, op]) => op.productionOnly)
    .map(([id]) => id);
  const requiredScopes = Object.fromEntries(
    Object.entries(operations).map(([id, op]) => [
      id,
      Object.fromEntries(op.security.flatMap((r) => Object.entries(r))),
    ]),
  );
  const userScheme = need(schemes.UserAccessToken, 'UserAccessToken scheme');
  const keyScheme = need(schemes.ServiceAccountKey, 'ServiceAccountKey scheme');
  const cookieScheme = need(schemes.RefreshCookie, 'RefreshCookie scheme');
  const refreshScheme = need(schemes.RefreshToken, 'RefreshToken scheme');
  const scopeSchema = need(spec.components.schemas.Scope, 'Scope schema');
  return {
    info: { title: spec.info.title, version: spec.info.version },
    defaultServerUrl: need(spec.servers[0], 'server').url,
    lifetimes: lifetimesOf(spec),
    errorCodes: codes,
    errors: Object.fromEntries(codes.map((c) => [c, need(errorInfo[c], `x-novavms-errors entry of ${c}`)])),
    scopes: scopeSchema.enum ?? [],
    roles: { UserAccessToken: userScheme['x-novavms-roles'], ServiceAccountKey: keyScheme['x-novavms-roles'] },
    operations,
    productionOnlyOperations: productionOnly,
    requiredScopes,
    jwt: camelKeys(userScheme['x-novavms-jwt']),
    keyFormat: camelKeys(keyScheme['x-novavms-key-format']) as { prefixes: Record<string, string> } & Record<
      string,
      unknown
    >,
    refreshCookie: {
      name: cookieScheme.name,
      csrfHeader: cookieScheme['x-novavms-csrf']?.header,
      csrfValue: cookieScheme['x-novavms-csrf']?.value,
    },
    binding: camelKeys(refreshScheme['x-novavms-binding']),
    limits: camelKeys(spec['x-novavms-limits']),
    loginRateLimit: rateLimitOf(spec),
    quotas: quotasOf(spec),
    cors: corsOf(spec),
    documentedResponses: documentedResponsesOf(spec),
  };
}

/**
 * Builds the source of `generated/contract.ts`: the values of the contract that code
 * needs at run time (lifetimes in seconds, error codes with their statuses, operations
 * with their security requirements), so that no consumer restates them by hand.
 */
export function contractSource(spec: Spec, header: string): string {
  const values = contractValues(spec);
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
    literal('info', values.info, 'Title and version of the contract.'),
    literal('defaultServerUrl', values.defaultServerUrl, 'The first server of the contract: production.'),
    literal(
      'lifetimes',
      values.lifetimes,
      'Lifetime of each credential, per security scheme, in seconds (null: no expiry), from `x-novavms-lifetime`.',
    ),
    literal('errorCodes', values.errorCodes, 'Every value of the `ErrorCode` enum.'),
    'export type ErrorCode = (typeof errorCodes)[number];\n',
    literal(
      'errors',
      values.errors,
      'Status, title, problem type, meaning and advice of each error code, from `x-novavms-errors`.',
    ),
    literal('scopes', values.scopes, 'Every scope a credential can carry.'),
    'export type Scope = (typeof scopes)[number];\n',
    literal('roles', values.roles, 'The scopes each role grants, per credential type, from `x-novavms-roles`.'),
    literal(
      'operations',
      values.operations,
      'Every operation by operationId: method, path, security, documented statuses, whether it may be sent twice (`idempotent`: GET and HEAD, or `x-novavms-idempotent`) and, when deprecated, its dates and replacement.',
    ),
    'export type OperationId = keyof typeof operations;\n',
    literal(
      'cursorLists',
      cursorListsOf(spec),
      'The list operations that page with a cursor: the query parameter, the array of items and the next cursor of each page.',
    ),
    literal(
      'productionOnlyOperations',
      values.productionOnlyOperations,
      'Operations marked `x-novavms-production-only` (404 for `sk_test_` keys).',
    ),
    literal(
      'requiredScopes',
      values.requiredScopes,
      'Per operation, the scopes each accepted security scheme must carry ({} for a public operation).',
    ),
    literal('jwt', values.jwt, 'How access tokens are signed and verified, from `x-novavms-jwt`.'),
    literal('keyFormat', values.keyFormat, 'The shape of service-account keys, from `x-novavms-key-format`.'),
    literal(
      'refreshCookie',
      values.refreshCookie,
      'The refresh cookie of browser clients and the CSRF header that must accompany it.',
    ),
    literal('binding', values.binding, 'What a refresh token is bound to (User-Agent, not IP: D-R2).'),
    literal('limits', values.limits, 'Request limits, from `x-novavms-limits`.'),
    literal(
      'loginRateLimit',
      values.loginRateLimit,
      'Failed-login limits, from `x-novavms-rate-limit`, windows in seconds.',
    ),
    literal(
      'quotas',
      values.quotas,
      'Request quota of every /api/v1 operation, from `x-novavms-quota`: the window in seconds and the requests each policy (sk_live, sk_test, user, unauthenticated) may send in it.',
    ),
    'export type QuotaPolicy = "sk_live" | "sk_test" | "user" | "unauthenticated";\n',
    literal(
      'cors',
      values.cors,
      'The cross-origin policy, from `x-novavms-cors`: origins each deployment lists exactly, credentials, the request headers a preflight allows, the response headers exposed to the page, and the preflight max-age in seconds.',
    ),
    literal(
      'documentedResponses',
      values.documentedResponses,
      "Every documented response of each operation by a name of its own (its named example's, camel-cased, or its status's reason phrase): its status and the named example of its body.",
    ),
  ].join('\n');
}
