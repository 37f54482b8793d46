/**
 * User sessions as a client app drives them: log in (api or web), refresh with the bearer
 * token or with the cookie + CSRF header, log out. Each helper returns the checked response,
 * so a test states itself what it expects.
 */
import { refreshCookie } from '../../../generated/contract.js';
import type { components } from '../../../generated/schema.js';
import type { Credentials } from '../../../tools/target-settings.js';
import type { ContractClient, ContractResponse } from './contract-client.js';
import { pathOf } from './operation-path.js';

/** The login body; fields with a default (`remember_me`) may be left out. */
type LoginRequest = Omit<components['schemas']['LoginRequest'], 'remember_me'> & { remember_me?: boolean };
/** The body of a successful login or refresh. */
export type TokenResponse = components['schemas']['TokenResponse'];

const LOGIN = pathOf('loginWithPassword');
const REFRESH = pathOf('refreshSession');
const LOGOUT = pathOf('logoutSession');

/** How a login is made. */
export interface LoginOptions {
  clientType?: LoginRequest['client_type'];
  rememberMe?: boolean;
  /** The User-Agent captured for the session. */
  userAgent?: string;
  localAddress?: string;
  headers?: Record<string, string>;
}

/** POST /api/auth/login with `credentials`. */
export function login(
  client: ContractClient,
  credentials: Credentials,
  options: LoginOptions = {},
): Promise<ContractResponse> {
  const body: LoginRequest = { email: credentials.email, password: credentials.password };
  if (options.clientType !== undefined) body.client_type = options.clientType;
  if (options.rememberMe !== undefined) body.remember_me = options.rememberMe;
  return client.send({
    method: 'POST',
    path: LOGIN,
    json: body,
    userAgent: options.userAgent,
    localAddress: options.localAddress,
    headers: options.headers,
  });
}

/** An api-client session: its tokens and the User-Agent it is bound to. */
export interface ApiSession {
  accessToken: string;
  refreshToken: string;
  userAgent: string;
  body: TokenResponse;
  response: ContractResponse;
}

let sessions = 0;

/** A User-Agent of its own for each session, so that sessions of one test are told apart. */
export function uniqueUserAgent(label = 'session'): string {
  sessions += 1;
  return `novavms-contract-suite/1.0 (${label} ${process.pid}-${sessions})`;
}

function expectStatus(res: ContractResponse, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${res.code ?? ''}`.trim());
}

/** Logs in as an api client and returns the session (fails the test unless the login succeeds). */
export async function apiSession(
  client: ContractClient,
  credentials: Credentials,
  options: LoginOptions = {},
): Promise<ApiSession> {
  const userAgent = options.userAgent ?? uniqueUserAgent('api');
  const response = await login(client, credentials, { ...options, clientType: 'api', userAgent });
  expectStatus(response, 200, `login of ${credentials.email}`);
  const body = response.json<TokenResponse>();
  if (!body.refresh_token) throw new Error('an api login returned no refresh_token in the body');
  return { accessToken: body.access_token, refreshToken: body.refresh_token, userAgent, body, response };
}

/** How a refresh or logout is made. */
export interface RefreshOptions {
  /** The User-Agent to send; null sends none. */
  userAgent?: string | null;
  localAddress?: string;
  headers?: Record<string, string>;
  /** A raw body (the operations take none). */
  body?: string;
}

/** POST /api/auth/refresh with `Authorization: Bearer <token>`. */
export function refreshWithToken(
  client: ContractClient,
  token: string,
  options: RefreshOptions = {},
): Promise<ContractResponse> {
  return client.send({ method: 'POST', path: REFRESH, bearer: token, ...options });
}

/** POST /api/auth/logout with `Authorization: Bearer <token>`. */
export function logoutWithToken(
  client: ContractClient,
  token: string,
  options: RefreshOptions = {},
): Promise<ContractResponse> {
  return client.send({ method: 'POST', path: LOGOUT, bearer: token, ...options });
}

/** The `Cookie` header a browser sends back for a refresh-cookie value, after `others` when given. */
export function cookieHeader(value: string, others: readonly string[] = []): string {
  const [first, ...rest] = others;
  return [first, `${refreshCookie.name}=${value}`, ...rest].filter(Boolean).join('; ');
}

/**
 * POST /api/auth/refresh with the refresh cookie (amid `otherCookies`, the first before it),
 * and the CSRF header unless `csrf` is false.
 */
export function refreshWithCookie(
  client: ContractClient,
  value: string,
  options: RefreshOptions & { csrf?: boolean; otherCookies?: readonly string[] } = {},
): Promise<ContractResponse> {
  const { csrf = true, otherCookies, ...rest } = options;
  const headers = { ...(rest.headers ?? {}), ...(csrf ? { [refreshCookie.csrfHeader]: refreshCookie.csrfValue } : {}) };
  return client.send({ method: 'POST', path: REFRESH, cookie: cookieHeader(value, otherCookies), ...rest, headers });
}

/** POST /api/auth/logout with the refresh cookie, and the CSRF header unless `csrf` is false. */
export function logoutWithCookie(
  client: ContractClient,
  value: string,
  options: RefreshOptions & { csrf?: boolean } = {},
): Promise<ContractResponse> {
  const { csrf = true, ...rest } = options;
  const headers = { ...(rest.headers ?? {}), ...(csrf ? { [refreshCookie.csrfHeader]: refreshCookie.csrfValue } : {}) };
  return client.send({ method: 'POST', path: LOGOUT, cookie: cookieHeader(value), ...rest, headers });
}

/** A parsed refresh cookie: its value and its attributes (names lower-cased). */
export interface RefreshCookie {
  value: string;
  attributes: Record<string, string | true>;
  raw: string;
}

/** The refresh cookie a response sets, or undefined. */
export function refreshCookieOf(res: ContractResponse): RefreshCookie | undefined {
  for (const raw of res.setCookies) {
    const [pair, ...attrs] = raw.split(';').map((p) => p.trim());
    const eq = pair!.indexOf('=');
    if (eq < 0 || pair!.slice(0, eq) !== refreshCookie.name) continue;
    const attributes: Record<string, string | true> = {};
    for (const attr of attrs) {
      const i = attr.indexOf('=');
      if (i < 0) attributes[attr.toLowerCase()] = true;
      else attributes[attr.slice(0, i).toLowerCase()] = attr.slice(i + 1);
    }
    return { value: pair!.slice(eq + 1), attributes, raw };
  }
  return undefined;
}
