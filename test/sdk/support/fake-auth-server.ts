import { type ErrorCode, errors, lifetimes, refreshCookie } from '../../../generated/contract.js';

/** A problem response as the contract describes it, for a scripted answer. */
export function problemResponse(code: ErrorCode, requestId = 'req_fake'): Response {
  const { status, title, type } = errors[code];
  return new Response(JSON.stringify({ type, title, status, code, request_id: requestId }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** An answer that never comes: it rejects with the abort reason once the request is aborted, like fetch. */
export function stall(request: Request, init?: RequestInit): Promise<Response> {
  return new Promise((_resolve, reject) => {
    for (const signal of [request.signal, init?.signal ?? undefined]) {
      if (signal === undefined) continue;
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    }
  });
}

/**
 * A scripted stand-in for the auth surface, for unit tests that need no real server: it
 * issues numbered tokens, rotates the refresh token, answers TOKEN_EXPIRED for access
 * tokens marked expired, and lets a test override the next refresh answers.
 */
export class FakeAuthServer {
  accessSerial = 0;
  refreshSerial = 0;
  currentRefresh: string | undefined;
  readonly expiredAccess = new Set<string>();
  readonly validAccess = new Set<string>();
  /** Answers given to refresh requests before normal behaviour resumes, oldest first. */
  readonly scriptedRefreshAnswers: Array<() => Response> = [];
  /** Resolves the pending refresh answers when a test wants to hold them back. */
  refreshGate: Promise<void> | undefined;
  /** When set, a refresh or logout never answers: it only ends when its request is aborted, as fetch does. */
  stalled = new Set<'/api/auth/refresh' | '/api/auth/logout'>();

  /** Marks every access token issued so far as expired. */
  expireAccessTokens(): void {
    for (const token of this.validAccess) this.expiredAccess.add(token);
  }

  #tokens(clientType: string): Response {
    this.accessSerial += 1;
    const access = `at_${this.accessSerial}`;
    this.validAccess.add(access);
    const body: Record<string, unknown> = {
      access_token: access,
      token_type: 'Bearer',
      expires_in: lifetimes.UserAccessToken.defaultSeconds,
      refresh_token_expires_in: lifetimes.RefreshToken.defaultSeconds,
    };
    this.refreshSerial += 1;
    this.currentRefresh = `rt_${this.refreshSerial}`;
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
    if (clientType === 'api') body.refresh_token = this.currentRefresh;
    else
      headers['Set-Cookie'] = `${refreshCookie.name}=${this.currentRefresh}; Path=/; Secure; HttpOnly; SameSite=Strict`;
    return new Response(JSON.stringify(body), { status: 200, headers });
  }

  readonly respond = async (request: Request, init?: RequestInit): Promise<Response> => {
    const path = new URL(request.url).pathname;
    const authorization = request.headers.get('Authorization') ?? '';
    if (path === '/api/auth/login') {
      const body = (await request.json()) as { client_type?: string };
      return this.#tokens(body.client_type ?? 'web');
    }
    if ((path === '/api/auth/refresh' || path === '/api/auth/logout') && this.stalled.has(path)) {
      return stall(request, init);
    }
    if (path === '/api/auth/refresh') {
      if (this.refreshGate !== undefined) await this.refreshGate;
      const scripted = this.scriptedRefreshAnswers.shift();
      if (scripted !== undefined) return scripted();
      const cookieClient = authorization === '';
      if (cookieClient && request.headers.get(refreshCookie.csrfHeader) !== refreshCookie.csrfValue) {
        return problemResponse('CSRF_REJECTED');
      }
      if (!cookieClient && authorization !== `Bearer ${this.currentRefresh}`)
        return problemResponse('REFRESH_TOKEN_REUSED');
      return this.#tokens(cookieClient ? 'web' : 'api');
    }
    if (path === '/api/auth/logout') return new Response(null, { status: 204 });
    const token = authorization.replace(/^Bearer /, '');
    if (token === '') return problemResponse('AUTHENTICATION_REQUIRED');
    if (this.expiredAccess.has(token)) return problemResponse('TOKEN_EXPIRED');
    if (!this.validAccess.has(token)) return problemResponse('INVALID_TOKEN');
    if (request.method === 'POST') return json({ echo: await request.text() }, 201);
    return json({ data: [], next_cursor: null });
  };
}
