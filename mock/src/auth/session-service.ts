/**
 * Login sessions: starting one, refreshing it with strict rotation and reuse detection
 * (RFC 9700 §4.14.2), User-Agent binding (no IP binding: D-R2) and logout. Refresh tokens are
 * stored only as digests; a session's refresh tokens live 7 days, or 30 with remember_me,
 * each from its own issue time.
 */
import { lifetimes } from '../../../generated/contract.js';
import type { AuditLog } from '../audit-log.js';
import type { Clock } from '../clock.js';
import { randomBase62 } from '../random.js';
import type { Store } from '../store/index.js';
import type { UserRow } from '../store/rows.js';
import { digest, digestsEqual } from './digest.js';
import { isWellFormedRefreshToken, newRefreshToken } from './refresh-token-format.js';
import { rejectCredential } from './rejections.js';
import type { SCHEMES } from './scheme-names.js';

/** Which refresh scheme carries the token: the body/bearer one or the browser cookie. */
export type RefreshScheme = typeof SCHEMES.refreshToken | typeof SCHEMES.refreshCookie;

/** A refresh token just issued for a session. */
export interface IssuedRefresh {
  user: UserRow;
  sessionId: string;
  rememberMe: boolean;
  refreshToken: string;
  refreshTtlSeconds: number;
}

/** Seconds a refresh token of `scheme` lives. */
function refreshLifetime(scheme: RefreshScheme, rememberMe: boolean): number {
  const lifetime = lifetimes[scheme];
  return rememberMe ? lifetime.rememberMeSeconds : lifetime.defaultSeconds;
}

/** Starts, refreshes and ends sessions. */
export class SessionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  /** A new session for `user`, bound to `userAgent`, with its first refresh token. */
  start(user: UserRow, rememberMe: boolean, userAgent: string, scheme: RefreshScheme): IssuedRefresh {
    const now = this.clock.nowMs();
    const sessionId = `ses_${randomBase62(20)}`;
    const refreshToken = newRefreshToken();
    const ttl = refreshLifetime(scheme, rememberMe);
    this.store.sessions.create(
      {
        id: sessionId,
        user_id: user.id,
        remember_me: rememberMe ? 1 : 0,
        user_agent_hash: digest(userAgent),
        created_at: now,
        revoked_at: null,
        revoked_reason: null,
      },
      { hash: digest(refreshToken), issuedAt: now, expiresAt: now + ttl * 1000 },
    );
    this.audit.record(user.org_id, 'login.succeeded', user.id, sessionId);
    return { user, sessionId, rememberMe, refreshToken, refreshTtlSeconds: ttl };
  }

  /**
   * Rotates a refresh token. The checks run in the contract's order: unknown → INVALID_TOKEN;
   * already rotated → REFRESH_TOKEN_REUSED (the session is revoked); session ended →
   * SESSION_REVOKED; expired → SESSION_EXPIRED; other User-Agent → SESSION_MISMATCH (the
   * session is revoked). The client's address is never looked at.
   */
  refresh(token: string, userAgent: string, scheme: RefreshScheme): IssuedRefresh {
    const row = isWellFormedRefreshToken(token) ? this.store.sessions.tokenByHash(digest(token)) : undefined;
    if (!row) throw rejectCredential('INVALID_TOKEN', 'The refresh token is not known.');
    const user = this.store.users.byId(row.user_id);
    if (!user) throw rejectCredential('INVALID_TOKEN', 'The refresh token is not known.');
    const now = this.clock.nowMs();
    if (row.used_at !== null) {
      this.end(user, row.session_id, 'reuse', 'session.reuse_detected');
      throw rejectCredential(
        'REFRESH_TOKEN_REUSED',
        'This refresh token was already rotated; the session has been revoked.',
      );
    }
    if (row.session_revoked_at !== null)
      throw rejectCredential('SESSION_REVOKED', 'The session has ended; log in again.');
    if (row.expires_at <= now)
      throw rejectCredential('SESSION_EXPIRED', 'The refresh token has expired; log in again.');
    if (!digestsEqual(row.user_agent_hash, digest(userAgent))) {
      this.end(user, row.session_id, 'user-agent-mismatch', 'session.mismatch');
      throw rejectCredential('SESSION_MISMATCH', 'The User-Agent differs from the one of the login; log in again.');
    }
    if (user.disabled) {
      this.end(user, row.session_id, 'user-disabled', 'session.revoked');
      throw rejectCredential('SESSION_REVOKED', 'The session has ended; log in again.');
    }
    const rememberMe = row.remember_me === 1;
    const ttl = refreshLifetime(scheme, rememberMe);
    const refreshToken = newRefreshToken();
    const rotated = this.store.sessions.rotate(row.seq, row.session_id, {
      hash: digest(refreshToken),
      issuedAt: now,
      expiresAt: now + ttl * 1000,
    });
    if (!rotated) {
      this.end(user, row.session_id, 'reuse', 'session.reuse_detected');
      throw rejectCredential(
        'REFRESH_TOKEN_REUSED',
        'This refresh token was already rotated; the session has been revoked.',
      );
    }
    return { user, sessionId: row.session_id, rememberMe, refreshToken, refreshTtlSeconds: ttl };
  }

  /** Ends the session of a known refresh token (any state); INVALID_TOKEN when unknown. */
  logout(token: string): void {
    const row = isWellFormedRefreshToken(token) ? this.store.sessions.tokenByHash(digest(token)) : undefined;
    const user = row ? this.store.users.byId(row.user_id) : undefined;
    if (!row || !user) throw rejectCredential('INVALID_TOKEN', 'The refresh token is not known.');
    this.end(user, row.session_id, 'logout', 'session.revoked');
  }

  private end(
    user: UserRow,
    sessionId: string,
    reason: string,
    event: 'session.revoked' | 'session.reuse_detected' | 'session.mismatch',
  ): void {
    const ended = this.store.sessions.revoke(sessionId, this.clock.nowMs(), reason);
    if (ended || event === 'session.reuse_detected') this.audit.record(user.org_id, event, user.id, sessionId);
  }
}
