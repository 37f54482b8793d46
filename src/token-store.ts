import type { components } from '../generated/schema.js';

/** `api` keeps the refresh token in the store; `web` leaves it in the browser's HttpOnly cookie. */
export type ClientType = components['schemas']['ClientType'];

/** The state of one signed-in session, as a TokenStore keeps it. */
export interface StoredSession {
  /** How the session logged in, which decides how it refreshes. */
  clientType: ClientType;
  /** The current access token (a JWT). */
  accessToken: string;
  /** When the access token expires, in milliseconds since the epoch, by the local clock. */
  accessTokenExpiresAt: number;
  /** When the refresh token (the session) expires unless rotated first, in milliseconds since the epoch. */
  refreshTokenExpiresAt?: number;
  /**
   * The current refresh token, for `api` clients only. It rotates on every refresh and a
   * rotated one must never be sent again, so the store must always hold the newest one.
   * Browser (`web`) sessions never see it: it lives in an HttpOnly cookie.
   */
  refreshToken?: string;
}

/**
 * Where a session's tokens live between calls: in memory by default, or anywhere the
 * application can persist them (a keychain, an encrypted file, a shared cache). The SDK
 * writes every rotated refresh token here before it uses it, and reads the store again under
 * the session lock before each refresh. What holds when several clients share one store:
 * - within one process (or the tabs of one browser) with the default lock: they refresh at most
 *   once per expiry, the others take the token the first one stored;
 * - across processes, only with a `session.lock` they share too (a Redis or Postgres lock):
 *   without it each process refreshes, the second presents a rotated token, and the server
 *   ends the session (REFRESH_TOKEN_REUSED).
 */
export interface TokenStore {
  /** The stored session, or undefined when there is none. */
  get(): Promise<StoredSession | undefined>;
  /** Replaces the stored session. It must not resolve before the value is durable. */
  set(session: StoredSession): Promise<void>;
  /** Forgets the session (logout, or a session the server has ended). */
  clear(): Promise<void>;
}

/** The default TokenStore: the session lives in this process's memory and dies with it. */
export function memoryTokenStore(): TokenStore {
  let current: StoredSession | undefined;
  return {
    get: async () => (current === undefined ? undefined : { ...current }),
    set: async (session) => {
      current = { ...session };
    },
    clear: async () => {
      current = undefined;
    },
  };
}
