import { operations } from '../generated/contract.js';

/** What the SDK needs to know of the operation a request goes to. */
export interface Route {
  /** It takes the client's bearer credential (API key or access token). */
  bearer: boolean;
  /** Sending it twice does what sending it once does, so it may be retried. */
  idempotent: boolean;
}

type Operation = (typeof operations)[keyof typeof operations];

function routeOf(operation: Operation): Route {
  return {
    bearer: operation.security.some(
      (requirement) => 'ServiceAccountKey' in requirement || 'UserAccessToken' in requirement,
    ),
    idempotent: operation.idempotent,
  };
}

/** Routes of the paths without parameters, by path, then method. */
const literal = new Map<string, Map<string, Route>>();
const templated: { method: string; pattern: RegExp; route: Route }[] = [];
for (const operation of Object.values(operations)) {
  if (operation.path.includes('{')) {
    const source = operation.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
    templated.push({ method: operation.method, pattern: new RegExp(`^${source}$`), route: routeOf(operation) });
  } else {
    const byMethod = literal.get(operation.path) ?? new Map<string, Route>();
    byMethod.set(operation.method, routeOf(operation));
    literal.set(operation.path, byMethod);
  }
}

const unknownRoutes = new Map<string, Route>();

/**
 * The route of `method` on `path` (a URL path without its query): from the contract, or for a
 * path the contract does not list, bearer (the server decides) and idempotent for GET and HEAD.
 * Results for paths with parameters are remembered, so that each costs one lookup after the first.
 */
export function routeFor(method: string, path: string): Route {
  const known = literal.get(path)?.get(method);
  if (known !== undefined) return known;
  const key = `${method} ${path}`;
  const remembered = unknownRoutes.get(key);
  if (remembered !== undefined) return remembered;
  const match = templated.find((candidate) => candidate.method === method && candidate.pattern.test(path));
  const route = match?.route ?? { bearer: true, idempotent: method === 'GET' || method === 'HEAD' };
  if (unknownRoutes.size < 1000) unknownRoutes.set(key, route);
  return route;
}

/** The path of `url` under `baseUrl` (a plain prefix check first, a URL parse otherwise), without query or fragment. */
export function pathUnder(url: string, baseUrl: string): string {
  let rest: string;
  if (url.startsWith(baseUrl)) rest = url.slice(baseUrl.length);
  else {
    const parsed = new URL(url);
    rest = parsed.pathname;
    const basePath = baseUrl === '' ? '' : new URL(baseUrl, parsed).pathname.replace(/\/$/, '');
    if (basePath !== '' && rest.startsWith(basePath)) rest = rest.slice(basePath.length);
  }
  const end = rest.search(/[?#]/);
  return end === -1 ? rest : rest.slice(0, end);
}
