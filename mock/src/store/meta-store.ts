/** Server-wide settings kept in the database (the JWT signing key), so a restart keeps them. */
import type { Db } from './database.js';

/** Named values of the `meta` table. */
export class MetaStore {
  private readonly getStmt;
  private readonly setStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE name = ?');
    this.setStmt = db.prepare<[string, string]>(
      'INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value',
    );
  }

  /** The value stored under `name`, or undefined. */
  get(name: string): string | undefined {
    return this.getStmt.get(name)?.value;
  }

  /** Stores `value` under `name`. */
  set(name: string, value: string): void {
    this.setStmt.run(name, value);
  }
}
