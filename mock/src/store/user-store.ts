/** Users, looked up by email without regard to case. */
import type { Db } from './database.js';
import type { UserRow } from './rows.js';

/** The key under which an email is unique and looked up: case does not matter. */
export function emailKey(email: string): string {
  return email.toLowerCase();
}

/** The `users` table. */
export class UserStore {
  private readonly byEmailStmt;
  private readonly byIdStmt;
  private readonly existsStmt;
  private readonly insertStmt;

  constructor(db: Db) {
    this.byEmailStmt = db.prepare<[string], UserRow>('SELECT * FROM users WHERE email_key = ?');
    this.byIdStmt = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
    this.existsStmt = db.prepare<[string, string], { found: number }>(
      'SELECT 1 AS found FROM users WHERE id = ? AND org_id = ?',
    );
    this.insertStmt = db.prepare<[UserRow]>(
      'INSERT INTO users (id, org_id, email, email_key, name, role, password_hash, disabled, created_at) VALUES (@id, @org_id, @email, @email_key, @name, @role, @password_hash, @disabled, @created_at)',
    );
  }

  /** The user with this email (any case), or undefined. */
  byEmail(email: string): UserRow | undefined {
    return this.byEmailStmt.get(emailKey(email));
  }

  /** The user with this id, or undefined. */
  /** Whether the user exists in this organisation (the organisation with it). */
  existsInOrg(id: string, orgId: string): boolean {
    return this.existsStmt.get(id, orgId) !== undefined;
  }

  byId(id: string): UserRow | undefined {
    return this.byIdStmt.get(id);
  }

  /** Adds a user. */
  insert(row: UserRow): void {
    this.insertStmt.run(row);
  }
}
