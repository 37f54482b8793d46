/** Cameras, per organisation and environment, in identifier order. */
import type { Db } from './database.js';
import type { CameraRow } from './rows.js';

/** The `cameras` table. */
export class CameraStore {
  private readonly pageStmt;
  private readonly byIdStmt;
  private readonly insertStmt;

  constructor(db: Db) {
    this.pageStmt = db.prepare<[string, string, string, number], CameraRow>(
      'SELECT * FROM cameras WHERE org_id = ? AND environment = ? AND id > ? ORDER BY id LIMIT ?',
    );
    this.byIdStmt = db.prepare<[string, string, string], CameraRow>('SELECT * FROM cameras WHERE org_id = ? AND environment = ? AND id = ?');
    this.insertStmt = db.prepare<[CameraRow]>(
      'INSERT INTO cameras (id, org_id, environment, name, site, status, created_at) VALUES (@id, @org_id, @environment, @name, @site, @status, @created_at)',
    );
  }

  /** Up to `limit` cameras of one environment whose id sorts after `afterId`. */
  page(orgId: string, environment: string, afterId: string, limit: number): CameraRow[] {
    return this.pageStmt.all(orgId, environment, afterId, limit);
  }

  /** One camera of one environment, or undefined. */
  byId(orgId: string, environment: string, id: string): CameraRow | undefined {
    return this.byIdStmt.get(orgId, environment, id);
  }

  /** Adds a camera. */
  insert(row: CameraRow): void {
    this.insertStmt.run(row);
  }
}
