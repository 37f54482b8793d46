/** The server's data: one SQLite database and a store object per table group. */

import { ApiKeyStore } from './api-key-store.js';
import { AuditStore } from './audit-store.js';
import { CameraStore } from './camera-store.js';
import { type Db, openDatabase } from './database.js';
import { MetaStore } from './meta-store.js';
import { OrgStore } from './org-store.js';
import { ServiceAccountStore } from './service-account-store.js';
import { SessionStore } from './session-store.js';
import { UserStore } from './user-store.js';

/** Every store over one open database. */
export class Store {
  readonly db: Db;
  readonly meta: MetaStore;
  readonly orgs: OrgStore;
  readonly users: UserStore;
  readonly cameras: CameraStore;
  readonly serviceAccounts: ServiceAccountStore;
  readonly apiKeys: ApiKeyStore;
  readonly sessions: SessionStore;
  readonly audit: AuditStore;

  constructor(file: string) {
    this.db = openDatabase(file);
    this.meta = new MetaStore(this.db);
    this.orgs = new OrgStore(this.db);
    this.users = new UserStore(this.db);
    this.cameras = new CameraStore(this.db);
    this.serviceAccounts = new ServiceAccountStore(this.db);
    this.apiKeys = new ApiKeyStore(this.db);
    this.sessions = new SessionStore(this.db);
    this.audit = new AuditStore(this.db);
  }

  /** True when the database holds no data (the only time seeding happens). */
  isEmpty(): boolean {
    return this.orgs.count() === 0;
  }

  /** Runs `fn` in one transaction. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Deletes all data but the server's own settings (its signing key). */
  clear(): void {
    this.orgs.deleteAll();
    this.cameras.forget();
  }

  /** Closes the database (after a checkpoint, so the file is complete on its own). */
  close(): void {
    if (!this.db.open) return;
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // A checkpoint is an optimisation; the WAL alone keeps every commit.
    }
    this.db.close();
  }
}
