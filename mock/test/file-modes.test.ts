/**
 * The database holds the private key that signs access tokens: its file, its -wal and -shm
 * files are readable by their owner only (0600), and a folder the server creates for it is
 * 0700. A database left world-readable by an older version is tightened when it is opened.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiSession } from '../../test/contract/support/sessions.js';
import { DEMO } from '../src/demo.js';
import { startTestServer } from './support/server.js';

const dir = mkdtempSync(path.join(tmpdir(), 'novavms-modes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const mode = (file: string) => (statSync(file).mode & 0o777).toString(8).padStart(3, '0');

describe('file modes of the database', () => {
  it('a new database: folder 0700, file, -wal and -shm 0600', async () => {
    const folder = path.join(dir, 'fresh', '.novavms');
    const db = path.join(folder, 'novavms.db');
    const t = await startTestServer({ db });
    try {
      await apiSession(t.client, { email: DEMO.ownerEmail, password: DEMO.password });
      expect({
        folder: mode(folder),
        db: mode(db),
        wal: mode(`${db}-wal`),
        shm: mode(`${db}-shm`),
      }).toEqual({ folder: '700', db: '600', wal: '600', shm: '600' });
    } finally {
      await t.close();
    }
  });

  it('an existing world-readable database and its -wal and -shm are tightened to 0600', async () => {
    const folder = path.join(dir, 'old');
    mkdirSync(folder, { recursive: true });
    const db = path.join(folder, 'novavms.db');
    const first = await startTestServer({ db });
    await first.close();
    chmodSync(db, 0o644);
    writeFileSync(`${db}-wal`, '');
    chmodSync(`${db}-wal`, 0o644);
    const t = await startTestServer({ db });
    try {
      await apiSession(t.client, { email: DEMO.ownerEmail, password: DEMO.password });
      expect({ db: mode(db), wal: mode(`${db}-wal`), shm: mode(`${db}-shm`) }).toEqual({
        db: '600',
        wal: '600',
        shm: '600',
      });
    } finally {
      await t.close();
    }
  });
});
