import createFetchClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import { defaultServerUrl, keyFormat } from '../generated/contract.js';
import type { paths } from '../generated/schema.js';
import { apiKeyMiddleware, sessionMiddleware } from './auth-middleware.js';
import { defaultSessionUserAgent, defaultUserAgent, isBrowser } from './runtime.js';
import { type LoginCredentials, type SessionEndReason, type SessionInfo, SessionManager } from './session.js';
import { type ClientType, memoryTokenStore, type TokenStore } from './token-store.js';

/** How a client acting for a signed-in person keeps and renews its session. */
export interface SessionOptions {
  /** Where the session's tokens live; in memory by default. */
  store?: TokenStore;
  /**
   * The User-Agent sent on login, on every refresh and on every call, outside browsers.
   * The server binds the session to the login's User-Agent, so keep it stable for as long
   * as a stored session should survive (default `@novavms/sdk/<major> (session)`).
   * Browsers always send their own.
   */
  userAgent?: string;
  /**
   * Called once when the server has ended the session this client held (User-Agent
   * mismatch, reuse of a rotated refresh token, expiry, revocation, a refresh credential it
   * no longer accepts): the person has to log in again. Not called for `auth.logout()`, nor
   * when `auth.refresh()` finds no session to pick up.
   */
  onSessionEnd?: (reason: SessionEndReason) => void;
  /**
   * `api` keeps the refresh token in the store and sends it as a bearer token; `web` leaves
   * it in the HttpOnly cookie and sends the CSRF header. Default: `web` in browsers, `api`
   * elsewhere.
   */
  clientType?: ClientType;
}

/** The session operations of a client created with `session`. */
export interface SessionAuth {
  /** Logs in; throws a NovaVmsError (INVALID_CREDENTIALS, RATE_LIMITED, …) when refused. */
  login(credentials: LoginCredentials): Promise<SessionInfo>;
  /** Revokes the session on the server and forgets it here. */
  logout(): Promise<void>;
  /** Refreshes now (a browser picks up the session of its refresh cookie this way after a reload). */
  refresh(): Promise<void>;
}

/** The typed client: openapi-fetch's methods (`GET`, `POST`, …, `use`, `eject`) over the contract's paths. */
export type NovaVmsClient = Client<paths>;

/** A client acting for a signed-in person. */
export interface NovaVmsSessionClient extends NovaVmsClient {
  readonly auth: SessionAuth;
}

/** A service-account client: every call carries the API key. */
export interface ApiKeyClientOptions extends ClientOptions {
  /** A service-account key, `sk_live_…` or `sk_test_…`. */
  apiKey: string;
  session?: undefined;
}

/** A client for a person's session (login, refresh, logout). */
export interface SessionClientOptions extends ClientOptions {
  session: SessionOptions;
  apiKey?: undefined;
}

/** A client without a credential of its own (public operations, or the application's own middleware). */
export interface PlainClientOptions extends ClientOptions {
  apiKey?: undefined;
  session?: undefined;
}

/** Options of createClient: openapi-fetch's client options plus at most one credential. */
export type NovaVmsClientOptions = ApiKeyClientOptions | SessionClientOptions | PlainClientOptions;

const mixedCredentialsMessage =
  'createClient: pass either `apiKey` (a service account) or `session` (a signed-in user), not both. ' +
  '"Pick one per integration — do not mix." (Authenticate to the API)';

function checkApiKey(apiKey: unknown): string {
  const prefixes = Object.values(keyFormat.prefixes);
  if (typeof apiKey !== 'string' || !prefixes.some((prefix) => apiKey.startsWith(prefix)) || /\s/.test(apiKey)) {
    throw new TypeError(
      `createClient: \`apiKey\` must be a service-account key starting with ${prefixes.join(' or ')}.`,
    );
  }
  return apiKey;
}

function checkUserAgent(userAgent: unknown): string | undefined {
  if (userAgent === undefined) return undefined;
  if (typeof userAgent !== 'string' || userAgent.trim() === '' || /[\r\n]/.test(userAgent)) {
    throw new TypeError('createClient: `session.userAgent` must be a non-empty single-line string.');
  }
  return userAgent;
}

/** Keeps `credential` the innermost middleware, whatever the application registers later. */
function keepInnermost(client: NovaVmsClient, credential: Middleware): void {
  const use = client.use.bind(client);
  const eject = client.eject.bind(client);
  use(credential);
  client.use = (...middleware: Middleware[]) => {
    eject(credential);
    use(...middleware);
    use(credential);
  };
}

/**
 * Creates the typed NovaVMS client. With `apiKey` every call carries the service-account
 * key; with `session` the client logs a person in and keeps their session alive. It takes
 * openapi-fetch's client options too (`baseUrl`, default the production server; `fetch`;
 * `headers`; …).
 */
export function createClient(options: SessionClientOptions): NovaVmsSessionClient;
export function createClient(options?: ApiKeyClientOptions | PlainClientOptions): NovaVmsClient;
export function createClient(options: NovaVmsClientOptions = {}): NovaVmsClient | NovaVmsSessionClient {
  const { apiKey, session, ...fetchOptions } = options;
  if (apiKey !== undefined && session !== undefined) throw new TypeError(mixedCredentialsMessage);
  const baseUrl = fetchOptions.baseUrl ?? defaultServerUrl;
  const browser = isBrowser();
  const client = createFetchClient<paths>({ ...fetchOptions, baseUrl });

  if (apiKey !== undefined) {
    keepInnermost(client, apiKeyMiddleware(checkApiKey(apiKey), browser ? undefined : defaultUserAgent()));
    return client;
  }
  if (session === undefined) return client;
  if (typeof session !== 'object' || session === null)
    throw new TypeError('createClient: `session` must be an object.');

  const userAgent = browser ? undefined : (checkUserAgent(session.userAgent) ?? defaultSessionUserAgent());
  const manager = new SessionManager({
    api: createFetchClient<paths>({ ...fetchOptions, baseUrl }),
    clientType: session.clientType ?? (browser ? 'web' : 'api'),
    store: session.store ?? memoryTokenStore(),
    userAgent,
    onSessionEnd: session.onSessionEnd,
    lockName: `@novavms/sdk refresh ${baseUrl}`,
  });
  keepInnermost(client, sessionMiddleware(manager, userAgent));
  const auth: SessionAuth = {
    login: (credentials) => manager.login(credentials),
    logout: () => manager.logout(),
    refresh: () => manager.refresh(),
  };
  return Object.assign(client, { auth });
}
