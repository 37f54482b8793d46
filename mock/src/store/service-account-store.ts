/** Service accounts of an organisation, in identifier order. */
import type { Db } from './database.js';
import type { ServiceAccountRow } from './rows.js';

/** The `service_accounts` table. */
export class ServiceAccountStore {
  private readonly pageStmt;
  private readonly byIdStmt;
  private readonly insertStmt;

  constructor(db: Db) {
    this.pageStmt = db.prepare<[string, string, number], ServiceAccountRow>(
      'SELECT * FROM service_accounts WHERE org_id = ? AND id > ? ORDER BY id LIMIT ?',
    );
    this.byIdStmt = db.prepare<[string, string], ServiceAccountRow>(
      'SELECT * FROM service_accounts WHERE org_id = ? AND id = ?',
    );
    this.insertStmt = db.prepare<[ServiceAccountRow]>(
      'INSERT INTO service_accounts (id, org_id, name, description, role, created_at) VALUES (@id, @org_id, @name, @description, @role, @created_at)',
    );
  }

  /** Up to `limit` service accounts whose id sorts after `afterId`. */
  page(orgId: string, afterId: string, limit: number): ServiceAccountRow[] {
    return this.pageStmt.all(orgId, afterId, limit);
  }

  /** One service account of the organisation, or undefined. */
  byId(orgId: string, id: string): ServiceAccountRow | undefined {
    return this.byIdStmt.get(orgId, id);
  }

  /** Adds a service account. */
  insert(row: ServiceAccountRow): void {
    this.insertStmt.run(row);
  }
}
