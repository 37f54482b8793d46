/**
 * `@novavms/sdk/msw`: MSW request handlers for every operation of the contract, on openapi-msw,
 * for component tests, Storybook and offline UI work. `handlers` serve each operation's named
 * examples (the success that fits the request, a 401 problem when the credential is missing, as
 * Prism does); `scenarios.<operationId>.<response>()` serves one documented response, with a
 * typed custom body if given; `http` writes typed handlers of your own. Everything comes from
 * the generated contract: no example is restated here, and no server code is pulled in.
 *
 * ```ts
 * import { setupServer } from 'msw/node'; // or setupWorker from 'msw/browser'
 * import { handlers, scenarios } from '@novavms/sdk/msw';
 * const server = setupServer(...handlers);
 * server.use(scenarios.loginWithPassword.rateLimited());
 * ```
 */
import { type HttpHandler, HttpResponse } from 'msw';
import { createOpenApiHttp, type OpenApiHttpHandlers } from 'openapi-msw';
import { documentedResponses, type OperationId, operations } from '../../generated/contract.js';
import type { paths, operations as schemaOperations } from '../../generated/schema.js';
import { requestExamples, type ServedResponse, securityScheme, servedResponse } from './contract-responses.js';

/** Where the handlers answer. */
export interface MswOptions {
  /**
   * Prepended to every path: an origin (`https://novavms.novalien.com`, `http://localhost:4010`),
   * a path prefix, or `*` (the default) for any origin.
   */
  baseUrl?: string;
}

type DocumentedResponses = typeof documentedResponses;
type ResponseName<Op extends OperationId> = keyof DocumentedResponses[Op] & string;
type StatusOf<Op extends OperationId, Name extends ResponseName<Op>> = DocumentedResponses[Op][Name] extends {
  status: infer S;
}
  ? S
  : never;
type ContentOf<R> = R extends { content: infer C } ? (C extends Record<string, unknown> ? C[keyof C] : never) : never;

/** The body type of a documented response, from the generated schema (never for one without a body). */
export type ResponseBody<Op extends OperationId, Name extends ResponseName<Op>> =
  StatusOf<Op, Name> extends keyof schemaOperations[Op]['responses']
    ? ContentOf<schemaOperations[Op]['responses'][StatusOf<Op, Name>]>
    : never;

/** What a scenario may change in the documented response it serves. */
export interface ScenarioOverrides<Body> {
  /** A body of the documented response's type, instead of its named example. */
  body?: Body;
  /** Headers to add or replace. */
  headers?: Record<string, string>;
  /** Serve it once, then let the other handlers answer again (MSW's `once`). */
  once?: boolean;
}

/** One handler per documented response of every operation. */
export type Scenarios = {
  [Op in OperationId]: {
    [Name in ResponseName<Op>]: (overrides?: ScenarioOverrides<ResponseBody<Op, Name>>) => HttpHandler;
  };
};

type Resolver = (info: { request: Request; cookies: Record<string, string> }) => Promise<Response> | Response;
type UntypedRoutes = Record<string, (path: string, resolver: Resolver, options?: { once?: boolean }) => HttpHandler>;

/** The typed `http` of openapi-msw for the contract's paths (unknown paths and wrong bodies are type errors). */
export function createHttp(options: MswOptions = {}): OpenApiHttpHandlers<paths> {
  return createOpenApiHttp<paths>({ baseUrl: options.baseUrl ?? '*' });
}

/** Typed handlers of your own, on any origin: `http.get('/api/v1/cameras', ({ response }) => …)`. */
export const http: OpenApiHttpHandlers<paths> = createHttp();

/** A route of `operationId` on `routes`, whatever its method. */
function route(routes: OpenApiHttpHandlers<paths>, operationId: OperationId, resolver: Resolver, once?: boolean) {
  const { method, path } = operations[operationId];
  const on = (routes as unknown as UntypedRoutes)[method.toLowerCase()];
  if (!on) throw new Error(`openapi-msw has no handler for ${method}`);
  return on(path, resolver, once ? { once } : undefined);
}

/** RFC 6750 §3: the challenge a problem carries, from the documented one (`Bearer realm="…"`). */
function challenge(base: string, status: number, code: unknown): string {
  if (code === 'AUTHENTICATION_REQUIRED') return base;
  if (status === 401) return `${base}, error="invalid_token"`;
  if (status === 403 && code === 'INSUFFICIENT_SCOPE') return `${base}, error="insufficient_scope"`;
  if (status === 400) return `${base}, error="invalid_request"`;
  return base;
}

/** The HTTP answer of a documented response, with `overrides`. */
function reply(served: ServedResponse, overrides: ScenarioOverrides<unknown> = {}): Response {
  const body = 'body' in overrides ? overrides.body : served.body;
  const headers: Record<string, string> = { ...served.headers };
  // The refresh cookie carries what a web client gets instead of the body's refresh_token; an
  // answer without a body (logout) clears it.
  const cookie = headers['Set-Cookie'];
  if (cookie && body && typeof body === 'object' && 'refresh_token' in body) delete headers['Set-Cookie'];
  else if (cookie && body === undefined)
    headers['Set-Cookie'] = cookie.replace(/=[^;]*;(\s*Max-Age=\d+;)?/, '=; Max-Age=0;');
  const code = body && typeof body === 'object' ? (body as { code?: unknown }).code : undefined;
  if (headers['WWW-Authenticate'])
    headers['WWW-Authenticate'] = challenge(headers['WWW-Authenticate'], served.status, code);
  Object.assign(headers, overrides.headers);
  if (served.mediaType === null || body === undefined)
    return new HttpResponse(null, { status: served.status, headers });
  return new HttpResponse(JSON.stringify(body), {
    status: served.status,
    headers: { 'Content-Type': served.mediaType, ...headers },
  });
}

/** Whether the request carries a credential of the operation's security, by presence only (as Prism checks). */
function hasCredential(operationId: OperationId, request: Request, cookies: Record<string, string>): boolean {
  const security = operations[operationId].security as readonly Record<string, readonly string[]>[];
  if (security.length === 0) return true;
  return security.some((requirement) =>
    Object.keys(requirement).every((name) => {
      const scheme = securityScheme(name);
      if (scheme.type === 'http') return /^bearer\s+\S/i.test(request.headers.get('authorization') ?? '');
      if (scheme.type === 'apiKey' && scheme.in === 'cookie') return Boolean(cookies[String(scheme.name)]);
      if (scheme.type === 'apiKey' && scheme.in === 'header') return request.headers.has(String(scheme.name));
      return false;
    }),
  );
}

type Entries = [string, { status: number; example: string | null }][];
const entriesOf = (operationId: OperationId) => Object.entries(documentedResponses[operationId]) as Entries;

/**
 * The name of the success to serve: with several, the one named like the request example that
 * fits the request's body best (its fields' defaults filled in), fields compared in the
 * schema's order, so that the first field on which the examples differ decides.
 */
async function successFor(operationId: OperationId, request: Request): Promise<string> {
  const successes = entriesOf(operationId).filter(([, r]) => r.status >= 200 && r.status < 300);
  const [first] = successes;
  if (!first) throw new Error(`${operationId} documents no success`);
  if (successes.length === 1) return first[0];
  const { examples, fields, defaults } = requestExamples(operationId);
  let body: unknown;
  try {
    body = await request.clone().json();
  } catch {
    return first[0];
  }
  if (!body || typeof body !== 'object') return first[0];
  const filled: Record<string, unknown> = { ...defaults, ...body };
  const fits = (example: Record<string, unknown>) => fields.map((key) => filled[key] === example[key]);
  let best: { name: string; fit: boolean[] } | undefined;
  for (const [name, example] of Object.entries(examples)) {
    const fit = fits(example);
    const better = best?.fit.findIndex((b, i) => b !== fit[i]);
    if (!best || (better !== undefined && better >= 0 && fit[better])) best = { name, fit };
  }
  return successes.find(([, r]) => r.example === best?.name)?.[0] ?? first[0];
}

/** The response a request without a credential gets: the 401 problem for a missing one, or the first 401. */
function missingCredential(operationId: OperationId): ServedResponse {
  const unauthorized = entriesOf(operationId).filter(([, r]) => r.status === 401);
  const served = unauthorized.map(([name]) => servedResponse(operationId, name));
  const missing = served.find((s) => (s.body as { code?: unknown } | undefined)?.code === 'AUTHENTICATION_REQUIRED');
  const chosen = missing ?? served[0];
  if (!chosen) throw new Error(`${operationId} takes a credential but documents no 401`);
  return chosen;
}

/** A handler for every operation, serving its named examples. */
export function createHandlers(options: MswOptions = {}): HttpHandler[] {
  const routes = createHttp(options);
  return (Object.keys(operations) as OperationId[]).map((operationId) =>
    route(routes, operationId, async ({ request, cookies }) => {
      if (!hasCredential(operationId, request, cookies)) return reply(missingCredential(operationId));
      return reply(servedResponse(operationId, await successFor(operationId, request)));
    }),
  );
}

/** `scenarios.<operationId>.<response>()`: a handler that serves that documented response. */
export function createScenarios(options: MswOptions = {}): Scenarios {
  const routes = createHttp(options);
  const out: Record<string, Record<string, (overrides?: ScenarioOverrides<unknown>) => HttpHandler>> = {};
  for (const operationId of Object.keys(operations) as OperationId[]) {
    out[operationId] = Object.fromEntries(
      entriesOf(operationId).map(([name]) => [
        name,
        (overrides: ScenarioOverrides<unknown> = {}) =>
          route(routes, operationId, () => reply(servedResponse(operationId, name), overrides), overrides.once),
      ]),
    );
  }
  return out as unknown as Scenarios;
}

/** Handlers for every operation on any origin: `setupServer(...handlers)`, `setupWorker(...handlers)`. */
export const handlers: HttpHandler[] = createHandlers();

/** One handler per documented response of every operation, on any origin. */
export const scenarios: Scenarios = createScenarios();
