import type { Client } from 'openapi-fetch';
import { lifetimes, refreshCookie } from '../generated/contract.js';
import type { components, paths } from '../generated/schema.js';
import { withExclusiveLock } from './cross-tab-lock.js';
import { NovaVmsError, toNovaVmsError } from './errors.js';
import { type ErrorAnswer, errorAnswerFrom, toResponse } from './problem-response.js';
import { isSessionEndReason, type SessionEndReason } from './session-end.js';
import type { ClientType, StoredSession, TokenStore } from './token-store.js';

type TokenResponse = components['schemas']['TokenResponse'];

export { isSessionEndReason, type SessionEndReason, sessionEndingCodes } from './session-end.js';

/** The longest life of an access token the contract allows, in seconds. */
const accessLifetimeSeconds = Math.max(
  lifetimes.UserAccessToken.defaultSeconds,
  lifetimes.UserAccessToken.rememberMeSeconds,
);

/**
 * How long before its expiry an access token is refreshed: a minute, or a tenth of its
 * life when that is shorter, so that a call never leaves with a token about to die.
 */
const refreshMarginMs = Math.min(60, accessLifetimeSeconds / 10) * 1000;

/** The email and password of a person, and whether their session should last 30 days instead of 7. */
export interface LoginCredentials {
  email: string;
  password: string;
  /** `remember_me` of the login request (default false). */
  rememberMe?: boolean;
}

/** What a login established. The tokens themselves stay inside the SDK and its TokenStore. */
export interface SessionInfo {
  clientType: ClientType;
  /** When the access token expires (the SDK refreshes it a little before). */
  accessTokenExpiresAt: Date;
  /** When the refresh token expires unless it is rotated first. */
  refreshTokenExpiresAt: Date;
}

/** What a call gets when it asks for its credential. */
export type AccessGrant =
  | { kind: 'token'; token: string; generation: number }
  | { kind: 'none' }
  | { kind: 'failed'; answer: ErrorAnswer };

const noGrant: AccessGrant = { kind: 'none' };

/** What the session manager needs from the client that owns it. */
export interface SessionManagerOptions {
  /** An openapi-fetch client for the auth endpoints, without the application's middleware. */
  api: Client<paths>;
  clientType: ClientType;
  store: TokenStore;
  /** The pinned User-Agent, or undefined in browsers (which send their own). */
  userAgent: string | undefined;
  onSessionEnd: ((reason: SessionEndReason) => void) | undefined;
  /** Name of the cross-tab lock that serialises refreshes of this API. */
  lockName: string;
  now?: () => number;
}

/**
 * Owns one user session: logs in, hands out access tokens, refreshes them (proactively
 * before expiry, or after a 401 TOKEN_EXPIRED) with exactly one refresh in flight, stores
 * each rotated refresh token before using it, and ends the session when the server says so.
 */
export class SessionManager {
  readonly clientType: ClientType;
  readonly #api: Client<paths>;
  readonly #store: TokenStore;
  readonly #userAgent: string | undefined;
  readonly #onSessionEnd: ((reason: SessionEndReason) => void) | undefined;
  readonly #lockName: string;
  readonly #now: () => number;

  #current: StoredSession | undefined;
  #loaded = false;
  /** Bumped by every login, logout and end: answers for an older session are dropped. */
  #generation = 0;
  #inflight: { generation: number; promise: Promise<AccessGrant> } | undefined;
  #ended: { generation: number; answer: ErrorAnswer } | undefined;

  constructor(options: SessionManagerOptions) {
    this.clientType = options.clientType;
    this.#api = options.api;
    this.#store = options.store;
    this.#userAgent = options.userAgent;
    this.#onSessionEnd = options.onSessionEnd;
    this.#lockName = options.lockName;
    this.#now = options.now ?? Date.now;
  }

  /** Logs in and stores the new session; throws a NovaVmsError when the server refuses. */
  async login(credentials: LoginCredentials): Promise<SessionInfo> {
    const { email, password, rememberMe = false } = credentials;
    const result = await this.#api.POST('/api/auth/login', {
      body: { email, password, client_type: this.clientType, remember_me: rememberMe },
      headers: this.#headers(undefined),
      ...this.#cookieInit(),
    });
    if (result.data === undefined) throw toNovaVmsError(result);
    const session = this.#sessionFrom(result.data, 'login');
    this.#generation += 1;
    this.#ended = undefined;
    await this.#store.set(session);
    this.#current = session;
    this.#loaded = true;
    return {
      clientType: this.clientType,
      accessTokenExpiresAt: new Date(session.accessTokenExpiresAt),
      refreshTokenExpiresAt: new Date(this.#now() + result.data.refresh_token_expires_in * 1000),
    };
  }

  /**
   * The access token for a call about to leave when it is at hand: the session is loaded and
   * its token is not close to expiry. Undefined otherwise: then ask `accessToken()`, which
   * loads, refreshes or answers that there is no session. Synchronous, so that the common
   * call costs no extra promise.
   */
  freshGrant(): AccessGrant | undefined {
    const session = this.#current;
    if (!this.#loaded || session === undefined || !this.#isFresh(session)) return undefined;
    return { kind: 'token', token: session.accessToken, generation: this.#generation };
  }

  /**
   * The access token for a call about to leave, refreshed first when it is close to expiry.
   * `none` when there is no session (the call goes out without a credential).
   */
  async accessToken(): Promise<AccessGrant> {
    const session = await this.#load();
    if (session === undefined) return noGrant;
    const generation = this.#generation;
    if (this.#isFresh(session)) return { kind: 'token', token: session.accessToken, generation };
    const stillValid = (): boolean => this.#current === session && this.#now() < session.accessTokenExpiresAt;
    let grant: AccessGrant;
    try {
      grant = await this.#refresh(session.accessToken);
    } catch (error) {
      // An early refresh that could not reach the server is no reason to fail a call
      // whose token still works; a later call tries again.
      if (stillValid()) return { kind: 'token', token: session.accessToken, generation };
      throw error;
    }
    if (grant.kind === 'failed' && stillValid()) return { kind: 'token', token: session.accessToken, generation };
    return grant;
  }

  /**
   * A new access token for a call that was refused with TOKEN_EXPIRED. Calls that fail
   * together share one refresh; a call that fails after the refresh gets its result.
   */
  async renewAfterExpiry(sentToken: string, generation: number): Promise<AccessGrant> {
    if (generation !== this.#generation) {
      const ended = this.#ended;
      return ended !== undefined && ended.generation === generation
        ? { kind: 'failed', answer: ended.answer }
        : noGrant;
    }
    const session = this.#current;
    if (session === undefined) return noGrant;
    if (session.accessToken !== sentToken) return this.accessToken();
    return this.#refresh(sentToken);
  }

  /**
   * Refreshes now. Browser clients use it to pick up the session of their refresh cookie
   * after a page load. Throws a NovaVmsError when the server refuses.
   */
  async refresh(): Promise<void> {
    const session = await this.#load();
    const grant = await this.#refresh(session?.accessToken);
    if (grant.kind === 'token') return;
    if (grant.kind === 'failed') {
      throw toNovaVmsError({ error: grant.answer.problem, response: toResponse(grant.answer) });
    }
    throw new NovaVmsError({
      code: 'AUTHENTICATION_REQUIRED',
      status: 401,
      message: 'There is no session to refresh: log in first.',
    });
  }

  /**
   * Ends the session on the server and forgets it here. A refresh in flight finishes first,
   * so that the newest refresh credential is the one revoked.
   */
  async logout(): Promise<void> {
    await this.#inflight?.promise.catch(() => undefined);
    await withExclusiveLock(this.#lockName, async () => {
      const stored = (await this.#store.get()) ?? this.#current;
      this.#generation += 1;
      this.#ended = undefined;
      this.#current = undefined;
      this.#loaded = false;
      await this.#store.clear();
      if (this.clientType === 'api' && stored?.refreshToken === undefined) return;
      const result = await this.#api.POST('/api/auth/logout', {
        headers: this.#headers(stored?.refreshToken),
        params: this.#csrfParams(),
        ...this.#cookieInit(),
      });
      if (result.response.ok) return;
      const error = toNovaVmsError(result);
      if (isSessionEndReason(error.code)) return;
      throw error;
    });
  }

  #refresh(stale: string | undefined): Promise<AccessGrant> {
    const generation = this.#generation;
    if (this.#inflight !== undefined && this.#inflight.generation === generation) return this.#inflight.promise;
    const promise: Promise<AccessGrant> = withExclusiveLock(this.#lockName, () =>
      this.#refreshLocked(stale, generation),
    ).finally(() => {
      if (this.#inflight?.promise === promise) this.#inflight = undefined;
    });
    this.#inflight = { generation, promise };
    return promise;
  }

  async #refreshLocked(stale: string | undefined, generation: number): Promise<AccessGrant> {
    // Read the store again under the lock: another tab or client sharing it may have
    // refreshed (its token is then used as it is) or ended the session meanwhile.
    const stored = await this.#store.get();
    if (generation !== this.#generation) return noGrant;
    if (stored === undefined && this.#current !== undefined) {
      await this.#end('SESSION_REVOKED', undefined);
      return noGrant;
    }
    if (stored !== undefined && stored.accessToken !== stale && this.#isFresh(stored)) {
      this.#current = stored;
      this.#loaded = true;
      return { kind: 'token', token: stored.accessToken, generation };
    }
    const refreshToken = stored?.refreshToken;
    if (this.clientType === 'api' && refreshToken === undefined) return noGrant;

    const result = await this.#api.POST('/api/auth/refresh', {
      headers: this.#headers(refreshToken),
      params: this.#csrfParams(),
      ...this.#cookieInit(),
    });
    if (generation !== this.#generation) return noGrant;
    if (result.data !== undefined) {
      const session = this.#sessionFrom(result.data, 'refresh');
      // Persist the rotated refresh token before anything uses the new tokens: the old
      // one is dead now, and losing the new one would lose the session.
      await this.#store.set(session);
      if (generation !== this.#generation) return noGrant;
      this.#current = session;
      this.#loaded = true;
      return { kind: 'token', token: session.accessToken, generation };
    }
    const answer = errorAnswerFrom(result.error, result.response);
    const code = answer.problem?.code;
    // Only a session this client held can end: a browser that asks after a page load
    // whether its cookie holds a session, and hears that it does not, had none to lose.
    const held = stored !== undefined || this.#current !== undefined;
    if (code !== undefined && isSessionEndReason(code) && held) await this.#end(code, answer);
    return { kind: 'failed', answer };
  }

  /** Forgets the session and tells the application, once per session. */
  async #end(reason: SessionEndReason, answer: ErrorAnswer | undefined): Promise<void> {
    this.#ended = answer === undefined ? undefined : { generation: this.#generation, answer };
    this.#generation += 1;
    this.#current = undefined;
    // Read the store again on the next call: a client sharing it may log in anew.
    this.#loaded = false;
    try {
      await this.#store.clear();
    } finally {
      const onSessionEnd = this.#onSessionEnd;
      if (onSessionEnd !== undefined) {
        try {
          onSessionEnd(reason);
        } catch (error) {
          // Reported like an event listener's error: it must not fail the calls that wait.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    }
  }

  async #load(): Promise<StoredSession | undefined> {
    if (!this.#loaded) {
      const generation = this.#generation;
      const stored = await this.#store.get();
      if (!this.#loaded && generation === this.#generation) {
        this.#current = stored?.clientType === this.clientType ? stored : undefined;
        this.#loaded = true;
      }
    }
    return this.#current;
  }

  #isFresh(session: StoredSession): boolean {
    return this.#now() < session.accessTokenExpiresAt - refreshMarginMs;
  }

  #sessionFrom(tokens: TokenResponse, step: 'login' | 'refresh'): StoredSession {
    const lifetimeSeconds = Math.min(tokens.expires_in, accessLifetimeSeconds);
    const session: StoredSession = {
      clientType: this.clientType,
      accessToken: tokens.access_token,
      accessTokenExpiresAt: this.#now() + lifetimeSeconds * 1000,
    };
    if (this.clientType === 'api') {
      if (typeof tokens.refresh_token !== 'string') {
        throw new Error(
          `The ${step} answer has no refresh_token although the client logged in with client_type "api".`,
        );
      }
      session.refreshToken = tokens.refresh_token;
    }
    return session;
  }

  #headers(refreshToken: string | undefined): Record<string, string> {
    const headers: Record<string, string> = {};
    if (this.#userAgent !== undefined) headers['User-Agent'] = this.#userAgent;
    if (refreshToken !== undefined) headers.Authorization = `Bearer ${refreshToken}`;
    return headers;
  }

  #csrfParams(): { header?: { [refreshCookie.csrfHeader]: typeof refreshCookie.csrfValue } } {
    return this.clientType === 'web' ? { header: { [refreshCookie.csrfHeader]: refreshCookie.csrfValue } } : {};
  }

  #cookieInit(): { credentials?: RequestCredentials } {
    return this.clientType === 'web' ? { credentials: 'include' } : {};
  }
}
