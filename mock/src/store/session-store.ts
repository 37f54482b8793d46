/**
 * Login sessions and their refresh tokens (stored as digests). Rotation is one transaction
 * whose UPDATE only succeeds for a token not used yet, so of concurrent refreshes with one
 * token exactly one wins, even across processes sharing the database file.
 */
import type { Db } from './database.js';
import type { RefreshTokenRow, SessionRow } from './rows.js';

/** A refresh token to store. */
export interface NewRefreshToken {
  hash: Buffer;
  issuedAt: number;
  expiresAt: number;
}

/** The `sessions` and `refresh_tokens` tables. */
export class SessionStore {
  private readonly insertSessionStmt;
  private readonly insertTokenStmt;
  private readonly tokenByHashStmt;
  private readonly markUsedStmt;
  private readonly revokeStmt;
  private readonly byIdStmt;
  private readonly createTx;
  private readonly rotateTx;

  constructor(db: Db) {
    this.insertSessionStmt = db.prepare<[SessionRow]>(
      `INSERT INTO sessions (id, user_id, remember_me, user_agent_hash, created_at, revoked_at, revoked_reason)
       VALUES (@id, @user_id, @remember_me, @user_agent_hash, @created_at, @revoked_at, @revoked_reason)`,
    );
    this.insertTokenStmt = db.prepare<[Buffer, string, number, number]>(
      'INSERT INTO refresh_tokens (token_hash, session_id, issued_at, expires_at) VALUES (?, ?, ?, ?)',
    );
    this.tokenByHashStmt = db.prepare<[Buffer], RefreshTokenRow>(
      `SELECT t.seq, t.token_hash, t.session_id, t.issued_at, t.expires_at, t.used_at,
              s.user_id, s.remember_me, s.user_agent_hash, s.revoked_at AS session_revoked_at
       FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = ?`,
    );
    this.markUsedStmt = db.prepare<[number, number]>(
      'UPDATE refresh_tokens SET used_at = ? WHERE seq = ? AND used_at IS NULL',
    );
    this.revokeStmt = db.prepare<[number, string, string]>(
      'UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL',
    );
    this.byIdStmt = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?');
    this.createTx = db.transaction((session: SessionRow, token: NewRefreshToken) => {
      this.insertSessionStmt.run(session);
      this.insertTokenStmt.run(token.hash, session.id, token.issuedAt, token.expiresAt);
    });
    this.rotateTx = db.transaction((tokenSeq: number, sessionId: string, next: NewRefreshToken): boolean => {
      if (this.markUsedStmt.run(next.issuedAt, tokenSeq).changes !== 1) return false;
      this.insertTokenStmt.run(next.hash, sessionId, next.issuedAt, next.expiresAt);
      return true;
    });
  }

  /** Stores a new session with its first refresh token, atomically. */
  create(session: SessionRow, token: NewRefreshToken): void {
    this.createTx(session, token);
  }

  /** The refresh token with this digest, joined with its session. */
  tokenByHash(hash: Buffer): RefreshTokenRow | undefined {
    return this.tokenByHashStmt.get(hash);
  }

  /**
   * Marks the token used and stores its successor in one transaction. False when the token was
   * already used: another refresh won, and the caller treats this one as reuse.
   */
  rotate(tokenSeq: number, sessionId: string, next: NewRefreshToken): boolean {
    return this.rotateTx.immediate(tokenSeq, sessionId, next);
  }

  /** Ends a session (every refresh token of it); false when it had already ended. */
  revoke(sessionId: string, at: number, reason: string): boolean {
    return this.revokeStmt.run(at, reason, sessionId).changes === 1;
  }

  /** One session, or undefined. */
  byId(id: string): SessionRow | undefined {
    return this.byIdStmt.get(id);
  }
}
