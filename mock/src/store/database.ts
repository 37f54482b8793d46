/**
 * Opening the server's SQLite database: WAL journal (a commit survives a crash of the
 * process), foreign keys on, and the schema created when missing (columns added since a file
 * was created are added to it). The file holds the private signing key of access tokens, so
 * it is its owner's only: the file 0600 (SQLite gives its -wal and -shm files the same mode),
 * a folder created for it 0700.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ADDED_COLUMNS, SCHEMA_SQL } from './schema.js';

/** An open better-sqlite3 connection. */
export type Db = Database.Database;

/** Opens (and creates, with its folder) the database at `file`; `:memory:` for a throwaway one. */
export function openDatabase(file: string): Db {
  const onDisk = file !== ':memory:' && !file.startsWith('file:');
  if (onDisk) prepareOwnerOnlyFile(path.resolve(file));
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
  // The -wal and -shm files exist now; ones left by an older version may be world-readable.
  if (onDisk) for (const suffix of ['-wal', '-shm']) tighten(`${path.resolve(file)}${suffix}`, OWNER_FILE);
  for (const [table, column, definition] of ADDED_COLUMNS) {
    const columns = db.pragma(`table_info(${table})`) as Array<{ name: string }>;
    if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
  }
  return db;
}

const OWNER_FILE = 0o600;
const OWNER_FOLDER = 0o700;

/** Removes every permission of group and others from an existing file or folder. */
function tighten(target: string, mode: number): void {
  if (!existsSync(target)) return;
  if ((statSync(target).mode & 0o077) !== 0) chmodSync(target, mode);
}

/**
 * Creates the database's folder (0700, with any missing parents) and the file itself (0600)
 * before SQLite opens it, so that no moment exists when either is readable by others; an
 * existing file is tightened to 0600. An existing folder is left as it is (it may be shared,
 * such as the working directory), except the server's own `.novavms`.
 */
function prepareOwnerOnlyFile(file: string): void {
  const folder = path.dirname(file);
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: OWNER_FOLDER });
  else if (path.basename(folder) === '.novavms') tighten(folder, OWNER_FOLDER);
  if (existsSync(file)) tighten(file, OWNER_FILE);
  else closeSync(openSync(file, 'a', OWNER_FILE));
}
