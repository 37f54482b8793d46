import type { Client } from 'openapi-fetch';
import { lifetimes, refreshCookie } from '../generated/contract.js';
import type { components, paths } from '../generated/schema.js';
import { DeadlineReason, timeLimit, untilAborted } from './deadline.js';
import { NovaVmsError, type TimeoutStage, toNovaVmsError } from './errors.js';
import { holdLock, type SessionLock } from './locks.js';
import { type ErrorAnswer, errorAnswerFrom, peekProblemCode, toResponse } from './problem-response.js';
import { isSessionEndReason, type SessionEndReason } from './session-end.js';
import { reportListenerError, type SessionEvent, SessionEvents, type SessionListener } from './session-events.js';
import type { ClientType, StoredSession, TokenStore } from './token-store.js';
import type { Credential, SentCredential } from './transport.js';

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

/** The session a client holds, as `auth.getSession()` tells it: who and until when, never a token. */
export interface SessionSnapshot {
  /** The principal: a signed-in person (service accounts have keys, not sessions). */
  kind: 'user';
  clientType: ClientType;
  /** When the current access token expires (the SDK refreshes it a little before). */
  accessTokenExpiresAt: Date;
  /** When the session ends unless it is refreshed first; undefined when the store did not keep it. */
  refreshTokenExpiresAt: Date | undefined;
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
  /** The lock held around reading the store, refreshing and writing the rotated token. */
  lock: SessionLock;
  /** Name of that lock (one per API: the tabs of an origin share the refresh cookie). */
  lockName: string;
  /** Longest wait for the lock, in ms (0: none). */
  lockTimeoutMs: number;
  /** Longest refresh (store, HTTP, store), in ms (0: none). */
  refreshTimeoutMs: number;
  /** Longest login or logout request, in ms (0: none). */
  requestTimeoutMs: number;
  /** The BroadcastChannel name for events to other tabs (browsers), or undefined. */
  channelName: string | undefined;
  now?: () => number;
}

/**
 * Owns one user session: logs in, hands out access tokens, refreshes them (proactively
 * before expiry, or after a 401 TOKEN_EXPIRED) with exactly one refresh in flight under the
 * session lock, stores each rotated refresh token before using it, ends the session when the
 * server says so, and tells listeners (and other tabs) what changed.
 */
export class SessionManager {
  readonly clientType: ClientType;
  readonly #api: Client<paths>;
  readonly #store: TokenStore;
  readonly #userAgent: string | undefined;
  readonly #onSessionEnd: ((reason: SessionEndReason) => void) | undefined;
  readonly #lock: SessionLock;
  readonly #lockName: string;
  readonly #lockTimeoutMs: number;
  readonly #refreshTimeoutMs: number;
  readonly #requestTimeoutMs: number;
  readonly #events: SessionEvents;
  readonly #now: () => number;

  #current: StoredSession | undefined;
  #loaded = false;
  /** Bumped by every login, logout and end: answers for an older session are dropped. */
  #generation = 0;
  #inflight: { generation: number; promise: Promise<AccessGrant> } | undefined;
  #ended: { generation: number; answer: ErrorAnswer } | undefined;
  /**
   * Browser (`web`) clients only: whether the refresh cookie may hold a session this client
   * has not picked up yet (after a page load, or after another tab signed in).
   */
  #cookieUnknown: boolean;
  /** The grant `freshGrant` handed out last, given again while it holds (no object per call). */
  #grant: (AccessGrant & { kind: 'token' }) | undefined;

  constructor(options: SessionManagerOptions) {
    this.clientType = options.clientType;
    this.#api = options.api;
    this.#store = options.store;
    this.#userAgent = options.userAgent;
    this.#onSessionEnd = options.onSessionEnd;
    this.#lock = options.lock;
    this.#lockName = options.lockName;
    this.#lockTimeoutMs = options.lockTimeoutMs;
    this.#refreshTimeoutMs = options.refreshTimeoutMs;
    this.#requestTimeoutMs = options.requestTimeoutMs;
    this.#now = options.now ?? Date.now;
    this.#cookieUnknown = options.clientType === 'web';
    this.#events = new SessionEvents(options.channelName, (event) => void this.#fromOtherTab(event));
  }

  /** Adds a listener of session events; returns the function that removes it. */
  onChange(listener: SessionListener): () => void {
    return this.#events.listen(listener);
  }

  /**
   * Logs in and stores the new session; throws a NovaVmsError when the server refuses. Never
   * retried. When the store fails to keep the session, the session is ended on the server and
   * the store's error is thrown.
   */
  async login(credentials: LoginCredentials): Promise<SessionInfo> {
    const { email, password, rememberMe = false } = credentials;
    const result = await this.#request('call', this.#requestTimeoutMs, (signal) =>
      this.#api.POST('/api/auth/login', {
        body: { email, password, client_type: this.clientType, remember_me: rememberMe },
        headers: this.#headers(undefined),
        signal,
        ...this.#cookieInit(),
      }),
    );
    if (result.data === undefined) throw toNovaVmsError(result);
    const session = this.#sessionFrom(result.data, 'login');
    this.#generation += 1;
    this.#ended = undefined;
    this.#cookieUnknown = false;
    try {
      await this.#store.set(session);
    } catch (error) {
      // A session the store could not keep is of no use to anyone: it is ended on the server
      // too (as far as the server answers in time), and the store's error is the login's.
      await this.#revoke(session.refreshToken).catch(() => undefined);
      throw error;
    }
    this.#current = session;
    this.#loaded = true;
    this.#events.emit({ type: 'signed-in', fromOtherTab: false });
    return {
      clientType: this.clientType,
      accessTokenExpiresAt: new Date(session.accessTokenExpiresAt),
      refreshTokenExpiresAt: new Date(session.refreshTokenExpiresAt ?? this.#now()),
    };
  }

  /**
   * The session this client holds, without any token: undefined when there is none. A browser
   * client that has not looked yet picks up the session of its refresh cookie first (one
   * refresh, shared with the calls that need it).
   */
  async getSession(): Promise<SessionSnapshot | undefined> {
    let session = await this.#load();
    if (session === undefined && this.#cookieUnknown) {
      await this.accessToken();
      session = this.#current;
    }
    if (session === undefined) return undefined;
    return {
      kind: 'user',
      clientType: session.clientType,
      accessTokenExpiresAt: new Date(session.accessTokenExpiresAt),
      refreshTokenExpiresAt:
        session.refreshTokenExpiresAt === undefined ? undefined : new Date(session.refreshTokenExpiresAt),
    };
  }

  /**
   * The access token for a call about to leave when it is at hand: the session is loaded and
   * its token is not close to expiry. Undefined otherwise: then ask `accessToken()`, which
   * loads, refreshes or answers that there is no session. Synchronous, so that the common
   * call costs no extra promise.
   */
  freshGrant(): (AccessGrant & { kind: 'token' }) | undefined {
    const session = this.#current;
    if (!this.#loaded || session === undefined || !this.#isFresh(session)) return undefined;
    const cached = this.#grant;
    if (cached !== undefined && cached.token === session.accessToken && cached.generation === this.#generation) {
      return cached;
    }
    this.#grant = { kind: 'token', token: session.accessToken, generation: this.#generation };
    return this.#grant;
  }

  /**
   * The access token for a call about to leave, refreshed first when it is close to expiry.
   * `none` when there is no session (the call goes out without a credential). A browser client
   * without a session that has not looked yet picks up its cookie session (one refresh).
   */
  async accessToken(): Promise<AccessGrant> {
    const session = await this.#load();
    if (session === undefined) {
      if (!this.#cookieUnknown) return noGrant;
      const grant = await this.#refresh(undefined);
      if (grant.kind === 'failed' && grant.answer.status >= 500) return noGrant;
      // The cookie held a session, or the server said it holds none: either way this client knows now.
      this.#cookieUnknown = false;
      return grant.kind === 'token' ? grant : noGrant;
    }
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
   * Ends the session on the server and forgets it here. The session is forgotten in any case,
   * even when the server cannot be reached; then the typed error says that the server may still
   * hold it. A refresh in flight finishes first, so that the newest refresh credential is the
   * one revoked; it is waited for within its own time limit and within logout's as well.
   */
  async logout(): Promise<void> {
    const inflight = this.#inflight?.promise;
    if (inflight !== undefined) {
      const limit = this.#requestTimeoutMs > 0 ? timeLimit('call', this.#requestTimeoutMs) : undefined;
      await untilAborted(inflight, limit?.signal).catch(() => undefined);
      limit?.clear();
    }
    let stored: StoredSession | undefined;
    const forget = async (): Promise<void> => {
      stored = (await this.#store.get()) ?? this.#current;
      this.#forget();
      await this.#store.clear();
    };
    try {
      await holdLock(this.#lock, this.#lockName, forget, this.#lockTimeoutMs);
    } catch {
      // The lock is stuck elsewhere: the session is still forgotten here.
      stored ??= this.#current;
      this.#forget();
      await this.#store.clear();
    }
    this.#events.emit({ type: 'signed-out', fromOtherTab: false });
    await this.#revoke(stored?.refreshToken);
  }

  /** Ends the session of `refreshToken` (of the cookie, for web clients) on the server; one already ended is fine. */
  async #revoke(refreshToken: string | undefined): Promise<void> {
    if (this.clientType === 'api' && refreshToken === undefined) return;
    const result = await this.#request('call', this.#requestTimeoutMs, (signal) =>
      this.#api.POST('/api/auth/logout', {
        headers: this.#headers(refreshToken),
        params: this.#csrfParams(),
        signal,
        ...this.#cookieInit(),
      }),
    );
    if (result.response.ok) return;
    const error = toNovaVmsError(result);
    if (isSessionEndReason(error.code)) return;
    throw error;
  }

  /** The credential of session calls: the access token, refreshed as needed, renewed after TOKEN_EXPIRED. */
  credential(): Credential {
    const toCredential = (grant: AccessGrant): SentCredential | Response | undefined => {
      if (grant.kind === 'failed') return toResponse(grant.answer);
      if (grant.kind === 'none') return undefined;
      return { token: grant.token, generation: grant.generation };
    };
    return {
      apply: (request, signal) => {
        const fresh = this.freshGrant();
        if (fresh !== undefined) {
          request.headers.set('Authorization', `Bearer ${fresh.token}`);
          return fresh;
        }
        return untilAborted(this.accessToken(), signal).then((grant) => {
          const sent = toCredential(grant);
          if (sent !== undefined && !(sent instanceof Response))
            request.headers.set('Authorization', `Bearer ${sent.token}`);
          return sent;
        });
      },
      renew: async (sent, response, signal) => {
        if ((await peekProblemCode(response)) !== 'TOKEN_EXPIRED') return undefined;
        return toCredential(await untilAborted(this.renewAfterExpiry(sent.token, sent.generation), signal));
      },
    };
  }

  #refresh(stale: string | undefined): Promise<AccessGrant> {
    const generation = this.#generation;
    if (this.#inflight !== undefined && this.#inflight.generation === generation) return this.#inflight.promise;
    const promise: Promise<AccessGrant> = holdLock(
      this.#lock,
      this.#lockName,
      () =>
        this.#request('refresh', this.#refreshTimeoutMs, (signal) => this.#refreshLocked(stale, generation, signal)),
      this.#lockTimeoutMs,
    ).finally(() => {
      if (this.#inflight?.promise === promise) this.#inflight = undefined;
    });
    this.#inflight = { generation, promise };
    return promise;
  }

  async #refreshLocked(
    stale: string | undefined,
    generation: number,
    signal: AbortSignal | undefined,
  ): Promise<AccessGrant> {
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
      signal,
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
      this.#events.emit({ type: 'token-refreshed', fromOtherTab: false });
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

  /**
   * Runs one request of the session (login, refresh, logout) within `timeoutMs`: its signal
   * aborts the HTTP request, and the wait ends then even if the fetch ignores the signal.
   */
  async #request<T>(
    stage: TimeoutStage,
    timeoutMs: number,
    run: (signal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    if (timeoutMs <= 0) return this.#typed(run(undefined));
    const limit = timeLimit(stage, timeoutMs);
    try {
      return await this.#typed(untilAborted(run(limit.signal), limit.signal));
    } finally {
      limit.clear();
    }
  }

  /** `promise` with a time limit's failure typed as TIMEOUT (the session's fetch types network failures itself). */
  async #typed<T>(promise: Promise<T>): Promise<T> {
    try {
      return await promise;
    } catch (error) {
      if (error instanceof DeadlineReason) throw error.error();
      throw error;
    }
  }

  /** Forgets the session in memory: answers still on their way for it are dropped. */
  #forget(): void {
    this.#generation += 1;
    this.#ended = undefined;
    this.#current = undefined;
    this.#loaded = false;
    this.#cookieUnknown = false;
  }

  /** Acts on an event of another tab, then tells this client's listeners. */
  async #fromOtherTab(event: SessionEvent): Promise<void> {
    if (event.type === 'signed-in') {
      // The refresh cookie belongs to the new session now: pick it up on the next call.
      this.#forget();
      this.#cookieUnknown = this.clientType === 'web';
    } else if (event.type === 'signed-out' || event.type === 'session-ended') {
      this.#forget();
      await this.#store.clear();
    }
    this.#events.emit(event);
  }

  /** Forgets the session and tells the application, once per session. */
  async #end(reason: SessionEndReason, answer: ErrorAnswer | undefined): Promise<void> {
    this.#ended = answer === undefined ? undefined : { generation: this.#generation, answer };
    this.#generation += 1;
    this.#current = undefined;
    this.#cookieUnknown = false;
    // Read the store again on the next call: a client sharing it may log in anew.
    this.#loaded = false;
    try {
      await this.#store.clear();
    } finally {
      this.#events.emit({ type: 'session-ended', reason, fromOtherTab: false });
      const onSessionEnd = this.#onSessionEnd;
      if (onSessionEnd !== undefined) {
        try {
          onSessionEnd(reason);
        } catch (error) {
          // It must not fail the calls that wait.
          reportListenerError(error);
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
    const now = this.#now();
    const session: StoredSession = {
      clientType: this.clientType,
      accessToken: tokens.access_token,
      accessTokenExpiresAt: now + lifetimeSeconds * 1000,
      refreshTokenExpiresAt: now + tokens.refresh_token_expires_in * 1000,
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
