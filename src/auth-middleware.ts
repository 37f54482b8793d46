import type { Middleware } from 'openapi-fetch';
import { acceptsBearerCredential } from './operation-security.js';
import { peekProblemCode, toResponse } from './problem-response.js';
import type { AccessGrant, SessionManager } from './session.js';

/** Sets the pinned User-Agent unless the call brought its own. */
function pinUserAgent(request: Request, userAgent: string | undefined): void {
  if (userAgent !== undefined && !request.headers.has('User-Agent')) request.headers.set('User-Agent', userAgent);
}

/**
 * Service-account mode: every call that takes a bearer credential carries the API key.
 * The key has no session and never expires on a timer, so there is nothing to refresh.
 */
export function apiKeyMiddleware(apiKey: string, userAgent: string | undefined): Middleware {
  return {
    onRequest({ request, schemaPath }) {
      pinUserAgent(request, userAgent);
      if (acceptsBearerCredential(request.method, schemaPath)) request.headers.set('Authorization', `Bearer ${apiKey}`);
      return request;
    },
  };
}

interface Attempt {
  token: string;
  generation: number;
  /**
   * A clone taken before the request left, so that a retry sends the same body. Requests
   * without a body need none: the retry is copied from the request itself, only if it happens.
   */
  retry: Request | undefined;
}

/**
 * User-session mode: every call that takes a bearer credential carries a fresh access
 * token; a call refused with 401 TOKEN_EXPIRED is sent again once, after the one shared
 * refresh, with its body intact; when the session has ended the call gets the refresh's
 * error. It must run last among onRequest handlers, so that it sees the final request.
 * The common case — a fresh token, a call without a body, an answer other than 401 — takes
 * no clone and no extra promise.
 */
export function sessionMiddleware(session: SessionManager, userAgent: string | undefined): Middleware {
  const attempts = new WeakMap<Request, Attempt>();
  const withToken = (request: Request, grant: AccessGrant): Request | Response => {
    if (grant.kind === 'failed') return toResponse(grant.answer);
    if (grant.kind === 'none') return request;
    request.headers.set('Authorization', `Bearer ${grant.token}`);
    attempts.set(request, {
      token: grant.token,
      generation: grant.generation,
      retry: request.body === null ? undefined : request.clone(),
    });
    return request;
  };
  const retryAfterExpiry = async (
    attempt: Attempt,
    request: Request,
    response: Response,
    fetch: typeof globalThis.fetch,
  ): Promise<Response | undefined> => {
    if ((await peekProblemCode(response)) !== 'TOKEN_EXPIRED') return undefined;
    const grant = await session.renewAfterExpiry(attempt.token, attempt.generation);
    if (grant.kind === 'none') return undefined;
    await response.body?.cancel();
    if (grant.kind === 'failed') return toResponse(grant.answer);
    const retry = attempt.retry ?? new Request(request);
    retry.headers.set('Authorization', `Bearer ${grant.token}`);
    // `fetch` is called unbound: a browser's fetch throws "Illegal invocation" with `options` as `this`.
    return fetch(retry);
  };
  return {
    onRequest({ request, schemaPath }) {
      pinUserAgent(request, userAgent);
      if (!acceptsBearerCredential(request.method, schemaPath)) return request;
      const fresh = session.freshGrant();
      return fresh !== undefined
        ? withToken(request, fresh)
        : session.accessToken().then((grant) => withToken(request, grant));
    },
    onResponse({ request, response, options }) {
      const attempt = attempts.get(request);
      if (attempt === undefined) return undefined;
      attempts.delete(request);
      if (response.status !== 401) return undefined;
      return retryAfterExpiry(attempt, request, response, options.fetch);
    },
  };
}
