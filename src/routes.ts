import { operations } from '../generated/contract.js';

/** What the SDK needs to know of the operation a request goes to. */
export interface Route {
  /** It takes the client's bearer credential (API key or access token). */
  bearer: boolean;
  /** Sending it twice does what sending it once does, so it may be retried. */
  idempotent: boolean;
  /** The operation's id; undefined for a path the contract does not list. */
  operationId: string | undefined;
  /** The path as the contract writes it (`/api/v1/cameras/{camera_id}`), or the request's own path. */
  template: string;
  /** When and until when the contract deprecates the operation, and what replaces it; null when it does not. */
  deprecation: OperationDeprecation | null;
}

/** A deprecated operation's dates (RFC 3339 full-dates) and replacement (an operationId), as the contract states them. */
interface OperationDeprecation {
  announced: string;
  sunset: string;
  replacement: string;
}

/** One operation of the contract as routing needs it (`generated/contract.ts` operations). */
export interface RoutedOperation {
  method: string;
  path: string;
  security: readonly Readonly<Record<string, readonly string[]>>[];
  idempotent: boolean;
  deprecation: OperationDeprecation | null;
}

/** Finds the route of a request: `(method, path)` where path is the URL path without its query. */
export type Router = (method: string, path: string) => Route;

/**
 * The router of a table of operations: from the table, or for a path it does not list, bearer
 * (the server decides) and idempotent for GET and HEAD. Results for paths with parameters are
 * remembered, so that each costs one lookup after the first.
 */
export function createRouter(table: Readonly<Record<string, RoutedOperation>>): Router {
  const routeOf = (operationId: string, operation: RoutedOperation): Route => ({
    bearer: operation.security.some(
      (requirement) => 'ServiceAccountKey' in requirement || 'UserAccessToken' in requirement,
    ),
    idempotent: operation.idempotent,
    operationId,
    template: operation.path,
    deprecation: operation.deprecation,
  });
  /** Routes of the paths without parameters, by path, then method. */
  const literal = new Map<string, Map<string, Route>>();
  const templated: { method: string; pattern: RegExp; route: Route }[] = [];
  for (const [operationId, operation] of Object.entries(table)) {
    if (operation.path.includes('{')) {
      const source = operation.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
      templated.push({
        method: operation.method,
        pattern: new RegExp(`^${source}$`),
        route: routeOf(operationId, operation),
      });
    } else {
      const byMethod = literal.get(operation.path) ?? new Map<string, Route>();
      byMethod.set(operation.method, routeOf(operationId, operation));
      literal.set(operation.path, byMethod);
    }
  }
  const unknownRoutes = new Map<string, Route>();
  return (method, path) => {
    const known = literal.get(path)?.get(method);
    if (known !== undefined) return known;
    const key = `${method} ${path}`;
    const remembered = unknownRoutes.get(key);
    if (remembered !== undefined) return remembered;
    const match = templated.find((candidate) => candidate.method === method && candidate.pattern.test(path));
    const route = match?.route ?? {
      bearer: true,
      idempotent: method === 'GET' || method === 'HEAD',
      operationId: undefined,
      template: path,
      deprecation: null,
    };
    if (unknownRoutes.size < 1000) unknownRoutes.set(key, route);
    return route;
  };
}

/** The route of `method` on `path` in this SDK's contract. */
export const routeFor: Router = createRouter(operations);

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
