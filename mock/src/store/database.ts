/**
 * Opening the server's SQLite database: WAL journal (a commit survives a crash of the
 * process), foreign keys on, and the schema created when missing (columns added since a file
 * was created are added to it).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ADDED_COLUMNS, SCHEMA_SQL } from './schema.js';

/** An open better-sqlite3 connection. */
export type Db = Database.Database;

/** Opens (and creates, with its folder) the database at `file`; `:memory:` for a throwaway one. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:' && !file.startsWith('file:'))
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: every commit is in the WAL before the response, so it survives kill -9.
  db.pragma('synchronous = NORMAL');
  // Checkpoints are where NORMAL syncs to disk; 10000 pages (about 40 MiB of WAL) between them
  // keeps a burst of refreshes from paying for one every few hundred commits.
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA_SQL);
  for (const [table, column, definition] of ADDED_COLUMNS) {
    const columns = db.pragma(`table_info(${table})`) as Array<{ name: string }>;
    if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
  }
  return db;
}
