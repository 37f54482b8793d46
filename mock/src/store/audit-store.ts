/** The audit trail of an organisation, newest first. */
import type { Db } from './database.js';
import type { AuditEventRow } from './rows.js';

/** The `audit_events` table. */
export class AuditStore {
  private readonly insertStmt;
  private readonly firstPageStmt;
  private readonly pageStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<[Omit<AuditEventRow, 'seq'>]>(
      'INSERT INTO audit_events (id, org_id, type, occurred_at, actor_id, target_id) VALUES (@id, @org_id, @type, @occurred_at, @actor_id, @target_id)',
    );
    this.firstPageStmt = db.prepare<[string, number], AuditEventRow>(
      'SELECT * FROM audit_events WHERE org_id = ? ORDER BY seq DESC LIMIT ?',
    );
    this.pageStmt = db.prepare<[string, number, number], AuditEventRow>(
      'SELECT * FROM audit_events WHERE org_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
    );
  }

  /** Appends an event. */
  insert(row: Omit<AuditEventRow, 'seq'>): void {
    this.insertStmt.run(row);
  }

  /** Up to `limit` events, newest first, older than `beforeSeq` when given. */
  page(orgId: string, beforeSeq: number | null, limit: number): AuditEventRow[] {
    return beforeSeq === null ? this.firstPageStmt.all(orgId, limit) : this.pageStmt.all(orgId, beforeSeq, limit);
  }
}
