import createFetchClient, { type Client, type ClientOptions } from 'openapi-fetch';
import { defaultServerUrl, keyFormat } from '../generated/contract.js';
import type { paths } from '../generated/schema.js';
import { anySignal, timeLimit } from './deadline.js';
import { type DeprecationListener, DeprecationReporter, warnDeprecation } from './deprecation.js';
import {
  type CallInit as DirectCallInit,
  directCalls,
  isDirectCall,
  type RequestInitExt,
  sendingWith,
  sendsDirectly,
} from './direct-call.js';
import { isNovaVmsError, networkError } from './errors.js';
import { defaultLock, type SessionLock } from './locks.js';
import { defaultSessionUserAgent, defaultUserAgent, isBrowser, takesRequestInitExt } from './runtime.js';
import {
  type LoginCredentials,
  type SessionEndReason,
  type SessionInfo,
  SessionManager,
  type SessionSnapshot,
} from './session.js';
import type { SessionListener } from './session-events.js';
import { type ClientType, memoryTokenStore, type TokenStore } from './token-store.js';
import { type Credential, type FetchLike, type Sleep, Transport } from './transport.js';

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
   * when `auth.refresh()` finds no session to pick up. `auth.onChange` tells the same as a
   * `session-ended` event.
   */
  onSessionEnd?: (reason: SessionEndReason) => void;
  /**
   * `api` keeps the refresh token in the store and sends it as a bearer token; `web` leaves
   * it in the HttpOnly cookie and sends the CSRF header. Default: `web` in browsers, `api`
   * elsewhere.
   */
  clientType?: ClientType;
  /**
   * The lock held around reading the store, refreshing and writing the rotated token, so that
   * one refresh token is never presented twice. Default: Web Locks in browsers (tabs take
   * turns), one in-process lock elsewhere (every client of the process takes turns). Processes
   * that share a store need a lock they share too (a Redis or Postgres lock; see the README).
   */
  lock?: SessionLock;
  /** Longest wait for the lock before the calls waiting for a refresh fail with TIMEOUT (`lock`); default 20 s, 0 for none. */
  lockTimeoutMs?: number;
  /** Longest refresh before the calls waiting for it fail with TIMEOUT (`refresh`); default 10 s, 0 for none. */
  refreshTimeoutMs?: number;
}

/** The session operations of a client created with `session`. */
export interface SessionAuth {
  /** Logs in; throws a NovaVmsError (INVALID_CREDENTIALS, RATE_LIMITED with retryAfterSeconds, …) when refused. Never retried. */
  login(credentials: LoginCredentials): Promise<SessionInfo>;
  /**
   * Revokes the session on the server and forgets it here. It is forgotten here in any case;
   * when the server could not be told (TIMEOUT, NETWORK_ERROR), the error says so.
   */
  logout(): Promise<void>;
  /** Refreshes now (a browser picks up the session of its refresh cookie this way after a reload). */
  refresh(): Promise<void>;
  /** The session this client holds (who and until when, never a token), or undefined. */
  getSession(): Promise<SessionSnapshot | undefined>;
  /**
   * Calls `listener` on `signed-in`, `token-refreshed`, `signed-out` and `session-ended`
   * (with its reason), in browsers also for what happens in the other tabs of the origin.
   * Returns the function that removes the listener. An error the listener throws fails no call:
   * it goes to `reportError` in browsers and is a process warning in Node.
   */
  onChange(listener: SessionListener): () => void;
}

/** The typed client: openapi-fetch's methods (`GET`, `POST`, …, `use`, `eject`) over the contract's paths. */
export type NovaVmsClient = Client<paths>;

/** A client acting for a signed-in person. */
export interface NovaVmsSessionClient extends NovaVmsClient {
  readonly auth: SessionAuth;
}

/** What every client takes besides its credential: openapi-fetch's options, time limits and retries. */
export interface CommonClientOptions extends Omit<ClientOptions, 'fetch'> {
  /**
   * The fetch the SDK sends with (default: the global fetch). It gets a second argument with
   * the call's signal (time limit and the caller's abort): pass it on, `(request, init) =>
   * fetch(request, init)`: the signal is in `init` only, so a fetch that drops it (one that passes
   * the Request alone on) cannot be stopped by the call's time limit or its caller's signal. A
   * call aborted before it leaves is not handed to the fetch at all. Without this option, a call
   * that has no body and meets no middleware reaches the global fetch as `fetch(url, init)`.
   */
  fetch?: FetchLike;
  /**
   * The time limit of each call, in ms, refresh and retries included: the call then rejects
   * with a NovaVmsError TIMEOUT (`call`) and its request is aborted. Default 30 s; 0 for none.
   * A call may set its own (`{ timeoutMs }` beside `params`).
   */
  timeoutMs?: number;
  /**
   * How often an idempotent call (GET, HEAD, or marked so in the contract) is sent again after
   * a network error, a 502, 503 or 504, or a 429 with Retry-After, with exponential backoff and
   * jitter, waiting at least Retry-After. Default 2; 0 turns retries off. Login, refresh and
   * logout are never retried.
   */
  retries?: number;
  /** How the SDK waits before a retry (default: a timer); tests and schedulers may replace it. */
  sleep?: Sleep;
  /**
   * Called once for each deprecated operation the client calls: when this SDK's contract
   * deprecates it (before the first call), or when an answer carries a `Deprecation` header
   * (RFC 9745; a server newer than the SDK), with the sunset date and the replacement. Default:
   * one `console.warn` per operation; `false` reports nothing.
   */
  onDeprecated?: DeprecationListener | false;
}

/** A service-account client: every call carries the API key. */
export interface ApiKeyClientOptions extends CommonClientOptions {
  /** A service-account key, `sk_live_…` or `sk_test_…`. */
  apiKey: string;
  session?: undefined;
}

/** A client for a person's session (login, refresh, logout). */
export interface SessionClientOptions extends CommonClientOptions {
  session: SessionOptions;
  apiKey?: undefined;
}

/** A client without a credential of its own (public operations, or the application's own middleware). */
export interface PlainClientOptions extends CommonClientOptions {
  apiKey?: undefined;
  session?: undefined;
}

/** Options of createClient: openapi-fetch's client options plus at most one credential. */
export type NovaVmsClientOptions = ApiKeyClientOptions | SessionClientOptions | PlainClientOptions;

const mixedCredentialsMessage =
  'createClient: pass either `apiKey` (a service account) or `session` (a signed-in user), not both. ' +
  '"Pick one per integration — do not mix." (Authenticate to the API)';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_REFRESH_TIMEOUT_MS = 10_000;
const DEFAULT_LOCK_TIMEOUT_MS = 20_000;

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

/** A count of milliseconds or retries: a whole number ≥ 0, or the default when absent. */
function checkCount(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new TypeError(`createClient: \`${name}\` must be a whole number, 0 or more.`);
  }
  return value;
}

/** What the SDK itself sets on every request: `requestInitExt` may not set it too. */
const OWN_INIT_KEYS = new Map([
  ['signal', "the client's `signal` option, or a call's `signal`"],
  ['headers', "the client's `headers` option, or a call's `headers`"],
  ['method', 'the method of the call (`GET`, `POST`, …)'],
  ['body', "a call's `body`"],
]);

/** openapi-fetch's `requestInitExt`: an object of fetch options, none of which the SDK sets itself; null is none. */
function checkRequestInitExt(value: unknown): RequestInitExt | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError('createClient: `requestInitExt` must be an object of fetch options.');
  }
  for (const key of Object.keys(value)) {
    const instead = OWN_INIT_KEYS.get(key);
    if (instead !== undefined) {
      throw new TypeError(`createClient: \`requestInitExt.${key}\` is not sent by the SDK; use ${instead}.`);
    }
  }
  return value as RequestInitExt;
}

/** The service-account credential: the key on every call that takes a bearer credential. */
function apiKeyCredential(apiKey: string): Credential {
  const value = `Bearer ${apiKey}`;
  return {
    apply(request) {
      request.headers.set('Authorization', value);
      return undefined;
    },
  };
}

/**
 * The fetch of the session's own requests (login, refresh, logout): the application's or the
 * global one, with a failure to get an answer typed as NETWORK_ERROR there, where it happens,
 * so that an error of the store or a listener is handed on as it is.
 */
function sessionFetch(fetch: FetchLike | undefined): FetchLike {
  return async (request, init) => {
    try {
      return await (fetch ?? globalThis.fetch)(request, init);
    } catch (error) {
      const aborted = request.signal?.aborted === true || init?.signal?.aborted === true;
      throw aborted || isNovaVmsError(error) ? error : networkError(error);
    }
  };
}

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

type CallInit = DirectCallInit & { fetch?: FetchLike };

/** Sends a call without openapi-fetch (direct-call.ts), through the transport's fetch given. */
type DirectCall = ReturnType<typeof directCalls>;

/**
 * Gives openapi-fetch's methods the SDK's transport for every call: a call without options of
 * its own goes as it is (the client's transport is its `fetch`); a call with a signal, a time
 * limit or a fetch of its own gets a transport for that call. Failures without an answer
 * become typed NovaVmsErrors. With `direct`, a call that openapi-fetch would send unchanged
 * (no middleware registered, no body, no option but params, headers, a signal and a time
 * limit) is sent without it: the same request and the same answer, at less cost.
 */
function withCallOptions(
  client: NovaVmsClient,
  transport: Transport,
  direct: DirectCall | undefined,
  ext: RequestInitExt | undefined,
): void {
  const inner = { ...client };
  const failure = (error: unknown): never => {
    throw transport.failure(error);
  };
  /** The middleware registered through `use` and not ejected: while there is any, every call goes through openapi-fetch. */
  const middleware: unknown[] = [];
  const send = (method: (typeof METHODS)[number], path: string, init: CallInit | undefined): Promise<unknown> => {
    const call = inner[method] as (path: string, init?: unknown) => Promise<unknown>;
    const directly = direct !== undefined && middleware.length === 0 && isDirectCall(init) ? direct : undefined;
    if (init === undefined || (init.signal == null && init.timeoutMs === undefined && init.fetch === undefined)) {
      return (directly ? directly(method, path, init, transport.send) : call(path, init)).catch(failure);
    }
    const { timeoutMs, fetch, ...rest } = init;
    const ownMs = timeoutMs === undefined ? undefined : checkCount(timeoutMs, 'timeoutMs', 0);
    const limit = ownMs !== undefined && ownMs > 0 ? timeLimit('call', ownMs) : undefined;
    const deadline = ownMs === undefined ? transport.deadline() : limit?.signal;
    const callerSignal = init.signal ?? undefined;
    const signal =
      callerSignal === undefined
        ? deadline
        : deadline === undefined
          ? callerSignal
          : anySignal([callerSignal, deadline]);
    const baseUrl = typeof rest.baseUrl === 'string' ? rest.baseUrl.replace(/\/+$/, '') : undefined;
    const sender = transport.sendWith({
      signal,
      callerSignal,
      fetch: fetch === undefined ? undefined : sendingWith(fetch, ext),
      baseUrl,
      timeoutMs: ownMs,
    });
    return (directly ? directly(method, path, rest, sender) : call(path, { ...rest, fetch: sender }))
      .catch((error: unknown) => {
        throw transport.failure(error, callerSignal);
      })
      .finally(() => limit?.clear());
  };
  const target = client as unknown as Record<string, unknown>;
  for (const method of METHODS) {
    target[method] = (path: string, init?: CallInit) => send(method, path, init);
  }
  target.request = (method: string, path: string, init?: CallInit) =>
    send(method.toUpperCase() as (typeof METHODS)[number], path, init);
  target.use = (...added: Parameters<NovaVmsClient['use']>) => {
    // One at a time, as openapi-fetch registers them: one it refuses leaves those before it registered.
    for (const m of added) {
      inner.use(m);
      if (m) middleware.push(m);
    }
  };
  target.eject = (...removed: Parameters<NovaVmsClient['eject']>) => {
    inner.eject(...removed);
    for (const m of removed) {
      const i = middleware.indexOf(m);
      if (i !== -1) middleware.splice(i, 1);
    }
  };
}

/**
 * Creates the typed NovaVMS client. With `apiKey` every call carries the service-account
 * key; with `session` the client logs a person in and keeps their session alive. It takes
 * openapi-fetch's client options too (`baseUrl`, default the production server; `fetch`;
 * `headers`; …), and `timeoutMs` and `retries`.
 */
export function createClient(options: SessionClientOptions): NovaVmsSessionClient;
export function createClient(options?: ApiKeyClientOptions | PlainClientOptions): NovaVmsClient;
export function createClient(options: NovaVmsClientOptions = {}): NovaVmsClient | NovaVmsSessionClient {
  const { apiKey, session, timeoutMs, retries, sleep, onDeprecated, ...fetchOptions } = options;
  if (apiKey !== undefined && session !== undefined) throw new TypeError(mixedCredentialsMessage);
  if (session !== undefined && (typeof session !== 'object' || session === null)) {
    throw new TypeError('createClient: `session` must be an object.');
  }
  const baseUrl = (fetchOptions.baseUrl ?? defaultServerUrl).replace(/\/+$/, '');
  const browser = isBrowser();
  const callTimeoutMs = checkCount(timeoutMs, 'timeoutMs', DEFAULT_TIMEOUT_MS);
  // openapi-fetch's requestInitExt, which it gives fetch only where fetch takes it (undici's, in Node).
  const requestInitExt = checkRequestInitExt(fetchOptions.requestInitExt);
  const ext = takesRequestInitExt() ? requestInitExt : undefined;
  if (onDeprecated !== undefined && onDeprecated !== false && typeof onDeprecated !== 'function') {
    throw new TypeError('createClient: `onDeprecated` must be a function or false.');
  }
  const deprecations = onDeprecated === false ? undefined : new DeprecationReporter(onDeprecated ?? warnDeprecation);

  let credential: Credential | undefined;
  let userAgent: string | undefined;
  let manager: SessionManager | undefined;
  if (apiKey !== undefined) {
    credential = apiKeyCredential(checkApiKey(apiKey));
    userAgent = browser ? undefined : defaultUserAgent();
  } else if (session !== undefined) {
    userAgent = browser ? undefined : (checkUserAgent(session.userAgent) ?? defaultSessionUserAgent());
    manager = new SessionManager({
      api: createFetchClient<paths>({ ...fetchOptions, baseUrl, fetch: sessionFetch(fetchOptions.fetch) }),
      clientType: session.clientType ?? (browser ? 'web' : 'api'),
      store: session.store ?? memoryTokenStore(),
      userAgent,
      onSessionEnd: session.onSessionEnd,
      lock: session.lock ?? defaultLock(),
      lockName: `@novavms/sdk refresh ${baseUrl}`,
      lockTimeoutMs: checkCount(session.lockTimeoutMs, 'session.lockTimeoutMs', DEFAULT_LOCK_TIMEOUT_MS),
      refreshTimeoutMs: checkCount(session.refreshTimeoutMs, 'session.refreshTimeoutMs', DEFAULT_REFRESH_TIMEOUT_MS),
      requestTimeoutMs: callTimeoutMs,
      channelName: browser ? `@novavms/sdk session ${baseUrl}` : undefined,
    });
    credential = manager.credential();
  }

  const transport = new Transport({
    fetch: sendingWith(fetchOptions.fetch, ext),
    baseUrl,
    userAgent,
    credential,
    timeoutMs: callTimeoutMs,
    retries: checkCount(retries, 'retries', DEFAULT_RETRIES),
    sleep,
    signal: fetchOptions.signal ?? undefined,
    deprecations,
  });
  const client = createFetchClient<paths>({ ...fetchOptions, baseUrl, fetch: transport.send });
  const direct = sendsDirectly(fetchOptions) ? directCalls(baseUrl, fetchOptions.headers) : undefined;
  withCallOptions(client, transport, direct, ext);
  if (manager === undefined) return client;
  const sessions = manager;
  const auth: SessionAuth = {
    login: (credentials) => sessions.login(credentials),
    logout: () => sessions.logout(),
    refresh: () => sessions.refresh(),
    getSession: () => sessions.getSession(),
    onChange: (listener) => sessions.onChange(listener),
  };
  return Object.assign(client, { auth });
}
