/** Organisations: the root of all demo and user data (deleting one cascades to everything it owns). */
import type { Db } from './database.js';

/** The `orgs` table. */
export class OrgStore {
  private readonly insertStmt;
  private readonly countStmt;
  private readonly deleteAllStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<[string, string]>('INSERT INTO orgs (id, name) VALUES (?, ?)');
    this.countStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM orgs');
    this.deleteAllStmt = db.prepare('DELETE FROM orgs');
  }

  /** Adds an organisation. */
  insert(id: string, name: string): void {
    this.insertStmt.run(id, name);
  }

  /** How many organisations exist (0: an empty database). */
  count(): number {
    return this.countStmt.get()?.n ?? 0;
  }

  /** Deletes every organisation and, by cascade, all data. */
  deleteAll(): void {
    this.deleteAllStmt.run();
  }
}
