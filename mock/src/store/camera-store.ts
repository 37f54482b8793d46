/**
 * Cameras, per organisation and environment, in identifier order. No operation changes a
 * camera, so each environment's list is read from the database once and served from memory
 * (the hot path of the API); seeding and resets drop the copy.
 */
import type { Db } from './database.js';
import type { CameraRow } from './rows.js';

/** The `cameras` table. */
export class CameraStore {
  private readonly listStmt;
  private readonly insertStmt;
  private readonly lists = new Map<string, { rows: CameraRow[]; byId: Map<string, CameraRow> }>();
  private readonly memos = new Map<string, string>();

  constructor(db: Db) {
    this.listStmt = db.prepare<[string, string], CameraRow>(
      'SELECT * FROM cameras WHERE org_id = ? AND environment = ? ORDER BY id',
    );
    this.insertStmt = db.prepare<[CameraRow]>(
      'INSERT INTO cameras (id, org_id, environment, name, site, status, created_at) VALUES (@id, @org_id, @environment, @name, @site, @status, @created_at)',
    );
  }

  private list(orgId: string, environment: string) {
    const key = `${orgId}\u0000${environment}`;
    let list = this.lists.get(key);
    if (!list) {
      const rows = this.listStmt.all(orgId, environment);
      list = { rows, byId: new Map(rows.map((row) => [row.id, row])) };
      this.lists.set(key, list);
    }
    return list;
  }

  /** Up to `limit` cameras of one environment whose id sorts after `afterId`. */
  page(orgId: string, environment: string, afterId: string, limit: number): CameraRow[] {
    const { rows } = this.list(orgId, environment);
    let start = 0;
    if (afterId !== '') {
      let high = rows.length;
      while (start < high) {
        const mid = (start + high) >>> 1;
        if (rows[mid]!.id <= afterId) start = mid + 1;
        else high = mid;
      }
    }
    return rows.slice(start, start + limit);
  }

  /** One camera of one environment, or undefined. */
  byId(orgId: string, environment: string, id: string): CameraRow | undefined {
    return this.list(orgId, environment).byId.get(id);
  }

  /** Adds a camera. */
  insert(row: CameraRow): void {
    this.insertStmt.run(row);
    this.forget();
  }

  /** Drops the in-memory lists (the data was replaced). */
  forget(): void {
    this.lists.clear();
    this.memos.clear();
  }

  /**
   * A value derived from the cameras (a serialised page), computed once per key until the
   * cameras change. Bounded: past 1000 keys the memo starts over.
   */
  memo(key: string, compute: () => string): string {
    let value = this.memos.get(key);
    if (value === undefined) {
      value = compute();
      if (this.memos.size >= 1000) this.memos.clear();
      this.memos.set(key, value);
    }
    return value;
  }
}
