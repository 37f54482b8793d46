/**
 * The cross-origin policy of the contract (`x-novavms-cors`, exported as `cors`) for the origins
 * this server was given: a request from one of them is answered with its exact origin in
 * `Access-Control-Allow-Origin`, credentials, `Vary: Origin` and the exposed headers, and its
 * preflight with the path's methods, the allowed request headers and the max-age. Requests from
 * any other origin, or without one, get no CORS header but `Vary: Origin` (their answer differs
 * from the allowed origins'); the mock controls get none, as no page of another origin may drive
 * them.
 */
import type { FastifyInstance } from 'fastify';
import { cors } from '../../generated/contract.js';

/** Thrown for a value that is not an origin this server can allow; the message says why. */
export class AllowedOriginError extends Error {}

/**
 * The origin `value` names (`scheme://host[:port]`, as a browser sends it in `Origin`), or an
 * AllowedOriginError: a wildcard (credentials travel, so each origin is listed), a path, a
 * query, user info or a scheme other than http(s).
 */
export function parseAllowedOrigin(value: string): string {
  const text = value.trim();
  if (text === '*' || text.includes('*'))
    throw new AllowedOriginError(
      `${JSON.stringify(value)}: no wildcard; credentials travel, so each allowed origin is listed exactly`,
    );
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AllowedOriginError(`${JSON.stringify(value)} is not an origin such as http://localhost:5173`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new AllowedOriginError(`${JSON.stringify(value)}: an allowed origin is http:// or https://`);
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== ''))
    throw new AllowedOriginError(
      `${JSON.stringify(value)} is not an origin: give scheme://host[:port] only, without a path, query or user`,
    );
  if (!/^https?:\/\/[^/]+\/?$/.test(text))
    throw new AllowedOriginError(`${JSON.stringify(value)} is not an origin such as http://localhost:5173`);
  return url.origin;
}

/** The allowed origins of an environment variable: origins separated by commas or white space. */
export function originsFromEnv(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(parseAllowedOrigin);
}

/** How the hook finds what it needs about a request path. */
export interface CorsRoutes {
  /** The `Allow` value of a path the server answers, or undefined for an unknown path. */
  allowOf(path: string): string | undefined;
}

const MOCK_CONTROLS = '/__mock/';

/** Adds the policy's headers to every answer to an allowed origin, and answers its preflights. */
export function registerCors(app: FastifyInstance, origins: readonly string[], routes: CorsRoutes): void {
  if (origins.length === 0) return;
  const allowed = new Set(origins);
  const common = (origin: string): Record<string, string> => ({
    'Access-Control-Allow-Origin': origin,
    ...(cors.credentials ? { 'Access-Control-Allow-Credentials': 'true' } : {}),
    Vary: 'Origin',
  });
  const exposed = cors.exposedHeaders.join(', ');
  const requestHeaders = cors.allowedHeaders.join(', ');
  const maxAge = String(cors.maxAgeSeconds);

  app.addHook('onRequest', (request, reply, done) => {
    const origin = request.headers.origin;
    const path = request.url.split('?', 1)[0]!;
    if (path.startsWith(MOCK_CONTROLS)) return done();
    if (typeof origin !== 'string' || !allowed.has(origin)) {
      // The answer would carry the policy for an allowed origin: a cache must not hand this one to its page.
      reply.header('Vary', 'Origin');
      return done();
    }
    const allow = routes.allowOf(path);
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined && allow) {
      reply
        .code(204)
        .headers({
          ...common(origin),
          'Access-Control-Allow-Methods': allow,
          'Access-Control-Allow-Headers': requestHeaders,
          'Access-Control-Max-Age': maxAge,
        })
        .send();
      return;
    }
    reply.headers({ ...common(origin), 'Access-Control-Expose-Headers': exposed });
    done();
  });
}
