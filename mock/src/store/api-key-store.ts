/**
 * API keys, stored only as SHA-256 digests of the secret, with the last four characters for
 * the masked form. Aliases are extra digests that stand for an existing key (the local
 * placeholder `sk_live_abc123`).
 */
import type { Db } from './database.js';
import type { ApiKeyCredentialRow, ApiKeyRow } from './rows.js';

const CREDENTIAL_COLUMNS = `k.id, k.mode, k.expires_at, k.revoked_at, k.service_account_id,
  sa.org_id, sa.role, sa.name AS service_account_name
  FROM api_keys k JOIN service_accounts sa ON sa.id = k.service_account_id`;

/** A rotation of a key, as `supersede` records it. */
export interface Supersession {
  id: string;
  replacedBy: string;
  at: number;
  /** When the old key stops working, or null to revoke it at `at`. */
  overlapEnd: number | null;
}

/** The `api_keys` and `api_key_aliases` tables. */
export class ApiKeyStore {
  private readonly credentialByHashStmt;
  private readonly credentialByIdStmt;
  private readonly byIdStmt;
  private readonly firstPageStmt;
  private readonly pageStmt;
  private readonly insertStmt;
  private readonly revokeStmt;
  private readonly supersedeStmt;
  private readonly aliasesStmt;
  private readonly insertAliasStmt;
  private readonly totalChangesStmt;
  private readonly dataVersionStmt;

  constructor(db: Db) {
    this.credentialByHashStmt = db.prepare<[Buffer], ApiKeyCredentialRow>(
      `SELECT ${CREDENTIAL_COLUMNS} WHERE k.key_hash = ?`,
    );
    this.credentialByIdStmt = db.prepare<[string], ApiKeyCredentialRow>(`SELECT ${CREDENTIAL_COLUMNS} WHERE k.id = ?`);
    this.byIdStmt = db.prepare<[string, string], ApiKeyRow>(
      'SELECT * FROM api_keys WHERE service_account_id = ? AND id = ?',
    );
    this.firstPageStmt = db.prepare<[string, number], ApiKeyRow>(
      'SELECT * FROM api_keys WHERE service_account_id = ? ORDER BY seq DESC LIMIT ?',
    );
    this.pageStmt = db.prepare<[string, number, number], ApiKeyRow>(
      'SELECT * FROM api_keys WHERE service_account_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
    );
    this.insertStmt = db.prepare<[Omit<ApiKeyRow, 'seq'>]>(
      `INSERT INTO api_keys (id, service_account_id, name, mode, key_hash, last4, created_at, expires_at, revoked_at, replaced_by)
       VALUES (@id, @service_account_id, @name, @mode, @key_hash, @last4, @created_at, @expires_at, @revoked_at, @replaced_by)`,
    );
    this.revokeStmt = db.prepare<[number, string]>(
      'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    );
    // One statement, so that a key is superseded at most once even by two processes at a time.
    this.supersedeStmt = db.prepare<[Supersession]>(
      `UPDATE api_keys SET replaced_by = @replacedBy,
         revoked_at = CASE WHEN @overlapEnd IS NULL THEN @at ELSE revoked_at END,
         expires_at = CASE WHEN @overlapEnd IS NOT NULL AND (expires_at IS NULL OR expires_at > @overlapEnd) THEN @overlapEnd ELSE expires_at END
       WHERE id = @id AND replaced_by IS NULL AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @at)`,
    );
    this.aliasesStmt = db.prepare<[], { alias_hash: Buffer; key_id: string }>(
      'SELECT alias_hash, key_id FROM api_key_aliases',
    );
    this.insertAliasStmt = db.prepare<[Buffer, string]>(
      'INSERT INTO api_key_aliases (alias_hash, key_id) VALUES (?, ?)',
    );
    // Two statements rather than `SELECT … FROM pragma_data_version`: that table-valued form
    // prepares an inner PRAGMA statement on every step, which costs more than the rest of a
    // key check together.
    this.totalChangesStmt = db.prepare<[], number>('SELECT total_changes()').pluck();
    // A private in-memory database (`:memory:`) has no other connection whose commits could
    // move data_version, so it is not read there.
    this.dataVersionStmt = db.name === ':memory:' ? undefined : db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  /**
   * Two counters that together move whenever the database may have changed: rows written by
   * this connection (`total_changes()`) and commits by any other connection, such as another
   * server process on the same file (`PRAGMA data_version`). Reading them touches no table.
   */
  changeStamp(): readonly [number, number] {
    return [this.totalChangesStmt.get()!, this.dataVersionStmt?.get() ?? 0];
  }

  /** The key whose secret has this digest, with its service account. */
  credentialByHash(hash: Buffer): ApiKeyCredentialRow | undefined {
    return this.credentialByHashStmt.get(hash);
  }

  /** The key with this id, with its service account (for aliases). */
  credentialById(id: string): ApiKeyCredentialRow | undefined {
    return this.credentialByIdStmt.get(id);
  }

  /** One key of a service account, or undefined. */
  byId(serviceAccountId: string, keyId: string): ApiKeyRow | undefined {
    return this.byIdStmt.get(serviceAccountId, keyId);
  }

  /** Up to `limit` keys of a service account, newest first, older than `beforeSeq` when given. */
  page(serviceAccountId: string, beforeSeq: number | null, limit: number): ApiKeyRow[] {
    return beforeSeq === null
      ? this.firstPageStmt.all(serviceAccountId, limit)
      : this.pageStmt.all(serviceAccountId, beforeSeq, limit);
  }

  /** Adds a key. */
  insert(row: Omit<ApiKeyRow, 'seq'>): void {
    this.insertStmt.run(row);
  }

  /** Revokes a key at `at`; a key already revoked keeps its first revocation time. */
  revoke(id: string, at: number): void {
    this.revokeStmt.run(at, id);
  }

  /**
   * Records that `replacedBy` took the place of the key `id` at `at`: the key is revoked then,
   * or, with an overlap, stops working at `overlapEnd` (or earlier, if it already expires
   * sooner). False, and nothing changes, unless the key was active and not rotated yet.
   */
  supersede(change: Supersession): boolean {
    return this.supersedeStmt.run(change).changes === 1;
  }

  /** Every alias: digest (hex) → key id. */
  aliases(): Map<string, string> {
    return new Map(this.aliasesStmt.all().map((row) => [row.alias_hash.toString('hex'), row.key_id]));
  }

  /** Registers `hash` as another digest of the key `keyId`. */
  insertAlias(hash: Buffer, keyId: string): void {
    this.insertAliasStmt.run(hash, keyId);
  }
}
