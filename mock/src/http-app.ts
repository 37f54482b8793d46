/**
 * The Fastify application: one route per operation of the contract (security, validation,
 * then the operation's handler) and HEAD wherever there is GET, 405 with `Allow` for the other
 * methods of a known path, 404 for unknown paths, and an error handler that turns every failure — Fastify's own (body too
 * large, bad content type, bad URL) included — into a problem, never a stack trace.
 */

import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { errors, limits, type OperationId, operations, productionOnlyOperations } from '../../generated/contract.js';
import yamlText from '../../generated/openapi.yaml?raw';
import { ADMIN_UI_HEADERS, ADMIN_UI_HTML, ADMIN_UI_ROUTES, ADMIN_UI_SCRIPT } from './admin-ui/index.js';
import type { Principal } from './auth/principal.js';
import { type AuthOutcome, compileSecurity, SecurityGate, securityHeadersOf } from './auth/security.js';
import type { HandlerResult, ServerContext } from './context.js';
import { registerCors } from './cors.js';
import { deprecationHeaders } from './deprecation.js';
import type { DocsSite } from './docs-site.js';
import { handlers } from './handlers/index.js';
import type { LogSink } from './log-sink.js';
import { MOCK_CONTROL_ROUTES, registerMockControls } from './mock-control.js';
import { noSuchResource, PROBLEM_MEDIA_TYPE, ProblemError, problemBody } from './problem.js';
import { replyCode, replyProblem } from './problem-reply.js';
import { type OperationQuota, partitionOf, type QuotaCounter, quotaOf, unauthenticatedPartition } from './quotas.js';
import type { RequestTimeouts } from './request-timeouts.js';
import { spec, specOperations } from './spec.js';
import { RequestValidators } from './validation.js';

/** Seconds a client is told to wait (`Retry-After`) when the server answers 503 while it closes. */
const CLOSING_RETRY_AFTER_SECONDS = 5;

/** What the application is built from. */
export interface AppParts {
  ctx: ServerContext;
  log: LogSink | null;
  docs: DocsSite;
  /** Serve `/__mock/*`; `anyHost` when they were asked for on a server that listens beyond loopback. */
  mockControl: false | { anyHost: boolean };
  reset: () => Promise<void>;
  quotas: QuotaCounter;
  timeouts: RequestTimeouts;
  /** True once the server has begun to close: every new request is then a 503 problem. */
  isClosing: () => boolean;
  /** The origins whose pages may call the API (`x-novavms-cors`); none by default. */
  allowOrigins?: readonly string[];
}

/** The server's own pages outside the contract (the spec, the docs, the admin UI), with their methods. */
export const SITE_ROUTES: Readonly<Record<string, readonly string[]>> = {
  [ADMIN_UI_ROUTES.page]: ['GET'],
  [ADMIN_UI_ROUTES.script]: ['GET'],
  '/openapi.json': ['GET'],
  '/openapi.yaml': ['GET'],
  '/docs': ['GET'],
  '/docs/': ['GET'],
  '/docs/:release/': ['GET'],
  '/docs/:release/:file': ['GET'],
};

const SPEC_JSON = JSON.stringify(spec);
/** The order of the methods in `Allow` (any other comes last). */
const ALLOW_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const allowRank = (method: string) => (ALLOW_ORDER.includes(method) ? ALLOW_ORDER.indexOf(method) : ALLOW_ORDER.length);
const JSON_TYPE = 'application/json; charset=utf-8';
const PRODUCTION_ONLY = new Set<string>(productionOnlyOperations);

/** The single 2xx status an operation answers with, from the contract. */
function successStatus(operationId: OperationId): number {
  const status = operations[operationId].statuses.find((s) => s >= 200 && s < 300);
  if (status === undefined) throw new Error(`${operationId} documents no success status`);
  return status;
}

/** `/api/v1/cameras/{camera_id}` → `/api/v1/cameras/:camera_id`. */
function routePath(template: string): string {
  return template.replace(/\{([^}]+)\}/g, ':$1');
}

/** The route template of a request (never its raw URL, which could hold anything). */
function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? '(no route)';
}

function isOperationId(id: string): id is OperationId {
  return Object.hasOwn(operations, id) && Object.hasOwn(handlers, id);
}

/** A problem written straight to a socket that Fastify never sees, which is then closed. */
function writeRawProblem(
  socket: Socket,
  code: 'INVALID_REQUEST' | 'NOT_FOUND' | 'REQUEST_TIMEOUT',
  detail: string,
): void {
  const body = JSON.stringify(problemBody(code, detail, ''));
  const { status } = errors[code];
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_MEDIA_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * A request Node cannot even parse (garbage bytes, headers too large): a 400 problem; one
 * whose headers or body did not arrive in time: a 408 problem. Either is written only while
 * nothing of an answer has gone out on the connection, which is then closed.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || error.code === 'ECONNRESET' || inFlight?.headersSent === true) {
    socket.destroy();
    return;
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    writeRawProblem(socket, 'REQUEST_TIMEOUT', 'The request did not arrive in time; send it again without pauses.');
    return;
  }
  writeRawProblem(
    socket,
    'INVALID_REQUEST',
    error.code === 'HPE_HEADER_OVERFLOW' ? 'The request headers are too large.' : 'The request is not valid HTTP.',
  );
}

/**
 * CONNECT, which Node hands to a `connect` listener instead of the application: this is no
 * proxy, and its target (`host:port`) names no resource here, so a 404 problem.
 */
function answerConnect(_request: unknown, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  writeRawProblem(socket, 'NOT_FOUND', 'There is no such resource: this server is not a proxy.');
}

/** A route URL (`/api/v1/cameras/:camera_id`) as a pattern over request paths. */
function routePattern(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

/** Builds the application (not listening yet). */
export function buildApp(parts: AppParts): FastifyInstance {
  const { ctx, log } = parts;
  const app = Fastify({
    logger: false,
    bodyLimit: limits.maxBodyBytes,
    // HEAD on every GET route: the same status and headers, no body (RFC 9110 §9.3.2).
    exposeHeadRoutes: true,
    // On close, idle keep-alive connections are dropped at once; requests still running
    // are answered first (server.ts bounds how long that may take).
    forceCloseConnections: 'idle',
    // While closing, the onRequest hook below answers 503 as a problem instead.
    return503OnClosing: false,
    // A client must send its headers, and its whole request, in time (slowloris); Node then
    // reports ERR_HTTP_REQUEST_TIMEOUT to answerClientError. Node checks every
    // connectionsCheckingInterval, so the interval is a fraction of the shorter timeout.
    requestTimeout: parts.timeouts.requestMs,
    http: {
      headersTimeout: parts.timeouts.headersMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(parts.timeouts.headersMs / 4))),
    },
    trustProxy: false,
    routerOptions: { maxParamLength: 500, ignoreTrailingSlash: false, caseSensitive: true },
    clientErrorHandler: answerClientError,
    frameworkErrors: (error, request, reply) => {
      replyCode(
        request,
        reply,
        'INVALID_REQUEST',
        error.code === 'FST_ERR_BAD_URL' ? 'The request URL is malformed.' : 'The request is malformed.',
      );
    },
  });

  app.server.on('connect', answerConnect);

  /** Every path the server answers, as a pattern over the request path, with its Allow (filled below). */
  const allowByPattern: Array<{ pattern: RegExp; allow: string }> = [];
  const allowOf = (path: string) => allowByPattern.find(({ pattern }) => pattern.test(path))?.allow;
  // First, so that every answer to an allowed origin carries the policy, a 503 while closing too.
  registerCors(app, parts.allowOrigins ?? [], { allowOf });

  app.addHook('onRequest', (request, reply, done) => {
    if (!parts.isClosing()) return done();
    reply.header('Connection', 'close');
    replyCode(request, reply, 'SERVICE_UNAVAILABLE', 'The server is shutting down; send the request again later.', {
      headers: { 'Retry-After': String(CLOSING_RETRY_AFTER_SECONDS) },
    });
  });

  /** Requests already counted against a quota (the error handler counts the others). */
  const counted = new WeakSet<FastifyRequest>();
  const quotaOfRoute = new Map<string, { operationId: OperationId; quota: OperationQuota }>();
  /** Counts a request of a quota'd operation once: against its principal, or its address without one. */
  const charge = (
    request: FastifyRequest,
    reply: FastifyReply,
    operationId: OperationId,
    quota: OperationQuota,
    principal: Principal | null,
  ) => {
    if (!parts.quotas.enabled || counted.has(request)) return;
    counted.add(request);
    // A sk_test_ key on a production-only operation gets the 404 of a route that does not
    // exist, which no quota counts and which carries no quota headers.
    if (principal?.environment === 'test' && quota.requests.sk_test === undefined && PRODUCTION_ONLY.has(operationId))
      return;
    // A credential the operation does not take (a key on a user-only operation) counts as none.
    const own = principal ? partitionOf(principal) : undefined;
    const partition =
      own && quota.requests[own.policy] !== undefined
        ? own
        : unauthenticatedPartition(request.socket.remoteAddress ?? '');
    reply.headers(parts.quotas.charge(operationId, quota, partition));
  };

  // Bodies are read raw; each operation checks the media type and parses JSON itself, after
  // authentication, so that its answers follow the contract's order.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const gate = new SecurityGate(ctx.apiKeys, ctx.accessTokens, ctx.presence);
  const validators = new RequestValidators();
  const methodsByPath = new Map<string, Set<string>>();

  for (const op of specOperations) {
    if (!isOperationId(op.operationId)) throw new Error(`no handler for operation ${op.operationId}`);
    const operationId = op.operationId;
    const handler = handlers[operationId];
    const security = compileSecurity(op);
    const validator = validators.forOperation(op);
    const status = successStatus(operationId);
    const url = routePath(op.path);
    if (!methodsByPath.has(url)) methodsByPath.set(url, new Set());
    methodsByPath.get(url)!.add(op.method);

    const hasParams = op.parameters.some((p) => p.in === 'path');
    const quota = quotaOf(operationId);
    if (quota) quotaOfRoute.set(`${op.method} ${url}`, { operationId, quota });
    const onPrincipal = quota
      ? (request: FastifyRequest, reply: FastifyReply) => (principal: Principal) =>
          charge(request, reply, operationId, quota, principal)
      : undefined;
    // Every answer of a deprecated operation, errors included, says so (RFC 9745, RFC 8594).
    const deprecation = deprecationHeaders(operations[operationId].deprecation);
    const respond = (reply: FastifyReply, result: HandlerResult): FastifyReply => {
      reply.code(status);
      if (result.headers) reply.headers(result.headers);
      if (result.json !== undefined) return reply.type(JSON_TYPE).send(result.json);
      if (status === 204 || result.body === undefined) return reply.send();
      return reply.send(result.body);
    };
    const run = (
      request: FastifyRequest,
      reply: FastifyReply,
      auth: AuthOutcome,
    ): FastifyReply | Promise<FastifyReply> => {
      const headers = request.headers;
      const input = validator.validate({
        params: request.params as Record<string, string>,
        query: request.query as Record<string, string | string[] | undefined>,
        headers,
        contentType: headers['content-type'],
        body: request.body as Buffer | undefined,
      });
      const result = handler(ctx, { auth, ...input, headers, ip: request.socket.remoteAddress ?? '' });
      return result instanceof Promise ? result.then((r) => respond(reply, r)) : respond(reply, result);
    };
    app.route({
      method: op.method,
      url,
      // Before the body is read, so that a 413 or 415 of a deprecated operation says so too.
      ...(deprecation
        ? {
            onRequest: (_request: FastifyRequest, reply: FastifyReply, done: () => void) => {
              reply.headers(deprecation);
              done();
            },
          }
        : {}),
      // Synchronous on the hot path (API keys, known access tokens); a promise only when a
      // handler or a first-time token verification has to wait.
      handler: (request: FastifyRequest, reply: FastifyReply) => {
        // `/api/v1/cameras/` matches the camera route with an empty id: there is no such resource.
        if (hasParams && Object.values(request.params as Record<string, string>).includes('')) {
          throw noSuchResource();
        }
        const auth = gate.authenticate(
          security,
          securityHeadersOf(request.headers, request.raw.rawHeaders),
          onPrincipal?.(request, reply),
        );
        return auth instanceof Promise ? auth.then((a) => run(request, reply, a)) : run(request, reply, auth);
      },
    });
  }

  app.get('/openapi.json', (_request, reply) => reply.type(JSON_TYPE).send(SPEC_JSON));
  app.get(ADMIN_UI_ROUTES.page, (_request, reply) =>
    reply.headers(ADMIN_UI_HEADERS).type('text/html; charset=utf-8').send(ADMIN_UI_HTML),
  );
  app.get(ADMIN_UI_ROUTES.script, (_request, reply) =>
    reply.headers(ADMIN_UI_HEADERS).type('text/javascript; charset=utf-8').send(ADMIN_UI_SCRIPT),
  );
  app.get('/openapi.yaml', (_request, reply) => reply.type('application/yaml; charset=utf-8').send(yamlText));

  const docs = async (_request: FastifyRequest, reply: FastifyReply) => {
    const answer = await parts.docs.answer();
    return reply.code(answer.status).type('text/html; charset=utf-8').send(answer.html);
  };
  // The page links to the releases' references relatively, so it lives at /docs/.
  app.get('/docs', (_request, reply) => reply.code(308).header('Location', '/docs/').send());
  app.get('/docs/', docs);
  const release = async (request: FastifyRequest, reply: FastifyReply) => {
    const { release: folder, file = 'index.html' } = request.params as { release: string; file?: string };
    const found = await parts.docs.releaseFile(folder, file);
    if (!found) return replyProblem(request, reply, noSuchResource());
    return reply.type(found.type).send(found.body);
  };
  app.get('/docs/:release/', release);
  app.get('/docs/:release/:file', release);
  for (const [url, methods] of Object.entries(SITE_ROUTES)) methodsByPath.set(url, new Set(methods));

  if (parts.mockControl) {
    registerMockControls(app, {
      clock: ctx.clock,
      reset: parts.reset,
      resetQuotas: () => parts.quotas.clear(),
      anyHost: parts.mockControl.anyHost,
    });
    for (const [url, methods] of Object.entries(MOCK_CONTROL_ROUTES)) methodsByPath.set(url, new Set(methods));
  }

  const methodNotAllowed = (request: FastifyRequest, reply: FastifyReply, allow: string) =>
    replyCode(request, reply, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed here; use ${allow}.`, {
      headers: { Allow: allow },
    });
  for (const [url, methods] of methodsByPath) {
    if (methods.has('GET')) methods.add('HEAD');
    const allow = [...methods].sort((a, b) => allowRank(a) - allowRank(b)).join(', ');
    const others = app.supportedMethods.filter((m) => !methods.has(m));
    app.route({ method: others, url, handler: (request, reply) => methodNotAllowed(request, reply, allow) });
    allowByPattern.push({ pattern: routePattern(url), allow });
  }

  // The router knows only the methods it supports: a WebDAV or other extension method on a
  // known path reaches this handler, and gets 405 with Allow like any other wrong method.
  app.setNotFoundHandler((request, reply) => {
    const allow = allowOf(request.url.split('?', 1)[0]!);
    return allow ? methodNotAllowed(request, reply, allow) : replyProblem(request, reply, noSuchResource());
  });

  app.setErrorHandler((error: FastifyError | ProblemError, request, reply) => {
    // A request of a quota'd operation that failed before its credential was verified (no or
    // a bad credential, a body too large) is counted against its client address.
    const route = quotaOfRoute.get(`${request.method === 'HEAD' ? 'GET' : request.method} ${routeOf(request)}`);
    if (route && !counted.has(request)) {
      try {
        charge(request, reply, route.operationId, route.quota, null);
      } catch (limited) {
        if (limited instanceof ProblemError) return replyProblem(request, reply, limited);
        throw limited;
      }
    }
    if (error instanceof ProblemError) return replyProblem(request, reply, error);
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return replyCode(request, reply, 'PAYLOAD_TOO_LARGE', `The request body exceeds ${limits.maxBodyBytes} bytes.`);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return replyCode(request, reply, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
      default:
        break;
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status === 413)
      return replyCode(request, reply, 'PAYLOAD_TOO_LARGE', `The request body exceeds ${limits.maxBodyBytes} bytes.`);
    if (status === 415)
      return replyCode(request, reply, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
    if (status >= 400 && status < 500) return replyCode(request, reply, 'INVALID_REQUEST', 'The request is malformed.');
    log?.line(`error: ${request.method} ${routeOf(request)}: ${error.stack ?? error.message}`);
    return replyCode(request, reply, 'INTERNAL_ERROR', 'The server failed on this request.');
  });

  if (log) {
    app.addHook('onResponse', (request, reply, done) => {
      log.line(`${request.method} ${routeOf(request)} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`);
      done();
    });
  }

  return app;
}
